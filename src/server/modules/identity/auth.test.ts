import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { anonymous, createTestApp, secondNode, seedPerson, sessionFor, type TestEnv } from '../../testing/harness.js';
import { auditLog, people, sessions } from '../../db/schema/index.js';

let t: TestEnv;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('first-run setup', () => {
  it('creates the first information security manager from the one-time link, once', async () => {
    const link = await t.auth.issueSetupLink();
    expect(link).toMatch(/\/setup\?token=[\w-]{40,}$/);
    const token = new URL(link!).searchParams.get('token')!;
    const c = await anonymous(t);
    const body = { token, familyNameJa: '管理', givenNameJa: '花子', familyNameEn: 'Kanri', givenNameEn: 'Hanako', email: 'Manager@Example.jp', password: 'correct horse battery staple' };
    const res = await c.post('/api/setup', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ authenticated: true, person: { email: 'manager@example.jp', roles: ['security_manager'] } });
    // the first manager is onboarded like everyone: an authenticator, then the pledge
    expect(res.body).toMatchObject({ stage: 'full', requirements: ['mfa_enroll', 'pledge'], permissions: [] });
    expect(String(res.headers['set-cookie'])).toMatch(/mamori_session=.*HttpOnly.*SameSite=Lax/i);
    const again = await (await anonymous(t)).post('/api/setup', { ...body, email: 'other@example.jp' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ error: { code: 'SETUP_TOKEN_INVALID' } });
    expect(await t.auth.issueSetupLink()).toBeNull();
  });

  it('applies the password policy to setup, with the typed names and email as personal words', async () => {
    const t2 = await createTestApp();
    try {
      const link = await t2.auth.issueSetupLink();
      const token = new URL(link!).searchParams.get('token');
      const c = await anonymous(t2);
      const base = { token, familyNameJa: '鈴木', givenNameJa: '一郎', familyNameEn: 'Suzuki', givenNameEn: 'Ichiro', email: 'ichiro.suzuki@example.jp' };
      for (const [password, reason] of [['short', 'too_short'], ['password1234', 'common'], ['ichiro-is-the-manager', 'personal']] as const) {
        const res = await c.post('/api/setup', { ...base, password });
        expect([password, res.status, res.body]).toMatchObject([password, 400, { error: { code: 'PASSWORD_TOO_WEAK', details: { reason } } }]);
      }
      // nothing was used up: the same link still works
      expect((await c.post('/api/setup', { ...base, password: 'tidal compass orchard' })).status).toBe(200);
    } finally {
      await t2.close();
    }
  });

  it('stays open while the only manager holding a password cannot sign in', async () => {
    const t2 = await createTestApp();
    try {
      // A manager with a password whose account was never activated (as `mamori admin create` used to leave one).
      const m = await seedPerson(t2, { email: 'stuck@example.jp', roles: [{ role: 'security_manager' }], password: 'correct horse battery staple' });
      await t2.ctx.db.update(people).set({ accountStatus: 'none' }).where(eq(people.id, m.id));
      expect(await t2.auth.issueSetupLink()).toMatch(/\/setup\?token=/);
      // Once the account is active the manager signs in, so setup is done.
      await t2.ctx.db.update(people).set({ accountStatus: 'active' }).where(eq(people.id, m.id));
      expect(await t2.auth.issueSetupLink()).toBeNull();
      // An expired account cannot sign in either.
      await t2.ctx.db.update(people).set({ accountExpiresAt: new Date(t2.clock.now().getTime() - 1000) }).where(eq(people.id, m.id));
      expect(await t2.auth.issueSetupLink()).toMatch(/\/setup\?token=/);
    } finally {
      await t2.close();
    }
  });

  it('refuses an expired setup link', async () => {
    const t2 = await createTestApp();
    try {
      const link = await t2.auth.issueSetupLink();
      t2.clock.advance(31 * 60_000);
      const c = await anonymous(t2);
      const res = await c.post('/api/setup', { token: new URL(link!).searchParams.get('token'), familyNameJa: 'a', familyNameEn: 'a', email: 'a@example.jp', password: 'long enough password' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'SETUP_TOKEN_INVALID' } });
    } finally {
      await t2.close();
    }
  });
});

describe('POST /api/auth/sign-in', () => {
  it('signs in with the right password and logs the event', async () => {
    const p = await seedPerson(t, { email: 'signin@example.jp', password: 'a very good passphrase' });
    const c = await anonymous(t);
    const res = await c.post('/api/auth/sign-in', { email: 'SIGNIN@example.jp', password: 'a very good passphrase' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ authenticated: true, person: { id: p.id } });
    const events = await t.ctx.db.select().from(auditLog).where(eq(auditLog.actorPersonId, p.id));
    expect(events.map((e) => e.action)).toContain('auth.signed_in');
  });

  it('gives one generic message for a wrong password and an unknown email, and logs both', async () => {
    await seedPerson(t, { email: 'generic@example.jp', password: 'a very good passphrase' });
    const c = await anonymous(t);
    const wrong = await c.post('/api/auth/sign-in', { email: 'generic@example.jp', password: 'nope nope nope' });
    const unknown = await c.post('/api/auth/sign-in', { email: 'nobody@example.jp', password: 'nope nope nope' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((wrong.body as { error: { message: string } }).error.message).toBe((unknown.body as { error: { message: string } }).error.message);
    const failures = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign_in_failed'));
    expect(failures.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: 'x@example.jp', password: 'y' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
  });

  it('rate-limits repeated sign-in attempts', async () => {
    const t2 = await createTestApp({ SIGN_IN_RATE_LIMIT: '3' });
    try {
      const c = await anonymous(t2);
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await c.post('/api/auth/sign-in', { email: 'x@example.jp', password: 'wrong password' })).status);
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes[4]).toBe(429);
    } finally {
      await t2.close();
    }
  });

  it('holds the rate limit across nodes: the count is kept in the database', async () => {
    const t2 = await createTestApp({ SIGN_IN_RATE_LIMIT: '4' });
    const other = await secondNode(t2);
    try {
      const [a, b] = [await anonymous(t2), await anonymous(other)];
      const attempt = (c: typeof a) => c.post('/api/auth/sign-in', { email: 'x@example.jp', password: 'wrong password' });
      const codes = [await attempt(a), await attempt(b), await attempt(a), await attempt(b)].map((r) => r.status);
      expect(codes).toEqual([401, 401, 401, 401]);
      // Either node now refuses this client for the rest of the minute.
      const refused = await attempt(b);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await attempt(a)).status).toBe(429);
      // Another route keeps its own count.
      expect((await b.post('/api/password-reset/request', { email: 'x@example.jp' })).status).toBe(202);
    } finally {
      await other.close();
      await t2.close();
    }
  });
});

describe('sessions', () => {
  it('expires after the idle timeout and after the absolute timeout', async () => {
    const p = await seedPerson(t);
    const c = await sessionFor(t, p.id);
    expect((await c.get('/api/institutions')).status).toBe(200);
    t.clock.advance(31 * 60_000);
    const res = await c.get('/api/institutions');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'SESSION_EXPIRED' } });

    const c2 = await sessionFor(t, p.id);
    for (let i = 0; i < 25; i++) {
      t.clock.advance(29 * 60_000);
      await c2.get('/api/institutions');
    }
    expect((await c2.get('/api/institutions')).status).toBe(401);
  });

  it('sign-out ends the session on the server', async () => {
    const p = await seedPerson(t);
    const c = await sessionFor(t, p.id);
    expect((await c.post('/api/auth/sign-out')).status).toBe(204);
    expect((await c.get('/api/institutions')).status).toBe(401);
    const rows = await t.ctx.db.select().from(sessions).where(eq(sessions.personId, p.id));
    expect(rows.every((r) => r.endedAt !== null)).toBe(true);
  });

  it('sets Secure and the __Host- prefix when PUBLIC_URL is https, and HSTS', async () => {
    const t2 = await createTestApp({ PUBLIC_URL: 'https://mamori.example.jp' });
    try {
      const p = await seedPerson(t2, { email: 'https@example.jp', password: 'a very good passphrase' });
      const res0 = await t2.app.inject({ method: 'GET', url: '/api/session' });
      const csrf = res0.cookies.find((c) => c.name === '__Host-mamori_csrf');
      expect(csrf?.secure).toBe(true);
      const res = await t2.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email: p.email, password: 'a very good passphrase' }, headers: { cookie: `__Host-mamori_csrf=${csrf!.value}`, 'x-csrf-token': csrf!.value } });
      expect(res.statusCode).toBe(200);
      const sc = res.cookies.find((c) => c.name === '__Host-mamori_session');
      expect(sc).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    } finally {
      await t2.close();
    }
  });
});

describe('security headers', () => {
  it('sends a CSP with object-src none and frame-ancestors none, and nosniff', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("object-src 'none'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
