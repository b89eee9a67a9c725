import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditAfter, createTestApp, lastAuditSeq, seedOrg, seedPerson, sessionFor, type TestEnv } from '../../testing/harness.js';
import { TestSmtp } from '../../testing/smtp.js';
import { auditLog, authFailures, people, roleAssignments } from '../../db/schema/index.js';
import { Browser } from './testkit.js';
import { THROTTLE } from './throttle.js';
import { PLEDGE_VERSION } from '../../../shared/account.js';

let t: TestEnv;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await TestSmtp.start();
  // MFA off for researchers here: these tests are about the password step.
  t = await createTestApp({ SMTP_URL: smtp.url, MFA_REQUIRED_FOR_RESEARCHERS: 'false', SIGN_IN_RATE_LIMIT: '1000' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const PW = 'harbor willow copper';

/** A person with a password who has signed the pledge (MFA is off for researchers in this file). */
async function person(over: Parameters<typeof seedPerson>[1] = {}) {
  const p = await seedPerson(t, { password: PW, ...over });
  await t.ctx.db.update(people).set({ pledgeVersion: PLEDGE_VERSION }).where(eq(people.id, p.id));
  return p;
}

describe('sign-in and sessions', () => {
  it('issues a new token at sign-in (fixation), and an old cookie is refused after sign-out (replay)', async () => {
    const p = await person();
    const b = await Browser.open(t);
    // a token planted before sign-in is not adopted
    b.cookies.set('mamori_session', 'planted-token-planted-token-planted-token');
    const res = await b.signIn(p.email, PW);
    expect(res.status).toBe(200);
    const token = b.session()!;
    expect(token).not.toBe('planted-token-planted-token-planted-token');
    expect((await b.get('/api/me/sessions')).status).toBe(200);
    expect((await b.post('/api/auth/sign-out')).status).toBe(204);
    const replay = new Browser(t);
    replay.cookies.set('mamori_session', token);
    const again = await replay.get('/api/me/sessions');
    expect(again.status).toBe(401);
  });

  it('sets HttpOnly, SameSite=Lax, Path=/ on the session and device cookies', async () => {
    const p = await person();
    const b = await Browser.open(t);
    const res = await b.signIn(p.email, PW);
    const s = res.cookies.find((c) => c.name === 'mamori_session');
    const d = res.cookies.find((c) => c.name === 'mamori_device');
    expect(s).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(s?.secure).toBeFalsy();
    expect(d).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(d!.maxAge).toBeGreaterThan(300 * 24 * 3600);
  });

  it('lists one’s sessions with device, IP and the current one; ends one and all others', async () => {
    const p = await person();
    const a = await Browser.open(t, '198.51.100.1');
    const b = new Browser(t, '198.51.100.2', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1');
    await b.refresh();
    const c = await Browser.open(t, '198.51.100.3');
    for (const x of [a, b, c]) expect((await x.signIn(p.email, PW)).status).toBe(200);
    const list = (await a.get('/api/me/sessions')).body as { items: { id: string; browser: string; os: string; ip: string; current: boolean }[] };
    expect(list.items).toHaveLength(3);
    expect(list.items.filter((i) => i.current)).toHaveLength(1);
    const phone = list.items.find((i) => i.ip === '198.51.100.2')!;
    expect(phone).toMatchObject({ browser: 'Safari', os: 'iOS', current: false });
    expect(list.items.find((i) => i.current)).toMatchObject({ browser: 'Chrome', os: 'Windows', ip: '198.51.100.1' });
    expect((await a.post(`/api/me/sessions/${phone.id}/end`)).status).toBe(204);
    expect((await b.get('/api/me/sessions')).status).toBe(401);
    // someone else's session id: 404
    const q = await person();
    const other = await Browser.open(t);
    await other.signIn(q.email, PW);
    const otherId = ((await other.get('/api/me/sessions')).body as { items: { id: string }[] }).items[0]!.id;
    expect((await a.post(`/api/me/sessions/${otherId}/end`)).status).toBe(404);
    expect((await other.get('/api/me/sessions')).status).toBe(200);
    const ended = await a.post('/api/me/sessions/end-others');
    expect(ended.body).toEqual({ ended: 1 });
    expect((await c.get('/api/me/sessions')).status).toBe(401);
    expect((await a.get('/api/me/sessions')).status).toBe(200);
  });

  it('lets an administrator end a person’s sessions, and everyone’s except their own', async () => {
    const org = await seedOrg(t);
    const admin = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
    const ac = await sessionFor(t, admin.id);
    const p = await person();
    const b = await Browser.open(t);
    await b.signIn(p.email, PW);
    const seq = await lastAuditSeq(t);
    expect((await ac.post(`/api/people/${p.id}/sessions/end`)).body).toEqual({ ended: 1 });
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['auth.sessions_ended']);
    expect((await b.get('/api/me/sessions')).status).toBe(401);
    await b.signIn(p.email, PW);
    const res = await ac.post('/api/sessions/end-all');
    expect((res.body as { ended: number }).ended).toBeGreaterThanOrEqual(1);
    expect((await b.get('/api/me/sessions')).status).toBe(401);
    expect((await ac.get('/api/me/sessions')).status).toBe(200);
    void org;
  });

  it('applies a role change on the very next request (roles are read fresh)', async () => {
    const org = await seedOrg(t);
    const p = await seedPerson(t, { roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    const c = await sessionFor(t, p.id);
    expect((await c.post('/api/institutions', { code: `RC-${Date.now()}`, nameJa: '病院', nameEn: 'H', prefecture: '13' })).status).toBe(403);
    await t.ctx.db.insert(roleAssignments).values({ personId: p.id, role: 'data_center_staff', unitId: org.dc.id });
    expect((await c.post('/api/institutions', { code: `RC2-${Date.now()}`, nameJa: '病院', nameEn: 'H', prefecture: '13' })).status).toBe(201);
    await t.ctx.db.delete(roleAssignments).where(and(eq(roleAssignments.personId, p.id), eq(roleAssignments.role, 'data_center_staff')));
    expect((await c.post('/api/institutions', { code: `RC3-${Date.now()}`, nameJa: '病院', nameEn: 'H', prefecture: '13' })).status).toBe(403);
  });

  it('expires sessions after the idle and the absolute timeouts', async () => {
    const p = await person();
    const b = await Browser.open(t);
    await b.signIn(p.email, PW);
    t.clock.advance(t.config.sessionIdleMs + 60_000);
    expect((await b.get('/api/me/sessions')).body).toMatchObject({ error: { code: 'SESSION_EXPIRED' } });
    const b2 = await Browser.open(t);
    await b2.signIn(p.email, PW);
    let lastOk = 0;
    for (let i = 1; i * (t.config.sessionIdleMs - 60_000) <= t.config.sessionAbsoluteMs + t.config.sessionIdleMs; i++) {
      t.clock.advance(t.config.sessionIdleMs - 60_000);
      if ((await b2.get('/api/me/sessions')).status === 200) lastOk = i * (t.config.sessionIdleMs - 60_000);
      else break;
    }
    expect(lastOk).toBeLessThanOrEqual(t.config.sessionAbsoluteMs);
    expect(lastOk).toBeGreaterThan(t.config.sessionAbsoluteMs - t.config.sessionIdleMs);
  });
});

describe('passwords', () => {
  it('changes the password with the current one, applies the policy with reasons, ends other sessions on request', async () => {
    const org = await seedOrg(t);
    const p = await person({ familyNameEn: 'Nakamura', institutionIds: [org.instA.id] });
    const a = await Browser.open(t);
    const b = await Browser.open(t, '198.51.100.9');
    await a.signIn(p.email, PW);
    await b.signIn(p.email, PW);
    const change = (newPassword: string, currentPassword = PW, endOtherSessions = false) => a.post('/api/me/password', { currentPassword, newPassword, endOtherSessions });
    expect((await change('x'.repeat(20), 'wrong current one')).body).toMatchObject({ error: { code: 'CURRENT_PASSWORD_WRONG' } });
    expect((await change('sevench')).body).toMatchObject({ error: { code: 'PASSWORD_TOO_WEAK', details: { reason: 'too_short' } } });
    expect((await change('QWERTY123456')).body).toMatchObject({ error: { code: 'PASSWORD_TOO_WEAK', details: { reason: 'common' } } });
    expect((await change('NAKAMURA and friends')).body).toMatchObject({ error: { code: 'PASSWORD_TOO_WEAK', details: { reason: 'personal' } } });
    expect((await change('the hospital is my workplace')).status).toBe(200); // "Hospital A": generic word + 1 letter
    const long = 'p'.repeat(127) + 'q';
    expect((await change(long, 'the hospital is my workplace', true)).body).toEqual({ endedSessions: 1 });
    expect((await b.get('/api/me/sessions')).status).toBe(401);
    // no truncation: the same 127 characters with another last one is a different password
    const other = await Browser.open(t);
    expect((await other.signIn(p.email, 'p'.repeat(127) + 'r')).status).toBe(401);
    expect((await other.signIn(p.email, long)).status).toBe(200);
    const [row] = await t.ctx.db.select({ mc: people.mustChangePassword, at: people.passwordChangedAt }).from(people).where(eq(people.id, p.id));
    expect(row).toMatchObject({ mc: false });
    expect(row!.at).not.toBeNull();
  });

  it('lets a person with the password requirement change it during onboarding', async () => {
    const p = await person();
    await t.ctx.db.update(people).set({ mustChangePassword: true }).where(eq(people.id, p.id));
    const b = await Browser.open(t);
    const res = await b.signIn(p.email, PW);
    expect(res.body).toMatchObject({ requirements: expect.arrayContaining(['password']) });
    expect((await b.get('/api/me/sessions')).status).toBe(403);
    expect((await b.post('/api/me/password', { currentPassword: PW, newPassword: 'granite puzzle meadow' })).status).toBe(200);
    expect(((await b.refresh()) as { requirements: string[] }).requirements).not.toContain('password');
  });
});

describe('throttling', () => {
  const fail = (b: Browser, email: string) => b.signIn(email, 'not the password at all');

  it('makes each attempt after 5 failures wait longer, answering 429 with Retry-After', async () => {
    const p = await person();
    const b = await Browser.open(t, '192.0.2.50');
    for (let i = 0; i < 5; i++) expect((await fail(b, p.email)).status).toBe(401);
    const seq = await lastAuditSeq(t);
    const r = await b.signIn(p.email, PW); // even the right password must wait
    expect(r.status).toBe(429);
    expect(r.headers['retry-after']).toBe('1');
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['auth.throttled']);
    const waits: string[] = [];
    for (let n = 5; n < 10; n++) {
      // right after the n-th failure the next attempt must wait 2^(n-5) s
      const refused = await fail(b, p.email);
      expect(refused.status).toBe(429);
      waits.push(String(refused.headers['retry-after']));
      t.clock.advance(2 ** (n - 5) * 1000 - 500);
      expect((await fail(b, p.email)).status).toBe(429); // not yet
      t.clock.advance(500);
      expect((await fail(b, p.email)).status).toBe(401);
    }
    expect(waits).toEqual(['1', '2', '4', '8', '16']);
    t.clock.advance(32_000);
    expect((await b.signIn(p.email, PW)).status).toBe(200);
  });

  it('refuses the 101st failure in an hour until the oldest is an hour old', async () => {
    const p = await person();
    const now = t.clock.now().getTime();
    // 100 failures in the last hour from many addresses (written directly: the delays would take hours)
    await t.ctx.db.insert(authFailures).values(
      Array.from({ length: THROTTLE.accountHourlyCap }, (_, i) => ({ kind: 'password', accountKey: p.email, personId: p.id, ip: `10.0.${i}.1`, at: new Date(now - 2_000_000 + i * 1000) })),
    );
    t.clock.advance(THROTTLE.maxDelayMs + 1000); // past any delay
    const b = await Browser.open(t, '192.0.2.60');
    const r = await b.signIn(p.email, PW);
    expect(r.status).toBe(429);
    const wait = Number(r.headers['retry-after']);
    // the oldest failure (2,000 s old, then 901 s later) leaves the hour in 3600 − 2901 = 699 s
    expect(wait).toBe(699);
    t.clock.advance(wait * 1000 - 2000);
    expect((await b.signIn(p.email, PW)).status).toBe(429);
    t.clock.advance(2000);
    expect((await b.signIn(p.email, PW)).status).toBe(200);
  });

  it('does not let failures from elsewhere block the owner’s known device', async () => {
    const p = await person();
    const owner = await Browser.open(t, '198.51.100.77');
    expect((await owner.signIn(p.email, PW)).status).toBe(200);
    await owner.post('/api/auth/sign-out');
    const attacker = await Browser.open(t, '192.0.2.99');
    for (let i = 0; i < 8; i++) await fail(attacker, p.email);
    expect((await attacker.signIn(p.email, PW)).status).toBe(429);
    // a new browser is slowed down too, but the device that signed in before is not
    const fresh = await Browser.open(t, '198.51.100.77');
    expect((await fresh.signIn(p.email, PW)).status).toBe(429);
    await owner.refresh();
    expect((await owner.signIn(p.email, PW)).status).toBe(200);
    // the known device's own failures still count for it
    await owner.post('/api/auth/sign-out');
    for (let i = 0; i < 5; i++) await fail(owner, p.email);
    expect((await owner.signIn(p.email, PW)).status).toBe(429);
  });

  it('slows down one address that fails across many accounts (after 20 failures)', async () => {
    const b = await Browser.open(t, '192.0.2.120');
    for (let i = 0; i < THROTTLE.ipFreeFailures; i++) expect((await fail(b, `nobody${i}@example.jp`)).status).toBe(401);
    const p = await person();
    expect((await b.signIn(p.email, PW)).status).toBe(429);
    const elsewhere = await Browser.open(t, '192.0.2.121');
    expect((await elsewhere.signIn(p.email, PW)).status).toBe(200);
  });

  it('emails the person once an hour about repeated failures, and about a new device', async () => {
    const p = await person({ familyNameEn: 'Alert' });
    await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, p.id));
    const b = await Browser.open(t, '192.0.2.130');
    for (let i = 0; i < 5; i++) {
      await fail(b, p.email);
    }
    t.clock.advance(2000);
    await fail(b, p.email);
    await t.ctx.mailer.flush();
    const warn = await smtp.waitFor((m) => m.to.includes(p.email) && /failed sign-ins/i.test(m.subject));
    expect(warn.text).toContain('192.0.2.130');
    expect(smtp.received.filter((m) => m.to.includes(p.email) && /failed sign-ins/i.test(m.subject))).toHaveLength(1);

    t.clock.advance(THROTTLE.maxDelayMs);
    const seq = await lastAuditSeq(t);
    expect((await b.signIn(p.email, PW)).status).toBe(200);
    await t.ctx.mailer.flush();
    const mail = await smtp.waitFor((m) => m.to.includes(p.email) && /new sign-in/i.test(m.subject));
    expect(mail.text).toContain('192.0.2.130');
    expect(mail.text).toContain('Chrome (Windows)');
    expect(mail.text).toMatch(/\d{4}.*JST/);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['auth.signed_in', 'auth.new_device']);
    // the same browser again: no email
    await b.post('/api/auth/sign-out');
    await b.refresh();
    expect((await b.signIn(p.email, PW)).status).toBe(200);
    await t.ctx.mailer.flush();
    expect(smtp.received.filter((m) => m.to.includes(p.email) && /new sign-in/i.test(m.subject))).toHaveLength(1);
    const failures = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign_in_failed'));
    expect(failures.length).toBeGreaterThan(0);
  });
});
