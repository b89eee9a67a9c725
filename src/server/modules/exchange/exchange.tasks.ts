import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import { approvalQueueScope } from '../../authz/scopes/transfers.js';
import type { AppContext } from '../../context.js';
import { exchangeDownloads, exchangeExceptions, exchangeRecipients, exchangeTransfers } from '../../db/schema/index.js';
import type { TaskSource } from '../tasks/public.js';

/** The home page's exchange work: exceptions to decide, transfers to approve, files to download. */
export function exchangeTasks(ctx: AppContext): TaskSource[] {
  return [
    { kind: 'transfer_exceptions', visible: (a) => can(a, 'exchange.manage'), count: () => countPendingExceptions(ctx) },
    { kind: 'transfer_approvals', visible: (a) => can(a, 'exchange.approve'), count: (a) => countApprovalsFor(ctx, a) },
    { kind: 'transfers_to_download', visible: (a) => can(a, 'exchange.send'), count: (a) => countTransfersToDownload(ctx, a) },
  ];
}

/**
 * Counts for the home page's "needs your attention", each with the condition of the page its card
 * opens: transfers in my inbox I can still download and have not yet, special-care transfers
 * waiting for my second approval, and exceptions waiting for the data center.
 */
export async function countTransfersToDownload(ctx: AppContext, actor: Actor): Promise<number> {
  if (!actor.personId) return 0;
  const [r] = await ctx.db
    .select({ n: count() })
    .from(exchangeTransfers)
    .innerJoin(exchangeRecipients, and(eq(exchangeRecipients.transferId, exchangeTransfers.id), eq(exchangeRecipients.personId, actor.personId)))
    .where(
      and(
        eq(exchangeTransfers.state, 'available'),
        gt(exchangeTransfers.expiresAt, ctx.clock.now()),
        sql`not exists (select 1 from ${exchangeDownloads} d where d.transfer_id = ${exchangeTransfers.id} and d.person_id = ${actor.personId})`,
      ),
    );
  return Number(r?.n ?? 0);
}

/** What GET /api/exchange/approvals lists for the actor. */
export async function countApprovalsFor(ctx: AppContext, actor: Actor): Promise<number> {
  const [r] = await ctx.db.select({ n: count() }).from(exchangeTransfers).where(approvalQueueScope.filter(actor));
  return Math.min(Number(r?.n ?? 0), 500);
}

/** What GET /api/exchange/exceptions lists by default (pending). */
export async function countPendingExceptions(ctx: AppContext): Promise<number> {
  const [r] = await ctx.db.select({ n: count() }).from(exchangeExceptions).where(eq(exchangeExceptions.status, 'pending'));
  return Number(r?.n ?? 0);
}
