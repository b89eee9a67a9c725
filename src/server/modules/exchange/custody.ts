import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { CustodyList } from '../../../shared/exchange.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import { auditLog, exchangeFiles } from '../../db/schema/index.js';
import { nobody, personRefs } from './recipients.js';
import type { TransfersService } from './transfers.service.js';

/** Detail fields that never leave the server in a custody view (free text is shown on the transfer page itself). */
const HIDDEN = new Set(['vaultFileId']);

/**
 * A transfer's chain of custody: every audit entry about it (created, files attached and scanned,
 * waivers, exceptions, approvals, release, notices, downloads, withdrawal, purge) and about its
 * files in the vault (upload, integrity failures), oldest first. The audit log is the record;
 * this only reads it. IP addresses and user agents go to the data center only.
 */
export async function custody(ctx: AppContext, transfers: TransfersService, actor: Actor, transferId: string): Promise<CustodyList> {
  await ctx.authz.require(actor, 'exchange.send');
  const { t, viewer } = await transfers.visible(actor, transferId);
  if (viewer === 'recipient' && transfers.isGone(t)) {
    // Same answer as the transfer page: a recipient cannot reach a transfer that is gone.
    await transfers.get(actor, transferId);
  }
  const files = await ctx.db.select({ id: exchangeFiles.id, vaultFileId: exchangeFiles.vaultFileId, fileName: exchangeFiles.fileName }).from(exchangeFiles).where(eq(exchangeFiles.transferId, transferId));
  const byVault = new Map(files.map((f) => [f.vaultFileId, f]));
  const byId = new Map(files.map((f) => [f.id, f]));
  const vaultIds = files.map((f) => f.vaultFileId);
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(
      or(
        and(eq(auditLog.targetType, 'exchange_transfer'), eq(auditLog.targetId, transferId)),
        // The vault's own entries about these files (upload, integrity), whatever target type it uses.
        vaultIds.length ? inArray(auditLog.targetId, vaultIds) : undefined,
      ),
    )
    .orderBy(asc(auditLog.seq))
    .limit(2000);
  const manager = can(actor, 'exchange.manage');
  const subjectOf = (d: unknown) => {
    const v = (d as { personId?: unknown } | null)?.personId;
    return typeof v === 'string' ? v : null;
  };
  const people = await personRefs(ctx.db, [...rows.map((r) => r.actorPersonId), ...rows.map((r) => subjectOf(r.details))]);
  const ref = (id: string | null) => {
    if (!id) return null;
    const p = people.get(id) ?? nobody(id);
    return { id: p.id, nameJa: p.nameJa, nameEn: p.nameEn };
  };
  return {
    items: rows.map((r) => {
      const details = (r.details ?? null) as Record<string, unknown> | null;
      const fileId = typeof details?.fileId === 'string' ? details.fileId : null;
      const file = (fileId && byId.get(fileId)) || (r.targetId ? byVault.get(r.targetId) : undefined) || null;
      const shown = details ? Object.fromEntries(Object.entries(details).filter(([k]) => !HIDDEN.has(k))) : null;
      return {
        seq: r.seq,
        at: r.at.toISOString(),
        action: r.action,
        actor: ref(r.actorPersonId),
        system: !r.actorPersonId,
        fileId: file?.id ?? null,
        fileName: file?.fileName ?? null,
        subject: ref(subjectOf(details)),
        details: shown,
        ip: manager ? r.actorIp : null,
        userAgent: manager ? r.actorUserAgent : null,
      };
    }),
  };
}
