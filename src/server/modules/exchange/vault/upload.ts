import { randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, lt, notExists, sql } from 'drizzle-orm';
import { appendAudit, appendAuditAlone } from '../../../audit/audit.service.js';
import { systemActor, type Actor } from '../../../authz/actor.js';
import type { AppContext } from '../../../context.js';
import { exchangeFiles, exchangeTransfers, exchangeVaultFiles } from '../../../db/schema/index.js';
import { AppError, NotFoundError } from '../../../errors.js';
import { ContentRefusedError, refuseReservedName, sanitizeFileName, typeForName } from './content-check.js';
import { vaultCore, type VaultCore } from './core.js';
import { chunkCount, newDataKey, TAG_BYTES } from './crypto.js';
import { FileTooLargeError, OffsetMismatchError, StorageFullError, toAppError } from './upload-errors.js';
import { completeUpload, receiveBytes } from './upload-stream.js';

export { FileTooLargeError, OffsetMismatchError, StorageFullError, toAppError } from './upload-errors.js';

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

/** Free space kept back on a local disk beyond what an upload needs. */
const DISK_RESERVE = 256 * 1024 * 1024;

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
      row = await receiveBytes(this.ctx, this.core, row, body);
      if (row.received === row.size && row.status === 'uploading') row = await completeUpload(this.ctx, this.core, actor, row);
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
