import { authApi as a, securityApi as s } from '../../../shared/api/identity.js';
import type { AppContext } from '../../context.js';
import type { App, Reply, Req } from '../../http.js';
import { UnauthenticatedError } from '../../errors.js';
import { route } from '../../route.js';
import type { AuthService, RequestInfo } from './auth.service.js';
import type { LoadedSession, SessionService } from '../../sessions/session.service.js';
import { ThrottledError } from './throttle.js';
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

  route(
    app,
    a.session,
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      if (req.session) return auth.dto(req.session);
      let anon = req.cookies[sessions.anonCsrfCookieName()];
      if (!sessions.validAnonCsrf(anon)) {
        anon = sessions.newAnonCsrf();
        reply.setCookie(sessions.anonCsrfCookieName(), anon, { ...cookieOpts, sameSite: 'strict' });
      }
      return auth.dto(null, anon);
    },
    { config: { public: true } },
  );

  route(
    app,
    a.signIn,
    async (req, reply) => {
      const { token, dto, deviceToken } = await throttled(reply, () => auth.signIn(req.body, info(req)));
      setSession(reply, token, deviceToken);
      return dto;
    },
    { config: { public: true, rateLimit: signInLimit } },
  );

  route(
    app,
    a.mfa,
    async (req, reply) => {
      const { token, dto, deviceToken } = await throttled(reply, () => auth.mfaStep(mine(req), req.body, info(req)));
      setSession(reply, token, deviceToken);
      return dto;
    },
    { config: { allowMfaStage: true, allowPending: true, rateLimit: perSessionLimit } },
  );

  route(
    app,
    a.signOut,
    async (req, reply) => {
      if (req.session) await auth.signOut(req.session);
      reply.clearCookie(sessions.cookieName(), { path: '/' });
      return null;
    },
    { config: { public: true } },
  );

  route(
    app,
    a.setup,
    async (req, reply) => {
      const { token, dto, deviceToken } = await auth.completeSetup(req.body, info(req));
      setSession(reply, token, deviceToken);
      return dto;
    },
    { config: { public: true, rateLimit: signInLimit } },
  );

  // ---- one's own security settings (reachable during onboarding) -------------------------------

  route(app, s.overview, async (req) => auth.securityOverview(mine(req)), { config: { allowPending: true } });

  route(app, s.changePassword, async (req, reply) => throttled(reply, () => auth.changePassword(mine(req), req.body, info(req))), {
    config: { allowPending: true, rateLimit: perSessionLimit },
  });

  route(
    app,
    s.enrollMfa,
    async (req) => {
      const me = mine(req);
      return auth.mfa.beginEnrollment(me.actor, me.personId);
    },
    { config: { allowPending: true } },
  );

  route(
    app,
    s.confirmMfa,
    async (req) => {
      const me = mine(req);
      return { codes: await auth.mfa.confirmEnrollment(me.actor, me.personId, req.body.code) };
    },
    { config: { allowPending: true, rateLimit: perSessionLimit } },
  );

  route(
    app,
    s.regenerateRecoveryCodes,
    async (req) => {
      const me = mine(req);
      return { codes: await auth.mfa.regenerateRecoveryCodes(me.actor, me.personId, req.body.code) };
    },
    { config: { rateLimit: perSessionLimit } },
  );

  route(
    app,
    s.replaceAuthenticator,
    async (req) => {
      const me = mine(req);
      await auth.mfa.replaceAuthenticator(me.actor, me.personId, req.body.code);
      return null;
    },
    { config: { rateLimit: perSessionLimit } },
  );

  // ---- sessions ---------------------------------------------------------------------------------

  route(app, s.mySessions, async (req) => ({ items: await auth.listSessions(mine(req)) }));
  route(app, s.endSession, async (req) => {
    await auth.endOwnSession(mine(req), req.params.id);
    return null;
  });
  route(app, s.endOtherSessions, async (req) => ({ ended: await auth.endOtherOwnSessions(mine(req)) }));
  route(app, s.endSessionsOf, async (req) => ({ ended: await auth.endSessionsOf(req.actor, req.params.id) }));
  route(app, s.endAllSessions, async (req) => ({ ended: await auth.endAllSessions(req.actor) }));
  route(app, s.sharingSignals, async (req) => sharingSignals(ctx, req.actor, req.query));
}
