import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { mfaRequiredFor, PLEDGE_VERSION, type Requirement } from '../../shared/account.js';
import type { Role } from '../../shared/roles.js';
import type { AppContext } from '../context.js';
import { sessions } from '../db/schema/index.js';
import type { Actor, ActorRole } from '../authz/actor.js';
import { queryRows, type Conn } from '../db/client.js';
import type { SessionRequirement } from './requirements.js';
import { newToken, safeEqual, tokenId } from './tokens.js';

export interface LoadedSession {
  id: string;
  personId: string;
  csrfToken: string;
  expiresAt: Date;
  /** 'mfa' until the second factor is given; such a session reaches only the MFA step. */
  stage: 'full' | 'mfa';
  /** What the person must do before the rest of Mamori opens (src/shared/account.ts). */
  requirements: Requirement[];
  /** The person's names and email, read with the session (the web app shows them on every page). */
  person: { familyNameJa: string; givenNameJa: string; familyNameEn: string; givenNameEn: string; email: string };
  actor: Actor;
}

export type SessionStage = LoadedSession['stage'];

type SessionRow = {
  id: string;
  person_id: string;
  csrf_token: string;
  expires_at: Date | string;
  last_seen_at: Date | string;
  ended_at: Date | string | null;
  stage: string;
  family_name_ja: string;
  given_name_ja: string;
  family_name_en: string;
  given_name_en: string;
  email: string;
  person_active: boolean;
  account_ok: boolean;
  must_change_password: boolean;
  mfa_enrolled: boolean;
  pledge_version: string | null;
  unit_id: string | null;
  roles: ActorRole[] | string | null;
  institution_ids: string[] | null;
  research_group_ids: string[] | null;
  committee_ids: string[] | null;
} & Record<`requirement_${number}`, boolean>;

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const asJson = <T>(v: T | string | null): T | null => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/** The people alias in the session query, which the requirements' checks refer to. */
const PERSON = sql.raw('p');

/**
 * Server-side sessions with idle and absolute timeouts. `requirements` are the features' own
 * session requirements (see requirements.ts), supplied by the composition root.
 */
export class SessionService {
  constructor(
    private readonly ctx: AppContext,
    private readonly requirements: readonly SessionRequirement[],
  ) {}

  cookieName(): string {
    return this.ctx.config.secureCookies ? '__Host-mamori_session' : 'mamori_session';
  }
  /** The long-lived device cookie (known devices: no new-device email, throttled apart). */
  deviceCookieName(): string {
    return this.ctx.config.secureCookies ? '__Host-mamori_device' : 'mamori_device';
  }
  anonCsrfCookieName(): string {
    return this.ctx.config.secureCookies ? '__Host-mamori_csrf' : 'mamori_csrf';
  }

  /** Anonymous CSRF token: a nonce and its HMAC, so the server can tell its own tokens from planted ones. */
  newAnonCsrf(): string {
    const nonce = randomBytes(18).toString('base64url');
    return `${nonce}.${this.mac(nonce)}`;
  }
  validAnonCsrf(token: string | undefined): boolean {
    if (!token) return false;
    const [nonce, mac] = token.split('.');
    return !!nonce && !!mac && safeEqual(mac, this.mac(nonce));
  }
  private mac(s: string) {
    return createHmac('sha256', this.ctx.secrets.sessionSecret).update(`csrf:${s}`).digest('base64url');
  }

  /** Creates a session (always a new token: no fixation) and returns the cookie token. */
  async create(
    tx: Conn,
    personId: string,
    ip: string | null,
    userAgent: string | null,
    opts: { stage?: SessionStage; lifetimeMs?: number } = {},
  ): Promise<{ token: string; id: string; csrfToken: string; expiresAt: Date }> {
    const token = newToken();
    const now = this.ctx.clock.now();
    const row = {
      stage: opts.stage ?? 'full',
      id: tokenId(token),
      personId,
      csrfToken: newToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + Math.min(opts.lifetimeMs ?? Infinity, this.ctx.config.sessionAbsoluteMs)),
      ip,
      userAgent: userAgent?.slice(0, 500) ?? null,
    };
    await tx.insert(sessions).values(row);
    return { token, id: row.id, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
  }

  /**
   * Loads the session and its person's current roles and affiliations in one query, so a role
   * or scope change applies on the very next request. Returns 'expired' for a timed-out session.
   */
  async load(token: string, ip: string | null, userAgent: string | null): Promise<LoadedSession | 'expired' | null> {
    const id = tokenId(token);
    const checkedAt = this.ctx.clock.now();
    // Each feature's requirement is one boolean column of the same statement: requirement_<i>.
    const featureChecks = sql.join(this.requirements.map((r, i) => sql`, ${r.sql(checkedAt, PERSON)} as ${sql.identifier(`requirement_${i}`)}`));
    const [row] = await queryRows<SessionRow>(this.ctx.db, sql`
      select s.id, s.person_id, s.csrf_token, s.expires_at, s.last_seen_at, s.ended_at, s.stage,
             p.active as person_active, p.unit_id,
             p.family_name_ja, p.given_name_ja, p.family_name_en, p.given_name_en, p.email,
             (p.account_status = 'active' and (p.account_expires_at is null or p.account_expires_at > ${checkedAt})) as account_ok,
             p.must_change_password, p.mfa_enrolled_at is not null as mfa_enrolled, p.pledge_version,
             (select coalesce(json_agg(json_build_object('role', r.role, 'institutionId', r.institution_id,
                       'researchGroupId', r.research_group_id, 'unitId', r.unit_id, 'committeeId', r.committee_id)), '[]'::json)
                from role_assignments r where r.person_id = p.id) as roles,
             array(select pi.institution_id::text from person_institutions pi where pi.person_id = p.id) as institution_ids,
             array(select pg.research_group_id::text from person_research_groups pg where pg.person_id = p.id) as research_group_ids,
             array(select pc.committee_id::text from person_committees pc where pc.person_id = p.id) as committee_ids
             ${featureChecks}
        from sessions s join people p on p.id = s.person_id
       where s.id = ${id}`);
    if (!row || row.ended_at) return null;
    const now = this.ctx.clock.now();
    const lastSeen = asDate(row.last_seen_at);
    const expired = asDate(row.expires_at) <= now || now.getTime() - lastSeen.getTime() > this.ctx.config.sessionIdleMs || !row.person_active || !row.account_ok;
    if (expired) {
      await this.end(this.ctx.db, row.id, !row.person_active ? 'person_deactivated' : !row.account_ok ? 'account_inactive' : 'expired');
      return 'expired';
    }
    // Touch at most once a minute: the idle clock needs no finer grain, and reads stay reads.
    if (now.getTime() - lastSeen.getTime() > 60_000) {
      await this.ctx.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id));
    }
    const stage: SessionStage = row.stage === 'mfa' ? 'mfa' : 'full';
    const allRoles = (asJson<ActorRole[]>(row.roles) ?? []).map((r) => ({ ...r, role: r.role as Role }));
    // Before the second factor the session carries no role at all, so no rule can allow anything.
    const roles = stage === 'mfa' ? [] : allRoles;
    const requirements: Requirement[] = [];
    if (row.must_change_password) requirements.push('password');
    if (!row.mfa_enrolled && mfaRequiredFor(allRoles.map((r) => r.role), this.ctx.config.mfaRequiredForResearchers)) requirements.push('mfa_enroll');
    if (row.pledge_version !== PLEDGE_VERSION) requirements.push('pledge');
    this.requirements.forEach((r, i) => {
      if (row[`requirement_${i}`]) requirements.push(r.name);
    });
    return {
      id: row.id,
      personId: row.person_id,
      csrfToken: row.csrf_token,
      expiresAt: asDate(row.expires_at),
      stage,
      requirements,
      person: { familyNameJa: row.family_name_ja, givenNameJa: row.given_name_ja, familyNameEn: row.family_name_en, givenNameEn: row.given_name_en, email: row.email },
      actor: {
        kind: 'person',
        personId: row.person_id,
        sessionId: row.id,
        ip,
        userAgent,
        roles,
        unitId: row.unit_id,
        institutionIds: row.institution_ids ?? [],
        researchGroupIds: row.research_group_ids ?? [],
        committeeIds: row.committee_ids ?? [],
      },
    };
  }

  async end(conn: Conn, id: string, reason: string): Promise<void> {
    await conn
      .update(sessions)
      .set({ endedAt: this.ctx.clock.now(), endReason: reason })
      .where(and(eq(sessions.id, id), isNull(sessions.endedAt)));
  }

  /** Ends every open session of a person (deactivation, suspension, lost credentials), optionally sparing one. Returns how many ended. */
  async endAllFor(conn: Conn, personId: string, reason: string, exceptId?: string): Promise<number> {
    const ended = await conn
      .update(sessions)
      .set({ endedAt: this.ctx.clock.now(), endReason: reason })
      .where(and(eq(sessions.personId, personId), isNull(sessions.endedAt), exceptId ? ne(sessions.id, exceptId) : undefined))
      .returning({ id: sessions.id });
    return ended.length;
  }

  /** Turns an MFA-stage session into a full one with a fresh token (no fixation across the step). */
  async promote(conn: Conn, session: LoadedSession, ip: string | null, userAgent: string | null): Promise<{ token: string; id: string; csrfToken: string; expiresAt: Date }> {
    await this.end(conn, session.id, 'mfa_completed');
    return this.create(conn, session.personId, ip, userAgent);
  }
}
