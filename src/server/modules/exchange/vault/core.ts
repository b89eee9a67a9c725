import type { Hash } from 'node:crypto';
import { appendAuditAlone } from '../../../audit/audit.service.js';
import { systemActor } from '../../../authz/actor.js';
import type { AppContext } from '../../../context.js';
import { blobStoreOf } from './blob-store.js';
import { KeyRing } from './crypto.js';
import type { BlobStore } from './store.js';

/**
 * What the upload routes and every `Vault` of one application share: the blob store, the master
 * keys, the in-memory SHA-256 states of uploads in progress, and the per-upload locks.
 */
export class VaultCore {
  /** Running SHA-256 of an upload in progress, valid for exactly `offset` bytes (durable ones). */
  readonly hashes = new Map<string, { offset: number; hash: Hash }>();
  /** Uploads with a PATCH running in this process. */
  readonly busy = new Set<string>();
  private keyRing: KeyRing | null = null;

  constructor(readonly ctx: AppContext) {}

  get store(): BlobStore {
    return blobStoreOf(this.ctx);
  }

  get keys(): KeyRing {
    this.keyRing ??= new KeyRing(
      this.ctx.secrets.masterKey,
      this.ctx.config.exchange.previousMasterKeys.map((k) => Buffer.from(k, 'base64')),
    );
    return this.keyRing;
  }

  /** Replaces the master keys (tests of a rotation; the CLI builds them from the configuration). */
  setKeys(keys: KeyRing): void {
    this.keyRing = keys;
  }

  /** Records a refused chunk, a truncated or missing blob or a wrong SHA-256 (P32-1.2.2): audited as the system, with where it happened. */
  async integrityFailed(fileId: string, details: Record<string, unknown>): Promise<void> {
    try {
      await appendAuditAlone(this.ctx.db, this.ctx.clock, systemActor('exchange-vault'), { action: 'exchange.integrity_failed', targetType: 'exchange_file', targetId: fileId, details });
    } catch {
      // the stream's error still reaches the caller; an audit failure must not hide it
    }
  }
}

const cores = new WeakMap<AppContext, VaultCore>();

export function vaultCore(ctx: AppContext): VaultCore {
  let c = cores.get(ctx);
  if (!c) cores.set(ctx, (c = new VaultCore(ctx)));
  return c;
}
