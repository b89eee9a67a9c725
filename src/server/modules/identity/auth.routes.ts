import { z } from 'zod';
import { CompleteSetup, SessionDto, SignIn } from '../../../shared/auth.js';
import { ChangePassword, EndedCount, MfaEnrollment, MfaStep, RecoveryCodes, SecurityOverview, SessionList, TotpCode } from '../../../shared/identity.js';
import { mfaRequiredFor } from '../../../shared/account.js';
import type { AppContext } from '../../context.js';
import { people } from '../../db/schema/index.js';
import { eq } from 'drizzle-orm';
import type { App, Reply, Req } from '../../http.js';
import { UnauthenticatedError } from '../../errors.js';
import type { AuthService, RequestInfo } from './auth.service.js';
import type { LoadedSession, SessionService } from '../../sessions/session.service.js';
import { ThrottledError } from './throttle.js';
import { SharingSignalList, SharingSignalsQuery } from '../../../shared/sharing.js';
import { sharingSignals } from './sharing-signals.js';

/** The device cookie lives 400 days, the longest browsers keep a cookie. */
const DEVICE_COOKIE_SECONDS = 400 * 24 * 3600;

/** Session, sign-in (password and second factor), sign-out, first-run setup, one's own security settings and sessions. */
export function registerAuth(app: App, ctx: AppContext, auth: AuthService, sessions: SessionService): void {
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies };
  const setSession = (reply: Reply, token: string, deviceToken?: string) => {
    reply.setCookie(sessions.cookieName(), token, { ...cookieOpts, maxAge: Math.floor(ctx.config.sessionAbsoluteMs / 1000) });
    reply.clearCookie(sessions.anonCsrfCookieName(), { path: '/' });
    if (deviceToken) reply.setCookie(sessions.deviceCookieName(), deviceToken, { ...cookieOpts, maxAge: DEVICE_COOKIE_SECONDS });
  };
  const info = (req: Req): RequestInfo => ({ ip: req.ip, userAgent: req.headers['user-agent'] ?? null, deviceToken: req.cookies[sessions.deviceCookieName()] ?? null });
  /** 429 answers carry Retry-After. */
  const throttled = async <T>(reply: Reply, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      if (e instanceof ThrottledError) reply.header('retry-after', String(e.retryAfterSeconds));
      throw e;
    }
  };
  const mine = (req: Req): LoadedSession => {
    if (!req.session) throw new UnauthenticatedError();
    return req.session;
  };
  const signInLimit = { max: ctx.config.signInRateLimit, timeWindow: '1 minute' };
  // Steps taken inside a session are limited per session (many colleagues may share one IP address).
  const perSessionLimit = { ...signInLimit, keyGenerator: (req: Req) => `s:${req.cookies[sessions.cookieName()] ?? req.ip}` };


  app.get('/api/session', { config: { public: true }, schema: { tags: ['auth'], response: { 200: SessionDto } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    if (req.session) return auth.dto(req.session);
    let anon = req.cookies[sessions.anonCsrfCookieName()];
    if (!sessions.validAnonCsrf(anon)) {
      anon = sessions.newAnonCsrf();
      reply.setCookie(sessions.anonCsrfCookieName(), anon, { ...cookieOpts, sameSite: 'strict' });
    }
    return auth.dto(null, anon);
  });

  app.post(
    '/api/auth/sign-in',
    { config: { public: true, rateLimit: signInLimit }, schema: { tags: ['auth'], body: SignIn, response: { 200: SessionDto } } },
    async (req, reply) => {
      const { token, dto, deviceToken } = await throttled(reply, () => auth.signIn(req.body, info(req)));
      setSession(reply, token, deviceToken);
      return dto;
    },
  );

  app.post(
    '/api/auth/mfa',
    { config: { allowMfaStage: true, allowPending: true, rateLimit: perSessionLimit }, schema: { tags: ['auth'], body: MfaStep, response: { 200: SessionDto } } },
    async (req, reply) => {
      const { token, dto, deviceToken } = await throttled(reply, () => auth.mfaStep(mine(req), req.body, info(req)));
      setSession(reply, token, deviceToken);
      return dto;
    },
  );

  app.post('/api/auth/sign-out', { config: { public: true }, schema: { tags: ['auth'], response: { 204: z.null() } } }, async (req, reply) => {
    if (req.session) await auth.signOut(req.session);
    reply.clearCookie(sessions.cookieName(), { path: '/' });
    return reply.code(204).send(null);
  });

  app.post(
    '/api/setup',
    { config: { public: true, rateLimit: signInLimit }, schema: { tags: ['auth'], body: CompleteSetup, response: { 200: SessionDto } } },
    async (req, reply) => {
      const { token, dto, deviceToken } = await auth.completeSetup(req.body, info(req));
      setSession(reply, token, deviceToken);
      return dto;
    },
  );

  // ---- one's own security settings (reachable during onboarding) -------------------------------

  app.get('/api/me/security', { config: { allowPending: true }, schema: { tags: ['security'], response: { 200: SecurityOverview } } }, async (req) => {
    const s = mine(req);
    const [p] = await ctx.db.select({ passwordChangedAt: people.passwordChangedAt }).from(people).where(eq(people.id, s.personId));
    const enrolled = await auth.mfa.isEnrolled(ctx.db, s.personId);
    const [row] = await ctx.db.select({ mfaEnrolledAt: people.mfaEnrolledAt }).from(people).where(eq(people.id, s.personId));
    return {
      passwordChangedAt: p?.passwordChangedAt?.toISOString() ?? null,
      passwordMinLength: Math.max(8, ctx.config.passwordMinLength),
      mfaRequired: mfaRequiredFor(
        s.actor.roles.map((r) => r.role),
        ctx.config.mfaRequiredForResearchers,
      ),
      mfaEnrolledAt: enrolled ? (row?.mfaEnrolledAt?.toISOString() ?? null) : null,
      recoveryCodesLeft: enrolled ? await auth.mfa.recoveryCodesLeft(ctx.db, s.personId) : 0,
    };
  });

  app.post(
    '/api/me/password',
    { config: { allowPending: true, rateLimit: perSessionLimit }, schema: { tags: ['security'], body: ChangePassword, response: { 200: z.object({ endedSessions: z.number().int() }) } } },
    async (req, reply) => throttled(reply, () => auth.changePassword(mine(req), req.body, info(req))),
  );

  app.post('/api/me/mfa/enroll', { config: { allowPending: true }, schema: { tags: ['security'], response: { 200: MfaEnrollment } } }, async (req) => {
    const s = mine(req);
    return auth.mfa.beginEnrollment(s.actor, s.personId);
  });

  app.post(
    '/api/me/mfa/confirm',
    { config: { allowPending: true, rateLimit: perSessionLimit }, schema: { tags: ['security'], body: TotpCode, response: { 200: RecoveryCodes } } },
    async (req) => {
      const s = mine(req);
      return { codes: await auth.mfa.confirmEnrollment(s.actor, s.personId, req.body.code) };
    },
  );

  app.post(
    '/api/me/mfa/recovery-codes',
    { config: { rateLimit: perSessionLimit }, schema: { tags: ['security'], body: TotpCode, response: { 200: RecoveryCodes } } },
    async (req) => {
      const s = mine(req);
      return { codes: await auth.mfa.regenerateRecoveryCodes(s.actor, s.personId, req.body.code) };
    },
  );

  app.post(
    '/api/me/mfa/replace',
    { config: { rateLimit: perSessionLimit }, schema: { tags: ['security'], body: TotpCode, response: { 204: z.null() } } },
    async (req, reply) => {
      const s = mine(req);
      await auth.mfa.replaceAuthenticator(s.actor, s.personId, req.body.code);
      return reply.code(204).send(null);
    },
  );

  // ---- sessions ---------------------------------------------------------------------------------

  app.get('/api/me/sessions', { schema: { tags: ['security'], response: { 200: SessionList } } }, async (req) => ({ items: await auth.listSessions(mine(req)) }));

  app.post(
    '/api/me/sessions/:id/end',
    { schema: { tags: ['security'], params: z.object({ id: z.string().regex(/^[0-9a-f]{64}$/) }), response: { 204: z.null() } } },
    async (req, reply) => {
      await auth.endOwnSession(mine(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post('/api/me/sessions/end-others', { schema: { tags: ['security'], response: { 200: EndedCount } } }, async (req) => ({ ended: await auth.endOtherOwnSessions(mine(req)) }));

  app.post(
    '/api/people/:id/sessions/end',
    { schema: { tags: ['security'], params: z.object({ id: z.uuid() }), response: { 200: EndedCount } } },
    async (req) => ({ ended: await auth.endSessionsOf(req.actor, req.params.id) }),
  );

  app.post('/api/sessions/end-all', { schema: { tags: ['security'], response: { 200: EndedCount } } }, async (req) => ({ ended: await auth.endAllSessions(req.actor) }));

  app.get(
    '/api/accounts/sharing-signals',
    { schema: { tags: ['security'], querystring: SharingSignalsQuery, response: { 200: SharingSignalList } } },
    async (req) => sharingSignals(ctx, req.actor, req.query),
  );
}
