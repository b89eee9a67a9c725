import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { authFailures, people, signInAlerts } from '../../db/schema/index.js';
import { appendAuditAlone } from '../../audit/audit.service.js';
import { anonymousActor, type Actor } from '../../authz/actor.js';
import { AppError } from '../../errors.js';
import { FAILED_SIGN_INS_MAIL } from './mail.js';

/**
 * Sign-in throttling (docs/SECURITY.md "Throttling"). Numbers, all over a sliding hour:
 * - per account: the first 5 failures are free; after n ≥ 5 failures the next attempt waits
 *   2^(n−5) s after the last failure, at most 15 min; at 100 failures attempts are refused until
 *   the oldest of them is an hour old. Never a permanent lock.
 * - per IP address: the same growth after 20 failures (any account), at most 15 min.
 * - a browser that completed sign-in to the account before (device cookie) is counted apart: only
 *   its own failures slow it, so failures caused by someone else elsewhere never block its owner.
 * - MFA: 5 wrong codes end the MFA-stage session; 10 wrong codes per account refuse the step
 *   until the oldest is an hour old.
 */
export const THROTTLE = {
  windowMs: 3_600_000,
  accountFreeFailures: 5,
  ipFreeFailures: 20,
  maxDelayMs: 15 * 60_000,
  accountHourlyCap: 100,
  mfaPerSession: 5,
  mfaPerAccountHourly: 10,
  alertAfterFailures: 5,
} as const;

export class ThrottledError extends AppError {
  constructor(public readonly retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', 'Too many attempts. Please wait and try again.', { retryAfterSeconds });
  }
}

const delayAfter = (n: number, free: number) => (n < free ? 0 : Math.min(2 ** (n - free) * 1000, THROTTLE.maxDelayMs));

export interface AttemptKey {
  /** The email typed, lower-cased: throttling works the same whether the account exists or not. */
  accountKey: string;
  personId: string | null;
  ip: string | null;
  /** Set when the browser's device cookie is known for this account. */
  knownDeviceHash: string | null;
  userAgent: string | null;
}

export class Throttle {
  constructor(private readonly ctx: AppContext) {}

  private since() {
    return new Date(this.ctx.clock.now().getTime() - THROTTLE.windowMs);
  }

  /** Throws 429 RATE_LIMITED (audited as auth.throttled) when a password attempt must wait. */
  async checkPassword(k: AttemptKey): Promise<void> {
    const now = this.ctx.clock.now().getTime();
    const since = this.since();
    const times = (
      await this.ctx.db
        .select({ at: authFailures.at })
        .from(authFailures)
        .where(
          and(
            eq(authFailures.kind, 'password'),
            eq(authFailures.accountKey, k.accountKey),
            k.knownDeviceHash ? eq(authFailures.deviceHash, k.knownDeviceHash) : isNull(authFailures.deviceHash),
            gt(authFailures.at, since),
          ),
        )
        .orderBy(desc(authFailures.at))
        .limit(THROTTLE.accountHourlyCap)
    ).map((r) => r.at.getTime());
    let retryAt = 0;
    let scope = 'account';
    if (times.length >= THROTTLE.accountHourlyCap) retryAt = times[THROTTLE.accountHourlyCap - 1]! + THROTTLE.windowMs;
    else if (times.length > 0) retryAt = times[0]! + delayAfter(times.length, THROTTLE.accountFreeFailures);
    if (!k.knownDeviceHash && k.ip) {
      const [row] = await this.ctx.db
        .select({ n: sql<number>`count(*)::int`, last: sql<Date | string | null>`max(${authFailures.at})` })
        .from(authFailures)
        .where(and(eq(authFailures.kind, 'password'), eq(authFailures.ip, k.ip), gt(authFailures.at, since)));
      const n = Number(row?.n ?? 0);
      if (n > 0 && row?.last) {
        const ipRetry = new Date(row.last).getTime() + delayAfter(n, THROTTLE.ipFreeFailures);
        if (ipRetry > retryAt) {
          retryAt = ipRetry;
          scope = 'ip';
        }
      }
    }
    if (retryAt > now) await this.refuse(k, retryAt - now, scope, 'password');
  }

  /** Records a failed password attempt; warns the person by email (at most once an hour) when failures pile up. */
  async recordPasswordFailure(k: AttemptKey): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.db.insert(authFailures).values({ kind: 'password', accountKey: k.accountKey, personId: k.personId, ip: k.ip, deviceHash: k.knownDeviceHash, at: now });
    if (!k.personId) return;
    const [row] = await this.ctx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(authFailures)
      .where(and(eq(authFailures.kind, 'password'), eq(authFailures.personId, k.personId), gt(authFailures.at, this.since())));
    const n = Number(row?.n ?? 0);
    if (n < THROTTLE.alertAfterFailures) return;
    const personId = k.personId;
    const sent = await this.ctx.db.transaction(async (tx) => {
      // Claims the hourly warning atomically: only one concurrent failure sends it.
      const claimed = await tx
        .insert(signInAlerts)
        .values({ personId, lastFailureAlertAt: now })
        .onConflictDoUpdate({ target: signInAlerts.personId, set: { lastFailureAlertAt: now }, setWhere: lt(signInAlerts.lastFailureAlertAt, this.since()) })
        .returning({ personId: signInAlerts.personId });
      if (claimed.length === 0) return false;
      const [p] = await tx.select({ email: people.email, language: people.language }).from(people).where(eq(people.id, personId));
      if (!p) return false;
      await this.ctx.mailer.enqueue(tx, {
        to: p.email,
        personId,
        language: p.language === 'en' ? 'en' : 'ja',
        template: FAILED_SIGN_INS_MAIL,
        params: { count: n, at: now.toISOString(), lastIp: k.ip ?? '-', securityUrl: `${this.ctx.config.publicUrl}/security` },
      });
      return true;
    });
    if (sent) this.ctx.mailer.kick();
  }

  /** Throws 429 when the account has had too many wrong MFA codes in the last hour. */
  async checkMfa(k: AttemptKey, actor: Actor): Promise<void> {
    const times = (
      await this.ctx.db
        .select({ at: authFailures.at })
        .from(authFailures)
        .where(and(eq(authFailures.kind, 'mfa'), eq(authFailures.accountKey, k.accountKey), gt(authFailures.at, this.since())))
        .orderBy(desc(authFailures.at))
        .limit(THROTTLE.mfaPerAccountHourly)
    ).map((r) => r.at.getTime());
    if (times.length >= THROTTLE.mfaPerAccountHourly) {
      const retryAt = times[THROTTLE.mfaPerAccountHourly - 1]! + THROTTLE.windowMs;
      const wait = retryAt - this.ctx.clock.now().getTime();
      if (wait > 0) await this.refuse(k, wait, 'account', 'mfa', actor);
    }
  }

  /** Records a wrong MFA code; returns how many this session has had. */
  async recordMfaFailure(conn: Conn, k: AttemptKey, sessionId: string): Promise<number> {
    await conn.insert(authFailures).values({ kind: 'mfa', accountKey: k.accountKey, personId: k.personId, ip: k.ip, sessionId, at: this.ctx.clock.now() });
    const [row] = await conn
      .select({ n: sql<number>`count(*)::int` })
      .from(authFailures)
      .where(and(eq(authFailures.kind, 'mfa'), eq(authFailures.sessionId, sessionId)));
    return Number(row?.n ?? 0);
  }

  private async refuse(k: AttemptKey, waitMs: number, scope: string, step: 'password' | 'mfa', actor?: Actor): Promise<never> {
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    await appendAuditAlone(this.ctx.db, this.ctx.clock, actor ?? anonymousActor(k.ip, k.userAgent), {
      action: 'auth.throttled',
      targetType: 'person',
      targetId: k.personId,
      details: { email: k.accountKey, step, scope, retryAfterSeconds, knownDevice: !!k.knownDeviceHash },
    });
    throw new ThrottledError(retryAfterSeconds);
  }

  /** Forgets failures older than a day (scheduled). */
  async prune(now: Date): Promise<number> {
    const gone = await this.ctx.db
      .delete(authFailures)
      .where(lt(authFailures.at, new Date(now.getTime() - 24 * 3_600_000)))
      .returning({ id: authFailures.id });
    return gone.length;
  }
}
