import { and, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Viewer } from '../../../shared/exchange.js';
import { exchangeApprovals, exchangeRecipients, exchangeTransfers } from '../../db/schema/index.js';
import type { Actor } from '../actor.js';
import { can, type Resource } from '../policy.js';
import { NONE, roleScopes, type Scope } from './scope.js';

/** What decides who sees a transfer: its sender (with their unit and institution) and the people it reached. */
export interface TransferScopeRow {
  senderPersonId: string;
  senderUnitId: string | null;
  senderInstitutionId: string | null;
  state: string;
  /** Its recipients (enough: the actor, when they are one). */
  recipientIds: readonly string[];
  /** Who gave or refused its second approval (enough: the actor, when they did). */
  approverIds: readonly string[];
}

type Sender = Pick<TransferScopeRow, 'senderPersonId' | 'senderUnitId' | 'senderInstitutionId'>;

/** The resource the approval rule (`exchange.approve`) looks at: the sender, their unit and institution. */
export const approvalResource = (t: Sender): Resource => ({ personId: t.senderPersonId, unitId: t.senderUnitId, institutionIds: t.senderInstitutionId ? [t.senderInstitutionId] : [] });

/**
 * `exchange.approve` on a transfer, as a condition over `exchange_transfers`: someone else's
 * transfer, from the actor's unit or (a site role) from an institution they have a site role at.
 */
function approvable(actor: Actor): SQL | undefined {
  if (actor.kind === 'system') return undefined;
  if (actor.kind !== 'person') return NONE;
  const sites = roleScopes(actor, ['site_coordinator', 'researcher'], 'institutionId');
  const where = or(actor.unitId ? eq(exchangeTransfers.senderUnitId, actor.unitId) : undefined, sites.length ? inArray(exchangeTransfers.senderInstitutionId, sites) : undefined);
  if (!where) return NONE;
  return actor.personId ? and(ne(exchangeTransfers.senderPersonId, actor.personId), where) : where;
}

/**
 * How the actor relates to a transfer (P32-2.1.2), or null: its sender, a recipient, an approver
 * (of a transfer waiting for, or once given, their second approval), the data center (manager).
 * Whoever has no relation is answered 404.
 */
export function transferViewer(actor: Actor, t: TransferScopeRow): Viewer | null {
  const me = actor.personId;
  if (!me) return actor.kind === 'system' ? 'manager' : null;
  if (t.senderPersonId === me) return 'sender';
  if (t.recipientIds.includes(me)) return 'recipient';
  if (can(actor, 'exchange.approve', approvalResource(t)) && (t.state === 'awaiting_approval' || t.approverIds.includes(me))) return 'approver';
  if (can(actor, 'exchange.manage')) return 'manager';
  return null;
}

/** The transfers an actor sees at all (transferViewer is not null). */
export const transferScope: Scope<TransferScopeRow> = {
  allows: (actor, t) => transferViewer(actor, t) !== null,
  filter(actor) {
    const me = actor.personId;
    if (!me) return actor.kind === 'system' ? undefined : NONE;
    if (can(actor, 'exchange.manage')) return undefined;
    const approver = approvable(actor);
    return or(
      eq(exchangeTransfers.senderPersonId, me),
      sql`exists (select 1 from ${exchangeRecipients} where ${exchangeRecipients.transferId} = ${exchangeTransfers.id} and ${exchangeRecipients.personId} = ${me})`,
      and(
        approver,
        or(
          eq(exchangeTransfers.state, 'awaiting_approval'),
          sql`exists (select 1 from ${exchangeApprovals} where ${exchangeApprovals.transferId} = ${exchangeTransfers.id} and ${exchangeApprovals.approverId} = ${me})`,
        ),
      ),
    );
  },
};

/** The special-care transfers waiting for the actor's second approval (the approval queue). */
export const approvalQueueScope: Scope<Sender & Pick<TransferScopeRow, 'state'>> = {
  allows: (actor, t) => t.state === 'awaiting_approval' && can(actor, 'exchange.approve', approvalResource(t)),
  filter: (actor) => and(eq(exchangeTransfers.state, 'awaiting_approval'), approvable(actor)),
};
