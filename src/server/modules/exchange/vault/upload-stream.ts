import { createHash, randomBytes, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { appendAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../authz/actor.js';
import type { AppContext } from '../../../context.js';
import { exchangeVaultFiles, type VaultSegment, type VaultTail } from '../../../db/schema/index.js';
import { AppError } from '../../../errors.js';
import { checkHead, inspectZip, SNIFF_BYTES, typeForName, ZIP_TYPES, type FileType } from './content-check.js';
import type { VaultCore } from './core.js';
import { chunkCount, importChunkKey, newNoncePrefix, openTail, sealChunkAsync, sealTail } from './crypto.js';
import { VaultIntegrityError } from './errors.js';
import { objectKey, readPlaintext, readRange, segmentBytes, type StoredLayout } from './reader.js';
import { FileTooLargeError } from './upload-errors.js';
import type { VaultRow } from './upload.js';

// The byte path of an upload (upload.ts): a PATCH body streams through SHA-256 and AES-256-GCM into
// segment objects and a tail, each committed once durable; the last byte is checked (archives too)
// and the file is recorded with its SHA-256.

/** Chunks being sealed on the thread pool at once, per upload. */
const SEAL_AHEAD = 2;

const layout = (r: VaultRow): StoredLayout => ({ id: r.id, size: r.size, chunkSize: r.chunkSize, blobKey: r.blobKey, segments: r.segments });

/** Receives a PATCH body into sealed segments and a tail, committing the offset as each is durable. */
export async function receiveBytes(ctx: AppContext, core: VaultCore, start: VaultRow, body: Readable | null): Promise<VaultRow> {
  const store = core.store;
  const C = start.chunkSize;
  const size = start.size;
  const total = chunkCount(size, C);
  const segmentChunks = Math.max(1, Math.floor(ctx.config.exchange.segmentBytes / C));
  const expected = typeForName(start.fileName);
  const dek = core.keys.unwrap(start.wrappedKey!, start.keyId, start.id);
  const key = await importChunkKey(dek);
  let row = start;
  try {
    // The pending partial chunk: the stored tail, then whatever arrives.
    let oldTail: VaultTail | null = row.tail;
    const pending: Buffer[] = [];
    const scratch = Buffer.allocUnsafe(C);
    let pendingLen = 0;
    let nextChunk = row.segments.reduce((n, s) => n + s.count, 0);
    if (oldTail) {
      const sealed = await collect(await store.get(objectKey(row.blobKey, oldTail.name)));
      let plain: Buffer;
      try {
        plain = openTail(dek, row.id, nextChunk, oldTail.length, sealed);
      } catch {
        await core.integrityFailed(row.id, { reason: 'tail', chunk: nextChunk });
        throw new VaultIntegrityError(row.id, 'chunk', nextChunk);
      }
      pending.push(plain);
      pendingLen = plain.length;
    }
    const hash = await hashAt(core, row, dek, pendingLen ? pending[0]! : null);
    let arrived = nextChunk * C + pendingLen; // bytes hashed so far (durable + in flight)
    let detectedType: FileType | null = (row.detectedType as FileType | null) ?? null;

    const it = body ? (body[Symbol.asyncIterator]() as AsyncIterator<Buffer>) : null;
    let sourceDone = !it;
    /** Pulls the next piece of the body; a dropped connection ends the input (what arrived is kept). */
    const pull = async (): Promise<boolean> => {
      if (sourceDone) return false;
      let r: IteratorResult<Buffer>;
      try {
        r = await it!.next();
      } catch {
        sourceDone = true;
        return false;
      }
      if (r.done) {
        sourceDone = true;
        return false;
      }
      const buf = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
      if (arrived + buf.length > size) throw new FileTooLargeError(size, { reason: 'beyond_declared_size' });
      if (buf.length === 0) return true;
      hash.update(buf);
      pending.push(buf);
      pendingLen += buf.length;
      arrived += buf.length;
      ctx.observe?.uploadBytes(buf.length);
      return true;
    };
    const take = (n: number): Buffer => {
      if (n === 0) return Buffer.alloc(0);
      const first = pending[0]!;
      if (first.length >= n) {
        const out = first.subarray(0, n);
        if (first.length === n) pending.shift();
        else pending[0] = first.subarray(n);
        pendingLen -= n;
        return out;
      }
      // Assembled in one buffer reused for every chunk: sealing takes its own copy of the bytes when it
      // is called (WebCrypto copies its input at the call; crypto.unit.test.ts checks it), and the
      // content check and the tail use them synchronously.
      const out = scratch.subarray(0, n);
      let o = 0;
      while (o < n) {
        const p = pending[0]!;
        const k = Math.min(n - o, p.length);
        p.copy(out, o, 0, k);
        o += k;
        if (k === p.length) pending.shift();
        else pending[0] = p.subarray(k);
      }
      pendingLen -= n;
      return out;
    };
    /** Whether a whole chunk (or the file's final chunk) can be sealed now, pulling input as needed. */
    const chunkReady = async (): Promise<boolean> => {
      while (pendingLen < C && !sourceDone) await pull();
      if (nextChunk >= total) return false;
      if (pendingLen >= C) return true;
      return nextChunk === total - 1 && arrived === size;
    };

    while (await chunkReady()) {
      const prefix = newNoncePrefix();
      const first = nextChunk;
      let sealedCount = 0;
      let bytes = 0;
      const chunks = async function* (): AsyncGenerator<Buffer> {
        // Chunks are sealed on the thread pool, a few at a time, while this thread hashes what arrives.
        const sealing: Promise<Buffer>[] = [];
        const next = async () => {
          const sealed = await sealing.shift()!;
          bytes += sealed.length;
          return sealed;
        };
        for (;;) {
          const final = nextChunk === total - 1;
          const plain = take(final ? size - nextChunk * C : C);
          if (nextChunk === 0) {
            // The content check of the first bytes: refuse a disguised file before storing more of it.
            checkHead(expected, plain.subarray(0, SNIFF_BYTES), size <= C);
            detectedType = expected;
          }
          const p = sealChunkAsync(key, prefix, row.id, nextChunk, final, plain);
          p.catch(() => undefined); // awaited below; not an unhandled rejection if the segment is abandoned
          sealing.push(p);
          nextChunk++;
          sealedCount++;
          if (sealing.length >= SEAL_AHEAD) yield await next();
          if (sealedCount >= segmentChunks) break;
          // About to wait for the network: hand what is sealed to the store first.
          if (!sourceDone && pendingLen + (body?.readableLength ?? 0) < C) while (sealing.length) yield await next();
          if (!(await chunkReady())) break;
        }
        while (sealing.length) yield await next();
      };
      const name = `s-${String(first).padStart(10, '0')}-${randomBytes(4).toString('hex')}`;
      await store.put(objectKey(row.blobKey, name), chunks());
      const seg: VaultSegment = { name, first, count: sealedCount, prefix: prefix.toString('hex'), bytes };
      if (bytes !== segmentBytes(size, C, first, sealedCount)) throw new Error('segment length mismatch');
      // The old tail's bytes are now inside this segment: it goes in the same commit.
      row = await commit(ctx, row, { segments: [...row.segments, seg], tail: null, received: Math.min(size, nextChunk * C), detectedType });
      if (oldTail) {
        await store.delete(objectKey(row.blobKey, oldTail.name)).catch(() => undefined);
        oldTail = null;
      }
    }

    // A partial chunk left at the end of this PATCH becomes the new tail.
    if (pendingLen > 0 && nextChunk < total && arrived > row.received) {
      const plain = take(pendingLen);
      const name = `t-${String(nextChunk).padStart(10, '0')}-${randomBytes(4).toString('hex')}`;
      const sealed = sealTail(dek, row.id, nextChunk, plain);
      await store.put(
        objectKey(row.blobKey, name),
        (async function* () {
          yield sealed;
        })(),
      );
      const replaced = row.tail;
      row = await commit(ctx, row, { tail: { name, length: plain.length }, received: nextChunk * C + plain.length, detectedType });
      if (replaced) await store.delete(objectKey(row.blobKey, replaced.name)).catch(() => undefined);
    }
    if (row.received !== arrived) throw new Error('upload bookkeeping mismatch');
    core.hashes.set(row.id, { offset: row.received, hash });
    return row;
  } finally {
    dek.fill(0);
    // Leave nothing of the body unread behind a failure: the route closes the connection.
    if (body && !body.readableEnded) body.resume();
  }
}

/** Advances the durable offset, only from the state this request started from (a conditional update). */
async function commit(ctx: AppContext, row: VaultRow, set: Partial<Pick<VaultRow, 'segments' | 'tail' | 'received' | 'detectedType'>>): Promise<VaultRow> {
  const now = ctx.clock.now();
  const [next] = await ctx.db
    .update(exchangeVaultFiles)
    .set({ ...set, updatedAt: now, expiresAt: new Date(now.getTime() + ctx.config.exchange.uploadMs) })
    .where(and(eq(exchangeVaultFiles.id, row.id), eq(exchangeVaultFiles.status, 'uploading'), eq(exchangeVaultFiles.received, row.received)))
    .returning();
  if (!next) throw new AppError(409, 'UPLOAD_BUSY', 'This upload was changed by another request.');
  return next;
}

/** The last byte is in: check the content (archives too), then record the file and its SHA-256. */
export async function completeUpload(ctx: AppContext, core: VaultCore, actor: Actor, row: VaultRow): Promise<VaultRow> {
  const cached = core.hashes.get(row.id);
  const dek = core.keys.unwrap(row.wrappedKey!, row.keyId, row.id);
  let sha256: string;
  let type = typeForName(row.fileName);
  try {
    const hash = cached && cached.offset === row.received ? cached.hash : await hashAt(core, row, dek, null);
    sha256 = hash.digest('hex');
    core.hashes.delete(row.id);
    if (!row.detectedType) checkHead(type, await readRange(core.store, layout(row), dek, 0, Math.min(row.size, SNIFF_BYTES)), row.size <= SNIFF_BYTES);
    if (ZIP_TYPES.has(type)) {
      const l = layout(row);
      const report = await inspectZip(
        type as 'zip' | 'xlsx' | 'docx',
        row.size,
        (s, e) => readRange(core.store, l, dek, s, e),
        async (s) => readPlaintext(core.store, l, dek, { start: s }),
      );
      type = report.type;
    }
  } finally {
    dek.fill(0);
  }
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [done] = await tx
      .update(exchangeVaultFiles)
      .set({ status: 'complete', sha256, detectedType: type, completedAt: now, updatedAt: now })
      .where(and(eq(exchangeVaultFiles.id, row.id), eq(exchangeVaultFiles.status, 'uploading'), eq(exchangeVaultFiles.received, row.size)))
      .returning();
    if (!done) throw new AppError(409, 'UPLOAD_BUSY', 'This upload was changed by another request.');
    await appendAudit(tx, ctx.clock, actor, {
      action: 'exchange.uploaded',
      targetType: 'exchange_file',
      targetId: row.id,
      details: { fileName: row.fileName, size: row.size, sha256, detectedType: type, keyId: row.keyId },
    });
    return done;
  });
}

/** The SHA-256 state after the durable bytes: from memory, or rebuilt by reading them back. */
async function hashAt(core: VaultCore, row: VaultRow, dek: Buffer, tail: Buffer | null): Promise<Hash> {
  const cached = core.hashes.get(row.id);
  core.hashes.delete(row.id);
  if (cached && cached.offset === row.received) return cached.hash;
  const hash = createHash('sha256');
  const committedChunks = row.segments.reduce((n, s) => n + s.count, 0);
  if (committedChunks > 0) {
    const end = Math.min(row.size, committedChunks * row.chunkSize);
    for await (const _ of readPlaintext(core.store, { ...layout(row), size: row.size }, dek, { start: 0, end, hash })) void _;
  }
  if (tail) hash.update(tail);
  return hash;
}

async function collect(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of r as AsyncIterable<Buffer>) parts.push(b);
  return Buffer.concat(parts);
}
