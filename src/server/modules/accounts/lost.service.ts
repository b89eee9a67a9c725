import { count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { CredentialLossDto, ListCredentialLossQuery, LostItem, ReportedVia } from '../../../shared/accounts.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import { anonymousActor, type Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { credentialLosses, people } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import { resetMfa, setPassword } from '../identity/public.js';
import { proposeGroupRotation } from '../groups/public.js';
import { openCredentialLossIncident } from '../incidents/public.js';
import { dataCenterRecipients, lockPerson, namesOf, researchGroupIdsOf, type PersonRow } from './account.repo.js';
import { AccountStateError } from './lifecycle.js';
import { dataCenterLossMail, lostConfirmMail, passwordResetMail } from './mail.js';
import { consumeToken, issueToken, LinkInvalidError, RESET_LINK_MS, revokeTokens } from './tokens.js';

/** How many credential-loss reports have the status: the queue's total, and the home page's count of open ones. */
export async function countCredentialLosses(conn: Conn, status: 'open' | 'closed' = 'open'): Promise<number> {
  const [r] = await conn.select({ n: count() }).from(credentialLosses).where(eq(credentialLosses.status, status));
  return Number(r?.n ?? 0);
}

/** An account a lost-credential report or a password reset applies to: in the registry and active. */
const usable = (p: PersonRow | undefined): p is PersonRow => !!p && p.active && p.accountStatus === 'active';

/**
 * Lost credentials (P32-2.1.3b) and password resets. Public requests always get the same answer,
 * whether or not the address has an account, and change nothing until the emailed link is followed.
 */
export class LostCredentialsService {
  constructor(private readonly ctx: AppContext) {}

  private async byEmail(email: string): Promise<PersonRow | undefined> {
    const [p] = await this.ctx.db.select().from(people).where(eq(people.email, email));
    return p;
  }

  /** From the sign-in page: emails a confirmation link to the account's address, if there is such an account. */
  async requestFromSignInPage(email: string, lost: LostItem[], ip: string | null, userAgent: string | null): Promise<void> {
    const p = await this.byEmail(email);
    if (!usable(p)) return;
    await this.ctx.db.transaction(async (tx) => {
      const { token, expiresAt } = await issueToken(tx, this.ctx, p.id, 'lost_confirm', RESET_LINK_MS, { lost, ip, userAgent: userAgent?.slice(0, 300) ?? null });
      const link = `${this.ctx.config.publicUrl}/lost-credentials/confirm?token=${token}`;
      await this.ctx.mailer.enqueue(tx, { to: p.email, personId: p.id, language: p.language, template: lostConfirmMail, params: { name: namesOf(p), link, lost, expiresAt: expiresAt.toISOString() } });
      await appendAudit(tx, this.ctx.clock, anonymousActor(ip, userAgent), { action: 'credential_loss.requested', targetType: 'person', targetId: p.id, details: { lost } });
    });
    this.ctx.mailer.kick();
  }

  /** Following the emailed link: the report takes effect. */
  async confirmFromSignInPage(token: string, ip: string | null, userAgent: string | null): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const t = await consumeToken(tx, this.ctx, token, 'lost_confirm');
      const p = await lockPerson(tx, t.personId);
      if (!usable(p)) throw new LinkInvalidError();
      const payload = (t.payload ?? {}) as { lost?: LostItem[] };
      // The link proves the mailbox is the person's: the report is theirs.
      const actor: Actor = { ...anonymousActor(ip, userAgent), kind: 'person', personId: p.id };
      await this.apply(tx, actor, p, payload.lost ?? ['password'], 'sign_in_page', null);
    });
    this.ctx.mailer.kick();
  }

  /** "I lost my credentials" while signed in: takes effect at once (this session ends too). */
  async reportSignedIn(actor: Actor, lost: LostItem[], note: string | undefined): Promise<void> {
    // policy: self — a signed-in person reports the loss of their own credentials
    if (!actor.personId) throw new NotFoundError('Person');
    const personId = actor.personId;
    await this.ctx.db.transaction(async (tx) => {
      const p = await lockPerson(tx, personId);
      if (!p) throw new NotFoundError('Person');
      await this.apply(tx, actor, p, lost, 'signed_in', note ?? null);
    });
    this.ctx.mailer.kick();
  }

  /**
   * The effect of a report: every session ends, the password stops working (its hash is removed and
   * a new one is required), a one-hour reset link is emailed, the data center is notified and a
   * record opened. A lost authenticator is NOT reset here: an email alone must not bypass the second
   * factor, so the data center resets it after checking the person's identity (recovery codes keep
   * working meanwhile). A lost group ID proposes rotating the person's groups' IDs.
   */
  private async apply(tx: Conn, actor: Actor, p: PersonRow, lost: LostItem[], via: ReportedVia, note: string | null): Promise<string> {
    const now = this.ctx.clock.now();
    const ended = await this.ctx.sessions.endAllFor(tx, p.id, 'credential_loss');
    await revokeTokens(tx, this.ctx, p.id, ['lost_confirm']);
    await tx.update(people).set({ passwordHash: null, mustChangePassword: true, updatedAt: now }).where(eq(people.id, p.id));
    await appendAudit(tx, this.ctx.clock, actor, { action: 'account.password_reset_required', targetType: 'person', targetId: p.id, details: { reason: 'credential_loss', sessionsEnded: ended } });
    const mfaResetPending = lost.includes('authenticator') && p.mfaEnrolledAt !== null;
    const [rec] = await tx
      .insert(credentialLosses)
      .values({ personId: p.id, lost, reportedVia: via, reportedAt: now, note, ip: actor.ip, userAgent: actor.userAgent?.slice(0, 500) ?? null, mfaResetPending })
      .returning({ id: credentialLosses.id });
    const id = rec!.id;
    await appendAudit(tx, this.ctx.clock, actor, { action: 'credential_loss.reported', targetType: 'credential_loss', targetId: id, details: { personId: p.id, lost, via } });
    // P32-2.1.3b: the loss is also an incident of its kind, worked through by the desk (modules/incidents)
    const names = namesOf(p);
    await openCredentialLossIncident(tx, this.ctx, actor, { personId: p.id, nameJa: names.ja, nameEn: names.en, unitId: p.unitId, credentialLossId: id, lost, reportedAt: now });
    const { token, expiresAt } = await issueToken(tx, this.ctx, p.id, 'password_reset', RESET_LINK_MS);
    await this.ctx.mailer.enqueue(tx, {
      to: p.email,
      personId: p.id,
      language: p.language,
      template: passwordResetMail,
      params: { name: namesOf(p), link: `${this.ctx.config.publicUrl}/reset-password?token=${token}`, expiresAt: expiresAt.toISOString(), afterLoss: true },
    });
    for (const dc of await dataCenterRecipients(tx)) {
      await this.ctx.mailer.enqueue(tx, {
        to: dc.email,
        personId: dc.id,
        language: dc.language,
        template: dataCenterLossMail,
        params: { person: namesOf(p), email: p.email, lost, via, reportedAt: now.toISOString(), link: `${this.ctx.config.publicUrl}/accounts/credential-loss/${id}`, mfaResetPending },
      });
    }
    if (lost.includes('group_id')) {
      const groups = await researchGroupIdsOf(tx, p.id);
      if (groups.length > 0) await proposeGroupRotation(tx, this.ctx, actor, groups, 'credential_loss');
    }
    return id;
  }

  /** /forgot-password: emails a one-hour reset link if the address has an active account. */
  async requestReset(email: string, ip: string | null, userAgent: string | null): Promise<void> {
    const p = await this.byEmail(email);
    if (!usable(p)) return;
    await this.ctx.db.transaction(async (tx) => {
      const { token, expiresAt } = await issueToken(tx, this.ctx, p.id, 'password_reset', RESET_LINK_MS);
      await this.ctx.mailer.enqueue(tx, {
        to: p.email,
        personId: p.id,
        language: p.language,
        template: passwordResetMail,
        params: { name: namesOf(p), link: `${this.ctx.config.publicUrl}/reset-password?token=${token}`, expiresAt: expiresAt.toISOString(), afterLoss: false },
      });
      await appendAudit(tx, this.ctx.clock, anonymousActor(ip, userAgent), { action: 'account.password_reset_requested', targetType: 'person', targetId: p.id });
    });
    this.ctx.mailer.kick();
  }

  /**
   * Sets the new password from a reset link. It signs nobody in: the person signs in afterwards
   * and, with an authenticator enrolled, still gives the TOTP code (a reset never bypasses MFA).
   */
  async resetPassword(token: string, password: string, ip: string | null, userAgent: string | null): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const t = await consumeToken(tx, this.ctx, token, 'password_reset');
      const p = await lockPerson(tx, t.personId);
      if (!usable(p)) throw new LinkInvalidError();
      const actor: Actor = { ...anonymousActor(ip, userAgent), kind: 'person', personId: p.id };
      await setPassword(tx, this.ctx, actor, p.id, password, 'reset');
      await this.ctx.sessions.endAllFor(tx, p.id, 'password_reset');
    });
  }

  // ---- the data center's queue -------------------------------------------------------------------

  async list(actor: Actor, q: ListCredentialLossQuery) {
    await this.ctx.authz.require(actor, 'credential_loss.manage');
    const items = await this.rows(this.ctx.db, eq(credentialLosses.status, q.status), q.pageSize, (q.page - 1) * q.pageSize);
    return { items, total: await countCredentialLosses(this.ctx.db, q.status), page: q.page, pageSize: q.pageSize };
  }

  /** One record; reading it (IP, user agent) is audited. */
  async get(actor: Actor, id: string): Promise<CredentialLossDto> {
    await this.ctx.authz.require(actor, 'credential_loss.manage');
    const [row] = await this.rows(this.ctx.db, eq(credentialLosses.id, id), 1, 0);
    if (!row) throw new NotFoundError('Credential-loss report');
    await appendAuditAlone(this.ctx.db, this.ctx.clock, actor, { action: 'credential_loss.viewed', targetType: 'credential_loss', targetId: id, details: { personId: row.personId } });
    return row;
  }

  /** After verifying the person's identity, the data center removes the lost authenticator; they enroll a new one at the next sign-in. */
  async resetAuthenticator(actor: Actor, id: string, note: string): Promise<CredentialLossDto> {
    await this.ctx.authz.require(actor, 'credential_loss.manage');
    await this.ctx.db.transaction(async (tx) => {
      const [rec] = await tx.select().from(credentialLosses).where(eq(credentialLosses.id, id)).for('update');
      if (!rec) throw new NotFoundError('Credential-loss report');
      if (rec.status !== 'open' || !rec.mfaResetPending) throw new AccountStateError('There is no authenticator reset pending on this report.');
      await resetMfa(tx, this.ctx, actor, rec.personId, `credential_loss: ${note}`);
      await this.ctx.sessions.endAllFor(tx, rec.personId, 'mfa_reset');
      await tx.update(credentialLosses).set({ mfaResetPending: false, mfaResetAt: this.ctx.clock.now(), mfaResetBy: actor.personId }).where(eq(credentialLosses.id, id));
    });
    return (await this.rows(this.ctx.db, eq(credentialLosses.id, id), 1, 0))[0]!;
  }

  async close(actor: Actor, id: string, note: string): Promise<CredentialLossDto> {
    await this.ctx.authz.require(actor, 'credential_loss.manage');
    await this.ctx.db.transaction(async (tx) => {
      const [rec] = await tx.select().from(credentialLosses).where(eq(credentialLosses.id, id)).for('update');
      if (!rec) throw new NotFoundError('Credential-loss report');
      if (rec.status !== 'open') throw new AccountStateError('This report is already closed.');
      await tx.update(credentialLosses).set({ status: 'closed', closedAt: this.ctx.clock.now(), closedBy: actor.personId, closeNote: note }).where(eq(credentialLosses.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'credential_loss.closed', targetType: 'credential_loss', targetId: id, details: { personId: rec.personId, note, mfaResetPending: rec.mfaResetPending } });
    });
    return (await this.rows(this.ctx.db, eq(credentialLosses.id, id), 1, 0))[0]!;
  }

  private async rows(conn: Conn, cond: SQL | undefined, limit: number, offset: number): Promise<CredentialLossDto[]> {
    const closer = alias(people, 'closer');
    const rows = await conn
      .select({ r: credentialLosses, p: people, closedByName: sql<string | null>`case when ${closer.id} is null then null else ${closer.familyNameJa} || ' ' || ${closer.givenNameJa} || ' / ' || ${closer.givenNameEn} || ' ' || ${closer.familyNameEn} end` })
      .from(credentialLosses)
      .innerJoin(people, eq(people.id, credentialLosses.personId))
      .leftJoin(closer, eq(closer.id, credentialLosses.closedBy))
      .where(cond)
      .orderBy(desc(credentialLosses.reportedAt), desc(credentialLosses.id))
      .limit(limit)
      .offset(offset);
    return rows.map(({ r, p, closedByName }) => ({
      id: r.id,
      personId: p.id,
      familyNameJa: p.familyNameJa,
      givenNameJa: p.givenNameJa,
      familyNameEn: p.familyNameEn,
      givenNameEn: p.givenNameEn,
      email: p.email,
      lost: r.lost as LostItem[],
      reportedVia: r.reportedVia as ReportedVia,
      reportedAt: r.reportedAt.toISOString(),
      note: r.note,
      ip: r.ip,
      userAgent: r.userAgent,
      status: r.status === 'closed' ? 'closed' : 'open',
      mfaResetPending: r.mfaResetPending,
      mfaResetAt: r.mfaResetAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      closedByName,
      closeNote: r.closeNote,
    }));
  }
}
