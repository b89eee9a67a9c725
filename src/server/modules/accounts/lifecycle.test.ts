import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../../shared/account.js';
import { currentPledge, pledgePlainText } from '../../../shared/pledge.js';
import { createHash } from 'node:crypto';
import { people, pledgeSignatures, sessions } from '../../db/schema/index.js';
import { linkIn, TestSmtp } from '../../testing/smtp.js';
import { anonymous, auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';

const DAY = 86_400_000;
const GOOD = 'lanterns over the quiet harbour 2026';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let dc: Client;
let dcId: string;

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://mamori.example.jp' });
  org = await seedOrg(t);
  const staff = await seedPerson(t, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }], unitId: org.dc.id });
  dcId = staff.id;
  dc = await sessionFor(t, staff.id);
});
// Sessions time out when the clock moves: the data center signs in afresh for each test.
beforeEach(async () => {
  dc = await sessionFor(t, dcId);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const researcher = (over: { language?: 'ja' | 'en' } = {}) =>
  seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }], ...over });
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;
const statusOf = async (id: string) => (await t.ctx.db.select().from(people).where(eq(people.id, id)))[0]!;

/** Issues an invitation and returns the link from the email that arrives over SMTP. */
async function invite(personId: string, email: string, already = 0): Promise<string> {
  const res = await dc.post(`/api/people/${personId}/account/invitation`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await t.ctx.mailer.flush();
  await smtp.waitFor(() => smtp.to(email).length > already);
  return linkIn(smtp.to(email).at(-1)!.text, '/invite');
}

async function signIn(email: string, password: string) {
  const anon = await anonymous(t);
  return anon.post('/api/auth/sign-in', { email, password });
}

describe('invitation', () => {
  it('emails a single-use link in the person’s language that opens a full session once a good password is chosen', async () => {
    const p = await researcher();
    await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, p.id));
    const link = await invite(p.id, p.email);
    const mail = smtp.to(p.email).at(-1)!;
    expect(mail.subject).toBe('[Mamori] Your account invitation');
    expect(link.startsWith('http://mamori.example.jp/invite?token=')).toBe(true);
    expect(tokenOf(link)).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect((await statusOf(p.id)).accountStatus).toBe('invited');

    const anon = await anonymous(t);
    const info = await anon.post('/api/invitations/lookup', { token: tokenOf(link) });
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ email: p.email, language: 'en' });

    const seq = await lastAuditSeq(t);
    const ok = await anon.post('/api/invitations/accept', { token: tokenOf(link), password: GOOD, language: 'ja' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ authenticated: true, stage: 'full' });
    expect((ok.body as { requirements: string[] }).requirements).toEqual(expect.arrayContaining(['mfa_enroll', 'pledge']));
    const cookie = ok.raw.cookies.find((c) => c.name === t.ctx.sessions.cookieName());
    expect(cookie?.httpOnly).toBe(true);
    const row = await statusOf(p.id);
    expect(row).toMatchObject({ accountStatus: 'active', language: 'ja' });
    expect(row.passwordHash).not.toBeNull();
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(expect.arrayContaining(['auth.password_changed', 'account.activated', 'auth.signed_in']));

    const again = await (await anonymous(t)).post('/api/invitations/accept', { token: tokenOf(link), password: GOOD, language: 'ja' });
    expect([again.status, errorCode(again)]).toEqual([400, 'LINK_INVALID']);
  });

  it('refuses a weak password with the reason and keeps the link usable', async () => {
    const p = await researcher();
    const link = await invite(p.id, p.email);
    const anon = await anonymous(t);
    const short = await anon.post('/api/invitations/accept', { token: tokenOf(link), password: 'short1', language: 'ja' });
    expect([short.status, errorCode(short)]).toEqual([400, 'PASSWORD_TOO_WEAK']);
    expect(short.body).toMatchObject({ error: { details: { reason: 'too_short' } } });
    const personal = await anon.post('/api/invitations/accept', { token: tokenOf(link), password: `${p.email} is my password`, language: 'ja' });
    expect(personal.body).toMatchObject({ error: { code: 'PASSWORD_TOO_WEAK', details: { reason: 'personal' } } });
    expect((await statusOf(p.id)).accountStatus).toBe('invited');
    const ok = await anon.post('/api/invitations/accept', { token: tokenOf(link), password: GOOD, language: 'ja' });
    expect(ok.status).toBe(200);
  });

  it('expires after 72 hours', async () => {
    const p = await researcher();
    const link = await invite(p.id, p.email);
    t.clock.advance(72 * 3_600_000 + 1000);
    const anon = await anonymous(t);
    expect(errorCode(await anon.post('/api/invitations/lookup', { token: tokenOf(link) }))).toBe('LINK_INVALID');
    expect(errorCode(await anon.post('/api/invitations/accept', { token: tokenOf(link), password: GOOD, language: 'ja' }))).toBe('LINK_INVALID');
  });

  it('resending makes the earlier link stop working', async () => {
    const p = await researcher();
    const first = await invite(p.id, p.email);
    const second = await invite(p.id, p.email, 1);
    expect(smtp.to(p.email).at(-1)!.subject).toContain('再送');
    expect(second).not.toBe(first);
    const anon = await anonymous(t);
    expect(errorCode(await anon.post('/api/invitations/accept', { token: tokenOf(first), password: GOOD, language: 'ja' }))).toBe('LINK_INVALID');
    expect((await anon.post('/api/invitations/accept', { token: tokenOf(second), password: GOOD, language: 'ja' })).status).toBe(200);
  });

  it('is refused for a person who already has an active account', async () => {
    const p = await seedPerson(t, { password: GOOD });
    const res = await dc.post(`/api/people/${p.id}/account/invitation`);
    expect([res.status, errorCode(res)]).toEqual([409, 'ACCOUNT_STATE']);
  });
});

describe('suspension, reactivation and expiry', () => {
  it('suspension ends every session and blocks sign-in; reactivation lets the person back', async () => {
    const p = await seedPerson(t, { password: GOOD });
    const c = await sessionFor(t, p.id);
    expect((await c.get('/api/me/pledge')).status).toBe(200);
    const res = await dc.post(`/api/people/${p.id}/account/suspend`, { note: 'left the study' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'suspended', suspendedReason: 'manual' });
    const open = await t.ctx.db.select().from(sessions).where(eq(sessions.personId, p.id));
    expect(open.every((s) => s.endedAt !== null)).toBe(true);
    expect((await c.get('/api/me/pledge')).status).toBe(401);
    expect(errorCode(await signIn(p.email, GOOD))).toBe('SIGN_IN_FAILED');
    await t.ctx.mailer.flush();
    await smtp.waitFor((m) => m.to.includes(p.email) && m.subject.includes('停止'));

    const back = await dc.post(`/api/people/${p.id}/account/reactivate`);
    expect(back.body).toMatchObject({ status: 'active', suspendedReason: null });
    expect((await signIn(p.email, GOOD)).status).toBe(200);
  });

  it('nobody suspends their own account', async () => {
    const res = await dc.post(`/api/people/${dcId}/account/suspend`, {});
    expect([res.status, errorCode(res)]).toEqual([409, 'ACCOUNT_STATE']);
  });

  it('an expiry date blocks sign-in once passed; the job warns first and then suspends with reason expired', async () => {
    const p = await seedPerson(t, { password: GOOD });
    const expiresAt = new Date(t.clock.now().getTime() + 20 * DAY);
    const set = await dc.request('PUT', `/api/people/${p.id}/account/expiry`, { expiresAt: expiresAt.toISOString() });
    expect(set.body).toMatchObject({ expiresAt: expiresAt.toISOString() });
    t.clock.advance(7 * DAY); // 13 days left: the 14-day warning
    await t.ctx.jobs.runDue(true);
    await t.ctx.mailer.flush();
    await smtp.waitFor((m) => m.to.includes(p.email) && m.subject.includes('有効期限'));
    await t.ctx.jobs.runDue(true);
    await t.ctx.mailer.flush();
    expect(smtp.to(p.email).filter((m) => m.subject.includes('有効期限'))).toHaveLength(1); // once
    t.clock.advance(14 * DAY);
    expect(errorCode(await signIn(p.email, GOOD))).toBe('SIGN_IN_FAILED'); // before the job runs
    await t.ctx.jobs.runDue(true);
    dc = await sessionFor(t, dcId);
    expect(await statusOf(p.id)).toMatchObject({ accountStatus: 'suspended', suspendedReason: 'expired' });
    const refused = await dc.post(`/api/people/${p.id}/account/reactivate`);
    expect(errorCode(refused)).toBe('ACCOUNT_STATE');
    await dc.request('PUT', `/api/people/${p.id}/account/expiry`, { expiresAt: null });
    expect((await dc.post(`/api/people/${p.id}/account/reactivate`)).status).toBe(200);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const p = await seedPerson(t, { password: GOOD });
    const res = await dc.request('PUT', `/api/people/${p.id}/account/expiry`, { expiresAt: 'next tuesday' });
    expect([res.status, errorCode(res)]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await statusOf(p.id)).accountExpiresAt).toBeNull();
  });
});

describe('dormancy', () => {
  it('warns 14 and 3 days before, once each, then suspends unused accounts; reactivation restarts the clock', async () => {
    const p = await seedPerson(t, { password: GOOD });
    const start = t.clock.now().getTime();
    const keepDcActive = () => t.ctx.db.update(people).set({ lastSignInAt: t.clock.now() }).where(eq(people.id, dcId));
    await t.ctx.db.update(people).set({ lastSignInAt: new Date(start) }).where(eq(people.id, p.id));
    const warnings = () => smtp.to(p.email).filter((m) => m.subject.includes('長期間')).length;
    const run = async (day: number) => {
      t.clock.set(new Date(start + day * DAY));
      await keepDcActive();
      await t.ctx.jobs.runDue(true);
      await t.ctx.mailer.flush();
      dc = await sessionFor(t, dcId);
    };
    await run(160);
    expect(warnings()).toBe(0);
    await run(167);
    await smtp.waitFor(() => warnings() === 1);
    await run(168);
    expect(warnings()).toBe(1);
    await run(177);
    await smtp.waitFor(() => warnings() === 2);
    expect((await statusOf(p.id)).accountStatus).toBe('active');
    await run(180);
    expect(await statusOf(p.id)).toMatchObject({ accountStatus: 'suspended', suspendedReason: 'dormant' });
    await smtp.waitFor((m) => m.to.includes(p.email) && m.subject.includes('停止'));
    const list = await dc.get('/api/accounts?filter=suspended&pageSize=200');
    expect((list.body as { items: { personId: string }[] }).items.map((i) => i.personId)).toContain(p.id);

    expect((await dc.post(`/api/people/${p.id}/account/reactivate`)).status).toBe(200);
    await run(181);
    expect((await statusOf(p.id)).accountStatus).toBe('active');
    const acc = await dc.get(`/api/people/${p.id}/account`);
    const history = (acc.body as { history: { action: string; bySystem: boolean }[] }).history.map((h) => h.action);
    expect(history.slice(0, 4)).toEqual(['account.reactivated', 'account.suspended', 'account.dormancy_warned', 'account.dormancy_warned']);
  });
});

describe('offboarding', () => {
  it('ends sessions, removes the password and the authenticator, and records the reason', async () => {
    const p = await seedPerson(t, { password: GOOD });
    const c = await sessionFor(t, p.id);
    const res = await dc.post(`/api/people/${p.id}/account/offboard`, { reason: 'retired' });
    expect(res.body).toMatchObject({ status: 'offboarded' });
    const row = await statusOf(p.id);
    expect([row.passwordHash, row.mfaEnrolledAt]).toEqual([null, null]);
    expect((await c.get('/api/me/pledge')).status).toBe(401);
    const empty = await dc.post(`/api/people/${p.id}/account/offboard`, { reason: '' });
    expect(errorCode(empty)).toBe('VALIDATION_FAILED');
  });
});

describe('GET /api/people/:id/account', () => {
  it('shows a person their own account, and refuses a colleague with 403', async () => {
    const p = await researcher();
    const colleague = await researcher();
    const me = await sessionFor(t, p.id);
    const mine = await me.get(`/api/people/${p.id}/account`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ status: 'active', mfaEnrolled: true, pledgeVersion: PLEDGE_VERSION, can: { manage: false } });
    const seq = await lastAuditSeq(t);
    const other = await me.get(`/api/people/${colleague.id}/account`);
    expect([other.status, errorCode(other)]).toEqual([403, 'FORBIDDEN']);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied']);
    expect((await dc.get('/api/people/00000000-0000-4000-8000-000000000000/account')).status).toBe(404);
  });
});

describe('the onboarding pledge', () => {
  it('records who signed which version, in which language, with the hash of the exact text', async () => {
    const p = await researcher();
    await t.ctx.db.update(people).set({ pledgeVersion: null }).where(eq(people.id, p.id));
    const c = await sessionFor(t, p.id, { onboarded: false });
    await t.ctx.db.update(people).set({ accountStatus: 'active', mfaEnrolledAt: new Date() }).where(eq(people.id, p.id));
    expect(errorCode(await c.get(`/api/people/${p.id}/account`))).toBe('ACCOUNT_SETUP_REQUIRED');
    const text = await c.get('/api/pledge');
    expect(text.body).toMatchObject({ version: PLEDGE_VERSION });
    const stale = await c.post('/api/me/pledge', { version: '2020-01', language: 'en' });
    expect([stale.status, errorCode(stale)]).toEqual([409, 'PLEDGE_OUTDATED']);
    const seq = await lastAuditSeq(t);
    const signed = await c.post('/api/me/pledge', { version: PLEDGE_VERSION, language: 'en' });
    expect(signed.status).toBe(200);
    const [row] = await t.ctx.db.select().from(pledgeSignatures).where(eq(pledgeSignatures.personId, p.id));
    const expected = createHash('sha256').update(pledgePlainText(currentPledge().en)).digest('hex');
    expect(row).toMatchObject({ version: PLEDGE_VERSION, language: 'en', textSha256: expected, userAgent: 'lightMyRequest' });
    expect((await statusOf(p.id)).pledgeVersion).toBe(PLEDGE_VERSION);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['pledge.signed']);
    expect((await c.get(`/api/people/${p.id}/account`)).status).toBe(200); // the requirement is met
  });
});
