import { accountsApi as a } from '../../../shared/api/accounts.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { InvitationService } from './invitation.js';
import { AccountConsoleService } from './console.service.js';
import { AccountsService } from './lifecycle.js';
import { LostCredentialsService } from './lost.service.js';
import { PledgeService } from './pledge.service.js';
import { contentDisposition } from '../../files/content-disposition.js';

const ua = (h: string | string[] | undefined) => (typeof h === 'string' ? h : null);

/** The account lifecycle, the onboarding pledge and lost credentials (P32-2.1.3, P32-2.1.3b). */
export function registerAccountRoutes(app: App, ctx: AppContext): void {
  const accounts = new AccountsService(ctx);
  const console_ = new AccountConsoleService(ctx);
  const invitations = new InvitationService(ctx);
  const lost = new LostCredentialsService(ctx);
  const pledge = new PledgeService(ctx);

  const sessions = ctx.sessions;
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.secureCookies };
  const publicLimit = { max: ctx.config.signInRateLimit, timeWindow: '1 minute' };
  const publicRoute = { config: { public: true, rateLimit: publicLimit } };

  // ---- public: invitation, lost credentials, password reset ---------------------------------------

  route(app, a.lookupInvitation, async (req) => invitations.lookup(req.body.token), publicRoute);

  route(
    app,
    a.acceptInvitation,
    async (req, reply) => {
      const { token, dto } = await invitations.accept(req.body, req.ip, ua(req.headers['user-agent']));
      reply.setCookie(sessions.cookieName(), token, { ...cookieOpts, maxAge: Math.floor(ctx.config.sessionAbsoluteMs / 1000) });
      reply.clearCookie(sessions.anonCsrfCookieName(), { path: '/' });
      return dto;
    },
    publicRoute,
  );

  route(
    app,
    a.reportLostPublic,
    async (req) => {
      await lost.requestFromSignInPage(req.body.email, req.body.lost, req.ip, ua(req.headers['user-agent']));
      return { accepted: true as const };
    },
    publicRoute,
  );

  route(
    app,
    a.confirmLost,
    async (req, reply) => {
      await lost.confirmFromSignInPage(req.body.token, req.ip, ua(req.headers['user-agent']));
      // Whoever follows the link in this browser is signed out too.
      reply.clearCookie(sessions.cookieName(), { path: '/' });
      return { accepted: true as const };
    },
    publicRoute,
  );

  route(
    app,
    a.requestPasswordReset,
    async (req) => {
      await lost.requestReset(req.body.email, req.ip, ua(req.headers['user-agent']));
      return { accepted: true as const };
    },
    publicRoute,
  );

  route(
    app,
    a.resetPassword,
    async (req, reply) => {
      await lost.resetPassword(req.body.token, req.body.password, req.ip, ua(req.headers['user-agent']));
      reply.clearCookie(sessions.cookieName(), { path: '/' });
      return null;
    },
    publicRoute,
  );

  // ---- the signed-in person: the pledge, "I lost my credentials" ----------------------------------

  const pending = { config: { allowPending: true } };
  route(app, a.pledge, async () => pledge.current(), pending);
  route(app, a.myPledge, async (req) => pledge.mine(req.actor), pending);
  route(app, a.signPledge, async (req) => pledge.sign(req.actor, req.body), pending);
  route(
    app,
    a.reportLostSignedIn,
    async (req, reply) => {
      await lost.reportSignedIn(req.actor, req.body.lost, req.body.note);
      reply.clearCookie(sessions.cookieName(), { path: '/' });
      return { accepted: true as const };
    },
    pending,
  );

  // ---- the account console (account.manage) ---------------------------------------------------------

  route(app, a.summary, async (req) => console_.counts(req.actor));
  route(app, a.exportCsv, async (req, reply) => {
    const r = await console_.exportCsv(req.actor, req.query);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDisposition(r.fileName)).header('cache-control', 'no-store').send(r.body);
  });
  route(app, a.inviteMany, async (req) => console_.inviteMany(req.actor, req.body.personIds));
  route(app, a.list, async (req) => accounts.list(req.actor, req.query));
  route(app, a.get, async (req) => accounts.get(req.actor, req.params.id));
  route(app, a.invite, async (req) => accounts.invite(req.actor, req.params.id));
  route(app, a.suspend, async (req) => accounts.suspend(req.actor, req.params.id, req.body.note));
  route(app, a.reactivate, async (req) => accounts.reactivate(req.actor, req.params.id));
  route(app, a.setExpiry, async (req) => accounts.setExpiry(req.actor, req.params.id, req.body));
  route(app, a.offboard, async (req) => accounts.offboard(req.actor, req.params.id, req.body.reason));

  // ---- the credential-loss queue (credential_loss.manage) -----------------------------------------

  route(app, a.losses, async (req) => lost.list(req.actor, req.query));
  route(app, a.loss, async (req) => lost.get(req.actor, req.params.id));
  route(app, a.resetLostMfa, async (req) => lost.resetAuthenticator(req.actor, req.params.id, req.body.note));
  route(app, a.closeLoss, async (req) => lost.close(req.actor, req.params.id, req.body.note));
}
