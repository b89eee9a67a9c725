import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../authz/actor.js';
import { credentialLosses, incidentLinks, incidents, mailOutbox, people, sessions } from '../../db/schema/index.js';
import { MfaService } from '../identity/mfa.service.js';
import { base32Decode, totp } from '../identity/totp.js';
import { linkIn, TestSmtp } from '../../testing/smtp.js';
import { anonymous, createTestApp, errorCode, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';

const OLD = 'lanterns over the quiet harbour 2026';
const NEW = 'copper kettles sing at dawn 1987';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let dcId: string;
let dcEmail: string;
let dc: Client;

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  const staff = await seedPerson(t, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }], unitId: org.dc.id, password: OLD });
  dcId = staff.id;
  dcEmail = staff.email;
});
beforeEach(async () => {
  dc = await sessionFor(t, dcId);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** A researcher with a password and a confirmed TOTP authenticator, fully onboarded. */
async function researcherWithMfa() {
  const p = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }], password: OLD });
  const mfa = new MfaService(t.ctx);
  const { secret } = await mfa.beginEnrollment(systemActor('test'), p.id);
  await mfa.confirmEnrollment(systemActor('test'), p.id, totp(base32Decode(secret), t.clock.now().getTime()));
  const session = await sessionFor(t, p.id);
  return { ...p, session };
}

const signIn = async (email: string, password: string) => (await anonymous(t)).post('/api/auth/sign-in', { email, password });
const openSessions = async (personId: string) => (await t.ctx.db.select().from(sessions).where(eq(sessions.personId, personId))).filter((s) => s.endedAt === null);
const mailsTo = async (email: string) => t.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, email));

describe('lost credentials reported from the sign-in page (P32-2.1.3b)', () => {
  it('takes effect only after the emailed confirmation: sessions end, the old password stops working, a reset link follows, and MFA is still asked', async () => {
    const p = await researcherWithMfa();
    const anon = await anonymous(t);
    const res = await anon.post('/api/lost-credentials', { email: p.email.toUpperCase(), lost: ['password'] });
    expect([res.status, res.body]).toEqual([202, { accepted: true }]);
    await t.ctx.mailer.flush();
    const confirmMail = await smtp.waitFor((m) => m.to.includes(p.email) && m.subject.includes('紛失届の確認'));
    expect(await openSessions(p.id)).toHaveLength(1); // nothing happens before confirmation

    const token = new URL(linkIn(confirmMail.text, '/lost-credentials/confirm')).searchParams.get('token');
    const confirmed = await anon.post('/api/lost-credentials/confirm', { token });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(await openSessions(p.id)).toHaveLength(0);
    expect((await p.session.get('/api/me/pledge')).status).toBe(401);
    expect(errorCode(await signIn(p.email, OLD))).toBe('SIGN_IN_FAILED');
    expect(errorCode(await anon.post('/api/lost-credentials/confirm', { token }))).toBe('LINK_INVALID');

    const [rec] = await t.ctx.db.select().from(credentialLosses).where(eq(credentialLosses.personId, p.id));
    expect(rec).toMatchObject({ status: 'open', reportedVia: 'sign_in_page', lost: ['password'], mfaResetPending: false });
    // …and became an incident of its kind (P32-2.1.3b), in the same transaction
    const [inc] = await t.ctx.db.select().from(incidents).where(eq(incidents.credentialLossId, rec!.id));
    expect(inc).toMatchObject({ kind: 'credential_loss', status: 'reported', reportedBy: p.id, awareAt: rec!.reportedAt });
    expect(inc!.ref).toMatch(/^INC-\d{4}-\d{4}$/);
    expect(await t.ctx.db.select().from(incidentLinks).where(eq(incidentLinks.incidentId, inc!.id))).toMatchObject([{ targetKind: 'person', targetId: p.id }]);
    await t.ctx.mailer.flush();
    const notice = await smtp.waitFor((m) => m.to.includes(dcEmail) && m.text.includes(p.email));
    expect(notice.text).toContain(`/accounts/credential-loss/${rec!.id}`);

    const resetMail = await smtp.waitFor((m) => m.to.includes(p.email) && m.subject.includes('パスワードの再設定'));
    const resetToken = new URL(linkIn(resetMail.text, '/reset-password')).searchParams.get('token');
    const weak = await anon.post('/api/password-reset', { token: resetToken, password: 'password' });
    expect(errorCode(weak)).toBe('PASSWORD_TOO_WEAK');
    const reset = await anon.post('/api/password-reset', { token: resetToken, password: NEW });
    expect(reset.status).toBe(204);
    expect(errorCode(await anon.post('/api/password-reset', { token: resetToken, password: NEW }))).toBe('LINK_INVALID');
    expect((await t.ctx.db.select().from(people).where(eq(people.id, p.id)))[0]).toMatchObject({ mustChangePassword: false });

    const again = await signIn(p.email, NEW);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ stage: 'mfa' }); // a reset never bypasses the second factor
  });

  it('gives the same answer and sends nothing for an unknown address', async () => {
    const known = await researcherWithMfa();
    const anon = await anonymous(t);
    const a = await anon.post('/api/lost-credentials', { email: 'nobody.here@example.jp', lost: ['password', 'authenticator'] });
    const b = await anon.post('/api/lost-credentials', { email: known.email, lost: ['password', 'authenticator'] });
    expect([a.status, a.body]).toEqual([b.status, b.body]);
    const r1 = await anon.post('/api/password-reset/request', { email: 'nobody.here@example.jp' });
    const r2 = await anon.post('/api/password-reset/request', { email: known.email });
    expect([r1.status, r1.body]).toEqual([r2.status, r2.body]);
    expect(await mailsTo('nobody.here@example.jp')).toEqual([]);
    expect((await mailsTo(known.email)).map((m) => m.template).sort()).toEqual(['accounts.lost_confirm', 'accounts.password_reset']);
    expect(await openSessions(known.id)).toHaveLength(1); // a request alone changes nothing
  });

  it('refuses malformed input with 400', async () => {
    const anon = await anonymous(t);
    expect(errorCode(await anon.post('/api/lost-credentials', { email: 'not-an-email', lost: ['password'] }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await anon.post('/api/lost-credentials', { email: 'a@example.jp', lost: [] }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await anon.post('/api/lost-credentials', { email: 'a@example.jp', lost: ['wallet'] }))).toBe('VALIDATION_FAILED');
  });
});

describe('lost credentials reported while signed in, and the data center’s queue', () => {
  it('ends the sessions at once and waits for the data center to reset a lost authenticator', async () => {
    const p = await researcherWithMfa();
    const res = await p.session.post('/api/me/credential-loss', { lost: ['authenticator', 'password'], note: 'phone stolen on the train' });
    expect(res.status).toBe(202);
    expect(await openSessions(p.id)).toHaveLength(0);
    const row = (await t.ctx.db.select().from(people).where(eq(people.id, p.id)))[0]!;
    expect(row.passwordHash).toBeNull();
    expect(row.mfaEnrolledAt).not.toBeNull(); // not reset by the report itself

    const queue = await dc.get('/api/credential-losses?status=open');
    const item = (queue.body as { items: { id: string; personId: string; mfaResetPending: boolean; reportedVia: string }[] }).items.find((i) => i.personId === p.id);
    expect(item).toMatchObject({ mfaResetPending: true, reportedVia: 'signed_in' });

    const researcher = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'researcher', institutionId: org.instA.id }], institutionIds: [org.instA.id] })).id);
    expect(errorCode(await researcher.get('/api/credential-losses'))).toBe('FORBIDDEN');
    expect(errorCode(await researcher.post(`/api/credential-losses/${item!.id}/close`, { note: 'x' }))).toBe('FORBIDDEN');

    const detail = await dc.get(`/api/credential-losses/${item!.id}`);
    expect(detail.body).toMatchObject({ note: 'phone stolen on the train', lost: ['authenticator', 'password'] });
    const reset = await dc.post(`/api/credential-losses/${item!.id}/reset-mfa`, { note: 'identity checked by phone call' });
    expect(reset.body).toMatchObject({ mfaResetPending: false });
    expect((await t.ctx.db.select().from(people).where(eq(people.id, p.id)))[0]!.mfaEnrolledAt).toBeNull();
    expect(errorCode(await dc.post(`/api/credential-losses/${item!.id}/reset-mfa`, { note: 'twice' }))).toBe('ACCOUNT_STATE');

    const closed = await dc.post(`/api/credential-losses/${item!.id}/close`, { note: 'new password set, authenticator re-enrolled' });
    expect(closed.body).toMatchObject({ status: 'closed', closeNote: 'new password set, authenticator re-enrolled' });
    const closedList = await dc.get('/api/credential-losses?status=closed');
    expect((closedList.body as { items: { id: string }[] }).items.map((i) => i.id)).toContain(item!.id);

    const account = await dc.get(`/api/people/${p.id}/account`);
    const actions = (account.body as { history: { action: string }[] }).history.map((h) => h.action);
    expect(actions).toEqual(expect.arrayContaining(['credential_loss.reported', 'credential_loss.closed', 'auth.mfa_reset', 'account.password_reset_required']));
  });
});
