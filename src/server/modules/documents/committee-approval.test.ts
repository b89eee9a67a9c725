import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentDto, InForceDto, VersionDto } from '../../../shared/documents.js';
import { queryRows } from '../../db/client.js';
import { people } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, fieldPaths, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';
import { PDF_BYTES, committeeMultipart } from './access.fixtures.js';

/**
 * The one-manager installation: the only information security manager writes a version, may not
 * approve it (four eyes), and records the steering committee's approval with its minutes instead.
 * As soon as someone else could approve, that path is closed.
 */
let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let manager: Client;
let dc: Client;
let steering: Client;
let researcherA: Client;
let researcherB: Client;
const ids = { manager: '', manager2: '' };
let docId = '';
let v1: VersionDto;

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
  const m = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
  ids.manager = m.id;
  manager = await sessionFor(t, m.id);
  const d = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  dc = await sessionFor(t, d.id);
  const s = await seedPerson(t, { committeeIds: [org.steering.id], roles: [{ role: 'steering_committee_member', committeeId: org.steering.id }] });
  steering = await sessionFor(t, s.id);
  const a = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  researcherA = await sessionFor(t, a.id);
  const b = await seedPerson(t, { institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
  researcherB = await sessionFor(t, b.id);
  // A second manager in the registry whose account was never activated cannot approve anything.
  const dormant = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
  ids.manager2 = dormant.id;
});
afterAll(async () => {
  await t?.close();
});

const ok = <T>(res: { status: number; body: unknown }, status = 200): T => {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res.body as T;
};
const record = (c: Client, id: string, fields: Record<string, string>, file?: { name: string; data: Buffer }) => {
  const m = committeeMultipart(fields, file);
  return c.request('POST', `/api/document-versions/${id}/committee-approval`, m.body, m.headers);
};
const versionOf = async (c: Client, id: string) => ok<DocumentDto>(await c.get(`/api/documents/${docId}`)).versions.find((v) => v.id === id)!;

describe('the only manager writes a version', () => {
  it('is told on the version that they may not approve it and why, and may record the committee’s approval instead', async () => {
    const doc = ok<DocumentDto>(
      await manager.post('/api/documents', { code: 'GL-SOLO-01', kind: 'guideline', family: 'human', titleJa: '教育ガイドライン', titleEn: 'Education guideline', audience: { institutionIds: [org.instA.id] } }),
      201,
    );
    docId = doc.id;
    v1 = ok<VersionDto>(await manager.post(`/api/documents/${docId}/versions`, { version: '1.0', bodyJa: '# 教育\n\n毎年受講する。', bodyEn: '# Education\n\nEvery year.' }), 201);
    expect(v1).toMatchObject({ mayApprove: false, approveBlockedBy: 'NOT_IN_REVIEW', mayRecordCommitteeApproval: false });
    const submitted = ok<VersionDto>(await manager.post(`/api/document-versions/${v1.id}/submit`));
    expect(submitted).toMatchObject({ status: 'review', mayApprove: false, approveBlockedBy: 'AUTHOR_CANNOT_APPROVE', mayRecordCommitteeApproval: true, committeeApproval: null });
    // the same in the document's version list
    expect(await versionOf(manager, v1.id)).toMatchObject({ mayApprove: false, approveBlockedBy: 'AUTHOR_CANNOT_APPROVE', mayRecordCommitteeApproval: true });
    // the data center reads it but its role does not approve
    expect(await versionOf(dc, v1.id)).toMatchObject({ mayApprove: false, approveBlockedBy: 'NO_PERMISSION', mayRecordCommitteeApproval: false });
    // and the four-eyes rule itself is unchanged
    expect(errorCode(await manager.post(`/api/document-versions/${v1.id}/approve`, {}))).toBe('DOCUMENT_SELF_APPROVAL');
  });

  it('refuses a decision date in the future, missing minutes and a file that is not an accepted type, and changes nothing', async () => {
    const seq = await lastAuditSeq(t);
    const tomorrow = await record(manager, v1.id, { committeeApprovedOn: '2026-04-02' }, { name: 'minutes.pdf', data: PDF_BYTES });
    expect(errorCode(tomorrow)).toBe('VALIDATION_FAILED');
    expect(fieldPaths(tomorrow)).toEqual(['committeeApprovedOn']);
    const noDate = await record(manager, v1.id, {}, { name: 'minutes.pdf', data: PDF_BYTES });
    expect(fieldPaths(noDate)).toEqual(['committeeApprovedOn']);
    const noFile = await record(manager, v1.id, { committeeApprovedOn: '2026-03-30' });
    expect(errorCode(noFile)).toBe('VALIDATION_FAILED');
    expect(fieldPaths(noFile)).toEqual(['file']);
    // a web page renamed to .pdf, and an executable: neither is minutes
    expect(errorCode(await record(manager, v1.id, { committeeApprovedOn: '2026-03-30' }, { name: 'minutes.pdf', data: Buffer.from('<html>minutes</html>') }))).toBe('DOCUMENT_FILE_INVALID');
    expect(errorCode(await record(manager, v1.id, { committeeApprovedOn: '2026-03-30' }, { name: 'minutes.exe', data: Buffer.from('MZ\x90\x00 program') }))).toBe('DOCUMENT_FILE_INVALID');
    expect((await record(manager, v1.id, { committeeApprovedOn: '2026-03-30' }, { name: 'minutes.pdf', data: Buffer.concat([PDF_BYTES, Buffer.alloc(10 * 1024 * 1024)]) })).status).toBe(413);
    expect(await versionOf(manager, v1.id)).toMatchObject({ status: 'review', committeeApproval: null });
    expect(await auditAfter(t, seq)).toEqual([]);
  });

  it('is refused to roles that do not approve documents', async () => {
    for (const c of [dc, steering, researcherA]) {
      const res = await record(c, v1.id, { committeeApprovedOn: '2026-03-30' }, { name: 'minutes.pdf', data: PDF_BYTES });
      expect(res.status).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
    expect((await versionOf(manager, v1.id)).status).toBe('review');
  });

  it('records the committee’s approval with the minutes as the approval of record, then publishes as usual', async () => {
    const seq = await lastAuditSeq(t);
    const approved = ok<VersionDto>(await record(manager, v1.id, { committeeApprovedOn: '2026-03-30', note: '第 12 回運営委員会' }, { name: '運営委員会議事録.pdf', data: PDF_BYTES }));
    expect(approved).toMatchObject({
      status: 'approved',
      approvedBy: null,
      approvedAt: t.clock.now().toISOString(),
      committeeApprovedOn: '2026-03-30',
      committeeApproval: { decidedOn: '2026-03-30', note: '第 12 回運営委員会', recordedBy: { id: ids.manager }, minutes: { fileName: '運営委員会議事録.pdf', size: PDF_BYTES.length } },
      mayApprove: false,
      approveBlockedBy: 'NOT_IN_REVIEW',
    });
    const entries = await auditAfter(t, seq);
    expect(entries.map((e) => e.action)).toEqual(['document_version.committee_approval_recorded']);
    expect(entries[0]!.details).toMatchObject({ versionId: v1.id, committeeApprovedOn: '2026-03-30', author: ids.manager, minutes: { fileName: '運営委員会議事録.pdf' } });
    // the minutes are sealed in the database, not stored in the clear
    const [stored] = await queryRows<{ sealed: Uint8Array }>(t.ctx.db, sql`select sealed from document_committee_approvals where version_id = ${v1.id}`);
    expect(Buffer.from(stored!.sealed).includes(Buffer.from('%PDF'))).toBe(false);
    // recorded once: the version is no longer under review
    expect(errorCode(await record(manager, v1.id, { committeeApprovedOn: '2026-03-30' }, { name: 'minutes.pdf', data: PDF_BYTES }))).toBe('DOCUMENT_VERSION_STATE');
    const published = ok<VersionDto>(await manager.post(`/api/document-versions/${v1.id}/publish`, {}));
    expect(published).toMatchObject({ status: 'published', effectiveFrom: '2026-04-01', publishedBy: { id: ids.manager }, committeeApproval: { decidedOn: '2026-03-30' } });
    const inForce = ok<InForceDto>(await researcherA.get('/api/documents/in-force?date=2026-04-01')).items.find((i) => i.documentId === docId)!;
    expect(inForce.version).toMatchObject({ version: '1.0', approvedBy: null, approvedByCommittee: true, committeeApprovedOn: '2026-03-30' });
  });

  it('serves the minutes to those who read the version, and audits every download', async () => {
    for (const c of [manager, steering, researcherA]) {
      const seq = await lastAuditSeq(t);
      const res = await c.get(`/api/document-versions/${v1.id}/committee-minutes`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/octet-stream');
      expect(String(res.headers['content-disposition'])).toContain('attachment');
      expect(res.raw.rawPayload.equals(PDF_BYTES)).toBe(true);
      const entries = await auditAfter(t, seq);
      expect(entries.map((e) => e.action)).toEqual(['document_version.minutes_downloaded']);
      expect(entries[0]!.details).toMatchObject({ versionId: v1.id, sha256: expect.any(String) });
    }
    // a researcher outside the audience does not see the document at all
    expect((await researcherB.get(`/api/document-versions/${v1.id}/committee-minutes`)).status).toBe(404);
  });
});

describe('when someone else could approve', () => {
  let v2: VersionDto;

  it('closes the committee path as soon as a second manager’s account is active, and the second manager approves', async () => {
    v2 = ok<VersionDto>(await manager.post(`/api/documents/${docId}/versions`, { version: '2.0', changeNote: '対象を拡大' }), 201);
    ok(await manager.post(`/api/document-versions/${v2.id}/submit`));
    // the registered but never activated manager does not count
    expect(await versionOf(manager, v2.id)).toMatchObject({ approveBlockedBy: 'AUTHOR_CANNOT_APPROVE', mayRecordCommitteeApproval: true });
    const manager2 = await sessionFor(t, ids.manager2);
    expect(await versionOf(manager, v2.id)).toMatchObject({ mayApprove: false, approveBlockedBy: 'AUTHOR_CANNOT_APPROVE', mayRecordCommitteeApproval: false });
    expect(await versionOf(manager2, v2.id)).toMatchObject({ mayApprove: true, approveBlockedBy: null, mayRecordCommitteeApproval: false });
    const seq = await lastAuditSeq(t);
    const refused = await record(manager, v2.id, { committeeApprovedOn: '2026-03-30' }, { name: 'minutes.pdf', data: PDF_BYTES });
    expect(refused.status).toBe(409);
    expect(errorCode(refused)).toBe('DOCUMENT_APPROVER_AVAILABLE');
    expect(errorCode(await manager.post(`/api/document-versions/${v2.id}/approve`, {}))).toBe('DOCUMENT_SELF_APPROVAL');
    // the other manager did not write it: they approve it, they do not record the committee
    expect(errorCode(await record(manager2, v2.id, { committeeApprovedOn: '2026-03-30' }, { name: 'minutes.pdf', data: PDF_BYTES }))).toBe('DOCUMENT_APPROVER_AVAILABLE');
    expect(await auditAfter(t, seq)).toEqual([]);
    // a suspended or expired account cannot approve, so it does not count either
    await t.ctx.db.update(people).set({ accountStatus: 'suspended' }).where(eq(people.id, ids.manager2));
    expect(await versionOf(manager, v2.id)).toMatchObject({ mayRecordCommitteeApproval: true });
    await t.ctx.db.update(people).set({ accountStatus: 'active', accountExpiresAt: new Date('2026-03-31T00:00:00Z') }).where(eq(people.id, ids.manager2));
    expect(await versionOf(manager, v2.id)).toMatchObject({ mayRecordCommitteeApproval: true });
    await t.ctx.db.update(people).set({ accountExpiresAt: null }).where(eq(people.id, ids.manager2));
    const again = await sessionFor(t, ids.manager2);
    const approved = ok<VersionDto>(await again.post(`/api/document-versions/${v2.id}/approve`, {}));
    expect(approved).toMatchObject({ status: 'approved', approvedBy: { id: ids.manager2 }, committeeApproval: null });
  });

  it('has no minutes for a version the manager approved (404)', async () => {
    expect((await manager.get(`/api/document-versions/${v2.id}/committee-minutes`)).status).toBe(404);
  });
});
