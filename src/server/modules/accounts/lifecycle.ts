import { runActivationHooks } from './activation-hooks.js';
import { and, eq, gt, isNotNull, lte } from 'drizzle-orm';
import type { AccountDto, AccountPage, InviteIneligible, ListAccountsQuery, SetAccountExpiry } from '../../../shared/accounts.js';
import type { SuspendedReason } from '../../../shared/account.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { people } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { resetMfa, setPassword } from '../identity/public.js';
import { proposeGroupRotation } from '../groups/public.js';
import { accountRows, countAccounts, listCondition, listOrder } from './account-list.js';
import { accountHistory, findPerson, lockPerson, namesOf, researchGroupIdsOf, setActiveSince, type PersonRow } from './account.repo.js';
import { invitationMail, reactivatedMail, suspendedMail } from './mail.js';
import { issueToken, revokeTokens } from './tokens.js';

export class AccountStateError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(409, 'ACCOUNT_STATE', message, details);
  }
}

/**
 * Offboards a person's account: every session ends, the password and the authenticator are
 * removed, open links are revoked, the status becomes `offboarded`, and a group ID rotation is
 * proposed for each research group the person belonged to (they knew its password). Runs in the
 * caller's transaction; the caller has authorized the actor. Does nothing for an account that is
 * already offboarded or was never issued.
 */
export async function offboardAccount(tx: Conn, ctx: AppContext, actor: Actor, personId: string, reason: string): Promise<void> {
  const p = await lockPerson(tx, personId);
  if (!p) throw new NotFoundError('Person');
  if (p.accountStatus === 'offboarded' || p.accountStatus === 'none') return;
  const ended = await ctx.sessions.endAllFor(tx, personId, 'offboarded');
  if (p.mfaEnrolledAt) await resetMfa(tx, ctx, actor, personId, 'offboarded');
  await revokeTokens(tx, ctx, personId, ['invitation', 'password_reset', 'lost_confirm']);
  const now = ctx.clock.now();
  await tx.update(people).set({ accountStatus: 'offboarded', suspendedReason: null, passwordHash: null, mustChangePassword: false, updatedAt: now }).where(eq(people.id, personId));
  await appendAudit(tx, ctx.clock, actor, { action: 'account.offboarded', targetType: 'person', targetId: personId, details: { reason, from: p.accountStatus, sessionsEnded: ended } });
  const groups = await researchGroupIdsOf(tx, personId);
  if (groups.length > 0) await proposeGroupRotation(tx, ctx, actor, groups, 'member_left');
}

/**
 * Suspends an active account (manually, for dormancy or on expiry): sessions end, outstanding
 * reset links are revoked, the person is told by email. Runs in the caller's transaction.
 */
export async function suspendAccount(tx: Conn, ctx: AppContext, actor: Actor, p: PersonRow, reason: SuspendedReason, note?: string): Promise<void> {
  const ended = await ctx.sessions.endAllFor(tx, p.id, `suspended_${reason}`);
  await revokeTokens(tx, ctx, p.id, ['password_reset', 'lost_confirm']);
  await tx.update(people).set({ accountStatus: 'suspended', suspendedReason: reason, updatedAt: ctx.clock.now() }).where(eq(people.id, p.id));
  await appendAudit(tx, ctx.clock, actor, { action: 'account.suspended', targetType: 'person', targetId: p.id, details: { reason, note: note ?? null, sessionsEnded: ended } });
  await ctx.mailer.enqueue(tx, { to: p.email, personId: p.id, language: p.language, template: suspendedMail, params: { name: namesOf(p), reason } });
}

/**
 * Opens the account of a person the operator created with a password (`mamori admin create`), the
 * state first-run setup gives the first manager: the password set under the password policy,
 * status `active`, the dormancy clock started. They sign in with it and, like everyone, are then led
 * through the authenticator and the pledge. Only a person without an account (`none`) qualifies.
 * Runs in the caller's transaction; the caller has authorized the actor.
 */
export async function activateWithPassword(tx: Conn, ctx: AppContext, actor: Actor, personId: string, password: string): Promise<void> {
  const p = await lockPerson(tx, personId);
  if (!p) throw new NotFoundError('Person');
  if (!p.active) throw new AccountStateError('This person is deactivated in the registry; reactivate them first.');
  if (p.accountStatus !== 'none') throw new AccountStateError('This person already has an account.', { status: p.accountStatus });
  await setPassword(tx, ctx, actor, p.id, password, 'operator');
  const now = ctx.clock.now();
  await tx.update(people).set({ accountStatus: 'active', suspendedReason: null, updatedAt: now }).where(eq(people.id, p.id));
  await setActiveSince(tx, p.id, now);
  await runActivationHooks(tx, ctx, p.id);
  await appendAudit(tx, ctx.clock, actor, { action: 'account.activated', targetType: 'person', targetId: p.id, details: { via: 'operator' } });
}

/**
 * Why a person cannot be sent an invitation now, or null when they can. A bulk invitation also
 * refuses offboarded people (`allowOffboarded: false`): bringing one back is decided person by person.
 */
export function inviteRefusal(p: PersonRow, opts: { allowOffboarded: boolean }): InviteIneligible | null {
  if (!p.active) return 'deactivated';
  if (!p.email.trim()) return 'no_email';
  if (p.accountStatus === 'offboarded') return opts.allowOffboarded ? null : 'offboarded';
  if (p.accountStatus !== 'none' && p.accountStatus !== 'invited') return 'has_account';
  return null;
}

/**
 * Issues an invitation to a locked, eligible person (see inviteRefusal), or sends it again when one is
 * outstanding or lapsed: a new single-use link (the old one stops working), status `invited`, the email
 * queued in the person's language and `account.invited` / `account.invitation_resent` audited — all in
 * the caller's transaction. The caller authorizes the actor and kicks the mailer after the commit.
 */
export async function issueInvitation(tx: Conn, ctx: AppContext, actor: Actor, p: PersonRow): Promise<{ action: 'invited' | 'resent'; expiresAt: Date }> {
  const resent = p.accountStatus === 'invited';
  const { token, expiresAt } = await issueToken(tx, ctx, p.id, 'invitation', ctx.config.invitationMs);
  await tx.update(people).set({ accountStatus: 'invited', suspendedReason: null, updatedAt: ctx.clock.now() }).where(eq(people.id, p.id));
  await appendAudit(tx, ctx.clock, actor, {
    action: resent ? 'account.invitation_resent' : 'account.invited',
    targetType: 'person',
    targetId: p.id,
    details: { expiresAt: expiresAt.toISOString(), email: p.email },
  });
  const link = `${ctx.config.publicUrl}/invite?token=${token}`;
  await ctx.mailer.enqueue(tx, { to: p.email, personId: p.id, language: p.language, template: invitationMail, params: { name: namesOf(p), link, expiresAt: expiresAt.toISOString(), resent } });
  return { action: resent ? 'resent' : 'invited', expiresAt };
}

/** The data center's account console: issue, suspend, reactivate, expiry, offboarding (P32-2.1.3). */
export class AccountsService {
  constructor(private readonly ctx: AppContext) {}

  private async manage(actor: Actor): Promise<void> {
    await this.ctx.authz.require(actor, 'account.manage');
  }

  /** A transition in one transaction, on the locked person row; mail goes out after the commit. */
  private async transition(actor: Actor, personId: string, run: (tx: Conn, p: PersonRow) => Promise<void>): Promise<AccountDto> {
    await this.manage(actor);
    await this.ctx.db.transaction(async (tx) => {
      const p = await lockPerson(tx, personId);
      if (!p) throw new NotFoundError('Person');
      await run(tx, p);
    });
    this.ctx.mailer.kick();
    return this.get(actor, personId);
  }

  /** Issues an account (none or offboarded → invited) or sends the invitation again (the old link stops working). */
  invite(actor: Actor, personId: string): Promise<AccountDto> {
    return this.transition(actor, personId, async (tx, p) => {
      const refusal = inviteRefusal(p, { allowOffboarded: true });
      if (refusal === 'deactivated') throw new AccountStateError('This person is deactivated in the registry; reactivate them first.');
      if (refusal === 'no_email') throw new AccountStateError('This person has no email address in the registry.');
      if (refusal) throw new AccountStateError('This person already has an account.', { status: p.accountStatus });
      await issueInvitation(tx, this.ctx, actor, p);
    });
  }

  suspend(actor: Actor, personId: string, note?: string): Promise<AccountDto> {
    return this.transition(actor, personId, async (tx, p) => {
      if (p.id === actor.personId) throw new AccountStateError('You cannot suspend your own account.');
      if (p.accountStatus !== 'active') throw new AccountStateError('Only an active account can be suspended.', { status: p.accountStatus });
      await suspendAccount(tx, this.ctx, actor, p, 'manual', note);
    });
  }

  reactivate(actor: Actor, personId: string): Promise<AccountDto> {
    return this.transition(actor, personId, async (tx, p) => {
      if (p.accountStatus !== 'suspended') throw new AccountStateError('Only a suspended account can be reactivated.', { status: p.accountStatus });
      if (!p.active) throw new AccountStateError('This person is deactivated in the registry; reactivate them first.');
      const now = this.ctx.clock.now();
      if (p.accountExpiresAt && p.accountExpiresAt <= now) throw new AccountStateError('The account’s expiry date has passed; set a later date or clear it first.', { expiresAt: p.accountExpiresAt.toISOString() });
      await tx.update(people).set({ accountStatus: 'active', suspendedReason: null, updatedAt: now }).where(eq(people.id, p.id));
      // The dormancy clock starts again, or the next job run would suspend a dormant account at once.
      await setActiveSince(tx, p.id, now);
      await runActivationHooks(tx, this.ctx, p.id);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'account.reactivated', targetType: 'person', targetId: p.id, details: { from: p.suspendedReason } });
      await this.ctx.mailer.enqueue(tx, { to: p.email, personId: p.id, language: p.language, template: reactivatedMail, params: { name: namesOf(p), signInUrl: `${this.ctx.config.publicUrl}/sign-in` } });
    });
  }

  setExpiry(actor: Actor, personId: string, input: SetAccountExpiry): Promise<AccountDto> {
    return this.transition(actor, personId, async (tx, p) => {
      if (p.accountStatus === 'offboarded') throw new AccountStateError('This account has been offboarded.');
      const to = input.expiresAt ? new Date(input.expiresAt) : null;
      await tx.update(people).set({ accountExpiresAt: to, updatedAt: this.ctx.clock.now() }).where(eq(people.id, p.id));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'account.expiry_changed',
        targetType: 'person',
        targetId: p.id,
        details: { from: p.accountExpiresAt?.toISOString() ?? null, to: to?.toISOString() ?? null },
      });
    });
  }

  offboard(actor: Actor, personId: string, reason: string): Promise<AccountDto> {
    return this.transition(actor, personId, async (tx, p) => {
      if (p.id === actor.personId) throw new AccountStateError('You cannot offboard your own account.');
      if (p.accountStatus === 'offboarded' || p.accountStatus === 'none') throw new AccountStateError('There is no account to offboard.', { status: p.accountStatus });
      await offboardAccount(tx, this.ctx, actor, p.id, reason);
    });
  }

  /** One account with its history: for account managers, and for the person themself. */
  async get(actor: Actor, personId: string): Promise<AccountDto> {
    const self = actor.kind === 'person' && actor.personId === personId;
    if (!self) await this.manage(actor);
    const [row] = await accountRows(this.ctx.db, this.ctx, eq(people.id, personId), [], 1, 0);
    if (!row) throw new NotFoundError('Person');
    const p = (await findPerson(this.ctx.db, personId))!;
    const history = await accountHistory(this.ctx.db, personId);
    return {
      ...row,
      mustChangePassword: p.mustChangePassword,
      language: p.language === 'en' ? 'en' : 'ja',
      history: history.map((h) => {
        const d = (h.details ?? {}) as Record<string, unknown>;
        const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
        return {
          seq: h.seq,
          at: h.at.toISOString(),
          action: h.action,
          actorName: h.actorName,
          bySystem: h.actorPersonId === null,
          reason: str(d.reason) ?? str(d.how) ?? str(d.via),
          detail: str(d.note) ?? str(d.to) ?? str(d.version) ?? str(d.days),
        };
      }),
      can: { manage: this.ctx.authz.can(actor, 'account.manage') },
    };
  }

  /** The console's list: a page of accounts matching the filter and search, in the chosen order. */
  async list(actor: Actor, q: ListAccountsQuery): Promise<AccountPage> {
    await this.manage(actor);
    const cond = listCondition(this.ctx, q);
    const total = await countAccounts(this.ctx.db, cond);
    const items = await accountRows(this.ctx.db, this.ctx, cond, listOrder(q.sort, q.dir), q.pageSize, (q.page - 1) * q.pageSize);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }
}

/** Accounts whose expiry has passed, still active: the expiry job's work list. */
export const expiredCond = (now: Date) => and(eq(people.active, true), eq(people.accountStatus, 'active'), isNotNull(people.accountExpiresAt), lte(people.accountExpiresAt, now));
export const expiringCond = (now: Date, until: Date) => and(eq(people.active, true), eq(people.accountStatus, 'active'), gt(people.accountExpiresAt, now), lte(people.accountExpiresAt, until));
