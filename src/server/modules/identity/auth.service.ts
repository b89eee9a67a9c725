import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { CompleteSetup, SessionDto, SignIn } from '../../../shared/auth.js';
import type { AppContext } from '../../context.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import { anonymousActor, type Actor } from '../../authz/actor.js';
import { permissionsOf } from '../../authz/policy.js';
import { AppError, ConflictError, SignInFailedError } from '../../errors.js';
import { people, roleAssignments, setupTokens } from '../../db/schema/index.js';
import { queryRows } from '../../db/client.js';
import { dummyHash, hashPassword, verifyPassword } from './password.js';
import type { LoadedSession, SessionService } from './session.service.js';

/** An active manager or administrator with a password: while none exists, first-run setup stays open. */
const ADMIN_WHO_CAN_SIGN_IN = sql`
  select 1 from role_assignments r join people p on p.id = r.person_id
   where r.role in ('security_manager', 'system_admin') and p.active and p.password_hash is not null limit 1`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface SignedIn {
  token: string;
  dto: SessionDto;
}

/** Sign-in, sign-out and the first-run setup that creates the first information security manager. */
export class AuthService {
  constructor(
    private readonly ctx: AppContext,
    private readonly sessions: SessionService,
  ) {}

  /** True while no active person holds the manager or administrator role. */
  async setupRequired(): Promise<boolean> {
    const rows = await queryRows(this.ctx.db, ADMIN_WHO_CAN_SIGN_IN);
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

  /** Creates the first manager from a valid setup link and signs them in. */
  async completeSetup(input: CompleteSetup, ip: string | null, userAgent: string | null): Promise<SignedIn> {
    const now = this.ctx.clock.now();
    const passwordHash = await hashPassword(input.password);
    const anon = anonymousActor(ip, userAgent);
    const created = await this.ctx.db.transaction(async (tx) => {
      const [tok] = await tx
        .update(setupTokens)
        .set({ usedAt: now })
        .where(and(eq(setupTokens.tokenHash, sha256(input.token)), isNull(setupTokens.usedAt), gt(setupTokens.expiresAt, now)))
        .returning();
      if (!tok) throw new AppError(400, 'SETUP_TOKEN_INVALID', 'This setup link is invalid, already used or expired. Restart Mamori to get a new one.');
      // Same condition as setupRequired(): roles held by people who cannot sign in (e.g. demo data) do not count.
      const admins = await queryRows(tx, ADMIN_WHO_CAN_SIGN_IN);
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
      const actor: Actor = { ...anon, kind: 'person', personId: person.id, sessionId: s.id };
      await appendAudit(tx, this.ctx.clock, actor, { action: 'setup.completed', targetType: 'person', targetId: person.id, details: { role: 'security_manager' } });
      await appendAudit(tx, this.ctx.clock, actor, { action: 'role.granted', targetType: 'person', targetId: person.id, details: { role: 'security_manager' } });
      return s;
    });
    const loaded = await this.sessions.load(created.token, ip, userAgent);
    if (!loaded || loaded === 'expired') throw new Error('new session did not load');
    return { token: created.token, dto: await this.dto(loaded) };
  }

  /** Signs in with one generic failure for unknown email, wrong password or inactive account. */
  async signIn(input: SignIn, ip: string | null, userAgent: string | null): Promise<SignedIn> {
    const [p] = await this.ctx.db
      .select({ id: people.id, hash: people.passwordHash, active: sql<boolean>`${people.active} and ${people.accountStatus} = 'active' and (${people.accountExpiresAt} is null or ${people.accountExpiresAt} > ${this.ctx.clock.now()})` })
      .from(people)
      .where(eq(people.email, input.email));
    // Always spend one argon2 verification so timing does not reveal whether the email exists.
    const ok = await verifyPassword(p?.hash ?? (await dummyHash()), input.password);
    if (!p || !p.hash || !ok || !p.active) {
      // The actor is unknown (anonymous); the account tried is the target.
      await appendAuditAlone(this.ctx.db, this.ctx.clock, anonymousActor(ip, userAgent), {
        action: 'auth.sign_in_failed',
        targetType: 'person',
        targetId: p?.id ?? null,
        details: { email: input.email, reason: !p ? 'unknown_email' : !p.active ? 'inactive' : 'bad_password' },
      });
      throw new SignInFailedError();
    }
    const now = this.ctx.clock.now();
    const s = await this.ctx.db.transaction(async (tx) => {
      const s = await this.sessions.create(tx, p.id, ip, userAgent);
      await tx.update(people).set({ lastSignInAt: now }).where(eq(people.id, p.id));
      await appendAudit(tx, this.ctx.clock, { ...anonymousActor(ip, userAgent), kind: 'person', personId: p.id, sessionId: s.id }, { action: 'auth.signed_in', targetType: 'person', targetId: p.id });
      return s;
    });
    const loaded = await this.sessions.load(s.token, ip, userAgent);
    if (!loaded || loaded === 'expired') throw new Error('new session did not load');
    return { token: s.token, dto: await this.dto(loaded) };
  }

  async signOut(session: LoadedSession): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      await this.sessions.end(tx, session.id, 'signed_out');
      await appendAudit(tx, this.ctx.clock, session.actor, { action: 'auth.signed_out', targetType: 'person', targetId: session.personId });
    });
  }

  /** The session as the web app sees it. */
  async dto(session: LoadedSession | null, anonCsrf = ''): Promise<SessionDto> {
    if (!session) {
      return { authenticated: false, setupRequired: await this.setupRequired(), csrfToken: anonCsrf, person: null, permissions: [], expiresAt: null, stage: 'full', requirements: [] };
    }
    const [p] = await this.ctx.db
      .select({ id: people.id, familyNameJa: people.familyNameJa, givenNameJa: people.givenNameJa, familyNameEn: people.familyNameEn, givenNameEn: people.givenNameEn, email: people.email })
      .from(people)
      .where(eq(people.id, session.personId));
    if (!p) throw new Error('session person vanished');
    return {
      authenticated: true,
      setupRequired: false,
      csrfToken: session.csrfToken,
      person: { ...p, roles: [...new Set(session.actor.roles.map((r) => r.role))] },
      // Until onboarding is complete nothing else is reachable, so no menu offers it.
      permissions: session.requirements.length > 0 ? [] : permissionsOf(session.actor),
      expiresAt: session.expiresAt.toISOString(),
      stage: session.stage,
      requirements: session.requirements,
    };
  }
}
