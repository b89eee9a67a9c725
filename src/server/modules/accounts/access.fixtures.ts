import { eq } from 'drizzle-orm';
import { PLEDGE_VERSION } from '../../../shared/account.js';
import type { TargetScope } from '../../authz/access-table.js';
import { credentialLosses, people } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { seedPerson, sessionFor } from '../../testing/harness.js';
import { issueToken } from './tokens.js';

const PASSWORD = 'lanterns over the quiet harbour 2026';

export const fixtures: ModuleFixturesFactory = ({ t, next, targetFor, targetPerson }) => {
  /** A target person whose account is in the given state. */
  const personIn = async (scope: TargetScope, status: 'none' | 'active' | 'suspended') => {
    const p = await targetPerson(scope);
    if (status !== 'none') await t.ctx.db.update(people).set({ accountStatus: status, suspendedReason: status === 'suspended' ? 'manual' : null }).where(eq(people.id, p.id));
    return p.id;
  };
  const lossRecord = async (scope: TargetScope, mfaResetPending: boolean) => {
    const personId = await personIn(scope, 'active');
    const [r] = await t.ctx.db
      .insert(credentialLosses)
      .values({ personId, lost: ['password'], reportedVia: 'signed_in', reportedAt: t.clock.now(), mfaResetPending })
      .returning({ id: credentialLosses.id });
    return r!.id;
  };
  /** A fresh person with an active account and a one-time link of the given purpose. */
  const linkFor = async (purpose: 'invitation' | 'password_reset' | 'lost_confirm') => {
    const p = await targetPerson('own');
    await t.ctx.db.update(people).set({ accountStatus: purpose === 'invitation' ? 'invited' : 'active' }).where(eq(people.id, p.id));
    const { token } = await issueToken(t.ctx.db, t.ctx, p.id, purpose, 3_600_000, purpose === 'lost_confirm' ? { lost: ['password'] } : undefined);
    return token;
  };
  return {
    publicRoutes: {
      'POST /api/invitations/lookup': async () => ({ method: 'POST', url: '/api/invitations/lookup', body: { token: await linkFor('invitation') }, ok: 200 }),
      'POST /api/invitations/accept': async () => ({ method: 'POST', url: '/api/invitations/accept', body: { token: await linkFor('invitation'), password: PASSWORD, language: 'ja' }, ok: 200 }),
      'POST /api/lost-credentials': async () => ({ method: 'POST', url: '/api/lost-credentials', body: { email: `nobody${next()}@example.jp`, lost: ['password'] }, ok: 202 }),
      'POST /api/lost-credentials/confirm': async () => ({ method: 'POST', url: '/api/lost-credentials/confirm', body: { token: await linkFor('lost_confirm') }, ok: 200 }),
      'POST /api/password-reset/request': async () => ({ method: 'POST', url: '/api/password-reset/request', body: { email: `nobody${next()}@example.jp` }, ok: 202 }),
      'POST /api/password-reset': async () => ({ method: 'POST', url: '/api/password-reset', body: { token: await linkFor('password_reset'), password: PASSWORD }, ok: 204 }),
    },
    routes: {
      'GET /api/pledge': async () => ({ method: 'GET', url: '/api/pledge', ok: 200 }),
      'GET /api/me/pledge': async () => ({ method: 'GET', url: '/api/me/pledge', ok: 200 }),
      'POST /api/me/pledge': async () => ({ method: 'POST', url: '/api/me/pledge', body: { version: PLEDGE_VERSION, language: 'ja' }, ok: 200 }),
      // Reporting ends every session of the reporter, so an allowed call is made by a person of its
      // own (the route is open to everyone signed in); a refused (anonymous) call goes as given.
      'POST /api/me/credential-loss': async (_s, _a, e) => {
        const call = { method: 'POST' as const, url: '/api/me/credential-loss', body: { lost: ['password'] }, ok: 202 };
        if (e !== 'allow') return call;
        const reporter = await seedPerson(t, { password: PASSWORD });
        const c = await sessionFor(t, reporter.id);
        return { ...call, headers: { cookie: `${t.ctx.sessions.cookieName()}=${c.token}`, 'x-csrf-token': c.csrf } };
      },
      'GET /api/accounts': async () => ({ method: 'GET', url: '/api/accounts?pageSize=5', ok: 200 }),
      'GET /api/accounts/summary': async () => ({ method: 'GET', url: '/api/accounts/summary', ok: 200 }),
      'GET /api/accounts/export.csv': async () => ({ method: 'GET', url: '/api/accounts/export.csv?filter=active&lang=en', ok: 200 }),
      'POST /api/accounts/invitations': async (s, _a, e) => ({
        method: 'POST',
        url: '/api/accounts/invitations',
        body: { personIds: [await targetFor(`bulk-none:${s}`, e, () => personIn(s, 'none'))] },
        ok: 200,
      }),
      'GET /api/people/:id/account': async (s) => ({ method: 'GET', url: `/api/people/${(await targetPerson(s)).id}/account`, ok: 200 }),
      'POST /api/people/:id/account/invitation': async (s, _a, e) => ({
        method: 'POST',
        url: `/api/people/${await targetFor(`acc-none:${s}`, e, () => personIn(s, 'none'))}/account/invitation`,
        ok: 200,
      }),
      'POST /api/people/:id/account/suspend': async (s, _a, e) => ({
        method: 'POST',
        url: `/api/people/${await targetFor(`acc-active:${s}`, e, () => personIn(s, 'active'))}/account/suspend`,
        body: { note: 'fixture' },
        ok: 200,
      }),
      'POST /api/people/:id/account/reactivate': async (s, _a, e) => ({
        method: 'POST',
        url: `/api/people/${await targetFor(`acc-suspended:${s}`, e, () => personIn(s, 'suspended'))}/account/reactivate`,
        ok: 200,
      }),
      'PUT /api/people/:id/account/expiry': async (s, _a, e) => ({
        method: 'PUT',
        url: `/api/people/${await targetFor(`acc-active:${s}`, e, () => personIn(s, 'active'))}/account/expiry`,
        body: { expiresAt: '2027-03-31T23:59:59+09:00' },
        ok: 200,
      }),
      'POST /api/people/:id/account/offboard': async (s, _a, e) => ({
        method: 'POST',
        url: `/api/people/${await targetFor(`acc-active:${s}`, e, () => personIn(s, 'active'))}/account/offboard`,
        body: { reason: 'fixture' },
        ok: 200,
      }),
      'GET /api/credential-losses': async () => ({ method: 'GET', url: '/api/credential-losses?status=open&pageSize=5', ok: 200 }),
      'GET /api/credential-losses/:id': async (s, _a, e) => ({ method: 'GET', url: `/api/credential-losses/${await targetFor(`loss:${s}`, e, () => lossRecord(s, false))}`, ok: 200 }),
      'POST /api/credential-losses/:id/reset-mfa': async (s, _a, e) => ({
        method: 'POST',
        url: `/api/credential-losses/${await targetFor(`loss-mfa:${s}`, e, () => lossRecord(s, true))}/reset-mfa`,
        body: { note: 'identity checked by phone' },
        ok: 200,
      }),
      'POST /api/credential-losses/:id/close': async (s, _a, e) => ({
        method: 'POST',
        url: `/api/credential-losses/${await targetFor(`loss-close:${s}`, e, () => lossRecord(s, false))}/close`,
        body: { note: 'done' },
        ok: 200,
      }),
    },
  };
};
