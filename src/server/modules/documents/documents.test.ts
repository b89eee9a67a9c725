import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AcknowledgmentList, DiffDto, DocumentDto, DocumentList, InForceDto, VersionDto } from '../../../shared/documents.js';
import { queryRows } from '../../db/client.js';
import { documentAcknowledgments, people } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';
import { TestSmtp } from '../../testing/smtp.js';
import { PDF_BYTES, committeeMultipart, pdfMultipart } from './access.fixtures.js';
import { countAcknowledgmentsToDo } from './acks.js';
import { POLICY_CODE, seedDocuments } from './documents.seed.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let manager: Client;
let manager2: Client;
let dc: Client;
let researcherA: Client;
let researcherB: Client;
let coordinatorA: Client;
const ids = { manager: '', manager2: '', dc: '', researcherA: '', researcherB: '', coordinatorA: '', researcherA2: '' };
const emails: Record<string, string> = {};

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  const mk = async (key: keyof typeof ids, over: Parameters<typeof seedPerson>[1]) => {
    const p = await seedPerson(t, over);
    ids[key] = p.id;
    emails[key] = p.email;
  };
  await mk('manager', { roles: [{ role: 'security_manager' }] });
  await mk('manager2', { roles: [{ role: 'security_manager' }] });
  await mk('dc', { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  await mk('researcherA', { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  await mk('researcherA2', { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  await mk('researcherB', { institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
  await mk('coordinatorA', { institutionIds: [org.instA.id], roles: [{ role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id }] });
  await signInAll();
  await sessionFor(t, ids.researcherA2); // active account
});

/** Runs the daily jobs at a moment and waits until their emails are delivered (before the clock moves again). */
async function runAt(iso: string) {
  t.clock.set(new Date(iso));
  await t.ctx.jobs.runDue(true);
  await t.ctx.mailer.flush();
}

/** Fresh sessions (after the clock moves past the idle timeout). */
async function signInAll() {
  manager = await sessionFor(t, ids.manager);
  manager2 = await sessionFor(t, ids.manager2);
  dc = await sessionFor(t, ids.dc);
  researcherA = await sessionFor(t, ids.researcherA);
  researcherB = await sessionFor(t, ids.researcherB);
  coordinatorA = await sessionFor(t, ids.coordinatorA);
}
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const ok = <T>(res: { status: number; body: unknown }, status = 200): T => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as T;
};

/** Active people researching at institution A, counted independently of the product's audience SQL. */
async function activeResearchersAtA(): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    t.ctx.db,
    sql`select distinct p.id from people p join person_institutions pi on pi.person_id = p.id join role_assignments ra on ra.person_id = p.id
        where pi.institution_id = ${org.instA.id} and ra.role = 'researcher' and p.account_status = 'active' and p.deactivated_at is null order by 1`,
  );
  return rows.map((r) => r.id);
}

const openRows = (versionId: string) =>
  t.ctx.db
    .select({ personId: documentAcknowledgments.personId })
    .from(documentAcknowledgments)
    .where(and(eq(documentAcknowledgments.versionId, versionId), isNull(documentAcknowledgments.cancelledAt)));

let docId = '';
let v1: VersionDto;
let v2: VersionDto;

describe('the seeded library', () => {
  it('holds the Information Security Policy with its 2008 approval and two revisions as history, and one draft guideline per P32-5 family', async () => {
    const list = ok<DocumentList>(await manager.get('/api/documents'));
    const policy = list.items.find((d) => d.code === POLICY_CODE)!;
    expect(policy.kind).toBe('policy');
    expect(policy.current).toMatchObject({ version: '3.0', effectiveFrom: '2017-08-28', historical: true });
    const detail = ok<DocumentDto>(await manager.get(`/api/documents/${policy.id}`));
    expect(detail.versions.map((v) => [v.version, v.status, v.effectiveFrom, v.committeeApprovedOn])).toEqual([
      ['3.0', 'published', '2017-08-28', '2017-08-28'],
      ['2.0', 'superseded', '2009-07-10', '2009-07-10'],
      ['1.0', 'superseded', '2008-08-05', '2008-08-05'],
    ]);
    expect(detail.versions[0]!.bodyJa).toContain('P32-6');
    const families = list.items.filter((d) => d.kind === 'guideline' && d.latest?.status === 'draft').map((d) => d.family);
    expect(families.sort()).toEqual(['human', 'operational', 'physical', 'technical']);
    // history is never assigned for acknowledgment
    expect(await countAcknowledgmentsToDo(t.ctx.db, ids.researcherA)).toBe(0);
    expect(await seedDocuments(t.ctx)).toBe(0);
  });

  it('answers which version was in force on a date, and who approved it', async () => {
    const on = async (date: string) => ok<InForceDto>(await manager.get(`/api/documents/in-force?date=${date}`)).items.find((i) => i.code === POLICY_CODE)!.version;
    expect(await on('2008-08-04')).toBeNull();
    expect(await on('2008-08-05')).toMatchObject({ version: '1.0', until: '2009-07-10', committeeApprovedOn: '2008-08-05' });
    expect(await on('2009-07-09')).toMatchObject({ version: '1.0' });
    expect(await on('2010-01-01')).toMatchObject({ version: '2.0', until: '2017-08-28' });
    expect(await on('2026-04-01')).toMatchObject({ version: '3.0', until: null });
    expect((await manager.get('/api/documents/in-force?date=2026-13-01')).status).toBe(400);
  });
});

describe('a version from draft to published', () => {
  it('is created by central staff, refused to a researcher', async () => {
    expect((await researcherA.post('/api/documents', { code: 'GL-X', kind: 'procedure', titleJa: 'x', titleEn: 'x' })).status).toBe(403);
    const bad = await dc.post('/api/documents', { code: 'PR-RES-01', kind: 'procedure', family: 'physical', titleJa: '手順', titleEn: 'Procedure' });
    expect(bad.status).toBe(400);
    const doc = ok<DocumentDto>(
      await dc.post('/api/documents', { code: 'PR-RES-01', kind: 'procedure', titleJa: '研究者の手順', titleEn: 'Researcher procedure', audience: { roles: ['researcher'], institutionIds: [org.instA.id] }, ackDueDays: 10 }),
      201,
    );
    docId = doc.id;
    v1 = ok<VersionDto>(await dc.post(`/api/documents/${docId}/versions`, { version: '1.0', bodyJa: '# 手順\n\n毎年見直す。', bodyEn: '# Procedure\n\nReview every year.' }), 201);
    expect(v1.status).toBe('draft');
    expect(errorCode(await dc.post(`/api/documents/${docId}/versions`, { version: '1.1' }))).toBe('DOCUMENT_OPEN_VERSION');
    // a researcher does not see a document with no published version
    expect((await researcherA.get(`/api/documents/${docId}`)).status).toBe(404);
  });

  it('goes to review, and its author cannot approve it; the data center may not approve at all', async () => {
    expect(errorCode(await manager.post(`/api/document-versions/${v1.id}/approve`, {}))).toBe('DOCUMENT_VERSION_STATE');
    ok(await dc.post(`/api/document-versions/${v1.id}/submit`));
    expect((await dc.patch(`/api/document-versions/${v1.id}`, { changeNote: 'late edit' })).status).toBe(409);
    expect((await dc.post(`/api/document-versions/${v1.id}/approve`, {})).status).toBe(403);
    // the manager writes one and cannot approve their own
    const own = ok<DocumentDto>(await manager.post('/api/documents', { code: 'GL-OWN-01', kind: 'guideline', family: 'human', titleJa: '自作', titleEn: 'Own' }), 201);
    const ownV = ok<VersionDto>(await manager.post(`/api/documents/${own.id}/versions`, { version: '1.0', bodyJa: 'a', bodyEn: 'a' }), 201);
    ok(await manager.post(`/api/document-versions/${ownV.id}/submit`));
    // the page is told before anyone fills in a form: the author may not, the other manager may
    const mine = ok<DocumentDto>(await manager.get(`/api/documents/${own.id}`)).versions[0]!;
    expect(mine).toMatchObject({ mayApprove: false, approveBlockedBy: 'AUTHOR_CANNOT_APPROVE', mayRecordCommitteeApproval: false });
    expect(ok<VersionDto>(await manager2.get(`/api/document-versions/${ownV.id}`))).toMatchObject({ mayApprove: true, approveBlockedBy: null });
    expect(ok<VersionDto>(await dc.get(`/api/document-versions/${ownV.id}`))).toMatchObject({ mayApprove: false, approveBlockedBy: 'NO_PERMISSION' });
    expect(errorCode(await manager.post(`/api/document-versions/${ownV.id}/approve`, {}))).toBe('DOCUMENT_SELF_APPROVAL');
    // with another manager able to approve, recording the committee's approval is refused
    const m = committeeMultipart({ committeeApprovedOn: '2026-03-30' }, { name: 'minutes.pdf', data: PDF_BYTES });
    expect(errorCode(await manager.request('POST', `/api/document-versions/${ownV.id}/committee-approval`, m.body, m.headers))).toBe('DOCUMENT_APPROVER_AVAILABLE');
    ok(await manager2.post(`/api/document-versions/${ownV.id}/approve`, {}));
  });

  it('is sent back with a comment, then approved by the manager who records who and when', async () => {
    const rejected = ok<VersionDto>(await manager.post(`/api/document-versions/${v1.id}/reject`, { comment: '適用範囲を書いてください' }));
    expect(rejected).toMatchObject({ status: 'draft', reviewComment: '適用範囲を書いてください', rejectedBy: { id: ids.manager } });
    ok(await dc.patch(`/api/document-versions/${v1.id}`, { changeNote: '範囲を追記' }));
    ok(await dc.post(`/api/document-versions/${v1.id}/submit`));
    const seq = await lastAuditSeq(t);
    const approved = ok<VersionDto>(await manager.post(`/api/document-versions/${v1.id}/approve`, {}));
    expect(approved).toMatchObject({ status: 'approved', approvedBy: { id: ids.manager }, approvedAt: t.clock.now().toISOString() });
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['document_version.approved']);
    expect((await dc.post(`/api/document-versions/${v1.id}/publish`, {})).status).toBe(403);
  });

  it('publishes: assigns exactly the audience in one set, with one audit entry carrying the count', async () => {
    const seq = await lastAuditSeq(t);
    const published = ok<VersionDto>(await manager.post(`/api/document-versions/${v1.id}/publish`, {}));
    expect(published).toMatchObject({ status: 'published', effectiveFrom: '2026-04-01', publishedBy: { id: ids.manager } });
    const expected = await activeResearchersAtA();
    expect(expected.length).toBeGreaterThanOrEqual(2);
    expect((await openRows(v1.id)).map((r) => r.personId).sort()).toEqual(expected);
    expect(published.acks).toEqual({ assigned: expected.length, done: 0 });
    const entries = await auditAfter(t, seq);
    expect(entries.map((e) => e.action)).toEqual(['document_version.published']);
    expect(entries[0]!.details).toMatchObject({ assigned: expected.length, version: '1.0' });
    const doc = ok<DocumentDto>(await manager.get(`/api/documents/${docId}`));
    expect(doc.nextReviewOn).toBe('2027-04-01');
    // the researcher at B and the coordinator are outside the audience
    expect((await researcherB.get(`/api/documents/${docId}`)).status).toBe(404);
    expect(await countAcknowledgmentsToDo(t.ctx.db, ids.coordinatorA)).toBe(0);
    expect(await countAcknowledgmentsToDo(t.ctx.db, ids.researcherA)).toBe(1);
  });
});

describe('acknowledging', () => {
  it('records the exact version, time and language; only for people it applies to', async () => {
    const read = ok<DocumentDto>(await researcherA.get(`/api/documents/${docId}`));
    expect(read.can.acknowledge).toBe(true);
    expect(read.versions.every((v) => v.status === 'published' || v.status === 'superseded')).toBe(true);
    expect((await researcherB.post(`/api/document-versions/${v1.id}/acknowledge`, { language: 'ja' })).status).toBe(404);
    expect((await manager.post(`/api/document-versions/${v1.id}/acknowledge`, { language: 'ja' })).status).toBe(403);
    t.clock.advance(60_000);
    const ack = ok<{ versionId: string; acknowledgedAt: string; language: string }>(await researcherA.post(`/api/document-versions/${v1.id}/acknowledge`, { language: 'en' }));
    expect(ack).toMatchObject({ versionId: v1.id, language: 'en', acknowledgedAt: t.clock.now().toISOString() });
    expect(await countAcknowledgmentsToDo(t.ctx.db, ids.researcherA)).toBe(0);
    // saying it again keeps the first
    t.clock.advance(60_000);
    expect(ok<{ acknowledgedAt: string }>(await researcherA.post(`/api/document-versions/${v1.id}/acknowledge`, { language: 'ja' })).acknowledgedAt).toBe(ack.acknowledgedAt);
  });

  it('a new version needs a new acknowledgment: the old one does not count, open rows of the old version are cancelled', async () => {
    v2 = ok<VersionDto>(await dc.post(`/api/documents/${docId}/versions`, { version: '2.0', changeNote: '三年ごとに' }), 201);
    expect(v2.bodyEn).toBe(v1.bodyEn); // copied from the newest version
    ok(await dc.patch(`/api/document-versions/${v2.id}`, { bodyJa: '# 手順\n\n三年ごとに見直す。', bodyEn: '# Procedure\n\nReview every three years.' }));
    ok(await dc.post(`/api/document-versions/${v2.id}/submit`));
    ok(await manager.post(`/api/document-versions/${v2.id}/approve`, {}));
    expect((await manager.post(`/api/document-versions/${v2.id}/publish`, { effectiveFrom: '2026-03-01' })).status).toBe(400);
    ok(await manager.post(`/api/document-versions/${v2.id}/publish`, { effectiveFrom: '2026-04-10' }));
    const doc = ok<DocumentDto>(await researcherA.get(`/api/documents/${docId}`));
    expect(doc.versions.map((v) => [v.version, v.status])).toEqual([
      ['2.0', 'published'],
      ['1.0', 'superseded'],
    ]);
    expect(doc.current?.id).toBe(v2.id);
    expect(doc.myAcknowledgment).toMatchObject({ versionId: v2.id, acknowledgedAt: null });
    expect(await countAcknowledgmentsToDo(t.ctx.db, ids.researcherA)).toBe(1);
    expect(errorCode(await researcherA.post(`/api/document-versions/${v1.id}/acknowledge`, { language: 'ja' }))).toBe('DOCUMENT_NOT_ACKNOWLEDGEABLE');
    // researcherA2 never acknowledged 1.0: that row is cancelled, replaced by the 2.0 row
    const rows = await t.ctx.db.select().from(documentAcknowledgments).where(eq(documentAcknowledgments.personId, ids.researcherA2));
    expect(rows.map((r) => [r.versionId, r.cancelledAt !== null]).sort()).toEqual(
      [
        [v1.id, true],
        [v2.id, false],
      ].sort(),
    );
    // the person's page: 1.0 done, 2.0 pending
    const mine = ok<AcknowledgmentList>(await researcherA.get(`/api/people/${ids.researcherA}/acknowledgments`));
    expect(mine.items.filter((i) => i.documentId === docId).map((i) => [i.version, i.state])).toEqual([
      ['2.0', 'pending'],
      ['1.0', 'done'],
    ]);
    expect((await coordinatorA.get(`/api/people/${ids.researcherA}/acknowledgments`)).status).toBe(200);
    expect((await coordinatorA.get(`/api/people/${ids.researcherB}/acknowledgments`)).status).toBe(404);
    expect((await researcherB.get(`/api/people/${ids.researcherA}/acknowledgments`)).status).toBe(403);
  });

  it('shows the differences between two versions word by word', async () => {
    const diff = ok<DiffDto>(await researcherA.get(`/api/document-versions/${v2.id}/diff?against=${v1.id}`));
    expect(diff.from.version).toBe('1.0');
    const changed = diff.en.find((r) => r.kind === 'change')!;
    expect(changed.left!.some((s) => s.mark === 'del' && s.text.includes('year'))).toBe(true);
    expect(changed.right!.some((s) => s.mark === 'ins' && s.text.includes('three'))).toBe(true);
    expect(diff.ja.some((r) => r.kind === 'change')).toBe(true);
  });

  it('in force by date follows effectiveFrom, not the publishing moment', async () => {
    const on = async (date: string) => ok<InForceDto>(await manager.get(`/api/documents/in-force?date=${date}`)).items.find((i) => i.documentId === docId)!.version;
    expect(await on('2026-03-31')).toBeNull();
    expect(await on('2026-04-09')).toMatchObject({ version: '1.0', until: '2026-04-10', approvedBy: { id: ids.manager } });
    expect(await on('2026-04-10')).toMatchObject({ version: '2.0', until: null });
  });
});

describe('people joining and leaving the audience', () => {
  it('an account activated later gets the current version at once', async () => {
    const late = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    await sessionFor(t, late.id); // active account, but activated behind the service's back: no row yet
    expect(await countAcknowledgmentsToDo(t.ctx.db, late.id)).toBe(0);
    ok(await dc.post(`/api/people/${late.id}/account/suspend`, { note: 'test' }));
    ok(await dc.post(`/api/people/${late.id}/account/reactivate`));
    expect(await countAcknowledgmentsToDo(t.ctx.db, late.id)).toBe(1);
  });

  it('the daily job assigns people who came into the audience and cancels those who left', async () => {
    // researcherB moves to institution A; researcherA2 is deactivated
    await t.ctx.db.execute(sql`insert into person_institutions (person_id, institution_id) values (${ids.researcherB}, ${org.instA.id})`);
    await t.ctx.db.update(people).set({ accountStatus: 'suspended' }).where(eq(people.id, ids.researcherA2));
    await t.ctx.jobs.runDue(true);
    const open = (await openRows(v2.id)).map((r) => r.personId).sort();
    expect(open).toEqual(await activeResearchersAtA());
    expect(open).toContain(ids.researcherB);
    expect(open).not.toContain(ids.researcherA2);
    await t.ctx.db.update(people).set({ accountStatus: 'active' }).where(eq(people.id, ids.researcherA2));
    await t.ctx.db.execute(sql`delete from person_institutions where person_id = ${ids.researcherB} and institution_id = ${org.instA.id}`);
    await t.ctx.jobs.runDue(true);
    expect((await openRows(v2.id)).map((r) => r.personId).sort()).toEqual(await activeResearchersAtA());
  });
});

describe('reminders and escalation', () => {
  it('reminds the person 3 days before and on the due date, then tells the site coordinator after 7 days; once each', async () => {
    const [row] = await t.ctx.db.select().from(documentAcknowledgments).where(and(eq(documentAcknowledgments.versionId, v2.id), eq(documentAcknowledgments.personId, ids.researcherA2)));
    expect(row!.dueOn).toBe('2026-04-11');
    const count = (to: string, subject: RegExp) => smtp.to(to).filter((m) => subject.test(m.subject)).length;
    await runAt('2026-04-08T01:00:00Z');
    await smtp.waitFor((m) => m.to.includes(emails.researcherA2!.toLowerCase()) && /確認期限が近づいています/.test(m.subject));
    await runAt('2026-04-11T01:00:00Z');
    await smtp.waitFor((m) => m.to.includes(emails.researcherA2!.toLowerCase()) && /確認期限です/.test(m.subject));
    expect(count(emails.coordinatorA!, /期限を過ぎています/)).toBe(0);
    await runAt('2026-04-19T01:00:00Z');
    const esc = await smtp.waitFor((m) => m.to.includes(emails.coordinatorA!.toLowerCase()) && /期限を過ぎています/.test(m.subject));
    expect(esc.text).toContain('PR-RES-01');
    await runAt('2026-04-20T01:00:00Z');
    expect(count(emails.researcherA2!, /確認期限が近づいています/)).toBe(1);
    expect(count(emails.researcherA2!, /確認期限です/)).toBe(1);
    expect(count(emails.coordinatorA!, /期限を過ぎています/)).toBe(1);
  });

  it('reminds the owner 30 days before the next review date and once it has passed (P32-8)', async () => {
    await signInAll();
    ok(await manager.patch(`/api/documents/${docId}`, { ownerId: ids.dc, nextReviewOn: '2026-05-15' }));
    await runAt('2026-04-16T01:00:00Z');
    await smtp.waitFor((m) => m.to.includes(emails.dc!.toLowerCase()) && /定期見直しが近づいています/.test(m.subject));
    await runAt('2026-05-16T01:00:00Z');
    await smtp.waitFor((m) => m.to.includes(emails.dc!.toLowerCase()) && /期日を過ぎました/.test(m.subject));
    await runAt('2026-05-17T01:00:00Z');
    await signInAll();
    expect(smtp.to(emails.dc!).filter((m) => /定期見直し/.test(m.subject)).length).toBe(2);
  });
});

describe('PDFs and history entries', () => {
  it('stores a PDF per language encrypted, refuses what is not a PDF, and serves it back intact', async () => {
    const draft = ok<VersionDto>(await dc.post(`/api/documents/${docId}/versions`, { version: '3.0' }), 201);
    const notPdf = await dc.request('PUT', `/api/document-versions/${draft.id}/pdf?lang=ja`, undefined, {});
    expect(notPdf.status).toBeGreaterThanOrEqual(400);
    const bad = pdfMultipart('x1', Buffer.from('<html>not a pdf</html>'));
    expect(errorCode(await dc.request('PUT', `/api/document-versions/${draft.id}/pdf?lang=ja`, bad.body, bad.headers))).toBe('DOCUMENT_FILE_INVALID');
    const good = pdfMultipart('x2');
    const withPdf = ok<VersionDto>(await dc.request('PUT', `/api/document-versions/${draft.id}/pdf?lang=ja`, good.body, good.headers));
    expect(withPdf.files.map((f) => f.language)).toEqual(['ja']);
    const stored = await queryRows<{ sealed: Uint8Array }>(t.ctx.db, sql`select sealed from document_files where version_id = ${draft.id}`);
    expect(Buffer.from(stored[0]!.sealed).includes(Buffer.from('%PDF'))).toBe(false);
    const res = await dc.get(`/api/document-versions/${draft.id}/pdf?lang=ja`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.raw.rawPayload.equals(PDF_BYTES)).toBe(true);
    // a researcher does not see the draft
    expect((await researcherA.get(`/api/document-versions/${draft.id}/pdf?lang=ja`)).status).toBe(404);
  });

  it('lets the manager enter history, which never displaces a version published here', async () => {
    const doc = ok<DocumentDto>(await manager.post('/api/documents', { code: 'POL-031', kind: 'policy', titleJa: 'プライバシーポリシー', titleEn: 'Privacy policy' }), 201);
    expect((await dc.post(`/api/documents/${doc.id}/history`, { version: '1.0', effectiveFrom: '2008-08-05' })).status).toBe(403);
    ok(await manager.post(`/api/documents/${doc.id}/history`, { version: '1.0', effectiveFrom: '2008-08-05', committeeApprovedOn: '2008-08-05' }), 201);
    const after = ok<DocumentDto>(await manager.post(`/api/documents/${doc.id}/history`, { version: '2.0', effectiveFrom: '2015-01-01' }), 201);
    expect(after.versions.map((v) => [v.version, v.status, v.historical])).toEqual([
      ['2.0', 'published', true],
      ['1.0', 'superseded', true],
    ]);
    expect(errorCode(await manager.post(`/api/documents/${doc.id}/history`, { version: '2.0', effectiveFrom: '2016-01-01' }))).toBe('DOCUMENT_VERSION_EXISTS');
    expect(errorCode(await researcherA.post(`/api/document-versions/${after.versions[0]!.id}/acknowledge`, { language: 'ja' }))).toBe('DOCUMENT_NOT_ACKNOWLEDGEABLE');
  });
});
