import { createHash, randomBytes, randomUUID, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, lt, notExists, sql } from 'drizzle-orm';
import { appendAudit, appendAuditAlone } from '../../../audit/audit.service.js';
import { systemActor, type Actor } from '../../../authz/actor.js';
import type { AppContext } from '../../../context.js';
import { exchangeFiles, exchangeTransfers, exchangeVaultFiles, type VaultSegment, type VaultTail } from '../../../db/schema/index.js';
import { AppError, NotFoundError } from '../../../errors.js';
import { checkHead, ContentRefusedError, inspectZip, refuseReservedName, sanitizeFileName, SNIFF_BYTES, typeForName, ZIP_TYPES, type FileType } from './content-check.js';
import { vaultCore, type VaultCore } from './core.js';
import { chunkCount, importChunkKey, newDataKey, newNoncePrefix, openTail, sealChunkAsync, sealTail, TAG_BYTES } from './crypto.js';
import { VaultIntegrityError } from './errors.js';
import { objectKey, readPlaintext, readRange, segmentBytes, type StoredLayout } from './reader.js';
import { isStorageFull } from './store.js';

export type VaultRow = typeof exchangeVaultFiles.$inferSelect;

export interface FileInfo {
  id: string;
  fileName: string;
  size: number;
  sha256: string;
  detectedType: string;
}

export interface UploadInfo {
  id: string;
  fileName: string;
  size: number;
  chunkSize: number;
  offset: number;
  status: VaultRow['status'];
  transferId: string | null;
  expiresAt: Date;
  file: FileInfo | null;
}

/** Chunks being sealed on the thread pool at once, per upload. */
const SEAL_AHEAD = 2;

/** Free space kept back on a local disk beyond what an upload needs. */
const DISK_RESERVE = 256 * 1024 * 1024;

export class FileTooLargeError extends AppError {
  constructor(limit: number, details: Record<string, unknown> = {}) {
    super(413, 'FILE_TOO_LARGE', `The file is larger than the limit of ${limit} bytes.`, { limit, ...details });
  }
}
export class StorageFullError extends AppError {
  constructor() {
    super(507, 'STORAGE_FULL', 'The server has no room for this file right now. Nothing of this request was kept; try again later or tell the administrator.');
  }
}
export class OffsetMismatchError extends AppError {
  constructor(public readonly offset: number) {
    super(409, 'UPLOAD_OFFSET_MISMATCH', `The upload continues at byte ${offset}.`, { offset });
  }
}

const info = (r: VaultRow): UploadInfo => ({
  id: r.id,
  fileName: r.fileName,
  size: r.size,
  chunkSize: r.chunkSize,
  offset: r.received,
  status: r.status,
  transferId: r.transferId,
  expiresAt: r.expiresAt,
  file: r.status === 'complete' && r.sha256 && r.detectedType ? { id: r.id, fileName: r.fileName, size: r.size, sha256: r.sha256, detectedType: r.detectedType } : null,
});

const layout = (r: VaultRow): StoredLayout => ({ id: r.id, size: r.size, chunkSize: r.chunkSize, blobKey: r.blobKey, segments: r.segments });

/**
 * Resumable streaming uploads into the vault (the protocol is in BRIEF-exchange.md / docs).
 *
 * A PATCH body streams straight through SHA-256 and AES-256-GCM into the store: whole chunks go
 * into a segment object (at most EXCHANGE_SEGMENT_BYTES each); a segment is committed (offset
 * advanced in the database) only after the store has made it durable. Bytes of an unfinished
 * chunk at the end of a PATCH are kept as an encrypted "tail" object, so the next PATCH goes on
 * from the exact byte. A dropped connection commits what arrived; a crash loses at most the segment
 * in flight (the offset still says where to resume). Memory per upload: about two chunks.
 */
export class UploadService {
  private readonly core: VaultCore;
  constructor(private readonly ctx: AppContext) {
    this.core = vaultCore(ctx);
  }

  private get store() {
    return this.core.store;
  }

  /**
   * Starts an upload: checks the name (allow-list), the size limit and the free space. With a
   * `transferId` (the sender's own draft or blocked transfer) the upload is bound to it, under the
   * transfer's row lock, so a release that runs at the same time either sees this upload or refuses
   * nothing it should have waited for (it is then no longer editable and this creation fails).
   */
  async create(actor: Actor, input: { fileName: string; size: number; transferId?: string | undefined }): Promise<UploadInfo> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const { maxBytes, chunkBytes, uploadMs } = this.ctx.config.exchange;
    let fileName: string;
    try {
      fileName = sanitizeFileName(input.fileName);
      refuseReservedName(fileName);
      typeForName(fileName);
    } catch (e) {
      throw toAppError(e);
    }
    if (input.size > maxBytes) throw new FileTooLargeError(maxBytes, { size: input.size });
    const needed = input.size + chunkCount(input.size, chunkBytes) * TAG_BYTES;
    const available = await this.store.available().catch(() => null);
    if (available !== null && available < needed + DISK_RESERVE) throw new StorageFullError();
    const id = randomUUID();
    const dek = newDataKey();
    const { wrappedKey, keyId } = this.core.keys.wrap(dek, id);
    dek.fill(0);
    const now = this.ctx.clock.now();
    const row = await this.ctx.db.transaction(async (tx) => {
      if (input.transferId) {
        const [t] = await tx
          .select({ senderPersonId: exchangeTransfers.senderPersonId, state: exchangeTransfers.state })
          .from(exchangeTransfers)
          .where(eq(exchangeTransfers.id, input.transferId))
          .for('share');
        if (!t || t.senderPersonId !== actor.personId) throw new NotFoundError('Transfer');
        if (t.state !== 'draft' && t.state !== 'blocked') throw new AppError(409, 'TRANSFER_STATE', 'Files can be added only to a draft or a blocked transfer.', { state: t.state });
      }
      const [r] = await tx
        .insert(exchangeVaultFiles)
        .values({
          id,
          ownerPersonId: actor.personId!,
          transferId: input.transferId ?? null,
          fileName,
          size: input.size,
          chunkSize: chunkBytes,
          status: 'uploading',
          received: 0,
          blobKey: randomBytes(16).toString('hex'),
          segments: [],
          tail: null,
          wrappedKey,
          keyId,
          createdAt: now,
          updatedAt: now,
          expiresAt: new Date(now.getTime() + uploadMs),
        })
        .returning();
      return r!;
    });
    return info(row);
  }

  /** The caller's own upload (404 for anyone else's, so ids cannot be probed). */
  private async owned(actor: Actor, id: string): Promise<VaultRow> {
    const [row] = await this.ctx.db.select().from(exchangeVaultFiles).where(eq(exchangeVaultFiles.id, id));
    if (!row || !actor.personId || row.ownerPersonId !== actor.personId) throw new NotFoundError('Upload');
    await this.ctx.authz.require(actor, 'exchange.send', { personId: row.ownerPersonId });
    return row;
  }

  async status(actor: Actor, id: string): Promise<UploadInfo> {
    return info(await this.owned(actor, id));
  }

  /** Abandons an unfinished upload: its key and bytes are destroyed. A finished file is removed through its transfer. */
  async abandon(actor: Actor, id: string): Promise<void> {
    const row = await this.owned(actor, id);
    if (row.status !== 'uploading') {
      if (row.status === 'abandoned' || row.status === 'expired' || row.status === 'refused') return;
      throw new AppError(409, 'UPLOAD_CLOSED', 'This upload is finished; remove the file from its transfer instead.');
    }
    if (this.core.busy.has(id)) throw new AppError(409, 'UPLOAD_BUSY', 'This upload is receiving data right now.');
    await this.destroy(row, 'abandoned', actor);
  }

  /** Crypto-erases an upload's key and deletes its objects, recording the end state. */
  async destroy(row: VaultRow, status: 'abandoned' | 'expired' | 'refused', actor: Actor | null, refusal?: VaultRow['refusal']): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      const done = await tx
        .update(exchangeVaultFiles)
        .set({ status, wrappedKey: null, tail: null, segments: [], refusal: refusal ?? null, updatedAt: now, erasedAt: now })
        .where(and(eq(exchangeVaultFiles.id, row.id), eq(exchangeVaultFiles.status, 'uploading')))
        .returning({ id: exchangeVaultFiles.id });
      if (!done.length || !actor) return;
      if (status === 'abandoned') {
        await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.upload_abandoned', targetType: 'exchange_file', targetId: row.id, details: { fileName: row.fileName, size: row.size, received: row.received } });
      }
      if (status === 'refused' && refusal) {
        await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.upload_refused', targetType: 'exchange_file', targetId: row.id, details: { fileName: row.fileName, size: row.size, code: refusal.code, reason: refusal.reason, ...(refusal.details ?? {}) } });
      }
    });
    this.core.hashes.delete(row.id);
    await this.store.deletePrefix(row.blobKey).catch(() => undefined);
  }

  /**
   * Appends a PATCH body at `offset`. Returns the new offset, and the finished file when the last
   * byte arrived and the content check passed.
   */
  async append(actor: Actor, id: string, offset: number, body: Readable | null, declaredLength: number | null): Promise<UploadInfo> {
    let row = await this.owned(actor, id);
    if (row.status === 'complete' && offset === row.size && (declaredLength ?? 0) === 0) return info(row); // a retried last PATCH
    if (row.status !== 'uploading') throw new AppError(409, 'UPLOAD_CLOSED', 'This upload is closed.', { status: row.status });
    if (offset !== row.received) throw new OffsetMismatchError(row.received);
    if (declaredLength !== null && offset + declaredLength > row.size) throw new FileTooLargeError(row.size, { reason: 'beyond_declared_size' });
    if (this.core.busy.has(id)) throw new AppError(409, 'UPLOAD_BUSY', 'This upload is receiving data in another request; wait for it to finish, then ask for the offset again.');
    this.core.busy.add(id);
    try {
      row = await this.receive(actor, row, body);
      if (row.received === row.size && row.status === 'uploading') row = await this.complete(actor, row);
      return info(row);
    } catch (e) {
      this.core.hashes.delete(id);
      if (e instanceof ContentRefusedError) {
        const fresh = (await this.ctx.db.select().from(exchangeVaultFiles).where(eq(exchangeVaultFiles.id, id)))[0] ?? row;
        await this.destroy(fresh, 'refused', actor, { code: e.code, reason: e.reason, details: e.details });
      }
      throw toAppError(e);
    } finally {
      this.core.busy.delete(id);
    }
  }

  /** The SHA-256 state after the durable bytes: from memory, or rebuilt by reading them back. */
  private async hashAt(row: VaultRow, dek: Buffer, tail: Buffer | null): Promise<Hash> {
    const cached = this.core.hashes.get(row.id);
    this.core.hashes.delete(row.id);
    if (cached && cached.offset === row.received) return cached.hash;
    const hash = createHash('sha256');
    const committedChunks = row.segments.reduce((n, s) => n + s.count, 0);
    if (committedChunks > 0) {
      const end = Math.min(row.size, committedChunks * row.chunkSize);
      for await (const _ of readPlaintext(this.store, { ...layout(row), size: row.size }, dek, { start: 0, end, hash })) void _;
    }
    if (tail) hash.update(tail);
    return hash;
  }

  private async receive(actor: Actor, start: VaultRow, body: Readable | null): Promise<VaultRow> {
    const ctx = this.ctx;
    const store = this.store;
    const C = start.chunkSize;
    const size = start.size;
    const total = chunkCount(size, C);
    const segmentChunks = Math.max(1, Math.floor(ctx.config.exchange.segmentBytes / C));
    const expected = typeForName(start.fileName);
    const dek = this.core.keys.unwrap(start.wrappedKey!, start.keyId, start.id);
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
          await this.core.integrityFailed(row.id, { reason: 'tail', chunk: nextChunk });
          throw new VaultIntegrityError(row.id, 'chunk', nextChunk);
        }
        pending.push(plain);
        pendingLen = plain.length;
      }
      const hash = await this.hashAt(row, dek, pendingLen ? pending[0]! : null);
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
        row = await this.commit(row, { segments: [...row.segments, seg], tail: null, received: Math.min(size, nextChunk * C), detectedType });
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
        row = await this.commit(row, { tail: { name, length: plain.length }, received: nextChunk * C + plain.length, detectedType });
        if (replaced) await store.delete(objectKey(row.blobKey, replaced.name)).catch(() => undefined);
      }
      if (row.received !== arrived) throw new Error('upload bookkeeping mismatch');
      this.core.hashes.set(row.id, { offset: row.received, hash });
      return row;
    } finally {
      dek.fill(0);
      // Leave nothing of the body unread behind a failure: the route closes the connection.
      if (body && !body.readableEnded) body.resume();
    }
  }

  /** Advances the durable offset, only from the state this request started from (a conditional update). */
  private async commit(row: VaultRow, set: Partial<Pick<VaultRow, 'segments' | 'tail' | 'received' | 'detectedType'>>): Promise<VaultRow> {
    const now = this.ctx.clock.now();
    const [next] = await this.ctx.db
      .update(exchangeVaultFiles)
      .set({ ...set, updatedAt: now, expiresAt: new Date(now.getTime() + this.ctx.config.exchange.uploadMs) })
      .where(and(eq(exchangeVaultFiles.id, row.id), eq(exchangeVaultFiles.status, 'uploading'), eq(exchangeVaultFiles.received, row.received)))
      .returning();
    if (!next) throw new AppError(409, 'UPLOAD_BUSY', 'This upload was changed by another request.');
    return next;
  }

  /** The last byte is in: check the content (archives too), then record the file and its SHA-256. */
  private async complete(actor: Actor, row: VaultRow): Promise<VaultRow> {
    const cached = this.core.hashes.get(row.id);
    const dek = this.core.keys.unwrap(row.wrappedKey!, row.keyId, row.id);
    let sha256: string;
    let type = typeForName(row.fileName);
    try {
      const hash = cached && cached.offset === row.received ? cached.hash : await this.hashAt(row, dek, null);
      sha256 = hash.digest('hex');
      this.core.hashes.delete(row.id);
      if (!row.detectedType) checkHead(type, await readRange(this.store, layout(row), dek, 0, Math.min(row.size, SNIFF_BYTES)), row.size <= SNIFF_BYTES);
      if (ZIP_TYPES.has(type)) {
        const l = layout(row);
        const report = await inspectZip(
          type as 'zip' | 'xlsx' | 'docx',
          row.size,
          (s, e) => readRange(this.store, l, dek, s, e),
          async (s) => readPlaintext(this.store, l, dek, { start: s }),
        );
        type = report.type;
      }
    } finally {
      dek.fill(0);
    }
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction(async (tx) => {
      const [done] = await tx
        .update(exchangeVaultFiles)
        .set({ status: 'complete', sha256, detectedType: type, completedAt: now, updatedAt: now })
        .where(and(eq(exchangeVaultFiles.id, row.id), eq(exchangeVaultFiles.status, 'uploading'), eq(exchangeVaultFiles.received, row.size)))
        .returning();
      if (!done) throw new AppError(409, 'UPLOAD_BUSY', 'This upload was changed by another request.');
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.uploaded',
        targetType: 'exchange_file',
        targetId: row.id,
        details: { fileName: row.fileName, size: row.size, sha256, detectedType: type, keyId: row.keyId },
      });
      return done;
    });
  }

  /**
   * Housekeeping: expires unfinished uploads idle past their expiry; crypto-erases finished files
   * never attached to a transfer within the same time (an upload nobody sent must not linger);
   * removes leftovers of writes cut off by a crash.
   */
  async expireAbandoned(now: Date): Promise<{ expired: number; unattached: number; swept: number }> {
    const rows = await this.ctx.db
      .select()
      .from(exchangeVaultFiles)
      .where(and(eq(exchangeVaultFiles.status, 'uploading'), lt(exchangeVaultFiles.expiresAt, now)))
      .limit(500);
    const expiredIds: string[] = [];
    for (const r of rows) {
      if (this.core.busy.has(r.id)) continue;
      await this.destroy(r, 'expired', null);
      expiredIds.push(r.id);
    }
    const cutoff = new Date(now.getTime() - this.ctx.config.exchange.uploadMs);
    const orphans = await this.ctx.db
      .select({ id: exchangeVaultFiles.id, blobKey: exchangeVaultFiles.blobKey })
      .from(exchangeVaultFiles)
      .where(
        and(
          eq(exchangeVaultFiles.status, 'complete'),
          lt(exchangeVaultFiles.completedAt, cutoff),
          notExists(this.ctx.db.select({ one: sql`1` }).from(exchangeFiles).where(eq(exchangeFiles.vaultFileId, exchangeVaultFiles.id))),
        ),
      )
      .limit(500);
    const erasedIds: string[] = [];
    for (const o of orphans) {
      const done = await this.ctx.db
        .update(exchangeVaultFiles)
        .set({ status: 'erased', wrappedKey: null, segments: [], tail: null, erasedAt: now, updatedAt: now })
        .where(and(eq(exchangeVaultFiles.id, o.id), eq(exchangeVaultFiles.status, 'complete'), notExists(this.ctx.db.select({ one: sql`1` }).from(exchangeFiles).where(eq(exchangeFiles.vaultFileId, o.id)))))
        .returning({ id: exchangeVaultFiles.id });
      if (!done.length) continue;
      await this.store.deletePrefix(o.blobKey).catch(() => undefined);
      erasedIds.push(o.id);
    }
    if (expiredIds.length || erasedIds.length) {
      await appendAuditAlone(this.ctx.db, this.ctx.clock, systemActor('exchange-vault'), {
        action: 'exchange.uploads_expired',
        targetType: 'exchange_file',
        details: { expired: expiredIds.length, unattachedErased: erasedIds.length, ids: [...expiredIds, ...erasedIds].slice(0, 100) },
      });
    }
    // Temp files of writes cut off by a crash (a day old: no write in progress takes that long).
    const swept = await this.store.sweep(24 * 3_600_000, Date.now()).catch(() => 0);
    return { expired: expiredIds.length, unattached: erasedIds.length, swept };
  }
}

async function collect(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of r as AsyncIterable<Buffer>) parts.push(b);
  return Buffer.concat(parts);
}

/** The HTTP form of the vault's own errors. */
export function toAppError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  if (e instanceof ContentRefusedError) {
    const msg =
      e.code === 'ARCHIVE_REFUSED'
        ? 'The archive was refused by the content check.'
        : e.code === 'FILE_NAME_RESERVED'
          ? 'This file name is reserved by Windows (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9); rename the file.'
          : 'This kind of file cannot be exchanged, or its content does not match its name.';
    return new AppError(422, e.code, msg, { reason: e.reason, ...e.details });
  }
  if (isStorageFull(e)) return new StorageFullError();
  if (e instanceof VaultIntegrityError) return new AppError(500, 'FILE_INTEGRITY_FAILED', 'The stored file failed its integrity check.');
  return e;
}
