import { z } from 'zod';
import { CompleteSetup, SessionDto, SignIn } from '../../../shared/auth.js';
import type { AppContext } from '../../context.js';
import type { App, Reply } from '../../http.js';
import type { AuthService } from './auth.service.js';
import type { SessionService } from './session.service.js';

/** Session, sign-in, sign-out and first-run setup. */
export function registerAuth(app: App, ctx: AppContext, auth: AuthService, sessions: SessionService): void {
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies };
  const setSession = (reply: Reply, token: string) => {
    reply.setCookie(sessions.cookieName(), token, { ...cookieOpts, maxAge: Math.floor(ctx.config.sessionAbsoluteMs / 1000) });
    reply.clearCookie(sessions.anonCsrfCookieName(), { path: '/' });
  };
  const signInLimit = { max: ctx.config.signInRateLimit, timeWindow: '1 minute' };

  app.get('/api/session', { config: { public: true }, schema: { tags: ['auth'], response: { 200: SessionDto } } }, async (req, reply) => {
    if (req.session) return auth.dto(req.session);
    let anon = req.cookies[sessions.anonCsrfCookieName()];
    if (!sessions.validAnonCsrf(anon)) {
      anon = sessions.newAnonCsrf();
      reply.setCookie(sessions.anonCsrfCookieName(), anon, { ...cookieOpts, sameSite: 'strict' });
    }
    reply.header('cache-control', 'no-store');
    return auth.dto(null, anon);
  });

  app.post(
    '/api/auth/sign-in',
    { config: { public: true, rateLimit: signInLimit }, schema: { tags: ['auth'], body: SignIn, response: { 200: SessionDto } } },
    async (req, reply) => {
      const { token, dto } = await auth.signIn(req.body, req.ip, req.headers['user-agent'] ?? null);
      setSession(reply, token);
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
      const { token, dto } = await auth.completeSetup(req.body, req.ip, req.headers['user-agent'] ?? null);
      setSession(reply, token);
      return dto;
    },
  );
}
