import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAUSES } from '../../../shared/clauses.js';
import type { ClauseMapDto, ControlDto, ControlList, EvidenceDto, SoaDto } from '../../../shared/controls.js';
import { controlEvidenceFiles, controls, mailOutbox, people } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';
import { TestSmtp } from '../../testing/smtp.js';
import { makeRegistries } from '../org/registries.js';
import { evidenceMultipart } from './access.fixtures.js';
import { CATALOGUE } from './controls.catalogue.js';
import { countControlsWithExpiredEvidence } from './controls.jobs.js';
import { seedControlCatalogue } from './controls.seed.js';
import { pdfText } from './pdf-text.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let ops: { id: string };
let manager: Client;
let dc: Client;
let dcStaff: { id: string; email: string };
let opsStaff: { id: string; email: string };
let steering: Client;
let studyOffice: Client;
let researcher: Client;
const ids: Record<'manager' | 'steering' | 'studyOffice' | 'researcher', string> = { manager: '', steering: '', studyOffice: '', researcher: '' };

/** Fresh sessions for everyone (after the clock moves past the idle timeout). */
async function signInAll() {
  manager = await sessionFor(t, ids.manager);
  dc = await sessionFor(t, dcStaff.id);
  steering = await sessionFor(t, ids.steering);
  studyOffice = await sessionFor(t, ids.studyOffice);
  researcher = await sessionFor(t, ids.researcher);
}

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  ops = (await makeRegistries(t.ctx).units.create(system, { code: 'OPS-CT', kind: 'operations_office', nameJa: '運営事務局', nameEn: 'Operations Office' })) as { id: string };
  ids.manager = (await seedPerson(t, { roles: [{ role: 'security_manager' }] })).id;
  dcStaff = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  opsStaff = await seedPerson(t, { unitId: ops.id, roles: [{ role: 'operations_office_staff', unitId: ops.id }] });
  await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, opsStaff.id));
  ids.steering = (await seedPerson(t, { committeeIds: [org.steering.id], roles: [{ role: 'steering_committee_member', committeeId: org.steering.id }] })).id;
  ids.studyOffice = (await seedPerson(t, { unitId: org.so.id, roles: [{ role: 'study_office_staff', unitId: org.so.id }] })).id;
  ids.researcher = (await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] })).id;
  await signInAll();
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const list = async (c: Client, query = '') => {
  const res = await c.get(`/api/controls${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return (res.body as ControlList).items;
};
const byCode = async (code: string) => (await list(manager)).find((c) => c.code === code)!;

describe('the pre-filled catalogue', () => {
  it('exists on a fresh install: every family, every control mapped to clauses and 27002 references', async () => {
    const items = await list(manager);
    expect(items.length).toBe(CATALOGUE.length);
    expect(items.length).toBeGreaterThanOrEqual(40);
    for (const f of ['physical', 'human', 'technical', 'operational']) expect(items.filter((i) => i.family === f).length).toBeGreaterThanOrEqual(5);
    for (const i of items) {
      expect(i.clauseIds, i.code).toContain('P32-5');
      expect(i.isoRefs.length, i.code).toBeGreaterThan(0);
      expect(i.titleJa && i.titleEn, i.code).toBeTruthy();
    }
    // every clause of the policy has at least one control
    const covered = new Set(items.flatMap((i) => i.clauseIds));
    expect(CLAUSES.filter((c) => !covered.has(c.id)).map((c) => c.id)).toEqual([]);
    // laws named by the catalogue are linked to the pre-filled laws register
    const laws = await manager.get(`/api/controls/${(await byCode('OPS-15')).id}`);
    expect((laws.body as ControlDto).laws.length).toBeGreaterThanOrEqual(7);
  });

  it('is not added twice, and a deleted control does not come back', async () => {
    const extra = await manager.post('/api/controls', { family: 'physical', titleJa: '消す管理策', titleEn: 'To delete' });
    expect(extra.status).toBe(201);
    const phy = (await byCode('PHY-12')).id;
    expect((await manager.request('DELETE', `/api/controls/${phy}`)).status).toBe(204);
    expect(await seedControlCatalogue(t.ctx.db, t.clock)).toBe(0);
    expect((await list(manager)).find((c) => c.code === 'PHY-12')).toBeUndefined();
    expect((await manager.request('DELETE', `/api/controls/${(extra.body as ControlDto).id}`)).status).toBe(204);
  });

  it('assigns the suggested owner units once the units exist', async () => {
    // the catalogue was seeded at start, before this file registered any unit
    expect((await byCode('TEC-10')).ownerUnit).toBeNull();
    const res = await dc.post('/api/controls/assign-owners');
    expect(res.status).toBe(200);
    expect((res.body as { assigned: number }).assigned).toBeGreaterThan(40);
    expect((await byCode('TEC-10')).ownerUnit?.id).toBe(org.dc.id);
    expect((await byCode('HUM-04')).ownerUnit?.id).toBe(ops.id);
    expect((await byCode('PHY-03')).ownerUnit).toBeNull(); // no single suggested owner
  });
});

describe('changing a control', () => {
  it('records a status change in the audit log, with the old and new status', async () => {
    const c = await byCode('TEC-02');
    const seq = await lastAuditSeq(t);
    const res = await dc.patch(`/api/controls/${c.id}`, { status: 'implemented', justificationJa: '全員に多要素認証を必須化済み。' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body as ControlDto).status).toBe('implemented');
    const entries = await auditAfter(t, seq);
    expect(entries.map((e) => e.action)).toEqual(['control.status_changed']);
    expect(entries[0]!.details).toMatchObject({ code: 'TEC-02', changes: { status: { from: 'not_started', to: 'implemented' }, justificationJa: { to: '全員に多要素認証を必須化済み。' } } });
    // the same values again: no change, no entry
    const again = await lastAuditSeq(t);
    await dc.patch(`/api/controls/${c.id}`, { status: 'implemented' });
    expect(await lastAuditSeq(t)).toBe(again);
  });

  it('keeps applicability and status consistent', async () => {
    const c = await byCode('TEC-19');
    const res = await manager.patch(`/api/controls/${c.id}`, { applicable: false, justificationEn: 'No in-house development.' });
    expect((res.body as ControlDto).status).toBe('not_applicable');
    const back = await manager.patch(`/api/controls/${c.id}`, { applicable: true, status: 'planned' });
    expect(back.body).toMatchObject({ applicable: true, status: 'planned' });
  });

  it('refuses researchers and the study office (403) and changes nothing', async () => {
    const c = await byCode('OPS-05');
    for (const who of [researcher, studyOffice, steering]) {
      const res = await who.patch(`/api/controls/${c.id}`, { status: 'implemented' });
      expect(res.status).toBe(403);
    }
    expect((await researcher.get('/api/controls')).status).toBe(403);
    expect((await byCode('OPS-05')).status).toBe('not_started');
  });

  it('rejects a taken code (409) and an unknown law (400)', async () => {
    const dup = await dc.post('/api/controls', { code: 'tec-01', family: 'technical', titleJa: '重複', titleEn: 'Duplicate' });
    expect([dup.status, errorCode(dup)]).toEqual([409, 'DUPLICATE_CODE']);
    const bad = await dc.post('/api/controls', { family: 'technical', titleJa: '法令', titleEn: 'Law', lawIds: ['00000000-0000-4000-8000-000000000000'] });
    expect([bad.status, errorCode(bad)]).toEqual([400, 'VALIDATION_FAILED']);
    const made = await dc.post('/api/controls', { family: 'technical', titleJa: '新規', titleEn: 'New', clauseIds: ['P32-2.1.3a'], isoRefs: ['8.5', '5.17'] });
    expect(made.body).toMatchObject({ code: 'TEC-20', isoRefs: ['5.17', '8.5'], clauseIds: ['P32-2.1.3a'] });
  });
});

describe('evidence', () => {
  let controlId: string;
  beforeAll(async () => {
    controlId = (await byCode('TEC-10')).id;
  });

  const upload = (c: Client, body: string, headers: Record<string, string>) => c.request('POST', `/api/controls/${controlId}/evidence`, body, headers);

  it('is stored sealed, downloaded as an attachment with its original bytes, and every download is audited', async () => {
    const boundary = '----evidenceA';
    const content = '復元試験の記録 2026-03\r\n--not-a-boundary\r\n';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="..\\..\\secret\\復元試験 <2026>.txt"\r\nContent-Type: text/html\r\n\r\n${content}\r\n--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n年次の復元試験\r\n--${boundary}--\r\n`;
    const res = await upload(dc, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ev = res.body as EvidenceDto;
    expect(ev).toMatchObject({ fileName: '復元試験 _2026_.txt', description: '年次の復元試験', validUntil: null, state: 'valid', size: Buffer.byteLength(content) });
    const [stored] = await t.ctx.db.select().from(controlEvidenceFiles).where(eq(controlEvidenceFiles.evidenceId, ev.id));
    expect(stored!.sealed.includes(Buffer.from('復元試験の記録'))).toBe(false);

    const seq = await lastAuditSeq(t);
    const dl = await steering.get(`/api/controls/${controlId}/evidence/${ev.id}/download`);
    expect(dl.status).toBe(200);
    expect(dl.raw.rawPayload.toString('utf8')).toBe(content);
    expect(dl.headers['content-type']).toBe('application/octet-stream');
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    expect((await auditAfter(t, seq)).map((e) => [e.action, (e.details as { evidenceId: string }).evidenceId])).toEqual([['control_evidence.downloaded', ev.id]]);
    expect((await researcher.get(`/api/controls/${controlId}/evidence/${ev.id}/download`)).status).toBe(403);
    // evidence of another control is not found through this control
    const other = (await byCode('TEC-11')).id;
    expect((await dc.get(`/api/controls/${other}/evidence/${ev.id}/download`)).status).toBe(404);
  });

  it('refuses a file over 10 MB (413) and keeps nothing', async () => {
    const boundary = '----big';
    const big = 'x'.repeat(10 * 1024 * 1024 + 10);
    const before = (await dc.get(`/api/controls/${controlId}`)).body as ControlDto;
    const res = await upload(dc, `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n${big}\r\n--${boundary}--\r\n`, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect([res.status, errorCode(res)]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(((await dc.get(`/api/controls/${controlId}`)).body as ControlDto).evidence.length).toBe(before.evidence.length);
  });

});

describe('the statement of applicability', () => {
  it('lists every control with justification, status, evidence state and linked risks', async () => {
    const res = await studyOffice.get('/api/soa');
    expect(res.status).toBe(200);
    const soa = res.body as SoaDto;
    const all = await t.ctx.db.select({ code: controls.code }).from(controls);
    expect(soa.rows.map((r) => r.code).sort()).toEqual(all.map((c) => c.code).sort());
    expect(soa.rows.find((r) => r.code === 'TEC-10')).toMatchObject({ evidenceState: 'valid', evidenceCount: 1, riskCount: 0 });
    expect(soa.rows.find((r) => r.code === 'TEC-02')!.justificationJa).toBe('全員に多要素認証を必須化済み。');
  });

  it.each(['ja', 'en'] as const)('exports as XLSX (%s) that opens and holds every control', async (lang) => {
    const seq = await lastAuditSeq(t);
    const res = await steering.get(`/api/soa/export?format=xlsx&lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain(lang === 'ja' ? encodeURIComponent('適用宣言書') : 'statement-of-applicability');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe(lang === 'ja' ? 'コード' : 'Code');
    const codes: string[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) codes.push(String(row.getCell(1).value));
    });
    const all = (await t.ctx.db.select({ code: controls.code }).from(controls)).map((c) => c.code);
    expect(codes.sort()).toEqual(all.sort());
    const tec02 = ws.getRows(2, codes.length)!.find((r) => r.getCell(1).value === 'TEC-02')!;
    expect(tec02.getCell(9).value).toBe(lang === 'ja' ? '実施済み' : 'Implemented');
    expect(wb.worksheets[1]!.name).toBe(lang === 'ja' ? '概要' : 'Summary');
    expect((await auditAfter(t, seq)).map((e) => [e.action, (e.details as { format: string; lang: string; controls: number }).controls])).toEqual([['soa.exported', all.length]]);
  });

  it.each(['ja', 'en'] as const)('exports as PDF (%s) with the Japanese font, holding every control', async (lang) => {
    const seq = await lastAuditSeq(t);
    const res = await dc.get(`/api/soa/export?format=pdf&lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.raw.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP/);
    const text = pdfText(pdf);
    const rows = await t.ctx.db.select({ code: controls.code, titleJa: controls.titleJa, titleEn: controls.titleEn }).from(controls);
    const missing = rows.filter((c) => !text.includes(c.code)).map((c) => c.code);
    expect(missing).toEqual([]);
    expect(text).toContain(lang === 'ja' ? '適用宣言書' : 'Statement of applicability');
    expect(text.join('')).toContain(lang === 'ja' ? 'バックアップと復元試験' : 'Backups and restore tests');
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['soa.exported']);
  });

  it('may be exported by the manager, the data center, the operations office and the steering committee only', async () => {
    expect((await studyOffice.get('/api/soa/export?format=pdf&lang=ja')).status).toBe(403);
    expect((await researcher.get('/api/soa/export?format=xlsx&lang=ja')).status).toBe(403);
    expect((await researcher.get('/api/soa')).status).toBe(403);
  });
});

describe('the clause map', () => {
  it('gives every clause of the policy with its controls, status and evidence', async () => {
    const res = await steering.get('/api/clause-map');
    expect(res.status).toBe(200);
    const map = res.body as ClauseMapDto;
    expect(map.clauses.map((c) => c.clauseId)).toEqual(CLAUSES.map((c) => c.id));
    const c3b = map.clauses.find((c) => c.clauseId === 'P32-2.1.3b')!;
    expect(c3b.controls.map((c) => c.code)).toEqual(expect.arrayContaining(['HUM-08', 'OPS-10']));
    const c123 = map.clauses.find((c) => c.clauseId === 'P32-1.2.3')!;
    expect(c123.controls.find((c) => c.code === 'TEC-10')).toMatchObject({ evidenceState: 'valid', status: 'not_started' });
    expect((await researcher.get('/api/clause-map')).status).toBe(403);
  });
});

async function outboxFor(personId: string) {
  const rows = await t.ctx.db.select({ template: mailOutbox.template, id: mailOutbox.id }).from(mailOutbox).where(eq(mailOutbox.personId, personId));
  return rows.sort((a, b) => a.id - b.id).map((r) => r.template);
}

describe('evidence expiry reminders (moving the clock)', () => {
  let controlId: string;
  beforeAll(async () => {
    controlId = (await byCode('TEC-10')).id;
  });
  const upload = (c: Client, body: string, headers: Record<string, string>) => c.request('POST', `/api/controls/${controlId}/evidence`, body, headers);

  it('warns the owners 30 days before it expires and again once it has expired, once each', async () => {
    // The data center owns TEC-10 (assigned above): its staff hear about it, in their language.
    const m = evidenceMultipart('exp', '2026-06-30');
    const res = await upload(dc, m.body, m.headers);
    expect(res.status).toBe(201);
    const ev = res.body as EvidenceDto;
    const sent = () => smtp.received.filter((x) => x.to.includes(dcStaff.email));
    const run = async () => {
      await t.ctx.jobs.runDue(true);
      await t.ctx.mailer.flush();
    };

    t.clock.set(new Date('2026-05-30T00:00:00+09:00')); // 31 days before: nothing yet
    await run();
    expect(await outboxFor(dcStaff.id)).toEqual([]);

    t.clock.set(new Date('2026-05-31T09:00:00+09:00')); // 30 days before
    await run();
    await signInAll();
    await run(); // a second run sends nothing more
    expect(await outboxFor(dcStaff.id)).toEqual(['control_evidence.expiring']);
    const warning = await smtp.waitFor((x) => x.to.includes(dcStaff.email) && x.subject.includes('有効期限が近づいています'));
    expect(warning.text).toContain('TEC-10');
    expect(warning.text).toContain('2026-06-30');
    expect(((await dc.get(`/api/controls/${controlId}`)).body as ControlDto).evidence.find((e) => e.id === ev.id)!.state).toBe('expiring');

    t.clock.set(new Date('2026-06-30T23:00:00+09:00')); // the last valid day
    await run();
    expect(await outboxFor(dcStaff.id)).toEqual(['control_evidence.expiring']);

    t.clock.set(new Date('2026-07-01T00:30:00+09:00'));
    await run();
    await run();
    await signInAll();
    expect(await outboxFor(dcStaff.id)).toEqual(['control_evidence.expiring', 'control_evidence.expired']);
    await smtp.waitFor((x) => x.to.includes(dcStaff.email) && x.subject.includes('有効期限を過ぎました'));
    expect(sent().length).toBe(2);
    expect(await outboxFor(opsStaff.id)).toEqual([]); // not the operations office's control
    const detail = (await dc.get(`/api/controls/${controlId}`)).body as ControlDto;
    expect(detail.evidence.find((e) => e.id === ev.id)!.state).toBe('expired');
    // the other evidence item never expires, so the control's evidence is still valid
    expect(detail.evidenceState).toBe('valid');
    expect(await countControlsWithExpiredEvidence(t.ctx.db, t.clock.now())).toBe(0);

    // a new valid-until date is a new term: reminders start over
    const renewed = await dc.patch(`/api/controls/${controlId}/evidence/${ev.id}`, { validUntil: '2026-07-20' });
    expect((renewed.body as EvidenceDto).state).toBe('expiring');
    await run();
    expect(await outboxFor(dcStaff.id)).toEqual(['control_evidence.expiring', 'control_evidence.expired', 'control_evidence.expiring']);
  });

  it('goes to the owner unit’s staff in their language, and to nobody else', async () => {
    const c = await byCode('HUM-04'); // owned by the operations office
    const m = evidenceMultipart('ops', '2026-07-15');
    expect((await manager.request('POST', `/api/controls/${c.id}/evidence`, m.body, m.headers)).status).toBe(201);
    await t.ctx.jobs.runDue(true);
    expect(await outboxFor(opsStaff.id)).toEqual(['control_evidence.expiring']);
    const mail = await smtp.waitFor((x) => x.to.includes(opsStaff.email));
    expect(mail.subject).toBe('[Mamori] Control evidence expires soon (1)');
  });

  it('counts and lists controls whose only evidence has expired', async () => {
    const c = await byCode('PHY-05');
    const m = evidenceMultipart('old', '2026-01-31');
    expect((await manager.request('POST', `/api/controls/${c.id}/evidence`, m.body, m.headers)).status).toBe(201);
    expect(await countControlsWithExpiredEvidence(t.ctx.db, t.clock.now())).toBe(1);
    expect((await list(manager, '?evidence=expired')).map((x) => x.code)).toEqual(['PHY-05']);
    const soa = (await manager.get('/api/soa')).body as SoaDto;
    expect(soa.rows.find((r) => r.code === 'PHY-05')).toMatchObject({ evidenceState: 'expired', evidenceValidUntil: '2026-01-31' });
  });
});
