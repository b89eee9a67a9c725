import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { and, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import { appendAuditAlone } from '../../../audit/audit.service.js';
import { systemActor } from '../../../authz/actor.js';
import type { AppContext } from '../../../context.js';
import type { Conn } from '../../../db/client.js';
import { exchangeVaultFiles } from '../../../db/schema/index.js';
import { vaultCore, type VaultCore } from './core.js';
import { KeyUnavailableError } from './crypto.js';
import { VaultFileGoneError, VaultIntegrityError } from './errors.js';
import { readPlaintext } from './reader.js';
import type { VaultRow } from './upload.js';
import type { VaultFile } from './vault.js';

const toFile = (r: VaultRow): VaultFile => ({
  id: r.id,
  ownerPersonId: r.ownerPersonId,
  transferId: r.transferId,
  fileName: r.fileName,
  size: r.size,
  sha256: r.sha256 ?? '',
  detectedType: r.detectedType ?? '',
  createdAt: r.createdAt,
  erasedAt: r.erasedAt,
});

/** See vault.ts for the contract. */
export class Vault {
  private readonly core: VaultCore;

  constructor(protected readonly ctx: AppContext) {
    this.core = vaultCore(ctx);
  }

  /** Metadata of a finished (uploaded, verified) file; null if unknown or unfinished. Erased files are returned with `erasedAt` set. */
  async file(id: string, conn?: Conn): Promise<VaultFile | null> {
    const [r] = await (conn ?? this.ctx.db)
      .select()
      .from(exchangeVaultFiles)
      .where(and(eq(exchangeVaultFiles.id, id), inArray(exchangeVaultFiles.status, ['complete', 'erased'])));
    return r ? toFile(r) : null;
  }

  /**
   * Plaintext stream of a finished file. Each chunk is authenticated before it is emitted; the whole SHA-256 is
   * checked at the end. A tampered, truncated or missing blob errors the stream with VaultIntegrityError (the
   * vault audits 'exchange.integrity_failed' itself). Rejects with VaultFileGoneError for an unknown, unfinished
   * or erased file. `range` (start inclusive, end exclusive, in plaintext bytes) serves HTTP Range requests; the
   * whole-file SHA-256 is checked only when the whole file is read.
   */
  async openPlaintext(id: string, range?: { start: number; end: number }): Promise<Readable> {
    const [r] = await this.ctx.db.select().from(exchangeVaultFiles).where(eq(exchangeVaultFiles.id, id));
    if (!r || r.status !== 'complete' || !r.wrappedKey || !r.sha256) throw new VaultFileGoneError(id);
    let dek: Buffer;
    try {
      dek = this.core.keys.unwrap(r.wrappedKey, r.keyId, r.id);
    } catch (e) {
      if (e instanceof KeyUnavailableError && this.core.keys.has(r.keyId)) {
        await this.core.integrityFailed(id, { reason: 'key' });
        throw new VaultIntegrityError(id, 'key');
      }
      throw e;
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? r.size;
    if (start < 0 || end > r.size || start > end) {
      dek.fill(0);
      throw new RangeError(`range ${start}-${end} outside 0-${r.size}`);
    }
    const whole = start === 0 && end === r.size;
    const hash = whole ? createHash('sha256') : undefined;
    const store = this.core.store;
    const core = this.core;
    const layout = { id: r.id, size: r.size, chunkSize: r.chunkSize, blobKey: r.blobKey, segments: r.segments };
    async function* verified(): AsyncGenerator<Buffer> {
      try {
        yield* readPlaintext(store, layout, dek, { start, end, hash });
        if (hash) {
          const actual = hash.digest('hex');
          if (actual !== r!.sha256) throw new VaultIntegrityError(id, 'sha256');
        }
      } catch (e) {
        if (e instanceof VaultIntegrityError) await core.integrityFailed(id, { reason: e.reason, chunk: e.chunk, range: whole ? null : { start, end } });
        throw e;
      } finally {
        dek.fill(0);
      }
    }
    return Readable.from(verified(), { objectMode: false, highWaterMark: 1 });
  }

  /** Crypto-erase: destroy the wrapped data key, delete the blob. Idempotent. Does not audit (the caller does: exchange.purged). */
  async erase(id: string, conn?: Conn): Promise<void> {
    const db = conn ?? this.ctx.db;
    const now = this.ctx.clock.now();
    const [r] = await db.select().from(exchangeVaultFiles).where(eq(exchangeVaultFiles.id, id));
    if (!r) return;
    if (r.wrappedKey !== null || r.status === 'complete' || r.status === 'uploading') {
      await db
        .update(exchangeVaultFiles)
        .set({ wrappedKey: null, status: r.status === 'complete' || r.status === 'erased' ? 'erased' : r.status === 'uploading' ? 'abandoned' : r.status, segments: [], tail: null, erasedAt: r.erasedAt ?? now, updatedAt: now })
        .where(eq(exchangeVaultFiles.id, id));
    }
    this.core.hashes.delete(id);
    // The key is gone (the bytes are unreadable); deleting the objects is tidying, retried by a later erase.
    await this.core.store.deletePrefix(r.blobKey);
  }

  /** Master-key rotation: re-wrap every data key under the current key version; returns the count. Audits exchange.keys_rewrapped. */
  async rewrapAll(): Promise<number> {
    const keys = this.core.keys;
    let count = 0;
    const from = new Set<string>();
    for (;;) {
      const rows = await this.ctx.db
        .select({ id: exchangeVaultFiles.id, wrappedKey: exchangeVaultFiles.wrappedKey, keyId: exchangeVaultFiles.keyId })
        .from(exchangeVaultFiles)
        .where(and(isNotNull(exchangeVaultFiles.wrappedKey), ne(exchangeVaultFiles.keyId, keys.currentId)))
        .limit(500);
      if (rows.length === 0) break;
      for (const row of rows) {
        const next = keys.rewrap(row.wrappedKey!, row.keyId, row.id); // throws when the old key is not configured
        await this.ctx.db
          .update(exchangeVaultFiles)
          .set(next)
          .where(and(eq(exchangeVaultFiles.id, row.id), eq(exchangeVaultFiles.keyId, row.keyId)));
        from.add(row.keyId);
        count++;
      }
    }
    await appendAuditAlone(this.ctx.db, this.ctx.clock, systemActor('exchange-vault'), {
      action: 'exchange.keys_rewrapped',
      details: { count, keyId: keys.currentId, from: [...from].sort() },
    });
    return count;
  }
}
