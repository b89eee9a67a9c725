import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { CompleteSetup, SessionDto, SignIn } from '../../../shared/auth.js';
import { describeUserAgent, type ChangePassword, type MfaStep, type SecurityOverview, type SessionInfo } from '../../../shared/identity.js';
import { mfaRequiredFor } from '../../../shared/account.js';
import type { AppContext } from '../../context.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import { anonymousActor, type Actor } from '../../authz/actor.js';
import { permissionsOf } from '../../authz/policy.js';
import { AppError, ConflictError, NotFoundError, SignInFailedError } from '../../errors.js';
import { knownDevices, mfaAuthenticators, people, roleAssignments, sessions as sessionsTable, setupTokens } from '../../db/schema/index.js';
import { queryRows, type Conn } from '../../db/client.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';
import { assertPasswordAcceptable, personalWordsFrom } from './password-policy.js';
import { setPassword } from './credentials.js';
import { NEW_DEVICE_MAIL } from './mail.js';
import { InvalidCodeError, MfaService } from './mfa.service.js';
import { Throttle, type AttemptKey } from './throttle.js';
import type { LoadedSession, SessionService } from '../../sessions/session.service.js';

/**
 * A manager or administrator who can sign in now — a password, an active account before its expiry
 * date, the same test as signIn's — while none exists, first-run setup stays open. A manager whose
 * account was never activated or has lapsed does not close it: nobody could sign in to run Mamori.
 */
const adminWhoCanSignIn = (now: Date) => sql`
  select 1 from role_assignments r join people p on p.id = r.person_id
   where r.role in ('security_manager', 'system_admin') and p.active and p.password_hash is not null
     and p.account_status = 'active' and (p.account_expires_at is null or p.account_expires_at > ${now}) limit 1`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** How long a session waits for the second factor after the password. */
export const MFA_STAGE_LIFETIME_MS = 5 * 60_000;

export interface SignedIn {
  token: string;
  dto: SessionDto;
  /** A device cookie to set: minted when the browser had none valid for this account. */
  deviceToken?: string;
}

/** What the HTTP layer hands over about the request. */
export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  /** The long-lived device cookie, if the browser sent one. */
  deviceToken: string | null;
}

/** Sign-in (password, then the second factor), sign-out, password change, sessions and first-run setup. */
export class AuthService {
  readonly mfa: MfaService;
  readonly throttle: Throttle;

  constructor(
    private readonly ctx: AppContext,
    private readonly sessions: SessionService,
  ) {
    this.mfa = new MfaService(ctx);
    this.throttle = new Throttle(ctx);
  }

  /** True while no person who can sign in holds the manager or administrator role. */
  async setupRequired(): Promise<boolean> {
    const rows = await queryRows(this.ctx.db, adminWhoCanSignIn(this.ctx.clock.now()));
    return rows.length === 0;
  }

  /**
   * Issues a fresh one-time setup link when setup is still required (older links stop working).
   * Returns the URL to print, or null when an administrator already exists.
   */
  async issueSetupLink(): Promise<string | null> {
    if (!(await this.setupRequired())) return null;
    const token = randomBytes(32).toString('base64url');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      await tx.update(setupTokens).set({ usedAt: now }).where(isNull(setupTokens.usedAt));
      await tx.insert(setupTokens).values({ tokenHash: sha256(token), createdAt: now, expiresAt: new Date(now.getTime() + this.ctx.config.setupTokenMs) });
    });
    return `${this.ctx.config.publicUrl}/setup?token=${token}`;
  }

  /**
   * Creates the first manager from a valid setup link and signs them in. The new manager then
   * goes through onboarding (authenticator, pledge) like everyone else.
   */
  async completeSetup(input: CompleteSetup, req: RequestInfo): Promise<SignedIn> {
    const { ip, userAgent } = req;
    // The person does not exist yet: the words typed in the form are their personal words.
    await assertPasswordAcceptable(
      this.ctx.db,
      this.ctx.config.passwordMinLength,
      input.password,
      personalWordsFrom([input.familyNameJa, input.givenNameJa, input.familyNameEn, input.givenNameEn, `${input.givenNameEn}${input.familyNameEn}`, `${input.familyNameEn}${input.givenNameEn}`, input.email]),
    );
    const now = this.ctx.clock.now();
    const passwordHash = await hashPassword(input.password);
    const anon = anonymousActor(ip, userAgent);
    const deviceToken = newDeviceToken();
    const created = await this.ctx.db.transaction(async (tx) => {
      const [tok] = await tx
        .update(setupTokens)
        .set({ usedAt: now })
        .where(and(eq(setupTokens.tokenHash, sha256(input.token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)))
        .returning();
      if (!tok) throw new AppError(400, 'SETUP_TOKEN_INVALID', 'This setup link is invalid, already used or expired. Restart Mamori to get a new one.');
      // Same condition as setupRequired(): roles held by people who cannot sign in (e.g. demo data) do not count.
      const admins = await queryRows(tx, adminWhoCanSignIn(now));
      if (admins.length > 0) throw new ConflictError('SETUP_ALREADY_DONE', 'Mamori is already set up.');
      const [existing] = await tx.select({ id: people.id }).from(people).where(eq(people.email, input.email));
      if (existing) throw new ConflictError('DUPLICATE_EMAIL', 'This email address is already registered.');
      const [person] = await tx
        .insert(people)
        .values({
          familyNameJa: input.familyNameJa,
          givenNameJa: input.givenNameJa,
          familyNameEn: input.familyNameEn,
          givenNameEn: input.givenNameEn,
          email: input.email,
          passwordHash,
          accountStatus: 'active',
          passwordChangedAt: now,
          createdAt: now,
          updatedAt: now,
          lastSignInAt: now,
        })
        .returning({ id: people.id });
      if (!person) throw new Error('insert returned nothing');
      await tx.insert(roleAssignments).values({ personId: person.id, role: 'security_manager', createdAt: now });
      const s = await this.sessions.create(tx, person.id, ip, userAgent);
      // The browser that ran setup is the manager's first known device (no "new device" email).
      await tx.insert(knownDevices).values({ deviceHash: sha256(deviceToken), personId: person.id, userAgent: userAgent?.slice(0, 500) ?? null, firstIp: ip, createdAt: now, lastSeenAt: now });
      const actor: Actor = { ...anon, kind: 'person', personId: person.id, sessionId: s.id };
      await appendAudit(tx, this.ctx.clock, actor, { action: 'setup.completed', targetType: 'person', targetId: person.id, details: { role: 'security_manager' } });
      await appendAudit(tx, this.ctx.clock, actor, { action: 'role.granted', targetType: 'person', targetId: person.id, details: { role: 'security_manager' } });
      return s;
    });
    return { token: created.token, dto: await this.dtoFor(created.token, ip, userAgent), deviceToken };
  }

  /**
   * The password step. One generic failure for unknown email, wrong password or inactive
   * account. Throttled per account, per IP and per known device (throttle.ts). With an enrolled
   * authenticator the new session is in the 'mfa' stage for MFA_STAGE_LIFETIME_MS.
   */
  async signIn(input: SignIn, req: RequestInfo): Promise<SignedIn> {
    const { ip, userAgent } = req;
    const now = this.ctx.clock.now();
    const deviceHash = req.deviceToken ? sha256(req.deviceToken) : null;
    // One query for the account, whether this browser is known for it, and whether it has an authenticator.
    const [p] = await this.ctx.db
      .select({
        id: people.id,
        hash: people.passwordHash,
        active: sql<boolean>`${people.active} and ${people.accountStatus} = 'active' and (${people.accountExpiresAt} is null or ${people.accountExpiresAt} > ${now})`,
        knownDevice: deviceHash
          ? sql<boolean>`exists (select 1 from ${knownDevices} d where d.device_hash = ${deviceHash} and d.person_id = ${people.id})`
          : sql<boolean>`false`,
        mfaEnrolled: sql<boolean>`exists (select 1 from ${mfaAuthenticators} m where m.person_id = ${people.id} and m.confirmed_at is not null)`,
      })
      .from(people)
      .where(eq(people.email, input.email));
    const knownDevice = p?.knownDevice === true;
    const key: AttemptKey = { accountKey: input.email, personId: p?.id ?? null, ip, knownDeviceHash: knownDevice ? deviceHash : null, userAgent };
    await this.throttle.checkPassword(key);
    // Always spend one argon2 verification so timing does not reveal whether the email exists.
    const ok = await verifyPassword(p?.hash ?? (await dummyHash()), input.password);
    if (!p || !p.hash || !ok || !p.active) {
      await this.throttle.recordPasswordFailure(key);
      // The actor is unknown (anonymous); the account tried is the target.
      await appendAuditAlone(this.ctx.db, this.ctx.clock, anonymousActor(ip, userAgent), {
        action: 'auth.sign_in_failed',
        targetType: 'person',
        targetId: p?.id ?? null,
        details: { email: input.email, reason: !p ? 'unknown_email' : !p.active ? 'inactive' : 'bad_password', knownDevice },
      });
      throw new SignInFailedError();
    }
    if (p.mfaEnrolled) {
      const s = await this.sessions.create(this.ctx.db, p.id, ip, userAgent, { stage: 'mfa', lifetimeMs: MFA_STAGE_LIFETIME_MS });
      return { token: s.token, dto: await this.dtoFor(s.token, ip, userAgent) };
    }
    const done = await this.ctx.db.transaction(async (tx) => {
      const s = await this.sessions.create(tx, p.id, ip, userAgent);
      const deviceToken = await this.completeSignIn(tx, p.id, s.id, req, 'password', knownDevice);
      return { s, deviceToken };
    });
    this.ctx.mailer.kick();
    return { token: done.s.token, dto: await this.dtoFor(done.s.token, ip, userAgent), deviceToken: done.deviceToken };
  }

  /** The second step: a TOTP code or a recovery code turns the MFA-stage session into a full one (new token). */
  async mfaStep(session: LoadedSession, body: MfaStep, req: RequestInfo): Promise<SignedIn> {
    if (session.stage !== 'mfa') throw new ConflictError('CONFLICT', 'This session has already completed sign-in.');
    const [p] = await this.ctx.db.select({ email: people.email }).from(people).where(eq(people.id, session.personId));
    if (!p) throw new SignInFailedError();
    const key: AttemptKey = { accountKey: p.email, personId: session.personId, ip: req.ip, knownDeviceHash: null, userAgent: req.userAgent };
    await this.throttle.checkMfa(key, session.actor);
    const result = await this.ctx.db.transaction(async (tx) => {
      const method = 'code' in body ? 'totp' : 'recovery_code';
      const ok = 'code' in body ? await this.mfa.useTotp(tx, session.personId, body.code) : await this.mfa.useRecoveryCode(tx, session.personId, body.recoveryCode);
      if (!ok) return null;
      const s = await this.sessions.promote(tx, session, req.ip, req.userAgent);
      if (method === 'recovery_code') {
        const left = await this.mfa.recoveryCodesLeft(tx, session.personId);
        await appendAudit(tx, this.ctx.clock, { ...session.actor, sessionId: s.id }, { action: 'auth.recovery_code_used', targetType: 'person', targetId: session.personId, details: { left } });
      }
      const deviceToken = await this.completeSignIn(tx, session.personId, s.id, req, method);
      return { s, deviceToken };
    });
    if (!result) {
      const n = await this.throttle.recordMfaFailure(this.ctx.db, key, session.id);
      const exhausted = n >= 5;
      await this.ctx.db.transaction(async (tx) => {
        await appendAudit(tx, this.ctx.clock, session.actor, { action: 'auth.mfa_failed', targetType: 'person', targetId: session.personId, details: { method: 'code' in body ? 'totp' : 'recovery_code', attempt: n, sessionEnded: exhausted } });
        if (exhausted) await this.sessions.end(tx, session.id, 'mfa_attempts_exhausted');
      });
      if (exhausted) throw new AppError(401, 'MFA_ATTEMPTS_EXHAUSTED', 'Too many wrong codes. Sign in again.');
      throw new InvalidCodeError(5 - n);
    }
    this.ctx.mailer.kick();
    return { token: result.s.token, dto: await this.dtoFor(result.s.token, req.ip, req.userAgent), deviceToken: result.deviceToken };
  }

  /**
   * What every completed sign-in does in its transaction: last sign-in time, the device (a new
   * one is remembered and announced by email), the audit entry. Returns a device token to set
   * when the browser had none valid for this account.
   */
  private async completeSignIn(
    tx: Conn,
    personId: string,
    sessionId: string,
    req: RequestInfo,
    method: 'password' | 'totp' | 'recovery_code',
    /** Whether the device cookie is known for this person, when the caller has just looked it up. */
    knownDevice?: boolean,
  ): Promise<string | undefined> {
    const now = this.ctx.clock.now();
    await tx.update(people).set({ lastSignInAt: now }).where(eq(people.id, personId));
    let deviceToken: string | undefined;
    let deviceHash = req.deviceToken ? sha256(req.deviceToken) : null;
    const known = deviceHash ? (knownDevice ?? (await this.isKnownDevice(tx, deviceHash, personId))) : false;
    if (known) {
      await tx.update(knownDevices).set({ lastSeenAt: now }).where(and(eq(knownDevices.deviceHash, deviceHash!), eq(knownDevices.personId, personId)));
    } else {
      // Keep the browser's cookie if it has one (it may be known for another account), else mint one.
      if (!req.deviceToken || req.deviceToken.length < 32) {
        deviceToken = newDeviceToken();
        deviceHash = sha256(deviceToken);
      }
      await tx.insert(knownDevices).values({ deviceHash: deviceHash!, personId, userAgent: req.userAgent?.slice(0, 500) ?? null, firstIp: req.ip, createdAt: now, lastSeenAt: now }).onConflictDoNothing();
      const [p] = await tx.select({ email: people.email, language: people.language }).from(people).where(eq(people.id, personId));
      if (p) {
        const { browser, os } = describeUserAgent(req.userAgent);
        await this.ctx.mailer.enqueue(tx, {
          to: p.email,
          personId,
          language: p.language === 'en' ? 'en' : 'ja',
          template: NEW_DEVICE_MAIL,
          params: { at: now.toISOString(), ip: req.ip ?? '-', browser, os, securityUrl: `${this.ctx.config.publicUrl}/security` },
        });
      }
    }
    const actor: Actor = { ...anonymousActor(req.ip, req.userAgent), kind: 'person', personId, sessionId };
    await appendAudit(tx, this.ctx.clock, actor, { action: 'auth.signed_in', targetType: 'person', targetId: personId, details: { method, newDevice: !known } });
    if (!known) await appendAudit(tx, this.ctx.clock, actor, { action: 'auth.new_device', targetType: 'person', targetId: personId, details: { ip: req.ip, ...describeUserAgent(req.userAgent) } });
    return deviceToken;
  }

  private async isKnownDevice(conn: Conn, deviceHash: string, personId: string): Promise<boolean> {
    const [row] = await conn
      .select({ one: sql`1` })
      .from(knownDevices)
      .where(and(eq(knownDevices.deviceHash, deviceHash), eq(knownDevices.personId, personId)));
    return !!row;
  }

  async signOut(session: LoadedSession): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      await this.sessions.end(tx, session.id, 'signed_out');
      await appendAudit(tx, this.ctx.clock, session.actor, { action: 'auth.signed_out', targetType: 'person', targetId: session.personId });
    });
  }

  /** Changes one's own password: the current password is required; optionally ends every other session. */
  async changePassword(session: LoadedSession, input: ChangePassword, req: RequestInfo): Promise<{ endedSessions: number }> {
    const [p] = await this.ctx.db.select({ hash: people.passwordHash, email: people.email }).from(people).where(eq(people.id, session.personId));
    if (!p) throw new NotFoundError('Person');
    const key: AttemptKey = { accountKey: p.email, personId: session.personId, ip: req.ip, knownDeviceHash: null, userAgent: req.userAgent };
    await this.throttle.checkPassword(key);
    if (!p.hash || !(await verifyPassword(p.hash, input.currentPassword))) {
      await this.throttle.recordPasswordFailure(key);
      await appendAuditAlone(this.ctx.db, this.ctx.clock, session.actor, { action: 'auth.sign_in_failed', targetType: 'person', targetId: session.personId, details: { reason: 'bad_current_password', step: 'password_change' } });
      throw new AppError(400, 'CURRENT_PASSWORD_WRONG', 'The current password is not correct.');
    }
    return this.ctx.db.transaction(async (tx) => {
      await setPassword(tx, this.ctx, session.actor, session.personId, input.newPassword, 'changed');
      let ended = 0;
      if (input.endOtherSessions) {
        ended = await this.sessions.endAllFor(tx, session.personId, 'password_changed', session.id);
        await appendAudit(tx, this.ctx.clock, session.actor, { action: 'auth.sessions_ended', targetType: 'person', targetId: session.personId, details: { count: ended, scope: 'own_others', cause: 'password_changed' } });
      }
      return { endedSessions: ended };
    });
  }

  /** One's own security settings: password age, whether MFA is required and enrolled, recovery codes left. */
  async securityOverview(session: LoadedSession): Promise<SecurityOverview> {
    const [p] = await this.ctx.db.select({ passwordChangedAt: people.passwordChangedAt, mfaEnrolledAt: people.mfaEnrolledAt }).from(people).where(eq(people.id, session.personId));
    const enrolled = await this.mfa.isEnrolled(this.ctx.db, session.personId);
    return {
      passwordChangedAt: p?.passwordChangedAt?.toISOString() ?? null,
      passwordMinLength: Math.max(8, this.ctx.config.passwordMinLength),
      mfaRequired: mfaRequiredFor(
        session.actor.roles.map((r) => r.role),
        this.ctx.config.mfaRequiredForResearchers,
      ),
      mfaEnrolledAt: enrolled ? (p?.mfaEnrolledAt?.toISOString() ?? null) : null,
      recoveryCodesLeft: enrolled ? await this.mfa.recoveryCodesLeft(this.ctx.db, session.personId) : 0,
    };
  }

  /** One's own open sessions, newest first. */
  async listSessions(session: LoadedSession): Promise<SessionInfo[]> {
    const now = this.ctx.clock.now();
    const rows = await this.ctx.db
      .select()
      .from(sessionsTable)
      .where(
        and(
          eq(sessionsTable.personId, session.personId),
          isNull(sessionsTable.endedAt),
          eq(sessionsTable.stage, 'full'),
          gt(sessionsTable.expiresAt, now),
          gt(sessionsTable.lastSeenAt, new Date(now.getTime() - this.ctx.config.sessionIdleMs)),
        ),
      )
      .orderBy(desc(sessionsTable.lastSeenAt));
    return rows.map((r) => ({
      id: r.id,
      ...describeUserAgent(r.userAgent),
      ip: r.ip,
      createdAt: r.createdAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      current: r.id === session.id,
    }));
  }

  /** Ends one of one's own sessions (404 for anyone else's, so ids of others are not confirmed). */
  async endOwnSession(session: LoadedSession, id: string): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const ended = await tx
        .update(sessionsTable)
        .set({ endedAt: this.ctx.clock.now(), endReason: 'ended_by_owner' })
        .where(and(eq(sessionsTable.id, id), eq(sessionsTable.personId, session.personId), isNull(sessionsTable.endedAt)))
        .returning({ id: sessionsTable.id });
      if (ended.length === 0) throw new NotFoundError('Session');
      await appendAudit(tx, this.ctx.clock, session.actor, { action: 'auth.session_ended', targetType: 'person', targetId: session.personId, details: { current: id === session.id } });
    });
  }

  async endOtherOwnSessions(session: LoadedSession): Promise<number> {
    return this.ctx.db.transaction(async (tx) => {
      const n = await this.sessions.endAllFor(tx, session.personId, 'ended_by_owner', session.id);
      await appendAudit(tx, this.ctx.clock, session.actor, { action: 'auth.sessions_ended', targetType: 'person', targetId: session.personId, details: { count: n, scope: 'own_others' } });
      return n;
    });
  }

  /** An administrator ends every session of one person (account.manage). */
  async endSessionsOf(actor: Actor, personId: string): Promise<number> {
    await this.ctx.authz.require(actor, 'account.manage', { personId });
    return this.ctx.db.transaction(async (tx) => {
      const [p] = await tx.select({ id: people.id }).from(people).where(eq(people.id, personId));
      if (!p) throw new NotFoundError('Person');
      const n = await this.sessions.endAllFor(tx, personId, 'ended_by_administrator', actor.personId === personId && actor.sessionId ? actor.sessionId : undefined);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'auth.sessions_ended', targetType: 'person', targetId: personId, details: { count: n, scope: 'person' } });
      return n;
    });
  }

  /** Ends everyone's sessions except the caller's own (account.end_all_sessions), e.g. after a suspected compromise. */
  async endAllSessions(actor: Actor): Promise<number> {
    await this.ctx.authz.require(actor, 'account.end_all_sessions');
    return this.ctx.db.transaction(async (tx) => {
      const ended = await tx
        .update(sessionsTable)
        .set({ endedAt: this.ctx.clock.now(), endReason: 'ended_all_by_administrator' })
        .where(and(isNull(sessionsTable.endedAt), actor.sessionId ? ne(sessionsTable.id, actor.sessionId) : undefined))
        .returning({ id: sessionsTable.id });
      await appendAudit(tx, this.ctx.clock, actor, { action: 'auth.sessions_ended', targetType: null, targetId: null, details: { count: ended.length, scope: 'all' } });
      return ended.length;
    });
  }

  private async dtoFor(token: string, ip: string | null, userAgent: string | null): Promise<SessionDto> {
    const loaded = await this.sessions.load(token, ip, userAgent);
    if (!loaded || loaded === 'expired') throw new Error('new session did not load');
    return this.dto(loaded);
  }

  /** The session as the web app sees it. */
  async dto(session: LoadedSession | null, anonCsrf = ''): Promise<SessionDto> {
    if (!session) {
      return { authenticated: false, setupRequired: await this.setupRequired(), csrfToken: anonCsrf, person: null, permissions: [], expiresAt: null, stage: 'full', requirements: [] };
    }
    const p = { id: session.personId, ...session.person };
    return {
      authenticated: true,
      setupRequired: false,
      csrfToken: session.csrfToken,
      person: { ...p, roles: [...new Set(session.actor.roles.map((r) => r.role))] },
      // Until onboarding is complete nothing else is reachable, so no menu offers it.
      permissions: session.requirements.length > 0 || session.stage !== 'full' ? [] : permissionsOf(session.actor),
      expiresAt: session.expiresAt.toISOString(),
      stage: session.stage,
      requirements: session.stage === 'full' ? session.requirements : [],
    };
  }
}

/** The long-lived device cookie: 256 random bits; the server keeps its SHA-256. */
export const newDeviceToken = () => randomBytes(32).toString('base64url');
