import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustodyList, TransferDto } from '../../../shared/exchange.js';
import { auditLog, exchangeDownloads, exchangeFiles, exchangeFindings, exchangePurges, exchangeRecipients, exchangeTransfers, exchangeVaultFiles, people } from '../../db/schema/index.js';
import { TestSmtp } from '../../testing/smtp.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';
import { exchangeOf } from './exchange.module.js';
import { actorOf } from './testing.js';
import { UploadService } from './vault/upload.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
type P = { id: string; email: string; c: Client };
/** A site coordinator at hospital A: the usual sender. */
let sc: P;
/** A researcher at hospital A: the second approver for sc. */
let resA: P;
/** A researcher at hospital B: addressed by nobody. */
let resB: P;
/** Data center staff (dc1 reads English). */
let dc1: P;
let dc2: P;
let sm: P;
let uploads: UploadService;
const DAY = 86_400_000;

const CLEAN = 'registration_no,arm,visit_date\nJCOG0000-001,A,2026-03-02\nJCOG0000-002,B,2026-03-09\n';
/** The sender's given name must not reach the data center: 患者氏名 column with a name in it. */
const WITH_NAME = '登録番号,患者氏名,群\nJCOG0000-001,山田 太郎,A\nJCOG0000-002,佐藤 花子,B\n';

async function person(over: Parameters<typeof seedPerson>[1], lang: 'ja' | 'en' = 'ja'): Promise<P> {
  const p = await seedPerson(t, over);
  await t.ctx.db.update(people).set({ language: lang }).where(eq(people.id, p.id));
  return { id: p.id, email: p.email, c: await sessionFor(t, p.id) };
}

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  uploads = new UploadService(t.ctx);
  sc = await person({ familyNameJa: '送信', familyNameEn: 'Sender', institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id }] });
  resA = await person({ institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  resB = await person({ institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
  dc1 = await person({ familyNameEn: 'Center', unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] }, 'en');
  dc2 = await person({ unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  sm = await person({ roles: [{ role: 'security_manager' }] });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** A finished vault upload owned by the person (the upload protocol itself is the vault's test). */
async function upload(owner: P, name: string, content: string | Buffer): Promise<string> {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const actor = await actorOf(t.ctx.db, owner.id);
  const u = await uploads.create(actor, { fileName: name, size: buf.length });
  const done = await uploads.append(actor, u.id, 0, Readable.from([buf]), buf.length);
  expect(done.status).toBe('complete');
  return u.id;
}

const body = (over: Record<string, unknown> = {}) => ({ recipients: { personIds: [dc1.id] }, purpose: 'JCOG0000 CRF data, April', dataCategory: 'pseudonymized_case_data', ...over });

/** Creates a draft, attaches the files and waits for their scans. */
async function draft(sender: P, files: [string, string | Buffer][], over: Record<string, unknown> = {}): Promise<TransferDto> {
  const res = await sender.c.post('/api/exchange/transfers', body(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  let x = res.body as TransferDto;
  for (const [name, content] of files) {
    const a = await sender.c.post(`/api/exchange/transfers/${x.id}/files`, { uploadId: await upload(sender, name, content) });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    x = a.body as TransferDto;
  }
  await exchangeOf(t.ctx).scanner.idle();
  return x;
}

async function released(sender: P, files: [string, string | Buffer][], over: Record<string, unknown> = {}): Promise<TransferDto> {
  const x = await draft(sender, files, over);
  const r = await sender.c.post(`/api/exchange/transfers/${x.id}/release`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as TransferDto;
}

const get = async (c: Client, id: string) => (await c.get(`/api/exchange/transfers/${id}`)).body as TransferDto;
const download = (c: Client, id: string, fileId: string) => c.get(`/api/exchange/transfers/${id}/files/${fileId}/content`);
const custody = async (c: Client, id: string) => ((await c.get(`/api/exchange/transfers/${id}/custody`)).body as CustodyList).items.map((e) => e.action);

describe('sending a clean file', () => {
  let x: TransferDto;
  /** ~300 KB of rows: more than one encrypted chunk on the way down. */
  const big = ['registration_no,arm,value', ...Array.from({ length: 12_000 }, (_, i) => `JCOG0000-${String(i).padStart(5, '0')},${i % 2 ? 'A' : 'B'},${randomBytes(4).toString('hex')}`)].join('\n');

  it('releases it to the addressed person, who is emailed a notice without the file, its name or the message', async () => {
    const seq = await lastAuditSeq(t);
    x = await released(sc, [['crf-april.csv', CLEAN], ['values.csv', big]], { message: '4月分です。よろしくお願いします。' });
    expect(x.state).toBe('available');
    expect(x.recipientList.map((r) => r.id)).toEqual([dc1.id]);
    expect(x.releasedAt).not.toBeNull();
    expect(new Date(x.expiresAt).getTime() - new Date(x.releasedAt!).getTime()).toBe(14 * DAY);
    const actions = (await auditAfter(t, seq)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['exchange.transfer_created', 'exchange.file_attached', 'exchange.scanned', 'exchange.released', 'exchange.notice_sent']));
    await t.ctx.mailer.flush();
    const mail = await smtp.waitFor((m) => m.to.includes(dc1.email) && m.subject.includes('transfer'));
    expect(mail.subject).toContain('Sender'); // dc1 reads English: "A transfer from … is waiting"
    expect(mail.text).toContain(`/exchange/transfers/${x.id}`);
    for (const secret of ['crf-april', 'values', '.csv', 'JCOG0000', '4月分', x.fileList[0]!.sha256]) expect(mail.text).not.toContain(secret);
  });

  it('lets the recipient download it byte for byte, with the SHA-256 both sides see; every download is recorded', async () => {
    const seen = await get(dc1.c, x.id);
    expect(seen.viewer).toBe('recipient');
    const big1 = seen.fileList.find((f) => f.fileName === 'values.csv')!;
    expect(big1.sha256).toBe(x.fileList.find((f) => f.fileName === 'values.csv')!.sha256);
    expect(big1.sha256).toBe(createHash('sha256').update(big).digest('hex'));
    const seq = await lastAuditSeq(t);
    const res = await download(dc1.c, x.id, big1.id);
    expect(res.status).toBe(200);
    const got = res.raw.rawPayload;
    expect(createHash('sha256').update(got).digest('hex')).toBe(big1.sha256);
    expect(res.headers['x-content-sha256']).toBe(big1.sha256);
    const entries = await auditAfter(t, seq);
    expect(entries.map((e) => e.action)).toEqual(['exchange.downloaded']);
    expect(entries[0]).toMatchObject({ action: 'exchange.downloaded', actorPersonId: dc1.id, actorIp: '127.0.0.1', targetId: x.id });
    const mine = await get(sc.c, x.id);
    expect(mine.downloads.map((d) => [d.person.id, d.fileId])).toEqual([[dc1.id, big1.id]]);
    expect(mine.downloads[0]!.ip).toBeNull(); // the sender sees who and when; the data center also where from
    expect(mine.recipientList[0]!.firstDownloadAt).not.toBeNull();
    expect((await get(sm.c, x.id)).downloads[0]!.ip).toBe('127.0.0.1');
  });

  it('answers 404 to anyone not addressed, and never lets the data center manager download', async () => {
    for (const url of [`/api/exchange/transfers/${x.id}`, `/api/exchange/transfers/${x.id}/custody`, `/api/exchange/transfers/${x.id}/files/${x.fileList[0]!.id}/content`]) {
      const res = await resB.c.get(url);
      expect([url, res.status]).toEqual([url, 404]);
    }
    expect((await get(sm.c, x.id)).viewer).toBe('manager');
    expect((await download(sm.c, x.id, x.fileList[0]!.id)).status).toBe(404);
    // Not even dc2, in the recipient's own unit: it was addressed to dc1 by name.
    expect((await dc2.c.get(`/api/exchange/transfers/${x.id}`)).status).toBe(200); // the data center reads every transfer's page…
    expect((await download(dc2.c, x.id, x.fileList[0]!.id)).status).toBe(404); // …but downloads only what is addressed to them
  });

  it('cannot be withdrawn once downloaded, and only its sender changes it', async () => {
    const w = await sc.c.post(`/api/exchange/transfers/${x.id}/withdraw`, { reason: 'wrong month' });
    expect([w.status, errorCode(w)]).toEqual([409, 'TRANSFER_DOWNLOADED']);
    const seq = await lastAuditSeq(t);
    const other = await dc1.c.post(`/api/exchange/transfers/${x.id}/withdraw`, {});
    expect([other.status, errorCode(other)]).toEqual([403, 'FORBIDDEN']);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied']);
  });

  it('shows the chain of custody: attached, scanned, released, noticed, downloaded', async () => {
    const actions = await custody(sc.c, x.id);
    expect(actions).toEqual(expect.arrayContaining(['exchange.transfer_created', 'exchange.file_attached', 'exchange.scanned', 'exchange.released', 'exchange.notice_sent', 'exchange.downloaded']));
    expect(actions.indexOf('exchange.released')).toBeLessThan(actions.indexOf('exchange.downloaded'));
    const list = (await dc1.c.get(`/api/exchange/transfers?box=inbox`)).body as { items: { id: string; myFirstDownloadAt: string | null }[] };
    expect(list.items.find((i) => i.id === x.id)?.myFirstDownloadAt).not.toBeNull();
  });
});

describe('recipients', () => {
  it('expands a unit to its active members at release, recorded as reached through the unit', async () => {
    const x = await released(sc, [['a.csv', CLEAN]], { recipients: { unitIds: [org.dc.id] } });
    expect(x.recipientList.map((r) => [r.id, r.viaUnit?.id]).sort()).toEqual(
      [
        [dc1.id, org.dc.id],
        [dc2.id, org.dc.id],
      ].sort(),
    );
    const rows = await t.ctx.db.select().from(exchangeRecipients).where(eq(exchangeRecipients.transferId, x.id));
    expect(rows.every((r) => r.viaUnitId === org.dc.id && r.noticedAt)).toBe(true);
    // Each in their own language: dc2 reads Japanese.
    await t.ctx.mailer.flush();
    const ja = await smtp.waitFor((m) => m.to.includes(dc2.email) && m.text.includes(`/exchange/transfers/${x.id}`));
    expect(ja.subject).toContain('ファイル送付');
    expect(ja.text).not.toContain('a.csv');
  });

  it('refuses people who are not active accounts, or whom the sender may not address', async () => {
    const inactive = await seedPerson(t, { unitId: org.dc.id });
    let res = await sc.c.post('/api/exchange/transfers', body({ recipients: { personIds: [inactive.id] } }));
    expect([res.status, errorCode(res)]).toEqual([422, 'RECIPIENT_INVALID']);
    // A researcher at hospital A may not address a researcher of hospital B (but may the data center).
    res = await resA.c.post('/api/exchange/transfers', body({ recipients: { personIds: [resB.id] } }));
    expect([res.status, errorCode(res)]).toEqual([422, 'RECIPIENT_INVALID']);
    res = await sc.c.post('/api/exchange/transfers', body({ recipients: { personIds: [], unitIds: [] } }));
    expect(res.status).toBe(400);
  });

  it('finds the data center and colleagues in the directory, not people of other hospitals', async () => {
    const res = await resA.c.get('/api/exchange/directory?q=example.jp');
    const ids = (res.body as { people: { id: string }[] }).people.map((p) => p.id);
    expect(ids).toContain(dc1.id);
    expect(ids).toContain(sc.id);
    expect(ids).not.toContain(resB.id);
    expect(ids).not.toContain(resA.id);
    const units = (await resA.c.get(`/api/exchange/directory?q=${encodeURIComponent('データセンター')}`)).body as { units: { id: string; members: number }[] };
    expect(units.units.find((u) => u.id === org.dc.id)?.members).toBe(2);
  });

  it('refuses someone else’s upload', async () => {
    const x = await draft(sc, []);
    const res = await sc.c.post(`/api/exchange/transfers/${x.id}/files`, { uploadId: await upload(resA, 'theirs.csv', CLEAN) });
    expect([res.status, errorCode(res)]).toEqual([422, 'EXCHANGE_FILE_INVALID']);
    const release = await sc.c.post(`/api/exchange/transfers/${x.id}/release`);
    expect(release.status).toBe(400); // no file
  });
});

describe('withdrawal', () => {
  it('lets the sender withdraw before the first download: the files are erased and recipients get 410', async () => {
    const x = await released(sc, [['w.csv', CLEAN]]);
    const w = await sc.c.post(`/api/exchange/transfers/${x.id}/withdraw`, { reason: 'wrong recipient' });
    expect(w.status).toBe(200);
    const after = w.body as TransferDto;
    expect(after.state).toBe('purged');
    expect(after.withdrawnAt).not.toBeNull();
    for (const res of [await dc1.c.get(`/api/exchange/transfers/${x.id}`), await download(dc1.c, x.id, x.fileList[0]!.id), await dc1.c.get(`/api/exchange/transfers/${x.id}/custody`)]) {
      expect([res.status, errorCode(res)]).toEqual([410, 'TRANSFER_GONE']);
    }
    const vf = await exchangeOf(t.ctx).vault.file((await t.ctx.db.select().from(exchangePurges).where(eq(exchangePurges.transferId, x.id)))[0]!.vaultFileId);
    expect(vf?.erasedAt).not.toBeNull();
    expect(await custody(sc.c, x.id)).toEqual(expect.arrayContaining(['exchange.withdrawn', 'exchange.purged']));
    const inbox = (await dc1.c.get('/api/exchange/transfers?box=inbox')).body as { items: { id: string; state: string }[] };
    expect(inbox.items.find((i) => i.id === x.id)?.state).toBe('purged');
  });
});

describe('release waits for every chosen upload', () => {
  const startUpload = async (sender: P, fileName: string, size: number, transferId?: string) => {
    const res = await sender.c.post('/api/exchange/uploads', { fileName, size, ...(transferId ? { transferId } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; transferId: string | null };
  };
  const patchBytes = (sender: P, id: string, offset: number, bytes: Buffer) =>
    sender.c.request('PATCH', `/api/exchange/uploads/${id}`, bytes, { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) });
  /** What a release must not have touched. */
  const untouched = async (id: string, seq: number) => {
    const after = await get(sc.c, id);
    expect(after.state).toBe('draft');
    expect(after.releasedAt).toBeNull();
    expect(await t.ctx.db.select().from(exchangeRecipients).where(eq(exchangeRecipients.transferId, id))).toEqual([]);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual([]);
  };

  it('refuses 409 UPLOADS_UNFINISHED while an upload started for the draft is unfinished, and changes nothing', async () => {
    const x = await draft(sc, [['small.csv', CLEAN]]);
    const zip = Buffer.from(`registration_no,arm\n${'JCOG0000-001,A\n'.repeat(200)}`, 'utf8');
    const u = await startUpload(sc, 'large.csv', zip.length, x.id);
    expect(u.transferId).toBe(x.id);
    expect((await patchBytes(sc, u.id, 0, zip.subarray(0, 1000))).status).toBe(200);
    const seq = await lastAuditSeq(t);
    const r = await sc.c.post(`/api/exchange/transfers/${x.id}/release`);
    expect([r.status, errorCode(r)]).toEqual([409, 'UPLOADS_UNFINISHED']);
    expect((r.body as { error: { details: { uploads: { id: string; reason: string }[] } } }).error.details.uploads).toEqual([expect.objectContaining({ id: u.id, reason: 'unfinished' })]);
    await untouched(x.id, seq);
    // Finished but not attached yet: still refused.
    const done = await patchBytes(sc, u.id, 1000, zip.subarray(1000));
    expect((done.body as { status: string }).status).toBe('complete');
    const r2 = await sc.c.post(`/api/exchange/transfers/${x.id}/release`);
    expect([r2.status, errorCode(r2)]).toEqual([409, 'UPLOADS_UNFINISHED']);
    // Attached: released with both files.
    expect((await sc.c.post(`/api/exchange/transfers/${x.id}/files`, { uploadId: u.id })).status).toBe(201);
    await exchangeOf(t.ctx).scanner.idle();
    // Without a body, as the transfer page asks.
    const ok = await sc.c.request('POST', `/api/exchange/transfers/${x.id}/release`);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((ok.body as TransferDto).fileList.map((f) => f.fileName).sort()).toEqual(['large.csv', 'small.csv']);
  });

  it('refuses while an upload the client lists as chosen is unfinished (an upload started before the draft existed)', async () => {
    const x = await draft(sc, [['small.csv', CLEAN]]);
    const u = await startUpload(sc, 'late.csv', 5000);
    expect((await patchBytes(sc, u.id, 0, Buffer.from(CLEAN))).status).toBe(200);
    const seq = await lastAuditSeq(t);
    const r = await sc.c.post(`/api/exchange/transfers/${x.id}/release`, { uploadIds: [u.id] });
    expect([r.status, errorCode(r)]).toEqual([409, 'UPLOADS_UNFINISHED']);
    await untouched(x.id, seq);
  });

  it('does not let an upload started for one transfer be attached to another, nor be started for someone else’s', async () => {
    const a = await draft(sc, [['a.csv', CLEAN]]);
    const b = await draft(sc, [['b.csv', CLEAN]]);
    const u = await startUpload(sc, 'for-a.csv', CLEAN.length, a.id);
    expect((await patchBytes(sc, u.id, 0, Buffer.from(CLEAN))).status).toBe(200);
    const r = await sc.c.post(`/api/exchange/transfers/${b.id}/files`, { uploadId: u.id });
    expect([r.status, errorCode(r)]).toEqual([422, 'EXCHANGE_FILE_INVALID']);
    const other = await resA.c.post('/api/exchange/uploads', { fileName: 'x.csv', size: 10, transferId: a.id });
    expect(other.status).toBe(404);
  });
});

describe('a tampered file on download', () => {
  const MiB = 1024 * 1024;
  /** Flips one byte inside chunk `chunk` (1 MiB chunks, each followed by its 16-byte tag) of a transfer's file. */
  async function tamper(fileId: string, chunk: number): Promise<void> {
    const [f] = await t.ctx.db.select().from(exchangeFiles).where(eq(exchangeFiles.id, fileId));
    const [v] = await t.ctx.db.select().from(exchangeVaultFiles).where(eq(exchangeVaultFiles.id, f!.vaultFileId));
    const seg = v!.segments.find((s) => s.first <= chunk && chunk < s.first + s.count)!;
    const path = join(t.config.dataDir, 'exchange', 'objects', v!.blobKey, seg.name);
    const bytes = readFileSync(path);
    bytes[(chunk - seg.first) * (MiB + 16) + 10]! ^= 0x01;
    writeFileSync(path, bytes);
  }
  const downloadsOf = (id: string) => t.ctx.db.select().from(exchangeDownloads).where(eq(exchangeDownloads.transferId, id));
  const firstDownload = async (id: string) => (await t.ctx.db.select({ at: exchangeTransfers.firstDownloadAt }).from(exchangeTransfers).where(eq(exchangeTransfers.id, id)))[0]!.at;

  it('answers a clean FILE_INTEGRITY_FAILED error when the first chunk fails: no file name or hash, no download recorded, the failure audited', async () => {
    const x = await released(sc, [['first.csv', CLEAN]]);
    const fileId = x.fileList[0]!.id;
    await tamper(fileId, 0);
    const seq = await lastAuditSeq(t);
    const res = await download(dc1.c, x.id, fileId);
    expect([res.status, errorCode(res)]).toEqual([500, 'FILE_INTEGRITY_FAILED']);
    expect(res.body).toEqual({ error: { code: 'FILE_INTEGRITY_FAILED', message: expect.any(String), requestId: expect.any(String) } });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    for (const h of ['content-disposition', 'x-content-sha256', 'repr-digest', 'etag']) expect([h, res.headers[h]]).toEqual([h, undefined]);
    const entries = await auditAfter(t, seq);
    expect(entries.map((e) => e.action).sort()).toEqual(['exchange.download_failed', 'exchange.integrity_failed']);
    expect(entries.find((e) => e.action === 'exchange.download_failed')).toMatchObject({ actorPersonId: dc1.id, targetId: x.id, details: { fileId, reason: 'integrity', bytes: 0 } });
    expect(await downloadsOf(x.id)).toEqual([]);
    expect(await firstDownload(x.id)).toBeNull();
    expect(await custody(sc.c, x.id)).not.toContain('exchange.downloaded');
  });

  it('cuts the connection when a later chunk fails, and records the download as failed, not as delivered', async () => {
    const rows = ['registration_no,arm,value'];
    for (let i = 0; rows.join('\n').length < 2.5 * MiB; i++) rows.push(...Array.from({ length: 1000 }, (_, k) => `JCOG0000-${String(i * 1000 + k).padStart(6, '0')},${k % 2 ? 'A' : 'B'},${randomBytes(8).toString('hex')}`));
    const x = await released(sc, [['later.csv', rows.join('\n')]]);
    const fileId = x.fileList[0]!.id;
    await tamper(fileId, 1);
    const seq = await lastAuditSeq(t);
    // The response is cut short (or the connection dropped): never the whole file.
    const res = await download(dc1.c, x.id, fileId).catch(() => null);
    if (res) expect(res.raw.rawPayload.length).toBeLessThan(x.fileList[0]!.size);
    const entries = await auditAfter(t, seq);
    const actions = entries.map((e) => e.action);
    expect(actions).toContain('exchange.download_failed');
    expect(actions).toContain('exchange.integrity_failed');
    expect(actions).not.toContain('exchange.downloaded');
    expect(entries.find((e) => e.action === 'exchange.download_failed')).toMatchObject({ details: { fileId, reason: 'integrity' } });
    expect(await downloadsOf(x.id)).toEqual([]);
    expect(await firstDownload(x.id)).toBeNull();
    const trail = await custody(sc.c, x.id);
    expect(trail).toContain('exchange.download_failed');
    expect(trail).not.toContain('exchange.downloaded');
  });
});

describe('second approval of special-care data', () => {
  let x: TransferDto;
  it('waits for someone else at the sender’s institution, who is emailed', async () => {
    x = await draft(sc, [['sc.csv', CLEAN]], { dataCategory: 'special_care' });
    const r = await sc.c.post(`/api/exchange/transfers/${x.id}/release`);
    expect([r.status, (r.body as TransferDto).state]).toEqual([200, 'awaiting_approval']);
    expect((r.body as TransferDto).recipientList).toEqual([]);
    await t.ctx.mailer.flush();
    await smtp.waitFor((m) => m.to.includes(resA.email) && m.subject.includes('承認'));
    expect((await dc1.c.get(`/api/exchange/transfers/${x.id}`)).body).toMatchObject({ viewer: 'manager' });
    const queue = (await resA.c.get('/api/exchange/approvals')).body as { items: { id: string }[] };
    expect(queue.items.map((i) => i.id)).toContain(x.id);
  });

  it('does not let the sender approve their own transfer (403, recorded), nor someone elsewhere (404)', async () => {
    const seq = await lastAuditSeq(t);
    const own = await sc.c.post(`/api/exchange/transfers/${x.id}/approval`, { decision: 'approve' });
    expect([own.status, errorCode(own)]).toEqual([403, 'FORBIDDEN']);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied']);
    const far = await resB.c.post(`/api/exchange/transfers/${x.id}/approval`, { decision: 'approve' });
    expect(far.status).toBe(404);
    expect(((await resB.c.get('/api/exchange/approvals')).body as { items: unknown[] }).items).toEqual([]);
  });

  it('releases on the second approval', async () => {
    const r = await resA.c.post(`/api/exchange/transfers/${x.id}/approval`, { decision: 'approve', reason: '確認しました' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const after = await get(sc.c, x.id);
    expect(after.state).toBe('available');
    expect(after.approvals.map((a) => [a.approver.id, a.decision])).toEqual([[resA.id, 'approved']]);
    expect(await custody(sc.c, x.id)).toEqual(expect.arrayContaining(['exchange.approval_requested', 'exchange.approved', 'exchange.released']));
  });

  it('is not asked for when the data center turns the policy off', async () => {
    const off = await dc1.c.request('PUT', '/api/exchange/settings', { rules: {}, specialCareApproval: false, note: 'approval off for the test' });
    expect(off.status).toBe(200);
    const y = await released(sc, [['sc3.csv', CLEAN]], { dataCategory: 'special_care' });
    expect(y.state).toBe('available');
    expect((await dc1.c.request('PUT', '/api/exchange/settings', { rules: {}, specialCareApproval: true })).status).toBe(200);
  });

  it('returns a rejected transfer to its sender as a draft', async () => {
    const y = await draft(sc, [['sc2.csv', CLEAN]], { dataCategory: 'special_care' });
    await sc.c.post(`/api/exchange/transfers/${y.id}/release`);
    const r = await resA.c.post(`/api/exchange/transfers/${y.id}/approval`, { decision: 'reject', reason: '宛先が違います' });
    expect((r.body as TransferDto).state).toBe('draft');
    await t.ctx.mailer.flush();
    await smtp.waitFor((m) => m.to.includes(sc.email) && m.subject.includes('差し戻'));
  });
});

describe('tripwire rules', () => {
  it('are edited by the data center, validated, versioned and audited', async () => {
    const bad = await dc1.c.request('PUT', '/api/exchange/settings', { rules: { mrn: { patterns: [{ id: 'inst-a', pattern: '([' }] } }, specialCareApproval: true });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('rules.mrn.patterns.0.pattern');
    expect((await resA.c.request('PUT', '/api/exchange/settings', { rules: {}, specialCareApproval: true })).status).toBe(403);
    const seq = await lastAuditSeq(t);
    const ok = await dc1.c.request('PUT', '/api/exchange/settings', { rules: { mrn: { patterns: [{ id: 'inst-a', label: 'Hospital A', pattern: '^A\\d{7}$' }] } }, specialCareApproval: true, note: 'Hospital A record numbers' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ version: 3, rules: { mrn: { patterns: [{ id: 'inst-a', pattern: '^A\\d{7}$', headers: [] }] }, name: { enabled: true } } });
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['exchange.rules_changed']);
    expect(((await dc2.c.get('/api/exchange/settings')).body as { version: number }).version).toBe(3);
  });
});

describe('the identifier tripwire at release', () => {
  it('blocks a CSV with a patient’s name (422), showing the cells; removing the file and attaching a clean one lets it go', async () => {
    const x = await draft(sc, [['patients.csv', WITH_NAME]]);
    const r = await sc.c.post(`/api/exchange/transfers/${x.id}/release`);
    expect([r.status, errorCode(r)]).toEqual([422, 'TRIPWIRE_BLOCKED']);
    const blocked = await get(sc.c, x.id);
    expect(blocked.state).toBe('blocked');
    const names = blocked.findings.filter((f) => f.kind === 'name' && f.source === 'file');
    expect(names.map((f) => f.cell).sort()).toEqual(expect.arrayContaining(['B2', 'B3']));
    for (const f of names) expect(f.masked).not.toContain('太郎');
    expect(blocked.can.requestException).toBe(true);
    // nobody was told anything
    expect(await t.ctx.db.select().from(exchangeRecipients).where(eq(exchangeRecipients.transferId, x.id))).toEqual([]);
    const bad = blocked.fileList[0]!;
    expect((await sc.c.request('DELETE', `/api/exchange/transfers/${x.id}/files/${bad.id}`)).status).toBe(200);
    const a = await sc.c.post(`/api/exchange/transfers/${x.id}/files`, { uploadId: await upload(sc, 'patients-fixed.csv', CLEAN) });
    expect(a.status).toBe(201);
    await exchangeOf(t.ctx).scanner.idle();
    // Without a body, as the transfer page asks.
    const ok = await sc.c.request('POST', `/api/exchange/transfers/${x.id}/release`);
    expect([ok.status, (ok.body as TransferDto).state]).toEqual([200, 'available']);
    const actions = await custody(sc.c, x.id);
    expect(actions.filter((a) => a === 'exchange.scanned')).toHaveLength(2);
    expect(actions).toEqual(expect.arrayContaining(['exchange.release_blocked', 'exchange.file_removed', 'exchange.purged', 'exchange.released']));
    const vf = await exchangeOf(t.ctx).vault.file((await t.ctx.db.select().from(exchangePurges).where(eq(exchangePurges.fileId, bad.id)))[0]!.vaultFileId);
    expect(vf?.erasedAt).not.toBeNull(); // the file with the names is gone at once
  });

  it('lets the sender waive a false-positive column with a reason the data center sees', async () => {
    const x = await draft(sc, [['drugs.csv', WITH_NAME]]);
    expect((await sc.c.post(`/api/exchange/transfers/${x.id}/release`)).status).toBe(422);
    const f = (await get(sc.c, x.id)).findings.find((y) => y.kind === 'name' && y.column)!;
    const empty = await sc.c.post(`/api/exchange/transfers/${x.id}/waivers`, { fileId: f.fileId, sheet: null, column: 'no such column', reason: 'x' });
    expect(empty.status).toBe(400);
    const w = await sc.c.post(`/api/exchange/transfers/${x.id}/waivers`, { fileId: f.fileId, sheet: f.sheet, column: f.column, reason: 'テスト用の架空の名前です' });
    expect(w.status, JSON.stringify(w.body)).toBe(200);
    const open = (w.body as TransferDto).findings.filter((y) => !y.resolution);
    expect(open).toEqual([]);
    expect((await sc.c.post(`/api/exchange/transfers/${x.id}/release`)).status).toBe(200);
    const list = (await dc1.c.get('/api/exchange/waivers')).body as { items: { transferId: string; reason: string; sender: { id: string } }[] };
    expect(list.items.find((i) => i.transferId === x.id)).toMatchObject({ reason: 'テスト用の架空の名前です', sender: { id: sc.id } });
    expect((await resA.c.get('/api/exchange/waivers')).status).toBe(403);
  });

  it('holds a transfer until the data center approves an exception with a reason; then it goes on by itself', async () => {
    const x = await draft(sc, [['needed.csv', WITH_NAME]]);
    expect((await sc.c.post(`/api/exchange/transfers/${x.id}/release`)).status).toBe(422);
    const req = await sc.c.post(`/api/exchange/transfers/${x.id}/exception-requests`, { reason: '同意を得た上での送付です' });
    expect(req.status).toBe(200);
    expect((await sc.c.post(`/api/exchange/transfers/${x.id}/exception-requests`, { reason: 'again' })).status).toBe(409);
    await t.ctx.mailer.flush();
    await smtp.waitFor((m) => m.to.includes(dc1.email) && m.subject.includes('exception'));
    const queue = (await dc1.c.get('/api/exchange/exceptions')).body as { items: { id: string; transferId: string }[] };
    const e = queue.items.find((i) => i.transferId === x.id)!;
    expect((await resA.c.post(`/api/exchange/exceptions/${e.id}/decision`, { decision: 'approve', reason: 'ok' })).status).toBe(403);
    const noReason = await dc1.c.post(`/api/exchange/exceptions/${e.id}/decision`, { decision: 'approve' });
    expect(noReason.status).toBe(400);
    const d = await dc1.c.post(`/api/exchange/exceptions/${e.id}/decision`, { decision: 'approve', reason: '倫理審査で承認済み' });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    const after = await get(sc.c, x.id);
    expect(after.state).toBe('available');
    expect(after.findings.every((f) => f.resolution === 'excepted')).toBe(true);
    expect(await custody(sc.c, x.id)).toEqual(expect.arrayContaining(['exchange.exception_requested', 'exchange.exception_approved', 'exchange.released']));
  });

  it('checks the message too, and lets an edit clear it', async () => {
    const x = await draft(sc, [['m.csv', CLEAN]], { message: '患者さんの連絡先は 090-1234-5678 です' });
    const hits = (await get(sc.c, x.id)).findings.filter((f) => f.source === 'message' && !f.resolution);
    expect(hits.map((f) => f.kind)).toContain('phone');
    expect((await sc.c.post(`/api/exchange/transfers/${x.id}/release`)).status).toBe(422);
    const p = await sc.c.patch(`/api/exchange/transfers/${x.id}`, { message: '4月分の CRF です' });
    expect(p.status).toBe(200);
    expect((p.body as TransferDto).findings.filter((f) => !f.resolution)).toEqual([]);
    expect((await sc.c.post(`/api/exchange/transfers/${x.id}/release`)).status).toBe(200);
  });
});

describe('retention', () => {
  it('expires and purges at expiry; a hold stops the purge until it is released', async () => {
    const a = await released(sc, [['a.csv', CLEAN]], { expiryDays: 3 });
    const b = await released(sc, [['b.csv', CLEAN]], { expiryDays: 3 });
    const abandoned = await draft(sc, [['c.csv', CLEAN]], { expiryDays: 3 });
    const hold = await sm.c.post('/api/exchange/holds', { transferId: b.id, reason: 'インシデント調査中' });
    expect(hold.status).toBe(201);
    // Past the expiry but before the job: already unreachable.
    t.clock.advance(3 * DAY + 60_000);
    // Sessions idle that long have ended: sign in again.
    for (const p of [sc, dc1, sm]) p.c = await sessionFor(t, p.id);
    expect(errorCode(await download(dc1.c, a.id, a.fileList[0]!.id))).toBe('TRANSFER_GONE');
    await t.ctx.jobs.runDue(true);
    const [ga, gb, gc] = [await get(sc.c, a.id), await get(sc.c, b.id), await get(sc.c, abandoned.id)];
    expect([ga.state, gb.state, gc.state]).toEqual(['purged', 'expired', 'purged']);
    expect(gb.held).toBe(true);
    expect(await t.ctx.db.select().from(exchangePurges).where(eq(exchangePurges.transferId, b.id))).toEqual([]);
    expect((await exchangeOf(t.ctx).vault.file((await t.ctx.db.select().from(exchangePurges).where(eq(exchangePurges.transferId, a.id)))[0]!.vaultFileId))?.erasedAt).not.toBeNull();
    for (const res of [await dc1.c.get(`/api/exchange/transfers/${a.id}`), await download(dc1.c, b.id, b.fileList[0]!.id)]) expect([res.status, errorCode(res)]).toEqual([410, 'TRANSFER_GONE']);
    const rel = await sm.c.post(`/api/exchange/holds/${(hold.body as { id: string }).id}/release`, { reason: '調査終了' });
    expect(rel.status).toBe(200);
    await t.ctx.jobs.runDue(true);
    expect((await get(sc.c, b.id)).state).toBe('purged');
    const purged = await t.ctx.db.select({ at: auditLog.at }).from(auditLog).where(and(eq(auditLog.action, 'exchange.purged'), eq(auditLog.targetId, b.id)));
    expect(purged).toHaveLength(1);
  });

  it('keeps findings of purged transfers as a record (masked values only)', async () => {
    const rows = await t.ctx.db.select({ masked: exchangeFindings.masked }).from(exchangeFindings);
    for (const r of rows) expect(r.masked).not.toMatch(/山田 太郎|佐藤 花子/);
  });
});
