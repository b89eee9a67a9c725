import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, lastAuditSeq, auditAfter, seedOrg, seedPerson, type TestEnv } from '../../testing/harness.js';
import { mfaAuthenticators, people, sessions } from '../../db/schema/index.js';
import { Browser } from './testkit.js';
import { base32Decode, totp } from './totp.js';
import { PLEDGE_VERSION } from '../../../shared/account.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
});
afterAll(() => t.close());

const PW = 'lantern orchard velvet';

/** A person who signs in, enrolls an authenticator and signs the pledge; returns the secret and recovery codes. */
async function enrolled(b: Browser) {
  const p = await seedPerson(t, { password: PW, roles: [{ role: 'researcher', institutionId: org.instA.id }], institutionIds: [org.instA.id] });
  const res = await b.signIn(p.email, PW);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ stage: 'full', requirements: ['mfa_enroll', 'pledge'] });
  const enroll = await b.post('/api/me/mfa/enroll');
  expect(enroll.status).toBe(200);
  const { secret, qrSvgDataUrl, otpauthUri } = enroll.body as { secret: string; qrSvgDataUrl: string; otpauthUri: string };
  expect(qrSvgDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(otpauthUri).toContain(`secret=${secret}`);
  const key = base32Decode(secret);
  const confirm = await b.post('/api/me/mfa/confirm', { code: totp(key, t.clock.now().getTime()) });
  expect(confirm.status).toBe(200);
  const codes = (confirm.body as { codes: string[] }).codes;
  expect(codes).toHaveLength(10);
  await t.ctx.db.update(people).set({ pledgeVersion: PLEDGE_VERSION }).where(eq(people.id, p.id));
  return { p, key, codes };
}

describe('TOTP enrollment and the MFA sign-in step', () => {
  it('stores the secret encrypted and requires the code at the next sign-in; the token changes at each step', async () => {
    const b = await Browser.open(t);
    const { p, key } = await enrolled(b);
    const [row] = await t.ctx.db.select().from(mfaAuthenticators).where(eq(mfaAuthenticators.personId, p.id));
    expect(row!.secretEnc).not.toContain(key.toString('base64url'));
    expect(row!.confirmedAt).not.toBeNull();

    const b2 = await Browser.open(t, '198.51.100.20');
    const anonToken = b2.session();
    const pw = await b2.signIn(p.email, PW);
    expect(pw.body).toMatchObject({ authenticated: true, stage: 'mfa', permissions: [] });
    const mfaToken = b2.session();
    expect(mfaToken).toBeDefined();
    expect(mfaToken).not.toBe(anonToken);
    // the MFA-stage session reaches nothing else
    for (const url of ['/api/people', '/api/me/security', '/api/me/sessions', '/api/institutions']) {
      const r = await b2.get(url);
      expect([url, r.status, (r.body as { error: { code: string } }).error.code]).toEqual([url, 401, 'MFA_REQUIRED']);
    }
    expect((await b2.post('/api/me/mfa/enroll')).status).toBe(401);
    t.clock.advance(30_000);
    const ok = await b2.post('/api/auth/mfa', { code: totp(key, t.clock.now().getTime()) });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ stage: 'full', requirements: [] });
    const fullToken = b2.session();
    expect(fullToken).not.toBe(mfaToken);
    expect((await b2.get('/api/me/security')).status).toBe(200);
    // the MFA-stage token is dead
    const old = new Browser(t);
    old.cookies.set('mamori_session', mfaToken!);
    expect((await old.get('/api/me/security')).status).toBe(401);
  });

  it('refuses a replayed TOTP code, and counts wrong codes: 5 end the MFA-stage session', async () => {
    const b = await Browser.open(t);
    const { p, key } = await enrolled(b);
    // the code used at confirmation cannot be used again for sign-in
    const used = totp(key, t.clock.now().getTime());
    const b2 = await Browser.open(t, '198.51.100.21');
    await b2.signIn(p.email, PW);
    const replay = await b2.post('/api/auth/mfa', { code: used });
    expect(replay.status).toBe(400);
    expect(replay.body).toMatchObject({ error: { code: 'MFA_CODE_INVALID', details: { attemptsLeft: 4 } } });
    for (let i = 0; i < 3; i++) expect((await b2.post('/api/auth/mfa', { code: '000000' })).status).toBe(400);
    const fifth = await b2.post('/api/auth/mfa', { code: '000000' });
    expect(fifth.status).toBe(401);
    expect(fifth.body).toMatchObject({ error: { code: 'MFA_ATTEMPTS_EXHAUSTED' } });
    // the session is over: even the right code no longer helps
    t.clock.advance(30_000);
    const after = await b2.get('/api/me/security');
    expect(after.status).toBe(401);
    expect(await b2.refresh()).toMatchObject({ authenticated: false });
    const audit = await t.ctx.db.select().from(sessions).where(eq(sessions.personId, p.id));
    expect(audit.some((s) => s.endReason === 'mfa_attempts_exhausted')).toBe(true);
  });

  it('limits wrong codes per account to 10 an hour, across sessions', async () => {
    const b = await Browser.open(t);
    const { p, key } = await enrolled(b);
    for (let s = 0; s < 2; s++) {
      const bx = await Browser.open(t, `198.51.100.${30 + s}`);
      await bx.signIn(p.email, PW);
      for (let i = 0; i < 5; i++) await bx.post('/api/auth/mfa', { code: '000000' });
    }
    const b3 = await Browser.open(t, '198.51.100.40');
    await b3.signIn(p.email, PW);
    t.clock.advance(30_000);
    const res = await b3.post('/api/auth/mfa', { code: totp(key, t.clock.now().getTime()) });
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('accepts each recovery code once, and regenerates them with a TOTP code', async () => {
    const b = await Browser.open(t);
    const { p, key, codes } = await enrolled(b);
    const b2 = await Browser.open(t, '198.51.100.50');
    await b2.signIn(p.email, PW);
    const seq = await lastAuditSeq(t);
    expect((await b2.post('/api/auth/mfa', { recoveryCode: codes[0]!.toUpperCase() })).status).toBe(200);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toContain('auth.recovery_code_used');
    const b3 = await Browser.open(t, '198.51.100.51');
    await b3.signIn(p.email, PW);
    expect((await b3.post('/api/auth/mfa', { recoveryCode: codes[0]! })).status).toBe(400);
    expect((await b3.post('/api/auth/mfa', { recoveryCode: codes[1]! })).status).toBe(200);
    expect((await b3.get('/api/me/security')).body).toMatchObject({ recoveryCodesLeft: 8 });
    // regeneration needs a valid TOTP code
    expect((await b3.post('/api/me/mfa/recovery-codes', { code: '000000' })).status).toBe(400);
    t.clock.advance(30_000);
    const regen = await b3.post('/api/me/mfa/recovery-codes', { code: totp(key, t.clock.now().getTime()) });
    expect(regen.status).toBe(200);
    expect((await b3.get('/api/me/security')).body).toMatchObject({ recoveryCodesLeft: 10 });
    const b4 = await Browser.open(t, '198.51.100.52');
    await b4.signIn(p.email, PW);
    expect((await b4.post('/api/auth/mfa', { recoveryCode: codes[2]! })).status).toBe(400); // old set is gone
  });

  it('MFA-stage sessions expire after 5 minutes', async () => {
    const b = await Browser.open(t);
    const { p, key } = await enrolled(b);
    const b2 = await Browser.open(t, '198.51.100.60');
    await b2.signIn(p.email, PW);
    t.clock.advance(5 * 60_000 + 1000);
    void key;
    const res = await b2.get('/api/me/security');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'SESSION_EXPIRED' } });
  });

  it('refuses a second enrollment while one is confirmed, and resetMfa asks for a new one', async () => {
    const b = await Browser.open(t);
    const { p } = await enrolled(b);
    expect((await b.post('/api/me/mfa/enroll')).status).toBe(409);
    const { resetMfa } = await import('./credentials.js');
    const { systemActor } = await import('../../authz/actor.js');
    await t.ctx.db.transaction((tx) => resetMfa(tx, t.ctx, systemActor('test'), p.id, 'lost_device'));
    expect(await b.refresh()).toMatchObject({ requirements: ['mfa_enroll'] });
    expect((await b.post('/api/me/mfa/enroll')).status).toBe(200);
  });
});

describe('replacing one’s authenticator (a new phone)', () => {
  it('needs a code from the current one; then the authenticator is gone, audited, and a new one is enrolled', async () => {
    const b = await Browser.open(t);
    const { p, key } = await enrolled(b);
    t.clock.advance(30_000);

    const wrong = await b.post('/api/me/mfa/replace', { code: '000000' });
    expect(wrong.status).toBe(400);
    expect((await t.ctx.db.select().from(mfaAuthenticators).where(eq(mfaAuthenticators.personId, p.id))).length).toBe(1);

    const seq = await lastAuditSeq(t);
    const ok = await b.post('/api/me/mfa/replace', { code: totp(key, t.clock.now().getTime()) });
    expect(ok.status).toBe(204);
    expect(await t.ctx.db.select().from(mfaAuthenticators).where(eq(mfaAuthenticators.personId, p.id))).toEqual([]);
    const entries = await auditAfter(t, seq);
    expect(entries.map((e) => [e.action, (e.details as { reason?: string }).reason])).toContainEqual(['auth.mfa_reset', 'replaced_by_person']);

    // MFA is required for this person: until a new authenticator is enrolled nothing else opens.
    const session = await b.get('/api/session');
    expect(session.body).toMatchObject({ requirements: ['mfa_enroll'] });
    expect((await b.get('/api/people')).status).toBe(403);
    const enroll = await b.post('/api/me/mfa/enroll');
    const fresh = base32Decode((enroll.body as { secret: string }).secret);
    expect((await b.post('/api/me/mfa/confirm', { code: totp(fresh, t.clock.now().getTime()) })).status).toBe(200);
    expect((await b.get('/api/people')).status).toBe(200);
  });
});
