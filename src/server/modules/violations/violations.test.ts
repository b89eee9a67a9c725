import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SanctionTypeList, ViolationDto, ViolationList } from '../../../shared/violations.js';
import { people, sessions, violationEvidenceFiles } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';
import { TestSmtp } from '../../testing/smtp.js';
import { violationMultipart } from './access.fixtures.js';
import { countOpenViolations } from './violations.service.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let manager: Client;
let managerId: string;
let dc: Client;
let admin: Client;
let steering: Client;
let investigator: Client;
let investigatorId: string;
let other: Client;
let otherId: string;
let subject: { id: string; email: string };
let subjectClient: Client;
let sanctions: SanctionTypeList['items'];

const sanction = (code: string) => sanctions.find((s) => s.code === code)!.id;
const today = '2026-04-01';

async function open(body: Record<string, unknown> = {}, by = manager): Promise<ViolationDto> {
  const res = await by.post('/api/violations', { subjectId: subject.id, clauseIds: ['P32-2.1.3a'], severity: 'moderate', facts: '共用アカウントでのサインインを確認', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as ViolationDto;
}

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  managerId = (await seedPerson(t, { roles: [{ role: 'security_manager' }] })).id;
  manager = await sessionFor(t, managerId);
  dc = await sessionFor(t, (await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id);
  admin = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'system_admin' }] })).id);
  steering = await sessionFor(t, (await seedPerson(t, { committeeIds: [org.steering.id], roles: [{ role: 'steering_committee_member', committeeId: org.steering.id }] })).id);
  investigatorId = (await seedPerson(t, { unitId: org.so.id, roles: [{ role: 'study_office_staff', unitId: org.so.id }] })).id;
  investigator = await sessionFor(t, investigatorId);
  otherId = (await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id;
  other = await sessionFor(t, otherId);
  subject = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  subjectClient = await sessionFor(t, subject.id);
  sanctions = ((await manager.get('/api/sanction-types')).body as SanctionTypeList).items;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('a violation case is restricted', () => {
  let c: ViolationDto;
  beforeAll(async () => {
    c = await open({ investigatorIds: [investigatorId] });
  });

  it('gets a VC reference and is opened by the manager only', async () => {
    expect(c.ref).toMatch(/^VC-2026-\d{4}$/);
    expect(c).toMatchObject({ status: 'open', severity: 'moderate', clauseIds: ['P32-2.1.3a'], investigators: [{ id: investigatorId }], canManage: true });
    const res = await dc.post('/api/violations', { subjectId: subject.id, clauseIds: ['P32-7'], severity: 'minor' });
    expect([res.status, errorCode(res)]).toEqual([403, 'FORBIDDEN']);
    const bad = await manager.post('/api/violations', { subjectId: subject.id, clauseIds: ['P32-99'], severity: 'minor' });
    expect(bad.status).toBe(400);
  });

  it('is 404 to the data center, the system administrator, the steering committee and the subject, and leaves no read in the log', async () => {
    for (const c2 of [dc, admin, steering, subjectClient, other]) {
      const seq = await lastAuditSeq(t);
      const res = await c2.get(`/api/violations/${c.id}`);
      expect([res.status, errorCode(res)]).toEqual([404, 'NOT_FOUND']);
      expect((await c2.post(`/api/violations/${c.id}/notes`, { text: 'x' })).status).toBe(404);
      expect((await c2.get(`/api/violations/${c.id}/evidence/${c.id}/download`)).status).toBe(404);
      const list = await c2.get('/api/violations');
      expect((list.body as ViolationList).items).toEqual([]);
      expect((await auditAfter(t, seq)).filter((e) => e.action === 'violation.viewed')).toEqual([]);
    }
  });

  it('is visible to the named investigator, and every read is audited (a list read once, with its ids)', async () => {
    let seq = await lastAuditSeq(t);
    const res = await investigator.get(`/api/violations/${c.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ref: c.ref, canManage: false, subject: { id: subject.id } });
    expect((await auditAfter(t, seq)).map((e) => [e.action, e.actorPersonId, e.targetId])).toEqual([['violation.viewed', investigatorId, c.id]]);

    seq = await lastAuditSeq(t);
    const list = await investigator.get('/api/violations');
    expect((list.body as ViolationList).items.map((i) => i.id)).toEqual([c.id]);
    const entries = await auditAfter(t, seq);
    expect(entries.map((e) => e.action)).toEqual(['violation.viewed']);
    expect(entries[0]!.details).toMatchObject({ list: true, ids: [c.id], refs: [c.ref] });

    seq = await lastAuditSeq(t);
    await manager.get('/api/violations');
    await manager.get(`/api/violations/${c.id}`);
    expect((await auditAfter(t, seq)).map((e) => [e.action, e.actorPersonId])).toEqual([
      ['violation.viewed', managerId],
      ['violation.viewed', managerId],
    ]);
  });

  it('lets the investigator add findings and sealed evidence, but not change or decide the case', async () => {
    const note = await investigator.post(`/api/violations/${c.id}/notes`, { text: '本人への聞き取りを実施' });
    expect(note.status).toBe(201);
    expect((note.body as ViolationDto).notes.map((n) => [n.text, n.author?.id])).toEqual([['本人への聞き取りを実施', investigatorId]]);
    const mp = violationMultipart('inv1');
    const up = await investigator.request('POST', `/api/violations/${c.id}/evidence`, mp.body, mp.headers);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const ev = (up.body as ViolationDto).evidence[0]!;
    const [sealed] = await t.ctx.db.select().from(violationEvidenceFiles).where(eq(violationEvidenceFiles.evidenceId, ev.id));
    expect(sealed!.sealed.toString('latin1')).not.toContain('evidence inv1');
    const seq = await lastAuditSeq(t);
    const down = await investigator.get(`/api/violations/${c.id}/evidence/${ev.id}/download`);
    expect([down.status, down.raw.body]).toEqual([200, 'evidence inv1']);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['violation.evidence_downloaded']);

    expect(errorCode(await investigator.patch(`/api/violations/${c.id}`, { facts: 'x', version: 1 }))).toBe('FORBIDDEN');
    expect(errorCode(await investigator.post(`/api/violations/${c.id}/decision`, { sanctionTypeId: sanction('caution'), decidedOn: today, rationale: 'x' }))).toBe('FORBIDDEN');
    expect(errorCode(await dc.post(`/api/violations/${c.id}/decision`, { sanctionTypeId: sanction('caution'), decidedOn: today, rationale: 'x' }))).toBe('FORBIDDEN');
    expect(errorCode(await investigator.request('PUT', `/api/violations/${c.id}/investigators`, { personIds: [] }))).toBe('FORBIDDEN');
  });

  it('hides the case again from an investigator the manager removes; the subject cannot investigate their own case', async () => {
    const bad = await manager.request('PUT', `/api/violations/${c.id}/investigators`, { personIds: [subject.id] });
    expect(bad.status).toBe(400);
    const res = await manager.request('PUT', `/api/violations/${c.id}/investigators`, { personIds: [otherId] });
    expect((res.body as ViolationDto).investigators.map((i) => i.id)).toEqual([otherId]);
    expect((await investigator.get(`/api/violations/${c.id}`)).status).toBe(404);
    expect((await other.get(`/api/violations/${c.id}`)).status).toBe(200);
    await smtp.waitFor((m) => m.subject.includes(c.ref) && m.subject.includes('調査担当'));
  });

  it('changes with the version it was read at, and moves status only as allowed', async () => {
    const now = (await manager.get(`/api/violations/${c.id}`)).body as ViolationDto;
    const stale = await manager.patch(`/api/violations/${c.id}`, { facts: 'x', version: now.version - 1 });
    expect([stale.status, errorCode(stale)]).toEqual([409, 'VIOLATION_CONFLICT']);
    const ok = await manager.patch(`/api/violations/${c.id}`, { status: 'under_investigation', intent: 'negligent', repeated: true, version: now.version });
    expect(ok.body).toMatchObject({ status: 'under_investigation', intent: 'negligent', repeated: true, version: now.version + 1 });
    const jump = await manager.patch(`/api/violations/${c.id}`, { status: 'open', version: now.version + 1 });
    expect(jump.status).toBe(200);
  });
});

describe('the decision', () => {
  it('records a written warning and sends the subject a neutral notice over SMTP; an appeal is recorded', async () => {
    const c = await open({ investigatorIds: [investigatorId] });
    const seq = await lastAuditSeq(t);
    const res = await manager.post(`/api/violations/${c.id}/decision`, { sanctionTypeId: sanction('written_warning'), decidedOn: today, rationale: '初回だが要配慮個人情報を含むため' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body as ViolationDto;
    expect(d).toMatchObject({ status: 'decided', decidedOn: today, sanction: { nameEn: 'Written warning' }, decision: { accountSuspended: false, decidedBy: { id: managerId } } });
    expect(d.decision!.noticeSentAt).not.toBeNull();
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['violation.decided', 'violation.notice_sent']);
    const mail = await smtp.waitFor((m) => m.to.includes(subject.email) && m.subject.includes(c.ref));
    expect(mail.subject).toContain('決定のお知らせ');
    expect(mail.text).toContain('異議');
    expect(mail.text).not.toContain('警告');
    expect(mail.text).not.toContain('要配慮');
    // the investigator sees the decision
    expect(((await investigator.get(`/api/violations/${c.id}`)).body as ViolationDto).decision?.sanction.nameJa).toBe('文書による警告');
    // deciding twice needs an appeal first
    expect(errorCode(await manager.post(`/api/violations/${c.id}/decision`, { sanctionTypeId: sanction('caution'), decidedOn: today, rationale: 'x' }))).toBe('VIOLATION_STATE');
    const appeal = await manager.post(`/api/violations/${c.id}/appeal`, { receivedOn: today, note: '事情を考慮してほしいとの申し出' });
    expect(appeal.body).toMatchObject({ status: 'appealed', appeal: { outcome: null } });
    const upheld = await manager.post(`/api/violations/${c.id}/appeal`, { receivedOn: today, note: '事情を考慮してほしいとの申し出', outcome: 'upheld', outcomeNote: '決定を維持' });
    expect(upheld.body).toMatchObject({ status: 'decided', appeal: { outcome: 'upheld' } });
    expect(errorCode(await investigator.post(`/api/violations/${c.id}/appeal`, { receivedOn: today, note: 'x' }))).toBe('FORBIDDEN');
  });

  it('writes the notice in English to a subject who reads English, and refuses a future date', async () => {
    const en = await seedPerson(t, { institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
    await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, en.id));
    const c = await open({ subjectId: en.id });
    const future = await manager.post(`/api/violations/${c.id}/decision`, { sanctionTypeId: sanction('caution'), decidedOn: '2026-05-01', rationale: 'x' });
    expect(future.status).toBe(400);
    await manager.post(`/api/violations/${c.id}/decision`, { sanctionTypeId: sanction('caution'), decidedOn: today, rationale: 'First time' });
    const mail = await smtp.waitFor((m) => m.to.includes(en.email) && m.subject.includes(c.ref));
    expect(mail.subject).toContain('Notice of a decision');
    expect(mail.text).toContain('appeal');
  });

  it('of account suspension suspends the account through the accounts module and ends its sessions', async () => {
    const p = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    const session = await sessionFor(t, p.id);
    expect((await session.get('/api/violations')).status).toBe(200);
    const c = await open({ subjectId: p.id, severity: 'grave' });
    const seq = await lastAuditSeq(t);
    const res = await manager.post(`/api/violations/${c.id}/decision`, { sanctionTypeId: sanction('account_suspension'), decidedOn: today, rationale: '故意の共有を繰り返した' });
    expect(res.body).toMatchObject({ decision: { accountSuspended: true } });
    const [row] = await t.ctx.db.select().from(people).where(eq(people.id, p.id));
    expect(row).toMatchObject({ accountStatus: 'suspended', suspendedReason: 'sanction' });
    const ended = await t.ctx.db.select().from(sessions).where(eq(sessions.personId, p.id));
    expect(ended.every((s) => s.endedAt !== null && s.endReason === 'suspended_sanction')).toBe(true);
    expect((await session.get('/api/violations')).status).toBe(401);
    const actions = (await auditAfter(t, seq)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['account.suspended', 'violation.decided', 'violation.notice_sent']));
    expect((await auditAfter(t, seq)).find((e) => e.action === 'account.suspended')!.details).toMatchObject({ reason: 'sanction' });
    await smtp.waitFor((m) => m.to.includes(p.email) && m.subject.includes('アカウントを停止しました') && m.text.includes('情報セキュリティ管理責任者の決定'));
  });

  it('counts open cases for the manager’s home page only', async () => {
    const [mgr] = await t.ctx.db.select().from(people).where(eq(people.id, managerId));
    expect(mgr).toBeDefined();
    const list = ((await manager.get('/api/violations')).body as ViolationList).items;
    const open = list.filter((i) => ['open', 'under_investigation', 'appealed'].includes(i.status)).length;
    const actor = { kind: 'person' as const, personId: managerId, sessionId: null, ip: null, userAgent: null, roles: [{ role: 'security_manager' as const, institutionId: null, researchGroupId: null, unitId: null, committeeId: null }], unitId: null, institutionIds: [], researchGroupIds: [], committeeIds: [] };
    expect(await countOpenViolations(t.ctx, actor)).toBe(open);
    expect(await countOpenViolations(t.ctx, { ...actor, roles: [{ ...actor.roles[0]!, role: 'data_center_staff' as never }] })).toBe(0);
  });
});

describe('the sanction list', () => {
  it('is seeded in Japanese and English, from caution to other', () => {
    expect(sanctions.map((s) => s.code)).toEqual(['caution', 'written_warning', 'mandatory_retraining', 'account_suspension', 'removal_from_research', 'other']);
    expect(sanctions.find((s) => s.code === 'account_suspension')).toMatchObject({ nameJa: 'アカウントの停止', effect: 'suspend_account', retired: false });
  });

  it('is renamed, extended and retired by the manager only; a retired sanction cannot be chosen', async () => {
    const items = sanctions.map((s) => ({ id: s.id, nameJa: s.nameJa, nameEn: s.nameEn, retired: s.code === 'other' }));
    items[0]!.nameJa = '口頭での注意';
    const denied = await dc.request('PUT', '/api/sanction-types', { items });
    expect(denied.status).toBe(403);
    expect((await investigator.get('/api/sanction-types')).status).toBe(403);
    const seq = await lastAuditSeq(t);
    const res = await manager.request('PUT', '/api/sanction-types', { items: [...items, { nameJa: '研究データへのアクセス制限', nameEn: 'Restricted data access' }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = (res.body as SanctionTypeList).items;
    expect(after.find((s) => s.code === 'caution')!.nameJa).toBe('口頭での注意');
    expect(after.find((s) => s.code === 'other')!.retired).toBe(true);
    expect(after.at(-1)).toMatchObject({ nameEn: 'Restricted data access', effect: 'none', seeded: false, retired: false });
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['sanction_types.changed']);
    const c = await open();
    const refused = await manager.post(`/api/violations/${c.id}/decision`, { sanctionTypeId: sanction('other'), decidedOn: today, rationale: 'x' });
    expect(refused.status).toBe(400);
    const none = await manager.request('PUT', '/api/sanction-types', { items: after.map((s) => ({ id: s.id, nameJa: s.nameJa, nameEn: s.nameEn, retired: true })) });
    expect([none.status, errorCode(none)]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
