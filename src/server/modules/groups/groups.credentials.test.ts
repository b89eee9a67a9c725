import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.js';
import { mailOutbox, people } from '../../db/schema/index.js';
import { anonymous, auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';
import { TestSmtp } from '../../testing/smtp.js';
import { GROUP_PASSWORD_BITS, generateGroupPassword, GroupPasswordBox, loginFor, normalizeGroupPassword } from './crypto.js';
import { proposeGroupRotation } from './rotation.js';
import { SCRUBBED_BODY } from './scrub.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let researcher: { id: string; email: string };
let colleague: { id: string; email: string };
let elsewhere: { id: string; email: string };
let outsider: { id: string; email: string };
let otherGroupResearcher: { id: string; email: string };
const clients: Record<'researcher' | 'coordinator' | 'dataCenter' | 'manager' | 'otherGroup', Client> = {} as never;
const ids: Record<string, string> = {};

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  const at = (inst: string, groups: string[], extra: Partial<Parameters<typeof seedPerson>[1]> = {}) =>
    seedPerson(t, { institutionIds: [inst], researchGroupIds: groups, roles: [{ role: 'researcher', institutionId: inst }], ...extra });
  researcher = await at(org.instA.id, [org.rgA.id]);
  colleague = await at(org.instA.id, [org.rgA.id]);
  await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, colleague.id));
  elsewhere = await at(org.instB.id, [org.rgA.id]);
  outsider = await at(org.instA.id, []);
  otherGroupResearcher = await at(org.instB.id, [org.rgB.id]);
  const coordinator = await seedPerson(t, {
    institutionIds: [org.instA.id],
    researchGroupIds: [org.rgA.id],
    roles: [{ role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id }],
  });
  // Central staff who happen to belong to the group: they rotate it, but may never see it.
  const dc = await seedPerson(t, { unitId: org.dc.id, researchGroupIds: [org.rgA.id], roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  const manager = await seedPerson(t, { researchGroupIds: [org.rgA.id], roles: [{ role: 'security_manager' }] });
  for (const p of [researcher, colleague, elsewhere, outsider, otherGroupResearcher, coordinator, dc, manager]) await sessionFor(t, p.id); // onboarded, active accounts
  Object.assign(ids, { researcher: researcher.id, coordinator: coordinator.id, dataCenter: dc.id, manager: manager.id, otherGroup: otherGroupResearcher.id });
  clients.researcher = await sessionFor(t, researcher.id);
  clients.coordinator = await sessionFor(t, coordinator.id);
  clients.dataCenter = await sessionFor(t, dc.id);
  clients.manager = await sessionFor(t, manager.id);
  clients.otherGroup = await sessionFor(t, otherGroupResearcher.id);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

type Revealed = { login: string; password: string; version: number };

/** Every text value of a table, for searching it for a secret. */
async function tableText(table: string): Promise<string> {
  const rows = await queryRows<{ x: string }>(t.ctx.db, sql.raw(`select x::text as x from "${table}" x`));
  return rows.map((r) => r.x).join('\n');
}

/** A cookie-carrying request with only the group cookie (a browser signed in with the group ID). */
function asGroup(token: string, method: 'GET' | 'POST' = 'GET', url = '/', payload?: object) {
  return t.app.inject({ method, url, payload, headers: { cookie: `mamori_group=${token}`, 'user-agent': 'group-browser' } });
}

async function groupSignIn(login: string, password: string) {
  const anon = await anonymous(t);
  const res = await anon.request('POST', '/api/group-access/sign-in', { groupId: login, password }, { cookie: `mamori_csrf=${anon.token}`, 'user-agent': 'group-browser' });
  const cookie = res.raw.cookies.find((c) => c.name.endsWith('mamori_group'));
  return { res, token: cookie?.value ?? null, cookie };
}

describe('group passwords', () => {
  it('are readable blocks of unambiguous characters with at least 80 bits of entropy', () => {
    const p = generateGroupPassword();
    expect(p).toMatch(/^[2-9a-hjkmnp-z]{5}(-[2-9a-hjkmnp-z]{5}){3}$/);
    expect(GROUP_PASSWORD_BITS).toBeGreaterThanOrEqual(80);
    expect(new Set(Array.from({ length: 50 }, generateGroupPassword)).size).toBe(50);
    expect(normalizeGroupPassword(` ${p.toUpperCase().replace(/-/g, ' ')} `)).toBe(p.replace(/-/g, ''));
    expect(loginFor('JCOG-LCSG')).toBe('grp-jcog-lcsg');
  });

  it('encrypt and decrypt under the master key, bound to the group and version', () => {
    const box = new GroupPasswordBox(t.ctx.secrets.masterKey);
    const sealed = box.seal('abcde-fghjk', org.rgA.id, 3);
    expect(sealed).not.toContain('abcde');
    expect(box.open(sealed, org.rgA.id, 3)).toBe('abcde-fghjk');
    expect(() => box.open(sealed, org.rgA.id, 4)).toThrow();
    expect(() => box.open(sealed, org.rgB.id, 3)).toThrow();
    expect(() => new GroupPasswordBox(Buffer.alloc(32, 7)).open(sealed, org.rgA.id, 3)).toThrow();
  });
});

describe('POST /api/group-ids/:groupId/reveal', () => {
  let first: Revealed;

  it('shows a member researcher the group ID once, audits it and puts it on the roster', async () => {
    const seq = await lastAuditSeq(t);
    const res = await clients.researcher.post(`/api/group-ids/${org.rgA.id}/reveal`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    first = res.body as Revealed;
    expect(first.login).toMatch(/^grp-rga-/);
    expect(first.version).toBe(1);
    const actions = (await auditAfter(t, seq)).map((e) => `${e.action}:${e.actorPersonId === researcher.id}`);
    expect(actions).toEqual(['group_credential.rotated:true', 'group_credential.revealed:true']); // the first reveal issues version 1
    const mine = await clients.researcher.get('/api/group-ids/mine');
    expect(mine.body).toMatchObject({ items: [{ researchGroupId: org.rgA.id, issued: true, currentVersion: 1, myVersion: 1, canReveal: true, canResend: false }] });
  });

  it('stores no plaintext password anywhere in the database tables of group IDs', async () => {
    for (const table of ['group_credentials', 'group_credential_versions', 'group_credential_roster', 'audit_log']) {
      const text = await tableText(table);
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain(first.password);
      expect(text).not.toContain(normalizeGroupPassword(first.password));
    }
  });

  it('refuses a researcher of another group, the data center and the manager (404 as for an unknown group, audited)', async () => {
    for (const [who, c] of [
      ['otherGroup', clients.otherGroup],
      ['dataCenter', clients.dataCenter],
      ['manager', clients.manager],
    ] as const) {
      const seq = await lastAuditSeq(t);
      const res = await c.post(`/api/group-ids/${org.rgA.id}/reveal`);
      expect([who, res.status, errorCode(res)]).toEqual([who, 404, 'NOT_FOUND']);
      expect(JSON.stringify(res.body)).not.toContain(first.password);
      expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied']);
      const unknown = await c.post(`/api/group-ids/${randomUUID()}/reveal`);
      expect([who, unknown.status, errorCode(unknown)]).toEqual([who, 404, 'NOT_FOUND']);
    }
    // re-send candidates: the same answer for a group out of scope and for one that does not exist
    for (const url of [`/api/group-ids/${org.rgA.id}/resend-candidates`, `/api/group-ids/${randomUUID()}/resend-candidates`]) {
      const res = await clients.otherGroup.get(url);
      expect([url, res.status, errorCode(res)]).toEqual([url, 404, 'NOT_FOUND']);
    }
    // nor does the other group's researcher learn the login from their own list
    const mine = await clients.otherGroup.get('/api/group-ids/mine');
    expect(JSON.stringify(mine.body)).not.toContain(first.login);
  });

  it('lets the site coordinator reveal it too, and nobody reveals a group that does not exist', async () => {
    const res = await clients.coordinator.post(`/api/group-ids/${org.rgA.id}/reveal`);
    expect(res.status).toBe(200);
    expect((res.body as Revealed).password).toBe(first.password);
    expect((await clients.researcher.post(`/api/group-ids/00000000-0000-4000-8000-000000000000/reveal`)).status).toBe(404);
  });

  it('shows the data center the metadata and roster, never the password', async () => {
    const res = await clients.dataCenter.get(`/api/group-credentials/${org.rgA.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ currentVersion: 1, login: first.login, versions: [{ version: 1, reason: 'initial', retiredAt: null }] });
    expect((res.body as { roster: { personId: string; method: string }[] }).roster.map((r) => `${r.personId}:${r.method}`)).toContain(`${researcher.id}:revealed`);
    expect(JSON.stringify(res.body)).not.toContain(first.password);
    expect((await clients.researcher.get(`/api/group-credentials/${org.rgA.id}`)).status).toBe(403);
  });
});

describe('POST /api/group-ids/:groupId/resend (P32-2.1.3e)', () => {
  it('lets a site coordinator email it to a researcher of their own site in the group', async () => {
    const cand = await clients.coordinator.get(`/api/group-ids/${org.rgA.id}/resend-candidates`);
    const ids = (cand.body as { items: { id: string }[] }).items.map((i) => i.id);
    expect(ids).toContain(colleague.id);
    expect(ids).not.toContain(elsewhere.id); // another institution
    expect(ids).not.toContain(outsider.id); // not in the group
    const seq = await lastAuditSeq(t);
    const res = await clients.coordinator.post(`/api/group-ids/${org.rgA.id}/resend`, { personId: colleague.id });
    expect(res.status).toBe(204);
    await t.ctx.mailer.flush();
    const mail = await smtp.waitFor((m) => m.to.includes(colleague.email) && m.subject.includes('Group ID'));
    const revealed = (await clients.researcher.post(`/api/group-ids/${org.rgA.id}/reveal`)).body as Revealed;
    expect(mail.text).toContain(revealed.login);
    expect(mail.text).toContain(revealed.password);
    expect(mail.text).toContain('out of others');
    expect(mail.text).toContain('P32-2.1.3c');
    const entries = await auditAfter(t, seq);
    expect(entries.map((e) => `${e.action}:${e.targetId}`)).toContain(`group_credential.resent:${colleague.id}`);
    // once delivered, the password is scrubbed from the outbox administrators can read
    await t.ctx.jobs.runDue(true);
    const stored = await t.ctx.db.select().from(mailOutbox).where(sql`${mailOutbox.template} = 'groups.id_resent'`);
    expect(stored.map((m) => m.body)).toEqual([SCRUBBED_BODY]);
  });

  it('refuses a researcher of another institution, a non-member, and anyone but a coordinator (403, audited)', async () => {
    for (const target of [elsewhere, outsider]) {
      const seq = await lastAuditSeq(t);
      const res = await clients.coordinator.post(`/api/group-ids/${org.rgA.id}/resend`, { personId: target.id });
      expect(res.status).toBe(403);
      expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied']);
    }
    expect((await clients.researcher.post(`/api/group-ids/${org.rgA.id}/resend`, { personId: colleague.id })).status).toBe(403);
    expect((await clients.dataCenter.post(`/api/group-ids/${org.rgA.id}/resend`, { personId: colleague.id })).status).toBe(403);
    expect((await clients.coordinator.post(`/api/group-ids/${org.rgA.id}/resend`, { personId: 'nope' })).status).toBe(400);
  });
});

describe('group ID sessions', () => {
  let cred: Revealed;
  let noticeId: string;
  beforeAll(async () => {
    cred = (await clients.researcher.post(`/api/group-ids/${org.rgA.id}/reveal`)).body as Revealed;
    const admin = clients.dataCenter;
    const n = await admin.post(`/api/group-content/${org.rgA.id}/notices`, { titleJa: '次回会議', titleEn: 'Next meeting', bodyJa: '5月に開催します。', bodyEn: 'In May.' });
    noticeId = (n.body as { id: string }).id;
    await admin.post(`/api/group-content/${org.rgB.id}/notices`, { titleJa: '乙の告知', titleEn: 'B notice', bodyJa: '乙', bodyEn: 'B' });
  });

  it('refuses a wrong password (401) and audits the attempt', async () => {
    const seq = await lastAuditSeq(t);
    const { res, token } = await groupSignIn(cred.login, 'wrong-password');
    expect([res.status, errorCode(res), token]).toEqual([401, 'GROUP_SIGN_IN_FAILED', null]);
    const unknown = await groupSignIn('grp-no-such-group', cred.password);
    expect(unknown.res.status).toBe(401);
    const entries = await auditAfter(t, seq);
    expect(entries.map((e) => e.action)).toEqual(['group_credential.sign_in_failed', 'group_credential.sign_in_failed']);
    expect(entries[0]!.actorUserAgent).toBe('group-browser');
  });

  it('opens a read-only session limited to its own group with the right password, however it is typed', async () => {
    const seq = await lastAuditSeq(t);
    const { res, token, cookie } = await groupSignIn(cred.login.toUpperCase(), cred.password.toUpperCase().replace(/-/g, ' '));
    expect(res.status).toBe(200);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie!.maxAge).toBeLessThanOrEqual(8 * 3600);
    const signedIn = (await auditAfter(t, seq)).find((e) => e.action === 'group_credential.signed_in');
    expect(signedIn).toMatchObject({ targetId: org.rgA.id, actorIp: '127.0.0.1', actorUserAgent: 'group-browser' });

    const session = await asGroup(token!, 'GET', '/api/group-access/session');
    expect(session.json()).toMatchObject({ active: true, researchGroupId: org.rgA.id });
    const before = await lastAuditSeq(t);
    const list = await asGroup(token!, 'GET', `/api/group-content/${org.rgA.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ viaGroupSession: true, canPublish: false });
    expect(list.json().items.map((i: { titleEn: string }) => i.titleEn)).toContain('Next meeting');
    const item = await asGroup(token!, 'GET', `/api/group-content/${org.rgA.id}/items/${noticeId}`);
    expect(item.json()).toMatchObject({ bodyEn: 'In May.' });
    const viewed = (await auditAfter(t, before)).filter((e) => e.action === 'group_content.viewed');
    expect(viewed).toHaveLength(2);
    expect(viewed[1]).toMatchObject({ targetId: noticeId, actorUserAgent: 'group-browser', details: { via: 'group_session', groupSession: signedIn!.details && (signedIn!.details as { groupSession: string }).groupSession } });

    // Nothing else: another group's content, the directory, the own-account pages, publishing.
    const denied = await lastAuditSeq(t);
    expect((await asGroup(token!, 'GET', `/api/group-content/${org.rgB.id}`)).statusCode).toBe(404);
    expect((await auditAfter(t, denied)).map((e) => e.action)).toEqual(['authz.denied']);
    expect((await asGroup(token!, 'GET', '/api/people')).statusCode).toBe(401);
    expect((await asGroup(token!, 'GET', '/api/group-ids/mine')).statusCode).toBe(401);
    expect((await asGroup(token!, 'GET', '/api/group-credentials')).statusCode).toBe(401);
    const anon = await anonymous(t);
    const publish = await t.app.inject({
      method: 'POST',
      url: `/api/group-content/${org.rgA.id}/notices`,
      payload: { titleJa: 'x', titleEn: 'x', bodyJa: 'x', bodyEn: 'x' },
      headers: { cookie: `mamori_group=${token}; mamori_csrf=${anon.token}`, 'x-csrf-token': anon.csrf },
    });
    expect(publish.statusCode).toBe(401);

    // Signing out ends it.
    const out = await t.app.inject({ method: 'POST', url: '/api/group-access/sign-out', headers: { cookie: `mamori_group=${token}; mamori_csrf=${anon.token}`, 'x-csrf-token': anon.csrf } });
    expect(out.statusCode).toBe(204);
    expect((await asGroup(token!, 'GET', `/api/group-content/${org.rgA.id}`)).statusCode).toBe(401);
  });

  it('ends after eight hours', async () => {
    const { token } = await groupSignIn(cred.login, cred.password);
    t.clock.advance(8 * 3600_000 + 1000);
    expect((await asGroup(token!, 'GET', `/api/group-content/${org.rgA.id}`)).statusCode).toBe(401);
  });
});

describe('rotation', () => {
  // The clock moved past the personal sessions' idle timeout above: sign everyone in again.
  const signInAgain = async () => {
    for (const [k, id] of Object.entries(ids)) clients[k as keyof typeof clients] = await sessionFor(t, id);
  };
  beforeAll(signInAgain);

  it('retires the old version, ends its group sessions, and tells members without sending the password', async () => {
    const old = (await clients.researcher.post(`/api/group-ids/${org.rgA.id}/reveal`)).body as Revealed;
    const { token } = await groupSignIn(old.login, old.password);
    expect((await asGroup(token!, 'GET', `/api/group-content/${org.rgA.id}`)).statusCode).toBe(200);
    smtp.received.length = 0;

    const res = await clients.dataCenter.post(`/api/group-credentials/${org.rgA.id}/rotate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: old.version + 1, sessionsEnded: 1 });

    expect((await asGroup(token!, 'GET', `/api/group-content/${org.rgA.id}`)).statusCode).toBe(401);
    expect((await groupSignIn(old.login, old.password)).res.status).toBe(401);
    const now = (await clients.researcher.post(`/api/group-ids/${org.rgA.id}/reveal`)).body as Revealed;
    expect(now.version).toBe(old.version + 1);
    expect(now.password).not.toBe(old.password);
    expect((await groupSignIn(now.login, now.password)).res.status).toBe(200);

    await t.ctx.mailer.flush();
    const notice = await smtp.waitFor((m) => m.to.includes(researcher.email) && m.text.includes('/group-ids'));
    expect(notice.text).not.toContain(now.password);
    const detail = (await clients.manager.get(`/api/group-credentials/${org.rgA.id}`)).body as { versions: { version: number; retiredAt: string | null }[]; roster: { method: string }[] };
    expect(detail.versions.find((v) => v.version === old.version)?.retiredAt).not.toBeNull();
    expect(detail.versions.find((v) => v.version === now.version)?.retiredAt).toBeNull();
    expect(detail.roster.map((r) => r.method)).toContain('rotation_notice');
    expect(JSON.stringify(detail)).not.toContain(old.password);
  });

  it('runs on the schedule the data center sets', async () => {
    const before = ((await clients.dataCenter.get(`/api/group-credentials/${org.rgA.id}`)).body as { currentVersion: number }).currentVersion;
    expect((await clients.dataCenter.patch(`/api/group-credentials/${org.rgA.id}/schedule`, { intervalDays: 30 })).status).toBe(204);
    expect((await clients.dataCenter.patch(`/api/group-credentials/${org.rgA.id}/schedule`, { intervalDays: 1 })).status).toBe(400);
    t.clock.advance(29 * 86_400_000);
    await t.ctx.jobs.runDue(true);
    await signInAgain();
    expect(((await clients.dataCenter.get(`/api/group-credentials/${org.rgA.id}`)).body as { currentVersion: number }).currentVersion).toBe(before);
    t.clock.advance(2 * 86_400_000);
    await t.ctx.jobs.runDue(true);
    await signInAgain();
    const after = (await clients.dataCenter.get(`/api/group-credentials/${org.rgA.id}`)).body as { currentVersion: number; versions: { reason: string }[] };
    expect(after.currentVersion).toBe(before + 1);
    expect(after.versions[0]!.reason).toBe('scheduled');
    await clients.dataCenter.patch(`/api/group-credentials/${org.rgA.id}/schedule`, { intervalDays: null });
  });

  it('is proposed once per open proposal, mailed to the data center, and accepted or dismissed', async () => {
    smtp.received.length = 0;
    const dcPerson = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
    await sessionFor(t, dcPerson.id);
    await t.ctx.db.transaction((tx) => proposeGroupRotation(tx, t.ctx, system, [org.rgA.id, org.rgA.id], 'member_left'));
    await t.ctx.db.transaction((tx) => proposeGroupRotation(tx, t.ctx, system, [org.rgA.id], 'credential_loss'));
    const open = (await clients.dataCenter.get('/api/group-rotation-proposals?status=open')).body as { items: { id: string; researchGroupId: string; reason: string }[] };
    expect(open.items.filter((p) => p.researchGroupId === org.rgA.id)).toHaveLength(1);
    await t.ctx.mailer.flush();
    await smtp.waitFor((m) => m.to.includes(dcPerson.email) && m.text.includes('/admin/group-ids'));

    const id = open.items[0]!.id;
    expect((await clients.dataCenter.post(`/api/group-rotation-proposals/${id}/dismiss`, { reason: '' })).status).toBe(400);
    const before = ((await clients.dataCenter.get(`/api/group-credentials/${org.rgA.id}`)).body as { currentVersion: number }).currentVersion;
    const accepted = await clients.dataCenter.post(`/api/group-rotation-proposals/${id}/accept`);
    expect(accepted.body).toMatchObject({ status: 'accepted', resultingVersion: before + 1 });
    expect((await clients.dataCenter.post(`/api/group-rotation-proposals/${id}/dismiss`, { reason: 'late' })).status).toBe(409);

    await t.ctx.db.transaction((tx) => proposeGroupRotation(tx, t.ctx, system, [org.rgA.id], 'member_left'));
    const next = ((await clients.dataCenter.get('/api/group-rotation-proposals?status=open')).body as { items: { id: string }[] }).items[0]!;
    const seq = await lastAuditSeq(t);
    const dismissed = await clients.dataCenter.post(`/api/group-rotation-proposals/${next.id}/dismiss`, { reason: 'The member moved within the same site.' });
    expect(dismissed.body).toMatchObject({ status: 'dismissed', decisionReason: 'The member moved within the same site.' });
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['group_credential.rotation_dismissed']);
  });

  it('is not proposed for a group whose ID was never issued', async () => {
    await t.ctx.db.transaction((tx) => proposeGroupRotation(tx, t.ctx, system, [org.rgB.id], 'credential_loss'));
    const open = (await clients.dataCenter.get('/api/group-rotation-proposals?status=open')).body as { items: { researchGroupId: string }[] };
    expect(open.items.some((p) => p.researchGroupId === org.rgB.id)).toBe(false);
  });
});
