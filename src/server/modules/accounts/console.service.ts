import { inArray } from 'drizzle-orm';
import type { AccountCountsDto, BulkInviteResultDto, ExportAccountsQuery, InviteIneligible } from '../../../shared/accounts.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import { people } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import { accountCounts, accountRows, listCondition, listOrder } from './account-list.js';
import { accountsCsv } from './accounts.csv.js';
import { inviteRefusal, issueInvitation } from './lifecycle.js';

/** Most rows one CSV export carries (the registry of ~190 hospitals is far below it). */
const EXPORT_MAX_ROWS = 50_000;

export class InviteNotEligibleError extends AppError {
  constructor(ineligible: { personId: string; reason: InviteIneligible }[]) {
    super(400, 'INVITE_NOT_ELIGIBLE', `${ineligible.length} of the people named cannot be sent an invitation; nobody was.`, { ineligible });
  }
}

/** The account console's overview, bulk invitations and CSV export (account.manage). */
export class AccountConsoleService {
  constructor(private readonly ctx: AppContext) {}

  /** How many people are in each state: one query with conditional counts. */
  async counts(actor: Actor): Promise<AccountCountsDto> {
    await this.ctx.authz.require(actor, 'account.manage');
    return accountCounts(this.ctx.db, this.ctx);
  }

  /**
   * Issues or resends the invitations of several people in one transaction, all or nothing: when
   * anyone named is not eligible (see inviteRefusal) nothing changes, no email goes out, and the 400
   * answer lists who and why. Rows are locked in id order so two bulk runs cannot deadlock.
   */
  async inviteMany(actor: Actor, personIds: string[]): Promise<BulkInviteResultDto> {
    await this.ctx.authz.require(actor, 'account.manage');
    const items = await this.ctx.db.transaction(async (tx) => {
      const rows = await tx.select().from(people).where(inArray(people.id, personIds)).orderBy(people.id).for('update');
      const byId = new Map(rows.map((r) => [r.id, r]));
      const ineligible = personIds.flatMap((personId) => {
        const p = byId.get(personId);
        const reason = p ? inviteRefusal(p, { allowOffboarded: false }) : 'not_found';
        return reason ? [{ personId, reason }] : [];
      });
      if (ineligible.length > 0) throw new InviteNotEligibleError(ineligible);
      const done: BulkInviteResultDto['items'] = [];
      for (const personId of personIds) {
        const r = await issueInvitation(tx, this.ctx, actor, byId.get(personId)!);
        done.push({ personId, action: r.action, invitationExpiresAt: r.expiresAt.toISOString() });
      }
      return done;
    });
    this.ctx.mailer.kick();
    return { invited: items.filter((i) => i.action === 'invited').length, resent: items.filter((i) => i.action === 'resent').length, items };
  }

  /**
   * The filtered list as CSV (UTF-8 with a BOM, for Excel). Reading it is a read of personal data
   * (names, email addresses, sign-in times): audited in the same transaction as the read.
   */
  async exportCsv(actor: Actor, q: ExportAccountsQuery): Promise<{ body: Buffer; fileName: string }> {
    await this.ctx.authz.require(actor, 'account.manage');
    return this.ctx.db.transaction(async (tx) => {
      const rows = await accountRows(tx, this.ctx, listCondition(this.ctx, q), listOrder(q.sort, q.dir), EXPORT_MAX_ROWS, 0);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'account.exported',
        targetType: null,
        targetId: null,
        details: { format: 'csv', lang: q.lang, filter: q.filter ?? null, q: q.q ?? null, sort: q.sort, dir: q.dir, rows: rows.length },
      });
      const day = new Date(this.ctx.clock.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
      return { body: accountsCsv(rows, q.lang), fileName: `mamori-accounts-${day}.csv` };
    });
  }
}
