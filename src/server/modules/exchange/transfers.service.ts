import { and, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { ListTransfersQuery, TransferDto, TransferPage, TransferState, Viewer } from '../../../shared/exchange.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import { approvalQueueScope, transferScope, transferViewer } from '../../authz/scopes/transfers.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { exchangeApprovals, exchangeExceptions, exchangeFindings, exchangeRecipients, exchangeTransfers } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { detail, summaries, type TransferRow } from './dto.js';
import type { Retention } from './retention.js';

/** The sender may still change these. */
export const EDITABLE: readonly TransferState[] = ['draft', 'blocked'];
/** Nobody downloads from these any more. */
export const GONE: readonly TransferState[] = ['expired', 'withdrawn', 'purged'];
/** How long a release request waits for scans still running in this process before answering 202. */

export const stateError = (state: string, message = 'The transfer is not in a state that allows this.', extra: Record<string, unknown> = {}) => new AppError(409, 'TRANSFER_STATE', message, { state, ...extra });
export const goneError = (state: string) => new AppError(410, 'TRANSFER_GONE', 'This transfer has expired, was withdrawn or was purged; its files can no longer be downloaded.', { state });

/**
 * Transfers (P32-2.1.2): a sender addresses named people or units, attaches files finished through
 * the vault's uploads, and asks for release; the identifier tripwire, the data center's exceptions
 * and a second approver (special-care data) stand between the request and the recipients, who are
 * emailed a notice and download after signing in. Only the sender changes a transfer; only the
 * sender and its recipients download; anyone else gets 404.
 *
 * This service reads transfers and decides who sees them; the sender's draft
 * (transfer-drafts.service.ts), the release (transfer-release.service.ts) and what follows it
 * (transfer-delivery.service.ts) build on it.
 */
export class TransfersService {
  constructor(
    private readonly ctx: AppContext,
    private readonly retention: Retention,
  ) {}

  // ---- reading ------------------------------------------------------------------------------

  async load(conn: Conn, id: string, forUpdate = false): Promise<TransferRow> {
    const q = conn.select().from(exchangeTransfers).where(eq(exchangeTransfers.id, id));
    const [t] = forUpdate ? await q.for('update') : await q;
    if (!t) throw new NotFoundError('Transfer');
    return t;
  }

  /** How the actor relates to the transfer, or null (answered 404): the transfer scope (authz/scopes/transfers.ts). */
  async viewerOf(conn: Conn, actor: Actor, t: TransferRow): Promise<Viewer | null> {
    // policy: caller — this is the transfer scope's rule itself, asked by callers that checked the permission first
    const me = actor.personId;
    // Only the actor's own recipient and approval rows matter to the rule.
    const [recipients, approvers] =
      me && t.senderPersonId !== me
        ? await Promise.all([
            conn.select({ id: exchangeRecipients.personId }).from(exchangeRecipients).where(and(eq(exchangeRecipients.transferId, t.id), eq(exchangeRecipients.personId, me))),
            conn.select({ id: exchangeApprovals.approverId }).from(exchangeApprovals).where(and(eq(exchangeApprovals.transferId, t.id), eq(exchangeApprovals.approverId, me))),
          ])
        : [[], []];
    return transferViewer(actor, { ...t, recipientIds: recipients.map((r) => r.id), approverIds: approvers.map((a) => a.id) });
  }

  /** The transfer and the actor's relation to it; 404 when the actor has none. */
  async visible(actor: Actor, id: string): Promise<{ t: TransferRow; viewer: Viewer }> {
    const [t] = await this.ctx.db.select().from(exchangeTransfers).where(and(eq(exchangeTransfers.id, id), transferScope.filter(actor)));
    const viewer = t ? await this.viewerOf(this.ctx.db, actor, t) : null;
    if (!t || !viewer) throw new NotFoundError('Transfer');
    return { t, viewer };
  }

  /** For the sender's changes: 404 to whoever cannot see the transfer, 403 (audited) to whoever can but did not send it. */
  async own(actor: Actor, id: string): Promise<TransferRow> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const { t } = await this.visible(actor, id);
    await this.ctx.authz.require(actor, 'exchange.send', { personId: t.senderPersonId });
    return t;
  }

  async get(actor: Actor, id: string): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const { t, viewer } = await this.visible(actor, id);
    // A recipient cannot reach a transfer that is gone (their inbox still lists it, with its state).
    if (viewer === 'recipient' && this.isGone(t)) throw goneError(this.effectiveState(t));
    return this.dto(actor, t, viewer);
  }

  async dto(actor: Actor, t: TransferRow, viewer: Viewer): Promise<TransferDto> {
    // policy: caller — the viewer was established by visible() or own(), which consult the transfer scope
    const held = await this.retention.isHeld(this.ctx.db, t.id);
    const editable = viewer === 'sender' && EDITABLE.includes(t.state as TransferState);
    const [open] = await this.ctx.db
      .select({ n: count() })
      .from(exchangeFindings)
      .where(and(eq(exchangeFindings.transferId, t.id), isNull(exchangeFindings.resolution), isNull(exchangeFindings.exceptionId)));
    const [pending] = await this.ctx.db
      .select({ n: count() })
      .from(exchangeExceptions)
      .where(and(eq(exchangeExceptions.transferId, t.id), eq(exchangeExceptions.status, 'pending')));
    const dto = await detail(this.ctx.db, t, {
      viewer,
      viewerId: actor.personId,
      manager: can(actor, 'exchange.manage'),
      held,
      can: {
        edit: editable,
        release: editable,
        withdraw: viewer === 'sender' && !GONE.includes(t.state as TransferState) && !t.firstDownloadAt,
        download: (viewer === 'sender' || viewer === 'recipient') && !this.isGone(t) && (viewer === 'sender' || t.state === 'available'),
        approve: viewer === 'approver' && t.state === 'awaiting_approval',
        requestException: editable && Number(open?.n ?? 0) > 0 && Number(pending?.n ?? 0) === 0,
      },
    });
    return { ...dto, state: this.effectiveState(t) };
  }

  /** An available transfer past its time is expired even before the job has run. */
  effectiveState(t: TransferRow): TransferState {
    if (t.state === 'available' && t.expiresAt <= this.ctx.clock.now()) return 'expired';
    return t.state as TransferState;
  }

  isGone(t: TransferRow): boolean {
    return GONE.includes(this.effectiveState(t));
  }

  async list(actor: Actor, q: ListTransfersQuery): Promise<TransferPage> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const me = actor.personId ?? '00000000-0000-0000-0000-000000000000';
    const where: SQL[] = [];
    if (q.box === 'outbox') where.push(eq(exchangeTransfers.senderPersonId, me));
    else where.push(sql`exists (select 1 from ${exchangeRecipients} r where r.transfer_id = ${exchangeTransfers.id} and r.person_id = ${me})`);
    if (q.state) where.push(eq(exchangeTransfers.state, q.state));
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.ctx.db
        .select()
        .from(exchangeTransfers)
        .where(cond)
        .orderBy(desc(q.box === 'inbox' ? sql`coalesce(${exchangeTransfers.releasedAt}, ${exchangeTransfers.createdAt})` : exchangeTransfers.createdAt), desc(exchangeTransfers.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.ctx.db.select({ n: count() }).from(exchangeTransfers).where(cond),
    ]);
    const items = (await summaries(this.ctx.db, rows, actor.personId)).map((s, i) => ({ ...s, state: this.effectiveState(rows[i]!) }));
    return { items, total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  /** Special-care transfers waiting for the actor's second approval. */
  async approvalQueue(actor: Actor) {
    await this.ctx.authz.require(actor, 'exchange.approve');
    const rows = await this.ctx.db.select().from(exchangeTransfers).where(approvalQueueScope.filter(actor)).orderBy(exchangeTransfers.releaseRequestedAt).limit(500);
    return { items: await summaries(this.ctx.db, rows, actor.personId) };
  }
}
