import { z } from 'zod';
import {
  AcceptedDto,
  AcceptInvitation,
  AccountDto,
  AccountCountsDto,
  AccountPage,
  BulkInvite,
  BulkInviteResultDto,
  CloseCredentialLoss,
  ConfirmLost,
  CredentialLossDto,
  CredentialLossPage,
  ExportAccountsQuery,
  InvitationInfoDto,
  InvitationLookup,
  ListAccountsQuery,
  ListCredentialLossQuery,
  MyPledgeDto,
  OffboardAccount,
  PledgeDto,
  ReportLostPublic,
  ReportLostSignedIn,
  RequestPasswordReset,
  ResetLostMfa,
  ResetPassword,
  SetAccountExpiry,
  SignPledge,
  SuspendAccount,
} from '../../../shared/accounts.js';
import { SessionDto } from '../../../shared/auth.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { InvitationService } from './invitation.js';
import { AccountConsoleService } from './console.service.js';
import { AccountsService } from './lifecycle.js';
import { LostCredentialsService } from './lost.service.js';
import { PledgeService } from './pledge.service.js';
import { contentDisposition } from '../../files/content-disposition.js';

const IdParam = z.object({ id: z.uuid() });
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
  const tags = ['accounts'];

  // ---- public: invitation, lost credentials, password reset ---------------------------------------

  app.post('/api/invitations/lookup', { config: { public: true, rateLimit: publicLimit }, schema: { tags, body: InvitationLookup, response: { 200: InvitationInfoDto } } }, async (req) =>
    invitations.lookup(req.body.token),
  );

  app.post('/api/invitations/accept', { config: { public: true, rateLimit: publicLimit }, schema: { tags, body: AcceptInvitation, response: { 200: SessionDto } } }, async (req, reply) => {
    const { token, dto } = await invitations.accept(req.body, req.ip, ua(req.headers['user-agent']));
    reply.setCookie(sessions.cookieName(), token, { ...cookieOpts, maxAge: Math.floor(ctx.config.sessionAbsoluteMs / 1000) });
    reply.clearCookie(sessions.anonCsrfCookieName(), { path: '/' });
    return dto;
  });

  app.post('/api/lost-credentials', { config: { public: true, rateLimit: publicLimit }, schema: { tags, body: ReportLostPublic, response: { 202: AcceptedDto } } }, async (req, reply) => {
    await lost.requestFromSignInPage(req.body.email, req.body.lost, req.ip, ua(req.headers['user-agent']));
    return reply.code(202).send({ accepted: true });
  });

  app.post('/api/lost-credentials/confirm', { config: { public: true, rateLimit: publicLimit }, schema: { tags, body: ConfirmLost, response: { 200: AcceptedDto } } }, async (req, reply) => {
    await lost.confirmFromSignInPage(req.body.token, req.ip, ua(req.headers['user-agent']));
    // Whoever follows the link in this browser is signed out too.
    reply.clearCookie(sessions.cookieName(), { path: '/' });
    return { accepted: true as const };
  });

  app.post('/api/password-reset/request', { config: { public: true, rateLimit: publicLimit }, schema: { tags, body: RequestPasswordReset, response: { 202: AcceptedDto } } }, async (req, reply) => {
    await lost.requestReset(req.body.email, req.ip, ua(req.headers['user-agent']));
    return reply.code(202).send({ accepted: true });
  });

  app.post('/api/password-reset', { config: { public: true, rateLimit: publicLimit }, schema: { tags, body: ResetPassword, response: { 204: z.null() } } }, async (req, reply) => {
    await lost.resetPassword(req.body.token, req.body.password, req.ip, ua(req.headers['user-agent']));
    reply.clearCookie(sessions.cookieName(), { path: '/' });
    return reply.code(204).send(null);
  });

  // ---- the signed-in person: the pledge, "I lost my credentials" ----------------------------------

  app.get('/api/pledge', { config: { allowPending: true }, schema: { tags, response: { 200: PledgeDto } } }, async () => pledge.current());
  app.get('/api/me/pledge', { config: { allowPending: true }, schema: { tags, response: { 200: MyPledgeDto } } }, async (req) => pledge.mine(req.actor));
  app.post('/api/me/pledge', { config: { allowPending: true }, schema: { tags, body: SignPledge, response: { 200: MyPledgeDto } } }, async (req) => pledge.sign(req.actor, req.body));

  app.post('/api/me/credential-loss', { config: { allowPending: true }, schema: { tags, body: ReportLostSignedIn, response: { 202: AcceptedDto } } }, async (req, reply) => {
    await lost.reportSignedIn(req.actor, req.body.lost, req.body.note);
    reply.clearCookie(sessions.cookieName(), { path: '/' });
    return reply.code(202).send({ accepted: true });
  });

  // ---- the account console (account.manage) ---------------------------------------------------------

  app.get('/api/accounts/summary', { schema: { tags, response: { 200: AccountCountsDto } } }, async (req) => console_.counts(req.actor));
  app.get('/api/accounts/export.csv', { schema: { tags, querystring: ExportAccountsQuery, produces: ['text/csv'] } }, async (req, reply) => {
    const r = await console_.exportCsv(req.actor, req.query);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDisposition(r.fileName)).header('cache-control', 'no-store').send(r.body);
  });
  app.post('/api/accounts/invitations', { schema: { tags, body: BulkInvite, response: { 200: BulkInviteResultDto } } }, async (req) => console_.inviteMany(req.actor, req.body.personIds));
  app.get('/api/accounts', { schema: { tags, querystring: ListAccountsQuery, response: { 200: AccountPage } } }, async (req) => accounts.list(req.actor, req.query));
  app.get('/api/people/:id/account', { schema: { tags, params: IdParam, response: { 200: AccountDto } } }, async (req) => accounts.get(req.actor, req.params.id));
  app.post('/api/people/:id/account/invitation', { schema: { tags, params: IdParam, response: { 200: AccountDto } } }, async (req) => accounts.invite(req.actor, req.params.id));
  app.post('/api/people/:id/account/suspend', { schema: { tags, params: IdParam, body: SuspendAccount, response: { 200: AccountDto } } }, async (req) =>
    accounts.suspend(req.actor, req.params.id, req.body.note),
  );
  app.post('/api/people/:id/account/reactivate', { schema: { tags, params: IdParam, response: { 200: AccountDto } } }, async (req) => accounts.reactivate(req.actor, req.params.id));
  app.put('/api/people/:id/account/expiry', { schema: { tags, params: IdParam, body: SetAccountExpiry, response: { 200: AccountDto } } }, async (req) =>
    accounts.setExpiry(req.actor, req.params.id, req.body),
  );
  app.post('/api/people/:id/account/offboard', { schema: { tags, params: IdParam, body: OffboardAccount, response: { 200: AccountDto } } }, async (req) =>
    accounts.offboard(req.actor, req.params.id, req.body.reason),
  );

  // ---- the credential-loss queue (credential_loss.manage) -----------------------------------------

  app.get('/api/credential-losses', { schema: { tags, querystring: ListCredentialLossQuery, response: { 200: CredentialLossPage } } }, async (req) => lost.list(req.actor, req.query));
  app.get('/api/credential-losses/:id', { schema: { tags, params: IdParam, response: { 200: CredentialLossDto } } }, async (req) => lost.get(req.actor, req.params.id));
  app.post('/api/credential-losses/:id/reset-mfa', { schema: { tags, params: IdParam, body: ResetLostMfa, response: { 200: CredentialLossDto } } }, async (req) =>
    lost.resetAuthenticator(req.actor, req.params.id, req.body.note),
  );
  app.post('/api/credential-losses/:id/close', { schema: { tags, params: IdParam, body: CloseCredentialLoss, response: { 200: CredentialLossDto } } }, async (req) =>
    lost.close(req.actor, req.params.id, req.body.note),
  );
}
