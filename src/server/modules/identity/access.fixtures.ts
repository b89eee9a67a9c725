import { and, eq, isNotNull } from 'drizzle-orm';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { mfaAuthenticators, people, sessions } from '../../db/schema/index.js';
import { hashPassword } from './password.js';
import { SecretBox } from './secret-box.js';
import { totp } from './totp.js';

const FIXTURE_SECRET = Buffer.from('12345678901234567890');

export const fixtures: ModuleFixturesFactory = ({ t, next, targetPerson }) => {
  const box = new SecretBox(t.ctx.secrets.masterKey, 'totp-secret');
  /** Gives the actor an authenticator with a known secret, confirmed or still pending. */
  const authenticator = async (personId: string, confirmed: boolean) => {
    const row = { secretEnc: box.seal(FIXTURE_SECRET, personId), createdAt: t.clock.now(), confirmedAt: confirmed ? t.clock.now() : null, lastStep: null };
    await t.ctx.db
      .insert(mfaAuthenticators)
      .values({ personId, ...row })
      .onConflictDoUpdate({ target: mfaAuthenticators.personId, set: row });
  };
  return {
    routes: {
      // Matrix actors hold full sessions: the step answers 409 (the MFA stage itself is tested in mfa.test.ts).
      'POST /api/auth/mfa': async () => ({ method: 'POST', url: '/api/auth/mfa', body: { code: '123456' }, ok: 409 }),
      'GET /api/me/security': async () => ({ method: 'GET', url: '/api/me/security', ok: 200 }),
      'POST /api/me/password': async (_s, actorId) => {
        const current = `fixture current ${next()} passphrase`;
        await t.ctx.db.update(people).set({ passwordHash: await hashPassword(current) }).where(eq(people.id, actorId));
        return { method: 'POST', url: '/api/me/password', body: { currentPassword: current, newPassword: `quiet meadow ${next()} lantern` }, ok: 200 };
      },
      'POST /api/me/mfa/enroll': async (_s, actorId) => {
        await t.ctx.db.delete(mfaAuthenticators).where(eq(mfaAuthenticators.personId, actorId));
        return { method: 'POST', url: '/api/me/mfa/enroll', ok: 200 };
      },
      'POST /api/me/mfa/confirm': async (_s, actorId) => {
        await authenticator(actorId, false);
        return { method: 'POST', url: '/api/me/mfa/confirm', body: { code: totp(FIXTURE_SECRET, t.clock.now().getTime()) }, ok: 200 };
      },
      'POST /api/me/mfa/recovery-codes': async (_s, actorId) => {
        await authenticator(actorId, true);
        return { method: 'POST', url: '/api/me/mfa/recovery-codes', body: { code: totp(FIXTURE_SECRET, t.clock.now().getTime()) }, ok: 200 };
      },
      'POST /api/me/mfa/replace': async (_s, actorId) => {
        await authenticator(actorId, true);
        return {
          method: 'POST',
          url: '/api/me/mfa/replace',
          body: { code: totp(FIXTURE_SECRET, t.clock.now().getTime()) },
          ok: 204,
          // The actor goes on through the matrix as an enrolled account.
          settle: async () => {
            await t.ctx.db.update(people).set({ mfaEnrolledAt: t.clock.now() }).where(eq(people.id, actorId));
          },
        };
      },
      'GET /api/me/sessions': async () => ({ method: 'GET', url: '/api/me/sessions', ok: 200 }),
      'POST /api/me/sessions/:id/end': async (_s, actorId) => {
        const other = await t.ctx.sessions.create(t.ctx.db, actorId, '192.0.2.7', 'fixture browser');
        return { method: 'POST', url: `/api/me/sessions/${other.id}/end`, ok: 204 };
      },
      'POST /api/me/sessions/end-others': async () => ({ method: 'POST', url: '/api/me/sessions/end-others', ok: 200 }),
      'POST /api/people/:id/sessions/end': async (scope) => ({ method: 'POST', url: `/api/people/${(await targetPerson(scope)).id}/sessions/end`, ok: 200 }),
      'GET /api/accounts/sharing-signals': async () => ({ method: 'GET', url: '/api/accounts/sharing-signals?days=30', ok: 200 }),
      'POST /api/sessions/end-all': async () => ({
        method: 'POST',
        url: '/api/sessions/end-all',
        ok: 200,
        // The other actors of the matrix must keep their sessions for the routes still to test.
        settle: async () => {
          await t.ctx.db
            .update(sessions)
            .set({ endedAt: null, endReason: null })
            .where(and(isNotNull(sessions.endedAt), eq(sessions.endReason, 'ended_all_by_administrator')));
        },
      }),
    },
  };
};
