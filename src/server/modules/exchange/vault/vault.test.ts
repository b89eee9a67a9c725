import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { zipSync } from 'fflate';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadDto } from '../../../../shared/exchange-vault.js';
import { exchangeFiles, exchangeTransfers, exchangeVaultFiles } from '../../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedPerson, sessionFor, type Client, type TestEnv } from '../../../testing/harness.js';
import { vaultCore } from './core.js';
import { KeyRing } from './crypto.js';
import { useBlobStore } from './blob-store.js';
import { LocalBlobStore, type BlobStore } from './store.js';
import { startFakeS3 } from './testing.js';
import { sendVaultFile, Vault, VaultIntegrityError, type VaultFile } from './vault.js';

const C = 4096; // small chunks and segments, so small files cross every boundary
const SEGMENT = 4 * C;
const MAX = 4 * 1024 * 1024;

let t: TestEnv;
let me: Client;
let meId: string;
let other: Client;
let vault: Vault;
let objectsDir: string;
let tmpDir: string;

beforeAll(async () => {
  t = await createTestApp({ EXCHANGE_CHUNK_BYTES: String(C), EXCHANGE_SEGMENT_BYTES: String(SEGMENT), EXCHANGE_MAX_BYTES: String(MAX) });
  const a = await seedPerson(t, {});
  const b = await seedPerson(t, {});
  meId = a.id;
  me = await sessionFor(t, a.id);
  other = await sessionFor(t, b.id);
  vault = new Vault(t.ctx);
  objectsDir = join(t.config.dataDir, 'exchange', 'objects');
  tmpDir = join(t.config.dataDir, 'exchange', 'tmp');
});
afterAll(() => t?.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A PNG signature followed by random bytes: a "binary file" the allow-list accepts. */
const png = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(Math.max(0, n - 8))]).subarray(0, n);

async function start(c: Client, fileName: string, size: number): Promise<UploadDto> {
  const res = await c.post('/api/exchange/uploads', { fileName, size });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as UploadDto;
}

function patch(c: Client, id: string, offset: number, bytes: Buffer) {
  return c.request('PATCH', `/api/exchange/uploads/${id}`, bytes, { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) });
}

async function upload(c: Client, fileName: string, data: Buffer, pieces = 1): Promise<UploadDto> {
  const u = await start(c, fileName, data.length);
  let offset = 0;
  let last: UploadDto = u;
  const step = Math.ceil(data.length / pieces) || 1;
  do {
    const res = await patch(c, u.id, offset, data.subarray(offset, offset + step));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    last = res.body as UploadDto;
    offset = last.offset;
  } while (offset < data.length);
  return last;
}

async function drain(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of r as AsyncIterable<Buffer>) parts.push(b);
  return Buffer.concat(parts);
}

async function row(id: string) {
  const [r] = await t.ctx.db.select().from(exchangeVaultFiles).where(eq(exchangeVaultFiles.id, id));
  return r!;
}

/** Every stored object of a file, as bytes. */
function objectsOf(blobKey: string): Buffer[] {
  const dir = join(objectsDir, blobKey);
  return existsSync(dir) ? readdirSync(dir).map((n) => readFileSync(join(dir, n))) : [];
}

describe('upload and download round trip', () => {
  const cases: [string, string, () => Buffer][] = [
    ['empty', 'empty.txt', () => Buffer.alloc(0)],
    ['1 byte', 'one.txt', () => Buffer.from('x')],
    ['exactly one chunk', 'one-chunk.png', () => png(C)],
    ['one chunk and a byte', 'chunk-plus.png', () => png(C + 1)],
    ['exactly one segment', 'segment.png', () => png(SEGMENT)],
    ['several segments, odd size', 'odd.png', () => png(5 * SEGMENT + 3 * C + 1234)],
    ['larger than the 1 MiB JSON body limit, in one PATCH', 'big.png', () => png(2 * 1024 * 1024 + 3)],
  ];
  it.each(cases)('%s: byte-identical, SHA-256 recorded, audited', async (_label, name, make) => {
    const data = make();
    const seq = await lastAuditSeq(t);
    const done = await upload(me, name, data);
    expect(done.offset).toBe(data.length);
    expect(done.status).toBe('complete');
    expect(done.file).toMatchObject({ id: done.id, fileName: name, size: data.length, sha256: sha(data) });
    const file = await vault.file(done.id);
    expect(file).toMatchObject({ ownerPersonId: meId, size: data.length, sha256: sha(data), erasedAt: null });
    expect((await drain(await vault.openPlaintext(done.id))).equals(data)).toBe(true);
    const audit = await auditAfter(t, seq);
    expect(audit.map((a) => a.action)).toEqual(['exchange.uploaded']);
    expect(audit[0]!.details).toMatchObject({ fileName: name, size: data.length, sha256: sha(data) });
  });

  it('takes the bytes in PATCHes of any size, not aligned to chunks', async () => {
    const data = png(3 * SEGMENT + 777);
    const done = await upload(me, 'pieces.png', data, 13);
    expect(done.file?.sha256).toBe(sha(data));
    expect((await drain(await vault.openPlaintext(done.id))).equals(data)).toBe(true);
  });

  it('reads any byte range', async () => {
    const data = png(2 * SEGMENT + 99);
    const done = await upload(me, 'range.png', data);
    for (const [s, e] of [
      [0, 1],
      [C - 1, C + 1],
      [SEGMENT - 5, SEGMENT + C + 5],
      [data.length - 1, data.length],
      [0, data.length],
      [7, 7],
    ] as const) {
      expect((await drain(await vault.openPlaintext(done.id, { start: s, end: e }))).equals(data.subarray(s, e))).toBe(true);
    }
  });

  it('stores ciphertext only: the plaintext, its chunks and a pending tail never appear in the blobs', async () => {
    const marker = 'registration_no,name\nJ-0001,山田太郎 PLAINTEXT-MARKER\n';
    const data = Buffer.from(marker.repeat(Math.ceil((3 * C + 100) / Buffer.byteLength(marker))));
    const u = await start(me, 'plain.csv', data.length);
    // First a part that leaves a partial chunk (stored as the encrypted tail)
    const res = await patch(me, u.id, 0, data.subarray(0, C + 500));
    expect((res.body as UploadDto).offset).toBe(C + 500);
    const r = await row(u.id);
    expect(r.tail).toMatchObject({ length: 500 });
    const check = () => {
      for (const blob of objectsOf(r.blobKey)) {
        expect(blob.includes(Buffer.from('PLAINTEXT-MARKER'))).toBe(false);
        expect(blob.includes(Buffer.from('山田太郎'))).toBe(false);
        expect(blob.includes(data.subarray(C, C + 64))).toBe(false);
      }
    };
    check();
    await patch(me, u.id, C + 500, data.subarray(C + 500));
    check();
    expect(objectsOf(r.blobKey).length).toBeGreaterThan(0);
    // and the database holds the data key only wrapped
    const done = await row(u.id);
    expect(done.wrappedKey).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});

describe('the download helper', () => {
  let base: string;
  let file: VaultFile;
  let data: Buffer;
  const server = Fastify();
  beforeAll(async () => {
    data = png(2 * C + 10);
    const done = await upload(me, '患者 一覧(2026).png', data);
    file = (await vault.file(done.id))!;
    server.get('/f', (req, reply) => sendVaultFile(vault, req, reply, file));
    await server.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('sends the file with its length, a Japanese name (RFC 5987), its SHA-256 and range support', async () => {
    const res = await fetch(`${base}/f`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
    expect(res.headers.get('content-length')).toBe(String(data.length));
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="(2026).png"; filename*=UTF-8''${encodeURIComponent('患者 一覧').replace(/'/g, '%27')}%282026%29.png`);
    expect(res.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
  });

  it('resumes a download with Range (and If-Range), and refuses an unsatisfiable range', async () => {
    const etag = (await fetch(`${base}/f`, { method: 'GET' })).headers.get('etag')!;
    const part = await fetch(`${base}/f`, { headers: { range: `bytes=${C - 3}-`, 'if-range': etag } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes ${C - 3}-${data.length - 1}/${data.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(C - 3))).toBe(true);
    const suffix = await fetch(`${base}/f`, { headers: { range: 'bytes=-5' } });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(data.subarray(data.length - 5))).toBe(true);
    const stale = await fetch(`${base}/f`, { headers: { range: 'bytes=10-', 'if-range': '"sha256-other"' } });
    expect(stale.status).toBe(200);
    await stale.arrayBuffer();
    const bad = await fetch(`${base}/f`, { headers: { range: `bytes=${data.length}-` } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${data.length}`);
  });
});

describe('integrity', () => {
  it('refuses a stored chunk with one flipped bit, and audits it', async () => {
    const data = png(3 * SEGMENT + 5);
    const done = await upload(me, 'tamper.png', data);
    const r = await row(done.id);
    const seg = r.segments[1]!;
    const path = join(objectsDir, r.blobKey, seg.name);
    const bytes = readFileSync(path);
    bytes[C + 16 + 100]! ^= 0x04; // inside the segment's second chunk
    writeFileSync(path, bytes);
    const seq = await lastAuditSeq(t);
    const err = await drain(await vault.openPlaintext(done.id)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VaultIntegrityError);
    expect(err).toMatchObject({ reason: 'chunk', chunk: seg.first + 1 });
    const audit = await auditAfter(t, seq);
    expect(audit.map((a) => a.action)).toEqual(['exchange.integrity_failed']);
    expect(audit[0]).toMatchObject({ targetId: done.id, details: { reason: 'chunk', chunk: seg.first + 1 } });
    // the chunks before it are still delivered; nothing after the bad one is
    const received: Buffer[] = [];
    await expect(
      (async () => {
        for await (const b of (await vault.openPlaintext(done.id)) as AsyncIterable<Buffer>) received.push(b);
      })(),
    ).rejects.toBeInstanceOf(VaultIntegrityError);
    expect(Buffer.concat(received).length).toBeLessThanOrEqual((seg.first + 1) * C);
  });

  it('refuses a truncated blob, a missing segment, and chunks moved between files', async () => {
    const a = await upload(me, 'a.png', png(2 * SEGMENT + 10));
    const ra = await row(a.id);
    const last = ra.segments.at(-1)!;
    truncateSync(join(objectsDir, ra.blobKey, last.name), statSync(join(objectsDir, ra.blobKey, last.name)).size - 1);
    await expect(drain(await vault.openPlaintext(a.id))).rejects.toMatchObject({ reason: 'truncated' });

    const b = await upload(me, 'b.png', png(2 * SEGMENT + 10));
    const rb = await row(b.id);
    const { rmSync } = await import('node:fs');
    rmSync(join(objectsDir, rb.blobKey, rb.segments[0]!.name));
    await expect(drain(await vault.openPlaintext(b.id))).rejects.toMatchObject({ reason: 'missing' });

    // Same key can't be had across files, but even the layout of one file pasted into another does not open.
    const c = await upload(me, 'c.png', png(SEGMENT));
    const d = await upload(me, 'd.png', png(SEGMENT));
    const rc = await row(c.id);
    const rd = await row(d.id);
    writeFileSync(join(objectsDir, rd.blobKey, rd.segments[0]!.name), readFileSync(join(objectsDir, rc.blobKey, rc.segments[0]!.name)));
    await expect(drain(await vault.openPlaintext(d.id))).rejects.toMatchObject({ reason: 'chunk', chunk: 0 });
  });

  it('detects a whole-file SHA-256 that does not match the record', async () => {
    const done = await upload(me, 'sha.png', png(C * 2));
    await t.ctx.db.update(exchangeVaultFiles).set({ sha256: '0'.repeat(64) }).where(eq(exchangeVaultFiles.id, done.id));
    await expect(drain(await vault.openPlaintext(done.id))).rejects.toMatchObject({ reason: 'sha256' });
  });
});

describe('resumable uploads', () => {
  it('answers the offset to GET and HEAD; a wrong offset is 409 with the right one', async () => {
    const data = png(3 * C);
    const u = await start(me, 'resume.png', data.length);
    await patch(me, u.id, 0, data.subarray(0, 1000));
    const head = await t.app.inject({ method: 'HEAD', url: `/api/exchange/uploads/${u.id}`, headers: { cookie: `${t.ctx.sessions.cookieName()}=${me.token}` } });
    expect(head.statusCode).toBe(200);
    expect(head.headers['upload-offset']).toBe('1000');
    expect(head.headers['upload-length']).toBe(String(data.length));
    const wrong = await patch(me, u.id, 500, data.subarray(500));
    expect(wrong.status).toBe(409);
    expect(errorCode(wrong)).toBe('UPLOAD_OFFSET_MISMATCH');
    expect(wrong.body).toMatchObject({ error: { details: { offset: 1000 } } });
    expect(wrong.headers['upload-offset']).toBe('1000');
    const rest = await patch(me, u.id, 1000, data.subarray(1000));
    expect((rest.body as UploadDto).file?.sha256).toBe(sha(data));
    // the last PATCH retried after a lost answer is answered again, not refused
    const again = await patch(me, u.id, data.length, Buffer.alloc(0));
    expect(again.status).toBe(200);
    expect((again.body as UploadDto).file?.sha256).toBe(sha(data));
  });

  it('keeps what arrived before a dropped connection and goes on from there', async () => {
    const data = png(6 * SEGMENT + 321);
    const u = await start(me, 'dropped.png', data.length);
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = new URL(`${address}/api/exchange/uploads/${u.id}`);
    const req = httpRequest(url, {
      method: 'PATCH',
      headers: { cookie: `${t.ctx.sessions.cookieName()}=${me.token}`, 'x-csrf-token': me.csrf, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'content-length': String(data.length) },
    });
    req.on('error', () => undefined);
    const sent = 3 * SEGMENT + C + 77;
    req.write(data.subarray(0, sent));
    const core = vaultCore(t.ctx);
    // wait until the server has stored at least two segments, then drop the connection
    for (let i = 0; i < 500 && (await row(u.id)).received < 2 * SEGMENT; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await row(u.id)).received).toBeGreaterThanOrEqual(2 * SEGMENT);
    req.destroy();
    for (let i = 0; i < 500 && core.busy.has(u.id); i++) await new Promise((r) => setTimeout(r, 10));
    expect(core.busy.has(u.id)).toBe(false);
    const status = (await me.get(`/api/exchange/uploads/${u.id}`)).body as UploadDto;
    expect(status.offset).toBeGreaterThanOrEqual(2 * SEGMENT);
    expect(status.offset).toBeLessThanOrEqual(sent);
    const rest = await patch(me, u.id, status.offset, data.subarray(status.offset));
    expect(rest.status).toBe(200);
    expect((rest.body as UploadDto).file?.sha256).toBe(sha(data));
    expect((await drain(await vault.openPlaintext(u.id))).equals(data)).toBe(true);
  });

  it('rebuilds the running SHA-256 from the stored bytes when the process lost it (a restart)', async () => {
    const data = png(2 * SEGMENT + 2 * C + 11);
    const u = await start(me, 'restart.png', data.length);
    await patch(me, u.id, 0, data.subarray(0, SEGMENT + C + 5));
    vaultCore(t.ctx).hashes.clear();
    const rest = await patch(me, u.id, SEGMENT + C + 5, data.subarray(SEGMENT + C + 5));
    expect((rest.body as UploadDto).file?.sha256).toBe(sha(data));
  });

  it('refuses more bytes than declared (413) and keeps the offset', async () => {
    const u = await start(me, 'over.png', 2 * C);
    const res = await patch(me, u.id, 0, png(2 * C + 1));
    expect(res.status).toBe(413);
    expect(errorCode(res)).toBe('FILE_TOO_LARGE');
    expect(((await me.get(`/api/exchange/uploads/${u.id}`)).body as UploadDto).offset).toBe(0);
  });

  it('refuses a file over EXCHANGE_MAX_BYTES at the start (413)', async () => {
    const res = await me.post('/api/exchange/uploads', { fileName: 'big.csv', size: MAX + 1 });
    expect(res.status).toBe(413);
    expect(errorCode(res)).toBe('FILE_TOO_LARGE');
  });

  it('hides another person’s upload (404) on every route, and changes nothing', async () => {
    const u = await start(me, 'mine.png', 2 * C);
    await patch(me, u.id, 0, png(100));
    for (const res of [
      await other.get(`/api/exchange/uploads/${u.id}`),
      await patch(other, u.id, 100, randomBytes(10)),
      await other.request('DELETE', `/api/exchange/uploads/${u.id}`),
    ]) {
      expect(res.status).toBe(404);
    }
    expect((await row(u.id)).received).toBe(100);
  });

  it('abandons an upload: key and bytes destroyed, audited', async () => {
    const u = await start(me, 'gone.png', 2 * C);
    await patch(me, u.id, 0, png(C + 10));
    const r = await row(u.id);
    expect(objectsOf(r.blobKey).length).toBe(2); // a segment and the tail
    const seq = await lastAuditSeq(t);
    expect((await me.request('DELETE', `/api/exchange/uploads/${u.id}`)).status).toBe(204);
    expect(objectsOf(r.blobKey)).toEqual([]);
    expect(await row(u.id)).toMatchObject({ status: 'abandoned', wrappedKey: null });
    expect((await auditAfter(t, seq)).map((a) => a.action)).toEqual(['exchange.upload_abandoned']);
    expect(errorCode(await patch(me, u.id, C + 10, randomBytes(5)))).toBe('UPLOAD_CLOSED');
  });

  it('removes the ciphertext .part files a killed write left for an upload when it is abandoned or expires; the sweep removes old ones', async () => {
    /** What a write cut off by a killed process leaves: a temp file named after the upload's blob folder. */
    const leftover = (blobKey: string) => {
      const path = join(tmpDir, `${blobKey}.${randomBytes(12).toString('hex')}.part`);
      writeFileSync(path, randomBytes(C));
      return path;
    };
    const a = await start(me, 'killed.png', 2 * C);
    await patch(me, a.id, 0, png(C + 10));
    const partA = leftover((await row(a.id)).blobKey);
    expect((await me.request('DELETE', `/api/exchange/uploads/${a.id}`)).status).toBe(204);
    expect(existsSync(partA)).toBe(false);

    const b = await start(me, 'idle-killed.png', 2 * C);
    await patch(me, b.id, 0, png(C + 10));
    const partB = leftover((await row(b.id)).blobKey);
    // A leftover of no known upload: the sweep removes it once it is a day old, not before.
    const stray = leftover(randomBytes(16).toString('hex'));
    const fresh = leftover(randomBytes(16).toString('hex'));
    const old = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(stray, old, old);
    t.clock.advance(25 * 3_600_000);
    const report = (await t.ctx.jobs.runDue(true)).find((r) => r.name === 'exchange.uploads_expire');
    expect(report?.error).toBeUndefined();
    expect(await row(b.id)).toMatchObject({ status: 'expired' });
    expect(existsSync(partB)).toBe(false);
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    rmSync(fresh);
    me = await sessionFor(t, meId);
    other = await sessionFor(t, (await seedPerson(t, {})).id);
  });

  it('refuses file names Windows reserves for devices (422 FILE_NAME_RESERVED), in any case, with extensions and trailing dots or spaces', async () => {
    for (const fileName of ['CON.csv', 'con', 'Nul.txt', 'aux..csv', 'PRN .pdf', 'com1.tar.csv', 'LPT9.CSV', 'lpt1 . .txt']) {
      const res = await me.post('/api/exchange/uploads', { fileName, size: 10 });
      expect([fileName, res.status, errorCode(res)]).toEqual([fileName, 422, 'FILE_NAME_RESERVED']);
    }
    for (const fileName of ['CONSENT.csv', 'com10.csv', 'lpt.csv', 'nul-results.csv', '議事録_CON.csv']) {
      const res = await me.post('/api/exchange/uploads', { fileName, size: 10 });
      expect([fileName, res.status]).toEqual([fileName, 201]);
      await me.request('DELETE', `/api/exchange/uploads/${(res.body as UploadDto).id}`);
    }
  });

  it('expires abandoned uploads after EXCHANGE_UPLOAD_HOURS without activity (job)', async () => {
    const u = await start(me, 'idle.png', 2 * C);
    await patch(me, u.id, 0, png(C + 10));
    const blobKey = (await row(u.id)).blobKey;
    t.clock.advance(25 * 3_600_000);
    const reports = await t.ctx.jobs.runDue(true);
    expect(reports.find((r) => r.name === 'exchange.uploads_expire')?.error).toBeUndefined();
    expect(await row(u.id)).toMatchObject({ status: 'expired', wrappedKey: null });
    expect(objectsOf(blobKey)).toEqual([]);
    // the sessions ended with the time that passed: sign in again for the tests that follow
    me = await sessionFor(t, meId);
    other = await sessionFor(t, (await seedPerson(t, {})).id);
  });

  it('erases finished files never attached to a transfer, and keeps attached ones (job)', async () => {
    const loose = await upload(me, 'loose.png', png(C + 5));
    const kept = await upload(me, 'kept.png', png(C + 5));
    const now = t.clock.now();
    const [transfer] = await t.ctx.db
      .insert(exchangeTransfers)
      .values({ senderPersonId: meId, purpose: 'fixture', classification: 'confidential', dataCategory: 'other', expiryDays: 14, expiresAt: new Date(now.getTime() + 14 * 86_400_000), createdAt: now, updatedAt: now })
      .returning({ id: exchangeTransfers.id });
    await t.ctx.db.insert(exchangeFiles).values({ transferId: transfer!.id, vaultFileId: kept.id, fileName: 'kept.png', size: C + 5, sha256: kept.file!.sha256, detectedType: 'png', attachedBy: meId, attachedAt: now });
    t.clock.advance(25 * 3_600_000);
    const seq = await lastAuditSeq(t);
    const report = (await t.ctx.jobs.runDue(true)).find((r) => r.name === 'exchange.uploads_expire');
    expect(report?.result).toMatchObject({ unattached: 1 });
    expect(await row(loose.id)).toMatchObject({ status: 'erased', wrappedKey: null });
    expect(await row(kept.id)).toMatchObject({ status: 'complete' });
    expect((await drain(await vault.openPlaintext(kept.id))).length).toBe(C + 5);
    expect((await auditAfter(t, seq)).map((a) => a.action)).toContain('exchange.uploads_expired');
    me = await sessionFor(t, meId);
    other = await sessionFor(t, (await seedPerson(t, {})).id);
  });
});

describe('disk full', () => {
  /** The real store, but every write fails with ENOSPC after `after` bytes. */
  class FullDisk implements BlobStore {
    readonly kind = 'local' as const;
    constructor(
      private readonly inner: LocalBlobStore,
      private readonly after: number,
    ) {}
    put(key: string, data: AsyncIterable<Buffer>) {
      const after = this.after;
      return this.inner.put(
        key,
        (async function* () {
          let n = 0;
          for await (const b of data) {
            n += b.length;
            if (n > after) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
            yield b;
          }
        })(),
      );
    }
    get(...a: Parameters<BlobStore['get']>) {
      return this.inner.get(...a);
    }
    stat(key: string) {
      return this.inner.stat(key);
    }
    delete(key: string) {
      return this.inner.delete(key);
    }
    deletePrefix(prefix: string) {
      return this.inner.deletePrefix(prefix);
    }
    list(prefix: string) {
      return this.inner.list(prefix);
    }
    sweep(ms: number, now: number) {
      return this.inner.sweep(ms, now);
    }
    available() {
      return this.inner.available();
    }
  }

  it('answers 507 STORAGE_FULL, keeps nothing half-written, and the upload resumes once there is room', async () => {
    const real = new LocalBlobStore(join(t.config.dataDir, 'exchange'));
    const data = png(3 * SEGMENT + 10);
    const u = await start(me, 'full.png', data.length);
    await patch(me, u.id, 0, data.subarray(0, SEGMENT + 100)); // one segment and a tail stored
    const before = await row(u.id);
    const names = readdirSync(join(objectsDir, before.blobKey)).sort();
    useBlobStore(t.ctx, new FullDisk(real, C + 500));
    try {
      const res = await patch(me, u.id, SEGMENT + 100, data.subarray(SEGMENT + 100));
      expect(res.status).toBe(507);
      expect(errorCode(res)).toBe('STORAGE_FULL');
      expect(await row(u.id)).toMatchObject({ received: SEGMENT + 100, segments: before.segments, tail: before.tail });
      expect(readdirSync(join(objectsDir, before.blobKey)).sort()).toEqual(names);
      expect(readdirSync(tmpDir)).toEqual([]);
    } finally {
      useBlobStore(t.ctx, real);
    }
    const rest = await patch(me, u.id, SEGMENT + 100, data.subarray(SEGMENT + 100));
    expect((rest.body as UploadDto).file?.sha256).toBe(sha(data));
  });

  it('refuses to start an upload the disk has no room for (507)', async () => {
    const real = new LocalBlobStore(join(t.config.dataDir, 'exchange'));
    useBlobStore(t.ctx, Object.assign(Object.create(real) as LocalBlobStore, { available: async () => 1000 }));
    try {
      const res = await me.post('/api/exchange/uploads', { fileName: 'x.csv', size: 10 });
      expect(res.status).toBe(507);
      expect(errorCode(res)).toBe('STORAGE_FULL');
    } finally {
      useBlobStore(t.ctx, real);
    }
  });
});

describe('content check', () => {
  it('refuses names outside the allow-list at the start (422), and sanitizes names', async () => {
    for (const name of ['setup.exe', 'macro.xlsm', 'noext', 'archive.tar.gz', 'data.xls']) {
      const res = await me.post('/api/exchange/uploads', { fileName: name, size: 10 });
      expect([name, res.status, errorCode(res)]).toEqual([name, 422, 'FILE_TYPE_REFUSED']);
    }
    const u = await start(me, '..\\..\\etc/患者\u202e一覧\u0007.csv', 4);
    expect(u.fileName).toBe('患者一覧.csv');
  });

  it('refuses content that does not match the name at the first bytes: nothing kept, audited', async () => {
    const u = await start(me, 'report.pdf', 3 * C);
    const seq = await lastAuditSeq(t);
    const res = await patch(me, u.id, 0, Buffer.alloc(3 * C, 'not a pdf at all '));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'FILE_TYPE_REFUSED', details: { reason: 'content_mismatch', expected: 'pdf' } } });
    const r = await row(u.id);
    expect(r).toMatchObject({ status: 'refused', wrappedKey: null });
    expect(objectsOf(r.blobKey)).toEqual([]);
    expect((await auditAfter(t, seq)).map((a) => a.action)).toEqual(['exchange.upload_refused']);
  });

  it('accepts a Shift_JIS CSV and UTF-8 text, refuses binary named .csv', async () => {
    const sjis = iconv.encode('登録番号,群\r\nJ-0001,A群\r\n'.repeat(500), 'Shift_JIS');
    expect((await upload(me, 'sjis.csv', sjis)).file?.detectedType).toBe('csv');
    expect((await upload(me, 'utf8.txt', Buffer.from('\uFEFFメモ\n'.repeat(1000)))).file?.detectedType).toBe('txt');
    const u = await start(me, 'fake.csv', 2 * C);
    const res = await patch(me, u.id, 0, randomBytes(2 * C));
    expect(errorCode(res)).toBe('FILE_TYPE_REFUSED');
  });

  it('inspects archives at the end: a real xlsx passes, a zip bomb and a docx named .xlsx are refused', async () => {
    const xlsx = Buffer.from(zipSync({ '[Content_Types].xml': Buffer.from('<Types/>'), 'xl/workbook.xml': Buffer.from('<workbook/>'), 'xl/worksheets/sheet1.xml': Buffer.from('<sheetData/>'.repeat(2000)) }));
    expect((await upload(me, 'book.xlsx', xlsx)).file?.detectedType).toBe('xlsx');

    const bomb = Buffer.from(zipSync({ 'zeros.txt': new Uint8Array(24 * 1024 * 1024) }, { level: 9 }));
    expect(bomb.length).toBeLessThan(MAX);
    const u = await start(me, 'bomb.zip', bomb.length);
    const res = await patch(me, u.id, 0, bomb);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'ARCHIVE_REFUSED', details: { reason: 'compression_ratio' } } });
    expect(await row(u.id)).toMatchObject({ status: 'refused', wrappedKey: null });

    const docx = Buffer.from(zipSync({ '[Content_Types].xml': Buffer.from('<Types/>'), 'word/document.xml': Buffer.from('<document/>') }));
    const d = await start(me, 'disguised.xlsx', docx.length);
    expect(errorCode(await patch(me, d.id, 0, docx))).toBe('FILE_TYPE_REFUSED');
  });
});

describe('on an S3-compatible store (s3rver)', () => {
  it('uploads in pieces, resumes, reads back byte for byte and by range, and erases', async () => {
    const s3 = await startFakeS3();
    const real = new LocalBlobStore(join(t.config.dataDir, 'exchange'));
    const store = s3.store();
    useBlobStore(t.ctx, store);
    try {
      const data = png(3 * SEGMENT + C + 17);
      const u = await start(me, 's3.png', data.length);
      expect((await patch(me, u.id, 0, data.subarray(0, SEGMENT + 300))).status).toBe(200);
      vaultCore(t.ctx).hashes.clear(); // as if another node took the next PATCH
      const done = (await patch(me, u.id, SEGMENT + 300, data.subarray(SEGMENT + 300))).body as UploadDto;
      expect(done.file?.sha256).toBe(sha(data));
      expect((await drain(await vault.openPlaintext(u.id))).equals(data)).toBe(true);
      expect((await drain(await vault.openPlaintext(u.id, { start: SEGMENT - 3, end: 2 * SEGMENT + 5 }))).equals(data.subarray(SEGMENT - 3, 2 * SEGMENT + 5))).toBe(true);
      const r = await row(u.id);
      expect((await store.list(r.blobKey)).length).toBe(r.segments.length);
      expect(objectsOf(r.blobKey)).toEqual([]); // nothing went to the local disk
      await vault.erase(u.id);
      expect(await store.list(r.blobKey)).toEqual([]);
    } finally {
      useBlobStore(t.ctx, real);
      await s3.close();
    }
  });
});

describe('master-key rotation', () => {
  it('re-wraps every data key without touching payloads; the old key is then no longer needed', async () => {
    const core = vaultCore(t.ctx);
    const oldKey = t.ctx.secrets.masterKey;
    const newKey = randomBytes(32);
    const files = [png(SEGMENT + 7), png(10)];
    const ids: string[] = [];
    for (const [i, f] of files.entries()) ids.push((await upload(me, `rot${i}.png`, f)).id);
    const pending = await start(me, 'rot-pending.png', 3 * C);
    await patch(me, pending.id, 0, png(C + 3));
    const before = await Promise.all(ids.map(row));
    const stored = before.map((r) => objectsOf(r.blobKey));
    try {
      // the new key alone cannot open files wrapped under the old one
      core.setKeys(new KeyRing(newKey));
      await expect(vault.openPlaintext(ids[0]!)).rejects.toThrow(/not configured/);
      core.setKeys(new KeyRing(newKey, [oldKey]));
      const seq = await lastAuditSeq(t);
      const n = await vault.rewrapAll();
      expect(n).toBeGreaterThanOrEqual(3);
      expect(await vault.rewrapAll()).toBe(0);
      const audit = await auditAfter(t, seq);
      expect(audit[0]).toMatchObject({ action: 'exchange.keys_rewrapped', details: { count: n, keyId: new KeyRing(newKey).currentId, from: [new KeyRing(oldKey).currentId] } });
      core.setKeys(new KeyRing(newKey));
      for (const [i, id] of ids.entries()) {
        expect((await drain(await vault.openPlaintext(id))).equals(files[i]!)).toBe(true);
        const r = await row(id);
        expect(r.keyId).toBe(new KeyRing(newKey).currentId);
        expect(objectsOf(r.blobKey)).toEqual(stored[i]); // payloads untouched
      }
      // an upload in progress goes on under the new key
      const rest = await patch(me, pending.id, C + 3, png(3 * C - C - 3));
      expect(rest.status).toBe(200);
    } finally {
      core.setKeys(new KeyRing(oldKey));
    }
  });
});

describe('erase', () => {
  it('destroys the key and the blob; idempotent; the file stays known as erased', async () => {
    const done = await upload(me, 'erase.png', png(SEGMENT + 1));
    const r = await row(done.id);
    await vault.erase(done.id);
    await vault.erase(done.id);
    expect(objectsOf(r.blobKey)).toEqual([]);
    expect(await row(done.id)).toMatchObject({ status: 'erased', wrappedKey: null });
    expect((await vault.file(done.id))?.erasedAt).toBeInstanceOf(Date);
    await expect(vault.openPlaintext(done.id)).rejects.toThrow(/unknown, unfinished or erased/);
  });
});
