import { and, desc, eq, inArray, isNotNull, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { HoldDto, HoldList, SetHold } from '../../../shared/exchange.js';
import { systemActor, type Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { exchangeFiles, exchangeHolds, exchangePurges, exchangeTransfers } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { summaries, type FileRow } from './dto.js';
import { nobody, personRefs } from './recipients.js';
import type { Vault } from './vault/vault.js';

const JOB_ACTOR = systemActor('exchange.retention');
/** Transfers not yet released that pass their expiry are expired (and purged) too: abandoned drafts keep nothing. */
const LIVE = ['draft', 'awaiting_scan', 'blocked', 'awaiting_approval', 'available'];

/** Active holds: on this transfer, or on every transfer. */
export function heldCondition(transferId: string): SQL {
  return and(isNull(exchangeHolds.releasedAt), or(isNull(exchangeHolds.transferId), eq(exchangeHolds.transferId, transferId)))!;
}

/**
 * Retention (P32-2.1.2): transfers expire at their time; expired and withdrawn transfers are
 * crypto-erased (vault.erase: the data key destroyed, the blob deleted) with a purge record, unless
 * a retention hold (set by the manager or the data center, e.g. during an incident) stops it.
 */
export class Retention {
  constructor(
    private readonly ctx: AppContext,
    private readonly vault: Vault,
  ) {}

  async isHeld(conn: Conn, transferId: string): Promise<boolean> {
    const [h] = await conn.select({ id: exchangeHolds.id }).from(exchangeHolds).where(heldCondition(transferId)).limit(1);
    return !!h;
  }

  /** The job: expire what passed its time, then purge what may be purged. */
  async run(now: Date): Promise<{ expired: number; purged: number; filesErased: number }> {
    const due = await this.ctx.db
      .select({ id: exchangeTransfers.id, state: exchangeTransfers.state })
      .from(exchangeTransfers)
      .where(and(inArray(exchangeTransfers.state, LIVE), lte(exchangeTransfers.expiresAt, now)))
      .limit(500);
    let expired = 0;
    for (const d of due) {
      const changed = await this.ctx.db.transaction(async (tx) => {
        const [t] = await tx
          .update(exchangeTransfers)
          .set({ state: 'expired', expiredAt: now, updatedAt: now })
          .where(and(eq(exchangeTransfers.id, d.id), inArray(exchangeTransfers.state, LIVE), lte(exchangeTransfers.expiresAt, now)))
          .returning({ id: exchangeTransfers.id });
        if (!t) return false;
        await appendAudit(tx, this.ctx.clock, JOB_ACTOR, { action: 'exchange.expired', targetType: 'exchange_transfer', targetId: d.id, details: { from: d.state } });
        return true;
      });
      if (changed) expired++;
    }
    let purged = 0;
    let filesErased = 0;
    const purgeable = await this.ctx.db
      .select({ id: exchangeTransfers.id })
      .from(exchangeTransfers)
      .where(and(inArray(exchangeTransfers.state, ['expired', 'withdrawn']), isNull(exchangeTransfers.purgedAt)))
      .limit(500);
    for (const p of purgeable) {
      const r = await this.purgeTransfer(p.id);
      if (r) {
        purged++;
        filesErased += r.files;
      }
    }
    // Files removed from a transfer while it was held are erased once the hold is gone.
    const leftovers = await this.ctx.db
      .select({ f: exchangeFiles })
      .from(exchangeFiles)
      .where(and(isNotNull(exchangeFiles.removedAt), isNull(exchangeFiles.erasedAt)))
      .limit(500);
    for (const { f } of leftovers) if (!(await this.isHeld(this.ctx.db, f.transferId)) && (await this.eraseFile(f, 'removed', JOB_ACTOR))) filesErased++;
    return { expired, purged, filesErased };
  }

  /** Crypto-erases one file (unless it already is) and records it. False when a hold stops it. */
  async eraseFile(f: FileRow, reason: 'expired' | 'withdrawn' | 'removed', actor: Actor): Promise<boolean> {
    if (f.erasedAt) return false;
    if (await this.isHeld(this.ctx.db, f.transferId)) return false;
    await this.vault.erase(f.vaultFileId);
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction(async (tx) => {
      const [done] = await tx
        .update(exchangeFiles)
        .set({ erasedAt: now })
        .where(and(eq(exchangeFiles.id, f.id), isNull(exchangeFiles.erasedAt)))
        .returning({ id: exchangeFiles.id });
      if (!done) return false;
      await tx.insert(exchangePurges).values({ transferId: f.transferId, fileId: f.id, vaultFileId: f.vaultFileId, sha256: f.sha256, size: f.size, reason, purgedAt: now });
      if (reason === 'removed') {
        await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.purged', targetType: 'exchange_transfer', targetId: f.transferId, details: { reason, fileId: f.id, sha256: f.sha256, files: 1 } });
      }
      return true;
    });
  }

  /** Purges an expired or withdrawn transfer: every file erased, then the transfer marked purged. Null when held or not purgeable. */
  async purgeTransfer(transferId: string, actor: Actor = JOB_ACTOR): Promise<{ files: number } | null> {
    const [t] = await this.ctx.db.select().from(exchangeTransfers).where(eq(exchangeTransfers.id, transferId));
    if (!t || t.purgedAt || !['expired', 'withdrawn'].includes(t.state)) return null;
    if (await this.isHeld(this.ctx.db, transferId)) return null;
    const reason = t.state === 'withdrawn' ? 'withdrawn' : 'expired';
    const files = await this.ctx.db.select().from(exchangeFiles).where(eq(exchangeFiles.transferId, transferId));
    let erased = 0;
    for (const f of files) if (await this.eraseFile(f, reason, actor)) erased++;
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction(async (tx) => {
      const [done] = await tx
        .update(exchangeTransfers)
        .set({ state: 'purged', purgedAt: now, updatedAt: now })
        .where(and(eq(exchangeTransfers.id, transferId), isNull(exchangeTransfers.purgedAt), inArray(exchangeTransfers.state, ['expired', 'withdrawn'])))
        .returning({ id: exchangeTransfers.id });
      if (!done) return null;
      const erasedIds = files.filter((f) => !f.removedAt).map((f) => ({ fileId: f.id, sha256: f.sha256 }));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.purged', targetType: 'exchange_transfer', targetId: transferId, details: { reason, files: erased, erased: erasedIds } });
      return { files: erased };
    });
  }

  // ---- holds --------------------------------------------------------------------------------

  async listHolds(actor: Actor, active: boolean): Promise<HoldList> {
    await this.ctx.authz.require(actor, 'exchange.manage');
    const rows = await this.ctx.db
      .select()
      .from(exchangeHolds)
      .where(active ? isNull(exchangeHolds.releasedAt) : isNotNull(exchangeHolds.releasedAt))
      .orderBy(desc(exchangeHolds.setAt))
      .limit(500);
    return { items: await this.holdDtos(rows) };
  }

  async setHold(actor: Actor, input: SetHold): Promise<HoldDto> {
    await this.ctx.authz.require(actor, 'exchange.manage');
    if (input.transferId) {
      const [t] = await this.ctx.db.select({ id: exchangeTransfers.id, purgedAt: exchangeTransfers.purgedAt }).from(exchangeTransfers).where(eq(exchangeTransfers.id, input.transferId));
      if (!t) throw new NotFoundError('Transfer');
      if (t.purgedAt) throw new AppError(409, 'TRANSFER_STATE', 'This transfer is already purged; there is nothing left to hold.', { state: 'purged' });
    }
    const row = await this.ctx.db.transaction(async (tx) => {
      const [h] = await tx.insert(exchangeHolds).values({ transferId: input.transferId, reason: input.reason, setBy: actor.personId, setAt: this.ctx.clock.now() }).returning();
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.hold_set',
        targetType: input.transferId ? 'exchange_transfer' : 'exchange_hold',
        targetId: input.transferId ?? h!.id,
        details: { holdId: h!.id, scope: input.transferId ? 'transfer' : 'all', reason: input.reason },
      });
      return h!;
    });
    return (await this.holdDtos([row]))[0]!;
  }

  async releaseHold(actor: Actor, holdId: string, reason: string): Promise<HoldDto> {
    await this.ctx.authz.require(actor, 'exchange.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const [h] = await tx
        .update(exchangeHolds)
        .set({ releasedAt: this.ctx.clock.now(), releasedBy: actor.personId, releaseReason: reason })
        .where(and(eq(exchangeHolds.id, holdId), isNull(exchangeHolds.releasedAt)))
        .returning();
      if (!h) {
        const [exists] = await tx.select({ id: exchangeHolds.id }).from(exchangeHolds).where(eq(exchangeHolds.id, holdId));
        if (!exists) throw new NotFoundError('Hold');
        throw new AppError(409, 'CONFLICT', 'This hold was already released.');
      }
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.hold_released',
        targetType: h.transferId ? 'exchange_transfer' : 'exchange_hold',
        targetId: h.transferId ?? h.id,
        details: { holdId: h.id, scope: h.transferId ? 'transfer' : 'all', reason },
      });
      return h;
    });
    return (await this.holdDtos([row]))[0]!;
  }

  private async holdDtos(rows: (typeof exchangeHolds.$inferSelect)[]): Promise<HoldDto[]> {
    const tIds = rows.map((r) => r.transferId).filter((x): x is string => !!x);
    const tRows = tIds.length ? await this.ctx.db.select().from(exchangeTransfers).where(inArray(exchangeTransfers.id, tIds)) : [];
    const sums = new Map((await summaries(this.ctx.db, tRows, null)).map((s) => [s.id, s]));
    const people = await personRefs(this.ctx.db, [...rows.map((r) => r.setBy), ...rows.map((r) => r.releasedBy)]);
    const ref = (id: string | null) => {
      if (!id) return null;
      const p = people.get(id) ?? nobody(id);
      return { id: p.id, nameJa: p.nameJa, nameEn: p.nameEn };
    };
    return rows.map((h) => ({
      id: h.id,
      transfer: h.transferId ? (sums.get(h.transferId) ?? null) : null,
      reason: h.reason,
      setBy: ref(h.setBy),
      setAt: h.setAt.toISOString(),
      releasedBy: ref(h.releasedBy),
      releasedAt: h.releasedAt?.toISOString() ?? null,
      releaseReason: h.releaseReason,
    }));
  }
}

