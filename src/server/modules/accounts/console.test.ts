import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AccountCountsDto, AccountPage, BulkInviteResultDto } from '../../../shared/accounts.js';
import { mailOutbox, people } from '../../db/schema/index.js';
import { linkIn, TestSmtp } from '../../testing/smtp.js';
import { anonymous, auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';
import { issueToken } from './tokens.js';

const DAY = 86_400_000;

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let dc: Client;
let dcId: string;

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://mamori.example.jp' });
  org = await seedOrg(t);
  dcId = (await seedPerson(t, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }], unitId: org.dc.id })).id;
});
beforeEach(async () => {
  dc = await sessionFor(t, dcId);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const researcher = (over: Parameters<typeof seedPerson>[1] = {}) =>
  seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }], ...over });
const set = (id: string, values: Partial<typeof people.$inferInsert>) => t.ctx.db.update(people).set(values).where(eq(people.id, id));
const row = async (id: string) => (await t.ctx.db.select().from(people).where(eq(people.id, id)))[0]!;
const summary = async () => {
  const res = await dc.get('/api/accounts/summary');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as AccountCountsDto;
};
const outboxFor = (ids: string[]) => t.ctx.db.select().from(mailOutbox).where(inArray(mailOutbox.personId, ids));

describe('GET /api/accounts/summary', () => {
  it('counts each status, lapsed invitations and the coming deadlines, matching what each filter lists', async () => {
    const before = await summary();
    const now = t.clock.now().getTime();
    await researcher();
    await researcher(); // two without an account
    const invitedOpen = await researcher();
    await set(invitedOpen.id, { accountStatus: 'invited' });
    await issueToken(t.ctx.db, t.ctx, invitedOpen.id, 'invitation', 3 * DAY);
    const invitedLapsed = await researcher();
    await set(invitedLapsed.id, { accountStatus: 'invited' });
    await issueToken(t.ctx.db, t.ctx, invitedLapsed.id, 'invitation', -DAY);
    const fresh = await researcher();
    await set(fresh.id, { accountStatus: 'active', lastSignInAt: new Date(now) });
    const expiring = await researcher();
    await set(expiring.id, { accountStatus: 'active', lastSignInAt: new Date(now), accountExpiresAt: new Date(now + 10 * DAY) });
    const dormant = await researcher();
    await set(dormant.id, { accountStatus: 'active', lastSignInAt: new Date(now - 170 * DAY) });
    const suspended = await researcher();
    await set(suspended.id, { accountStatus: 'suspended', suspendedReason: 'manual' });
    const offboarded = await researcher();
    await set(offboarded.id, { accountStatus: 'offboarded' });

    const after = await summary();
    const delta = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, (v as number) - (before[k as keyof AccountCountsDto] as number)]));
    expect(delta).toEqual({ total: 9, none: 2, invited: 2, active: 3, suspended: 1, offboarded: 1, invitation_expired: 1, expiring: 1, dormant_soon: 1, soonDays: 0 });
    expect(after.soonDays).toBe(30);

    // Each card's number is the length of the list it opens.
    for (const f of ['none', 'invited', 'active', 'suspended', 'offboarded', 'invitation_expired', 'expiring', 'dormant_soon'] as const) {
      const list = await dc.get(`/api/accounts?filter=${f}&pageSize=200`);
      expect(list.status).toBe(200);
      expect((list.body as AccountPage).total, f).toBe(after[f]);
    }
    const lapsed = (await dc.get('/api/accounts?filter=invitation_expired&pageSize=200')).body as AccountPage;
    expect(lapsed.items.map((i) => i.personId)).toContain(invitedLapsed.id);
    expect(lapsed.items.map((i) => i.personId)).not.toContain(invitedOpen.id);
  });

  it('lists MFA, the pledge version and institutions, and sorts by last sign-in with never-signed-in first', async () => {
    const now = t.clock.now().getTime();
    const tag = `Sortcheck${Date.now()}`;
    const a = await researcher({ familyNameEn: tag, institutionIds: [org.instA.id, org.instB.id] });
    const b = await researcher({ familyNameEn: tag });
    const c = await researcher({ familyNameEn: tag });
    await set(a.id, { accountStatus: 'active', lastSignInAt: new Date(now - 5 * DAY), mfaEnrolledAt: new Date(now), pledgeVersion: '2026.1' });
    await set(b.id, { accountStatus: 'active', lastSignInAt: new Date(now - 50 * DAY) });
    const asc = (await dc.get(`/api/accounts?q=${tag}&sort=last_sign_in&dir=asc`)).body as AccountPage;
    expect(asc.items.map((i) => i.personId)).toEqual([c.id, b.id, a.id]);
    const desc = (await dc.get(`/api/accounts?q=${tag}&sort=last_sign_in&dir=desc`)).body as AccountPage;
    expect(desc.items.map((i) => i.personId)).toEqual([a.id, b.id, c.id]);
    const first = desc.items[0]!;
    expect(first).toMatchObject({ mfaEnrolled: true, pledgeVersion: '2026.1' });
    expect(first.institutions.map((i) => i.nameEn).sort()).toEqual(['Hospital A', 'Hospital B']);
    expect(desc.items[1]).toMatchObject({ mfaEnrolled: false, pledgeVersion: null });
    expect((await dc.get('/api/accounts?sort=recent')).status).toBe(400);
  });
});

describe('POST /api/accounts/invitations', () => {
  it('issues to people without an account and resends a lapsed invitation, one email each in their language, one audit entry each', async () => {
    const ja = await researcher();
    const en = await researcher();
    await set(en.id, { language: 'en' });
    const lapsed = await researcher();
    await set(lapsed.id, { accountStatus: 'invited' });
    const old = await issueToken(t.ctx.db, t.ctx, lapsed.id, 'invitation', -DAY);
    expect(old.token).toBeTruthy();
    const seq = await lastAuditSeq(t);

    const res = await dc.post('/api/accounts/invitations', { personIds: [ja.id, en.id, lapsed.id] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as BulkInviteResultDto;
    expect(body).toMatchObject({ invited: 2, resent: 1 });
    expect(new Map(body.items.map((i) => [i.personId, i.action]))).toEqual(new Map([[ja.id, 'invited'], [en.id, 'invited'], [lapsed.id, 'resent']]));
    for (const id of [ja.id, en.id, lapsed.id]) expect((await row(id)).accountStatus).toBe('invited');

    const audit = await auditAfter(t, seq);
    expect(audit.map((e) => [e.action, e.targetId])).toEqual(
      expect.arrayContaining([
        ['account.invited', ja.id],
        ['account.invited', en.id],
        ['account.invitation_resent', lapsed.id],
      ]),
    );
    expect(audit).toHaveLength(3);
    expect(audit.every((e) => e.actorPersonId === dcId)).toBe(true);

    await t.ctx.mailer.flush();
    await smtp.waitFor(() => [ja, en, lapsed].every((p) => smtp.to(p.email).length >= 1));
    for (const p of [ja, en, lapsed]) expect(smtp.to(p.email)).toHaveLength(1);
    expect(smtp.to(en.email)[0]!.subject).toBe('[Mamori] Your account invitation');
    expect(smtp.to(ja.email)[0]!.subject).toMatch(/[ぁ-んァ-ン一-龯]/);
    // The links work: the lapsed person's new link opens the invitation page.
    const link = linkIn(smtp.to(lapsed.email)[0]!.text, '/invite');
    const token = new URL(link).searchParams.get('token')!;
    expect(token).not.toBe(old.token);
    const info = await (await anonymous(t)).post('/api/invitations/lookup', { token });
    expect(info.status).toBe(200);
  });

  it('changes nothing and sends nothing when anyone named is not eligible, and names who and why', async () => {
    const ok = await researcher();
    const gone = await researcher();
    await set(gone.id, { accountStatus: 'offboarded' });
    const deactivated = await researcher();
    await set(deactivated.id, { active: false });
    const active = await researcher();
    await set(active.id, { accountStatus: 'active' });
    const missing = '00000000-0000-4000-8000-000000000000';
    const seq = await lastAuditSeq(t);

    const res = await dc.post('/api/accounts/invitations', { personIds: [ok.id, gone.id, deactivated.id, active.id, missing] });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('INVITE_NOT_ELIGIBLE');
    const details = (res.body as { error: { details: { ineligible: { personId: string; reason: string }[] } } }).error.details;
    expect(details.ineligible).toEqual([
      { personId: gone.id, reason: 'offboarded' },
      { personId: deactivated.id, reason: 'deactivated' },
      { personId: active.id, reason: 'has_account' },
      { personId: missing, reason: 'not_found' },
    ]);
    expect((await row(ok.id)).accountStatus).toBe('none');
    expect(await auditAfter(t, seq)).toHaveLength(0);
    expect(await outboxFor([ok.id, gone.id, deactivated.id, active.id])).toHaveLength(0);
    await t.ctx.mailer.flush();
    expect(smtp.to(ok.email)).toHaveLength(0);
  });

  it('rejects an empty list, more than 500 people, or ids that are not uuids', async () => {
    expect((await dc.post('/api/accounts/invitations', { personIds: [] })).status).toBe(400);
    const many = Array.from({ length: 501 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    expect((await dc.post('/api/accounts/invitations', { personIds: many })).status).toBe(400);
    expect((await dc.post('/api/accounts/invitations', { personIds: ['x'] })).status).toBe(400);
  });

  it.each([
    ['a researcher', () => [{ role: 'researcher' as const, institutionId: org.instA.id }]],
    ['a site coordinator', () => [{ role: 'site_coordinator' as const, institutionId: org.instA.id, researchGroupId: org.rgA.id }]],
  ])('refuses %s (403, authz.denied, nothing changed)', async (_who, roles) => {
    const actor = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: roles() });
    const c = await sessionFor(t, actor.id);
    const target = await researcher();
    const seq = await lastAuditSeq(t);
    const res = await c.post('/api/accounts/invitations', { personIds: [target.id] });
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied']);
    expect((await row(target.id)).accountStatus).toBe('none');
    expect(await outboxFor([target.id])).toHaveLength(0);
    for (const url of ['/api/accounts/summary', '/api/accounts/export.csv']) {
      const s = await lastAuditSeq(t);
      expect((await c.get(url)).status, url).toBe(403);
      expect((await auditAfter(t, s)).map((e) => e.action)).toEqual(['authz.denied']);
    }
  });
});

describe('GET /api/accounts/export.csv', () => {
  it('sends the filtered list as UTF-8 with a BOM, headers in the chosen language, and audits the read', async () => {
    const tag = `Csvcheck${Date.now()}`;
    const a = await researcher({ familyNameEn: tag, familyNameJa: '出力', givenNameJa: '花子', givenNameEn: 'Hanako', institutionIds: [org.instA.id] });
    const b = await researcher({ familyNameEn: tag, familyNameJa: '=計算', institutionIds: [org.instB.id] });
    await set(a.id, { accountStatus: 'active', mfaEnrolledAt: t.clock.now(), pledgeVersion: '2026.1', lastSignInAt: new Date('2026-01-05T00:30:00Z') });
    const other = await researcher({ familyNameEn: tag });
    await set(other.id, { accountStatus: 'suspended', suspendedReason: 'dormant' });
    const seq = await lastAuditSeq(t);

    const res = await dc.get(`/api/accounts/export.csv?q=${tag}&lang=ja&sort=name`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="mamori-accounts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = res.raw.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^"氏名","氏名（英字）","メールアドレス","所属施設","アカウントの状態"/);
    expect(lines).toHaveLength(4);
    const ofA = lines.find((l) => l.includes(a.email))!;
    expect(ofA).toContain('"出力 花子","Hanako ' + tag + '"');
    expect(ofA).toContain('"甲病院","有効","","はい","登録済み","2026.1","2026-01-05 09:30"');
    expect(lines.find((l) => l.includes(b.email))).toContain(`"'=計算 `); // never a formula in Excel
    expect(lines.find((l) => l.includes(other.email))).toContain('"停止中","長期未使用"');

    const audit = await auditAfter(t, seq);
    expect(audit.map((e) => e.action)).toEqual(['account.exported']);
    expect(audit[0]!.details).toMatchObject({ rows: 3, lang: 'ja', q: tag, filter: null });

    const en = await dc.get(`/api/accounts/export.csv?q=${tag}&filter=active&lang=en`);
    const enLines = en.raw.rawPayload.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(enLines[0]).toMatch(/^"Name \(Japanese\)","Name","Email","Institutions","Account status"/);
    expect(enLines).toHaveLength(2);
    expect(enLines[1]).toContain('"Hospital A","Active","","yes","enrolled","2026.1"');
  });
});
