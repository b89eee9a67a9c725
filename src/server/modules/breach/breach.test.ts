import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOCK_ORDER, DEFAULT_CLOCK_SETTINGS, type AssessmentAnswers, type AssessmentDto, type BoardDto, type BreachSettingsDto, type ClockDto, type ClockList } from '../../../shared/breach.js';
import type { IncidentDto } from '../../../shared/incidents.js';
import { incidentClocks, incidentEvents, incidents, people } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';
import { TestSmtp } from '../../testing/smtp.js';
import { pdfText } from '../controls/pdf-text.js';
import { runClockReminders } from './breach.jobs.js';
import { countClocksDueSoon } from './breach.read.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
const ids = { manager: '', dc: '', researcherA: '', researcherB: '', assignee: '' };
const who: Record<string, { id: string; email: string }> = {};
let manager: Client;
let dc: Client;
let researcherA: Client;
let researcherB: Client;
let n = 0;

async function signInAll() {
  manager = await sessionFor(t, ids.manager);
  dc = await sessionFor(t, ids.dc);
  researcherA = await sessionFor(t, ids.researcherA);
  researcherB = await sessionFor(t, ids.researcherB);
}
/** Moves the clock (sessions idle out: sign in again before the next request). */
const at = async (iso: string) => {
  t.clock.set(new Date(iso));
};

/** An incident inserted directly (the incidents module has its own tests). */
async function incident(o: { awareAt?: string; at?: 'A' | 'B'; reportedBy?: string; assigneeId?: string | null; title?: string } = {}) {
  n++;
  const now = t.clock.now();
  const [row] = await t.ctx.db
    .insert(incidents)
    .values({
      ref: `INC-2026-${String(9000 + n)}`,
      kind: 'lost_device',
      title: o.title ?? `症例データ入りUSBメモリの紛失 ${n}`,
      description: '外来診察室でUSBメモリを紛失した。',
      awareAt: o.awareAt ? new Date(o.awareAt) : now,
      occurredAt: o.awareAt ? new Date(o.awareAt) : now,
      reportedAt: now,
      reportedBy: o.reportedBy ?? ids.researcherA,
      assigneeId: o.assigneeId ?? null,
      institutionId: o.at === 'B' ? org.instB.id : org.instA.id,
      location: '甲病院 外来',
      personalInfo: 'yes',
      peopleAffected: 12,
      specialCare: true,
      encrypted: false,
    })
    .returning();
  return row!;
}

const reportable: AssessmentAnswers = { personalInfo: 'yes', peopleAffected: 12, moreThan1000: null, specialCare: true, financialRisk: false, wrongfulPurpose: false, encrypted: false, keySafe: null };

/** The text of a WordprocessingML part: each paragraph's <w:t> runs joined, entities decoded, one line per paragraph. */
const docxText = (xml: string) =>
  xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!).join(''))
    .join('\n')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
async function assess(c: Client, id: string, answers: Partial<AssessmentAnswers> = {}, extra: Record<string, unknown> = {}) {
  const res = await c.request('PUT', `/api/incidents/${id}/assessment`, { answers: { ...reportable, ...answers }, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as AssessmentDto;
}
const clocks = async (c: Client, id: string) => {
  const res = await c.get(`/api/incidents/${id}/clocks`);
  expect(res.status).toBe(200);
  return Object.fromEntries((res.body as ClockList).items.map((x) => [x.kind, x])) as Record<string, ClockDto>;
};

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  who.manager = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
  who.dc = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  who.researcherA = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  who.researcherB = await seedPerson(t, { institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
  who.assignee = await seedPerson(t, { unitId: org.so.id, roles: [{ role: 'study_office_staff', unitId: org.so.id }] });
  await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, who.dc.id));
  for (const k of Object.keys(ids) as (keyof typeof ids)[]) ids[k] = who[k]!.id;
  await signInAll();
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('the assessment', () => {
  it('starts from what the reporter said, decides, keeps every save and starts the clocks from the awareness date', async () => {
    // Aware at 10:00 JST on 1 April.
    const i = await incident({ awareAt: '2026-04-01T01:00:00Z' });
    const first = (await researcherA.get(`/api/incidents/${i.id}/assessment`)).body as AssessmentDto;
    expect(first).toMatchObject({ current: null, history: [], draft: { personalInfo: 'yes', peopleAffected: 12, specialCare: true, encrypted: false } });

    const seq = await lastAuditSeq(t);
    const a = await assess(dc, i.id, { peopleAffected: 15 }, { note: 'カルテ番号と病名を含む', report: { dataItems: '氏名、カルテ番号、病名' }, baseVersion: 0 });
    expect(a.current).toMatchObject({ version: 1, decision: { result: 'reportable', triggers: ['special_care'] }, note: 'カルテ番号と病名を含む', assessedBy: { id: ids.dc } });
    expect(a.current!.decision.reasoningJa).toContain('要配慮個人情報');
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['breach.assessed']);
    // the incident follows the refined answers; the timeline has the assessment
    expect((await t.ctx.db.select().from(incidents).where(eq(incidents.id, i.id)))[0]).toMatchObject({ peopleAffected: 15, version: 2 });
    expect((await t.ctx.db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, i.id))).map((e) => e.type)).toEqual(['assessment']);

    const c = await clocks(manager, i.id);
    expect(Object.keys(c)).toEqual(['ppc_preliminary', 'ppc_final', 'notify_subjects', 'institution_heads', 'ethics_committee', 'sponsor', 'steering_committee']);
    expect(c.ppc_preliminary).toMatchObject({ dueAt: '2026-04-04T14:59:59.000Z', overdueAt: '2026-04-06T14:59:59.000Z', state: 'upcoming', daysLeft: 3 });
    expect(c.ppc_final).toMatchObject({ dueAt: '2026-05-01T14:59:59.000Z', overdueAt: '2026-05-01T14:59:59.000Z' });
    expect(c.notify_subjects).toMatchObject({ dueAt: '2026-04-08T14:59:59.000Z', overdueAt: '2026-04-15T14:59:59.000Z' });

    // A stale form is refused; the history keeps both saves, newest first.
    expect(errorCode(await dc.request('PUT', `/api/incidents/${i.id}/assessment`, { answers: reportable, baseVersion: 0 }))).toBe('BREACH_ASSESSMENT_CONFLICT');
    const second = await assess(manager, i.id, {}, { baseVersion: 1 });
    expect(second.history.map((h) => [h.version, h.assessedBy?.id])).toEqual([
      [2, ids.manager],
      [1, ids.dc],
    ]);
  });

  it('is worked only by the manager and the data center; others see it only where they see the incident', async () => {
    const i = await incident({ reportedBy: ids.researcherA });
    expect((await researcherA.get(`/api/incidents/${i.id}/assessment`)).status).toBe(200);
    expect((await researcherB.get(`/api/incidents/${i.id}/assessment`)).status).toBe(404);
    expect((await researcherB.get(`/api/incidents/${i.id}/clocks`)).status).toBe(404);
    const before = await lastAuditSeq(t);
    expect((await researcherA.request('PUT', `/api/incidents/${i.id}/assessment`, { answers: reportable })).status).toBe(403);
    expect((await auditAfter(t, before)).map((e) => e.action)).toEqual(['authz.denied']);
    // bad input changes nothing
    const bad = await dc.request('PUT', `/api/incidents/${i.id}/assessment`, { answers: { ...reportable, personalInfo: 'maybe' } });
    expect(bad.status).toBe(400);
    expect(((await dc.get(`/api/incidents/${i.id}/assessment`)).body as AssessmentDto).history).toEqual([]);
    expect((await dc.get('/api/incidents/00000000-0000-4000-8000-000000000000/assessment')).status).toBe(404);
  });

  it('recomputes open clocks: a wrongful purpose moves the final report to 60 days; not reportable waives; reportable again restores', async () => {
    const i = await incident({ awareAt: '2026-04-01T01:00:00Z' });
    await assess(dc, i.id);
    // the preliminary report was made
    const done = await dc.post(`/api/incidents/${i.id}/clocks/ppc_preliminary`, { action: 'done', note: '受付番号 PPC-12345' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await assess(dc, i.id, { wrongfulPurpose: true });
    let c = await clocks(dc, i.id);
    expect(c.ppc_final).toMatchObject({ dueAt: '2026-05-31T14:59:59.000Z', overdueAt: '2026-05-31T14:59:59.000Z' });
    expect(c.ppc_preliminary).toMatchObject({ state: 'done', note: '受付番号 PPC-12345' });

    const a = await assess(dc, i.id, { specialCare: false, wrongfulPurpose: false, encrypted: true, keySafe: true }, { note: 'AES-256 で暗号化、鍵は別管理' });
    expect(a.current!.decision).toMatchObject({ result: 'not_reportable', exempt: true });
    c = await clocks(dc, i.id);
    expect(c.ppc_final).toMatchObject({ state: 'waived', waived: true });
    expect(c.ppc_final!.note).toContain('報告対象外');
    expect(c.ppc_preliminary!.state).toBe('done'); // what was done stays done

    await assess(dc, i.id, { encrypted: true, keySafe: false });
    c = await clocks(dc, i.id);
    expect(c.ppc_final).toMatchObject({ state: 'upcoming', waived: false, note: null, dueAt: '2026-05-01T14:59:59.000Z' });
    // an undetermined assessment leaves the clocks alone
    await assess(dc, i.id, { personalInfo: 'unknown' });
    expect((await clocks(dc, i.id)).ppc_final!.state).toBe('upcoming');
  });

  it('gives clocks already due or overdue when the awareness date is in the past', async () => {
    const i = await incident({ awareAt: '2026-03-20T03:00:00Z' }); // 20 March, 12 days ago
    await assess(dc, i.id);
    const c = await clocks(dc, i.id);
    expect(c.ppc_preliminary).toMatchObject({ dueAt: '2026-03-23T14:59:59.000Z', state: 'overdue', daysLeft: -9 });
    expect(c.notify_subjects).toMatchObject({ state: 'due' }); // due 27 March, overdue after 3 April
    expect(c.ppc_final).toMatchObject({ dueAt: '2026-04-19T14:59:59.000Z', state: 'upcoming' });
  });
});

describe('a corrected awareness date', () => {
  it('moves the open clocks with it, leaves done ones alone, and says so on the timeline and in the audit log', async () => {
    await at('2026-04-01T03:00:00Z');
    await signInAll();
    const i = await incident({ awareAt: '2026-04-01T01:00:00Z' });
    await assess(dc, i.id);
    expect((await dc.post(`/api/incidents/${i.id}/clocks/notify_subjects`, { action: 'done', note: '本人へ郵送' })).status).toBe(200);
    const { version } = (await manager.get(`/api/incidents/${i.id}`)).body as { version: number };
    const seq = await lastAuditSeq(t);
    // someone had noticed two days earlier: 30 March, 10:00 JST
    const res = await manager.patch(`/api/incidents/${i.id}`, { version, awareAt: '2026-03-30T01:00:00Z', occurredAt: '2026-03-29T01:00:00Z' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const c = await clocks(manager, i.id);
    expect(c.ppc_preliminary).toMatchObject({ dueAt: '2026-04-02T14:59:59.000Z', overdueAt: '2026-04-04T14:59:59.000Z' });
    expect(c.ppc_final).toMatchObject({ dueAt: '2026-04-29T14:59:59.000Z' });
    expect(c.notify_subjects).toMatchObject({ state: 'done', dueAt: '2026-04-08T14:59:59.000Z' });
    const [entry] = await auditAfter(t, seq);
    expect(entry).toMatchObject({ action: 'incident.updated' });
    const moved = (entry!.details as { clocks: { kind: string; change: string }[] }).clocks;
    expect(moved.map((m) => m.kind)).toContain('ppc_preliminary');
    expect(moved.map((m) => m.kind)).not.toContain('notify_subjects');
    expect(moved.every((m) => m.change === 'moved')).toBe(true);
    const events = await t.ctx.db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, i.id));
    expect(events.find((e) => e.type === 'clock' && e.text.includes('把握日の訂正'))?.text).toContain('Deadlines moved');
    // an incident not yet assessed has no clocks to move
    const j = await incident({ awareAt: '2026-04-01T01:00:00Z' });
    const v = ((await manager.get(`/api/incidents/${j.id}`)).body as { version: number }).version;
    expect((await manager.patch(`/api/incidents/${j.id}`, { version: v, awareAt: '2026-03-31T01:00:00Z', occurredAt: '2026-03-31T01:00:00Z' })).status).toBe(200);
    expect(await clocks(manager, j.id)).toEqual({});
  });
});

describe('the clocks', () => {
  it('are done with a date and note, waived with a reason, and reopened — each on the timeline and audited', async () => {
    const i = await incident();
    await assess(manager, i.id);
    const base = `/api/incidents/${i.id}/clocks`;
    const seq = await lastAuditSeq(t);
    expect((await dc.post(`${base}/ppc_preliminary`, { action: 'done', doneAt: '2026-04-30T00:00:00Z' })).status).toBe(400); // in the future
    const done = (await dc.post(`${base}/ppc_preliminary`, { action: 'done', note: '受付番号 A-1' })).body as ClockDto;
    expect(done).toMatchObject({ state: 'done', note: '受付番号 A-1', doneBy: { id: ids.dc } });
    expect(errorCode(await dc.post(`${base}/ppc_preliminary`, { action: 'done' }))).toBe('BREACH_CLOCK_STATE');
    expect((await dc.post(`${base}/sponsor`, { action: 'waive', note: '企業スポンサーなし' })).status).toBe(400); // waiving is the manager's own route
    expect(((await manager.post(`${base}/sponsor/waiver`, { reason: '企業スポンサーなし' })).body as ClockDto).state).toBe('waived');
    expect(((await dc.post(`${base}/ppc_preliminary`, { action: 'reopen', note: '差し戻し' })).body as ClockDto).state).toBe('upcoming');
    expect(errorCode(await dc.post(`${base}/ppc_preliminary`, { action: 'reopen' }))).toBe('BREACH_CLOCK_STATE');
    expect((await dc.post(`${base}/unknown_kind`, { action: 'done' })).status).toBe(400);
    expect((await researcherA.post(`${base}/ppc_final`, { action: 'done' })).status).toBe(403);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['breach.clock_done', 'breach.clock_waived', 'breach.clock_reopened', 'authz.denied']);
    const events = await t.ctx.db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, i.id));
    expect(events.map((e) => e.type)).toEqual(['assessment', 'clock', 'clock', 'clock']);
    expect(events[1]!.text).toContain('受付番号 A-1');
    // a clock that does not exist for this incident
    const j = await incident();
    expect((await dc.post(`/api/incidents/${j.id}/clocks/ppc_final`, { action: 'done' })).status).toBe(404);
  });
});

describe('the draft PPC report', () => {
  it('downloads in PDF, DOCX and XLSX, in Japanese and English, with the key fields and blanks marked, audited', async () => {
    const i = await incident({ title: '症例データ入りUSBメモリの紛失（外来）' });
    await assess(dc, i.id, { peopleAffected: 37 }, { report: { dataItems: '氏名、カルテ番号、病名', cause: '施錠されていない引き出しに保管' } });
    const get = async (format: string, lang: string) => {
      const res = await dc.get(`/api/incidents/${i.id}/ppc-report?format=${format}&lang=${lang}&stage=preliminary`);
      expect(res.status, String(res.body).slice(0, 200)).toBe(200);
      return res;
    };
    const seq = await lastAuditSeq(t);
    const texts: Record<string, string> = {};
    for (const lang of ['ja', 'en']) {
      const pdf = await get('pdf', lang);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      texts[`pdf-${lang}`] = pdfText(pdf.raw.rawPayload).join('');
      const docx = await get('docx', lang);
      expect(String(docx.headers['content-disposition'])).toContain('.docx');
      const files = unzipSync(new Uint8Array(docx.raw.rawPayload));
      expect(Object.keys(files)).toEqual(expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml']));
      const xml = strFromU8(files['word/document.xml']!);
      expect(xml).toContain('<w:pStyle w:val="Heading1"/>');
      expect(xml).toContain('<w:tbl>');
      texts[`docx-${lang}`] = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n');
      const xlsx = await get('xlsx', lang);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.raw.rawPayload as unknown as ArrayBuffer);
      const cells: string[] = [];
      wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
      texts[`xlsx-${lang}`] = cells.join('\n');
    }
    for (const f of ['pdf', 'docx', 'xlsx']) {
      const ja = texts[`${f}-ja`]!;
      expect(ja, f).toContain(i.ref);
      expect(ja, f).toContain('個人データの漏えい等の報告（速報）');
      expect(ja, f).toContain('症例データ入りUSBメモリの紛失（外来）');
      expect(ja, f).toContain('氏名、カルテ番号、病名');
      expect(ja, f).toContain('37 人');
      expect(ja, f).toContain('施錠されていない引き出しに保管');
      expect(ja, f).toContain('再発防止のための措置');
      expect(ja, f).toContain('未記入'); // e.g. the public announcement
      const en = texts[`${f}-en`]!;
      expect(en, f).toContain('Number of people affected');
      expect(en, f).toContain('37 people');
      expect(en, f).toContain('To be completed');
      expect(en, f).toContain('Preliminary report to the PPC');
    }
    const audit = await auditAfter(t, seq);
    expect(audit.map((e) => e.action)).toEqual(Array(6).fill('breach.report_downloaded'));
    expect(audit[0]!.details).toMatchObject({ ref: i.ref, format: 'pdf', lang: 'ja', stage: 'preliminary' });
    // the final report; bad input; refusals
    expect(texts['pdf-ja']).not.toContain('報告（確報）');
    expect((await dc.get(`/api/incidents/${i.id}/ppc-report?format=docx&stage=final`)).status).toBe(200);
    expect((await dc.get(`/api/incidents/${i.id}/ppc-report?format=txt`)).status).toBe(400);
    expect((await researcherA.get(`/api/incidents/${i.id}/ppc-report?format=pdf`)).status).toBe(403);
  });

  it('is a Word package Word opens: A4, real headings, a facts table with a repeated header, page numbers, a Japanese font, labels in the report language', async () => {
    const i = await incident({ title: '紹介状の誤送付 <FAX> & "再送"' });
    await assess(dc, i.id, { peopleAffected: 3 }, { report: { dataItems: '氏名、生年月日' } });
    for (const lang of ['ja', 'en'] as const) {
      const res = await dc.get(`/api/incidents/${i.id}/ppc-report?format=docx&lang=${lang}&stage=final`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const zip = unzipSync(new Uint8Array(res.raw.rawPayload));
      const part = (name: string) => {
        expect(zip[name], name).toBeDefined();
        return strFromU8(zip[name]!);
      };
      // attribute order is the library's business: find each element, then check its attributes
      const tag = (xml: string, name: string, has: string) => [...xml.matchAll(new RegExp(`<${name}\\s[^>]*>`, 'g'))].map((m) => m[0]).filter((t) => t.includes(has));
      expect(tag(part('[Content_Types].xml'), 'Override', 'PartName="/word/document.xml"')[0]).toContain('ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"');
      expect(part('_rels/.rels')).toContain('Target="word/document.xml"');
      const doc = part('word/document.xml');
      const styles = part('word/styles.xml');
      const text = docxText(doc);
      // A4 portrait, headings that are Word's own styles, and table header rows that repeat on each page
      const pgSz = tag(doc, 'w:pgSz', 'w:w=');
      expect(pgSz).toHaveLength(1);
      expect(pgSz[0]).toContain('w:w="11906"');
      expect(pgSz[0]).toContain('w:h="16838"');
      for (const style of ['Title', 'Heading1', 'Heading2']) {
        expect(doc).toContain(`<w:pStyle w:val="${style}"/>`);
        expect(styles).toContain(`w:styleId="${style}"`);
      }
      expect(doc.match(/<w:tblHeader\/>/g)).toHaveLength(2);
      // Japanese renders in Word without our font: an east-asian font and the languages are declared
      expect(styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts [^>]*w:eastAsia="Yu Gothic"/);
      const language = tag(styles, 'w:lang', 'w:val=')[0];
      expect(language).toContain(`w:val="${lang === 'ja' ? 'ja-JP' : 'en-US'}"`);
      expect(language).toContain('w:eastAsia="ja-JP"');
      // the footer: the reference and a PAGE field
      const footerRel = /<Relationship [^>]*relationships\/footer"[^>]*>/.exec(part('word/_rels/document.xml.rels'))?.[0];
      expect(footerRel, 'a footer relationship').toBeDefined();
      expect(doc).toContain('<w:footerReference w:type="default"');
      const ftr = part(`word/${/Target="([^"]+)"/.exec(footerRel!)![1]}`);
      expect(ftr).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(docxText(ftr)).toContain(i.ref);
      // document properties
      const core = part('docProps/core.xml');
      expect(core).toContain('<dc:creator>Mamori</dc:creator>');
      expect(core).toContain(`<dc:title>${lang === 'ja' ? '個人データの漏えい等の報告（確報）下書き' : 'Report of a personal data breach (final) — draft'}</dc:title>`);
      // the content, with the record's own text kept as typed (escaped in the XML, whole in the text)
      expect(text).toContain('紹介状の誤送付 <FAX> & "再送"');
      expect(text).toContain('氏名、生年月日');
      expect(text).toContain(i.ref);
      if (lang === 'ja') {
        for (const label of ['項目', '内容', '管理番号', '作成日時（日本時間）', '発生日時', '把握日時', '報告受付日時', '関係機関', '判定', '1. 概要', '3. 本人の数', '9. その他参考となる事項', '報告・通知の期限と実施状況', '個人情報保護委員会への確報']) expect(text).toContain(label);
        expect(text).toContain('3 人');
        expect(text).toContain('未記入');
      } else {
        for (const label of ['Item', 'Content', 'Reference', 'Generated (Japan time)', 'Occurred', 'Became aware', 'Institution', 'Assessment', '1. Summary', '3. Number of people affected', '9. Other matters', 'Reporting deadlines and status', 'Final report to the PPC']) expect(text).toContain(label);
        expect(text).toContain('3 people');
        expect(text).toContain('To be completed');
        for (const label of ['管理番号', '未記入', '本人の数']) expect(text).not.toContain(label);
      }
    }
  });
});

describe('the clock settings', () => {
  it('are the manager’s; the legal clocks stay on; new settings apply to the next assessment', async () => {
    const s = (await manager.get('/api/breach/settings')).body as BreachSettingsDto;
    expect(s.clocks).toEqual(DEFAULT_CLOCK_SETTINGS);
    expect((await dc.get('/api/breach/settings')).status).toBe(403);
    const put = (clocks: unknown) => manager.request('PUT', '/api/breach/settings', { clocks });
    expect((await put([{ kind: 'ppc_final', enabled: false, dueDays: 30, overdueDays: 30, wrongfulDueDays: 60 }])).status).toBe(400);
    expect((await put([{ kind: 'ppc_preliminary', enabled: true, dueDays: 5, overdueDays: 3, wrongfulDueDays: null }])).status).toBe(400);
    expect((await put([{ kind: 'sponsor', enabled: true, dueDays: 5, overdueDays: 6, wrongfulDueDays: 9 }])).status).toBe(400);
    const seq = await lastAuditSeq(t);
    const res = await put([
      { kind: 'ppc_preliminary', enabled: true, dueDays: 2, overdueDays: 4, wrongfulDueDays: null },
      { kind: 'sponsor', enabled: false, dueDays: 7, overdueDays: 14, wrongfulDueDays: null },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['breach.settings_changed']);
    const i = await incident({ awareAt: '2026-04-01T01:00:00Z' });
    await assess(dc, i.id);
    const c = await clocks(dc, i.id);
    expect(c.sponsor).toBeUndefined();
    expect(c.ppc_preliminary).toMatchObject({ dueAt: '2026-04-03T14:59:59.000Z', overdueAt: '2026-04-05T14:59:59.000Z' });
    await put(DEFAULT_CLOCK_SETTINGS);
  });
});

describe('the deadline board', () => {
  it('lists the open clocks of the incidents the caller sees, soonest first, by state', async () => {
    const mine = await incident({ reportedBy: ids.researcherA, awareAt: '2026-03-31T01:00:00Z' });
    const theirs = await incident({ at: 'B', reportedBy: ids.researcherB });
    await assess(dc, mine.id);
    await assess(dc, theirs.id);
    const board = async (c: Client, qs = '') => {
      const res = await c.get(`/api/breach/board${qs}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body as BoardDto;
    };
    const a = await board(researcherA);
    expect(new Set(a.items.map((x) => x.incident.ref))).toContain(mine.ref);
    expect(a.items.map((x) => x.incident.ref)).not.toContain(theirs.ref);
    const b = await board(researcherB);
    expect(new Set(b.items.map((x) => x.incident.ref))).toEqual(new Set([theirs.ref]));
    const all = await board(manager, '?limit=500');
    const refs = all.items.map((x) => x.incident.ref);
    expect(refs).toEqual(expect.arrayContaining([mine.ref, theirs.ref]));
    const dues = all.items.map((x) => x.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(all.items.every((x) => !['done', 'waived'].includes(x.state))).toBe(true);
    // by state: the filter and the counts agree with each item's state
    for (const state of ['upcoming', 'due_soon', 'due', 'overdue'] as const) {
      const f = await board(manager, `?state=${state}&limit=500`);
      expect(f.items.every((x) => x.state === state), state).toBe(true);
      expect(f.items.length, state).toBe(all.counts[state]);
    }
    expect(all.counts.overdue).toBeGreaterThan(0); // the incident aware on 20 March
    expect((await board(manager, '?state=done')).items.every((x) => ['done', 'waived'].includes(x.state))).toBe(true);
    expect((await manager.get('/api/breach/board?state=late')).status).toBe(400);
    // the home page's count: due within 7 days or overdue, in the caller's sight
    const actorA = { kind: 'person' as const, personId: ids.researcherA, roles: [{ role: 'researcher' as const, institutionId: org.instA.id }], institutionIds: [org.instA.id], researchGroupIds: [], unitId: null, sessionId: null, ip: null, userAgent: null };
    const countA = await countClocksDueSoon(t.ctx.db, actorA as never, t.clock.now());
    expect(countA).toBe(a.items.filter((x) => x.daysLeft <= 7).length);
    expect(await countClocksDueSoon(t.ctx.db, system, t.clock.now())).toBeGreaterThan(countA);
  });
});

describe('reminders and escalation', () => {
  it('emails each stage of each clock once: due soon and due to the assignee and the manager, overdue also to the data center', async () => {
    const i = await incident({ awareAt: '2026-04-01T01:00:00Z', assigneeId: ids.assignee, title: '田中様のカルテ入りUSB' });
    await assess(dc, i.id);
    expect(t.ctx.jobs.names()).toContain('breach.clock_reminders');
    // the job's own function (runDue would run every module's jobs at each step)
    const run = async () => {
      await runClockReminders(t.ctx, t.clock.now());
      await t.ctx.mailer.flush();
    };
    const line = `${i.ref} 個人情報保護委員会への速報`;
    const lineEn = `${i.ref} Preliminary report to the PPC`;
    const mentions = (email: string, text: string) => smtp.to(email).filter((m) => m.text.includes(text));

    await at('2026-04-02T12:00:00Z'); // 21:00 JST on 2 April: nothing yet
    await run();
    expect(mentions(who.manager!.email, line)).toHaveLength(0);

    await at('2026-04-03T00:30:00Z'); // 3 April in Japan: the day before the due day
    await run();
    await run();
    const soon = await smtp.waitFor((m) => m.to.includes(who.manager!.email) && m.text.includes(line));
    expect(soon.subject).toContain('報告期限が明日です');
    expect(soon.text).toContain('2026-04-04 23:59');
    expect(soon.text).toContain(`/incidents/${i.id}`);
    expect(soon.text).not.toContain('田中');
    expect(mentions(who.assignee!.email, line)).toHaveLength(1);
    expect(mentions(who.dc!.email, lineEn)).toHaveLength(0);

    await at('2026-04-04T01:00:00Z'); // the due day
    await run();
    await run();
    await smtp.waitFor((m) => m.to.includes(who.manager!.email) && m.subject.includes('本日') && m.text.includes(line));
    expect(mentions(who.manager!.email, line)).toHaveLength(2);

    await at('2026-04-07T00:00:00Z'); // past the overdue instant (end of 6 April)
    await run();
    await run();
    const esc = await smtp.waitFor((m) => m.to.includes(who.dc!.email) && m.text.includes(lineEn));
    expect(esc.subject).toContain('[Urgent]'); // in the recipient's language
    expect(mentions(who.manager!.email, line)).toHaveLength(3);
    expect(mentions(who.assignee!.email, line)).toHaveLength(3);
    expect(mentions(who.dc!.email, lineEn)).toHaveLength(1);
    // a done clock is never reminded again
    await signInAll();
    expect((await dc.post(`/api/incidents/${i.id}/clocks/ppc_final`, { action: 'done', note: '確報提出' })).status).toBe(200);
    await at('2026-05-02T00:00:00Z');
    await run();
    expect(mentions(who.manager!.email, `${i.ref} 個人情報保護委員会への確報`)).toHaveLength(0);
  });
});

describe('waiving a clock, and closing the incident', () => {
  /** A resolved incident, assessed reportable (every clock pending), aware now. */
  async function resolvedReportable() {
    await signInAll();
    const i = await incident({ awareAt: t.clock.now().toISOString(), assigneeId: ids.assignee });
    await assess(manager, i.id);
    await t.ctx.db.update(incidents).set({ status: 'resolved' }).where(eq(incidents.id, i.id));
    return i;
  }
  const detail = async (id: string) => (await manager.get(`/api/incidents/${id}`)).body as IncidentDto;
  const close = async (id: string) => manager.post(`/api/incidents/${id}/status`, { to: 'closed', version: (await detail(id)).version });

  it('refuses to close while a reporting clock is pending, says which, and changes nothing', async () => {
    const i = await resolvedReportable();
    const before = await detail(i.id);
    expect(before.closeBlockers).toEqual({ openActions: 0, pendingClocks: [...CLOCK_ORDER] });
    const seq = await lastAuditSeq(t);
    const res = await close(i.id);
    expect([res.status, errorCode(res)]).toEqual([409, 'BREACH_CLOCKS_PENDING']);
    expect((res.body as { error: { details: unknown } }).error.details).toEqual({ pendingClocks: [...CLOCK_ORDER] });
    const [row] = await t.ctx.db.select().from(incidents).where(eq(incidents.id, i.id));
    expect(row).toMatchObject({ status: 'resolved', closedAt: null, version: before.version });
    expect((await auditAfter(t, seq)).map((e) => e.action).filter((a) => a !== 'incident.viewed')).toEqual([]); // reading it is audited; nothing else
    expect((await detail(i.id)).events.filter((e) => e.type === 'status_changed')).toEqual([]);
  });

  it('lets only the manager waive a pending clock, with a reason: kept on the clock, the timeline, the board and the audit log, and never reminded', async () => {
    const i = await resolvedReportable();
    const url = `/api/incidents/${i.id}/clocks/sponsor/waiver`;
    const seq = await lastAuditSeq(t);
    // the data center and the reporter may not (the permission is checked before the incident is looked up)
    expect((await dc.post(url, { reason: '企業スポンサーのない研究のため' })).status).toBe(403);
    expect((await researcherA.post(url, { reason: '企業スポンサーのない研究のため' })).status).toBe(403);
    // a reason is required: blank, too short or too long is refused
    for (const reason of ['', '    ', 'なし', 'x'.repeat(2001)]) expect((await manager.post(url, { reason })).status, reason).toBe(400);
    expect((await manager.post(url, {})).status).toBe(400);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied', 'authz.denied']);
    expect((await clocks(manager, i.id)).sponsor).toMatchObject({ state: 'upcoming', waived: false, waiverReason: null });

    const now = t.clock.now().toISOString();
    const res = await manager.post(url, { reason: '  企業スポンサーのない研究のため  ' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ state: 'waived', waived: true, waivedAt: now, waivedBy: { id: ids.manager }, waiverReason: '企業スポンサーのない研究のため', doneAt: null });
    const audit = await auditAfter(t, seq);
    expect(audit.map((e) => e.action)).toEqual(['authz.denied', 'authz.denied', 'breach.clock_waived']);
    expect(audit[2]).toMatchObject({ targetId: i.id, details: { ref: i.ref, kind: 'sponsor', reason: '企業スポンサーのない研究のため' } });
    const ev = (await detail(i.id)).events.filter((e) => e.type === 'clock');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.text).toContain('研究資金提供者・スポンサーへの報告');
    expect(ev[0]!.text).toContain('企業スポンサーのない研究のため');
    expect(ev[0]!.data).toMatchObject({ kind: 'sponsor', action: 'waive' });
    // not twice; the desk cannot undo it by reopening
    expect(errorCode(await manager.post(url, { reason: '企業スポンサーのない研究のため' }))).toBe('BREACH_CLOCK_STATE');
    expect(errorCode(await dc.post(`/api/incidents/${i.id}/clocks/sponsor`, { action: 'reopen' }))).toBe('BREACH_CLOCK_STATE');
    // the board: gone from the open clocks, listed with its waiver among the finished ones
    const open = (await manager.get('/api/breach/board?state=open&limit=500')).body as BoardDto;
    expect(open.items.filter((x) => x.incidentId === i.id).map((x) => x.kind)).not.toContain('sponsor');
    const finished = (await manager.get('/api/breach/board?state=done&limit=500')).body as BoardDto;
    expect(finished.items.find((x) => x.incidentId === i.id && x.kind === 'sponsor')).toMatchObject({ state: 'waived', waiverReason: '企業スポンサーのない研究のため', waivedBy: { id: ids.manager } });
    expect((await detail(i.id)).closeBlockers?.pendingClocks).not.toContain('sponsor');

    // past every due day: the reminder job reminds and escalates the pending clocks, never the waived one
    t.clock.set(new Date(t.clock.now().getTime() + 40 * 86_400_000));
    await runClockReminders(t.ctx, t.clock.now());
    const rows = await t.ctx.db.select().from(incidentClocks).where(eq(incidentClocks.incidentId, i.id));
    const notified = Object.fromEntries(rows.map((r) => [r.kind, r.notified]));
    expect(notified.sponsor).toEqual([]);
    expect(notified.ethics_committee).toContain('overdue');
    expect(notified.ppc_preliminary).toContain('overdue');

    // the manager may withdraw the waiver (audited): the clock is pending again
    await signInAll();
    const seq2 = await lastAuditSeq(t);
    expect((await dc.request('DELETE', url)).status).toBe(403);
    const back = await manager.request('DELETE', url);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ state: 'overdue', waived: false, waivedAt: null, waivedBy: null, waiverReason: null });
    expect(errorCode(await manager.request('DELETE', url))).toBe('BREACH_CLOCK_STATE');
    const audit2 = await auditAfter(t, seq2);
    expect(audit2.map((e) => e.action)).toEqual(['authz.denied', 'breach.clock_waiver_withdrawn']);
    expect(audit2[1]!.details).toMatchObject({ kind: 'sponsor', before: { reason: '企業スポンサーのない研究のため', waivedBy: ids.manager } });
    expect((await detail(i.id)).events.filter((e) => e.type === 'clock').map((e) => e.data.action)).toEqual(['waive', 'withdraw_waiver']);
  });

  it('closes once every clock is done or waived', async () => {
    const i = await resolvedReportable();
    for (const kind of ['ppc_preliminary', 'ppc_final', 'notify_subjects', 'institution_heads'] as const) {
      expect((await dc.post(`/api/incidents/${i.id}/clocks/${kind}`, { action: 'done', note: '実施済み' })).status).toBe(200);
    }
    expect((await detail(i.id)).closeBlockers).toEqual({ openActions: 0, pendingClocks: ['ethics_committee', 'sponsor', 'steering_committee'] });
    for (const kind of ['ethics_committee', 'sponsor']) expect((await manager.post(`/api/incidents/${i.id}/clocks/${kind}/waiver`, { reason: 'この研究では報告先に該当しない' })).status).toBe(200);
    const still = await close(i.id);
    expect([still.status, (still.body as { error: { details: unknown } }).error.details]).toEqual([409, { pendingClocks: ['steering_committee'] }]);
    expect((await manager.post(`/api/incidents/${i.id}/clocks/steering_committee/waiver`, { reason: '次回定例会で報告済みのため不要' })).status).toBe(200);
    expect((await detail(i.id)).closeBlockers).toBeNull();
    const closed = await close(i.id);
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeBlockers: null });
    // a closed incident's waivers and done clocks stay as they are
    expect(errorCode(await manager.request('DELETE', `/api/incidents/${i.id}/clocks/sponsor/waiver`))).toBe('BREACH_CLOCK_STATE');
    expect(errorCode(await dc.post(`/api/incidents/${i.id}/clocks/ppc_final`, { action: 'reopen' }))).toBe('BREACH_CLOCK_STATE');
  });
});

describe('the assessment of a freshly reported incident', () => {
  it('leaves what the reporter was never asked unanswered (null, not "no") and marks what they answered as from the report', async () => {
    await signInAll();
    const report = async (body: Record<string, unknown>) => {
      const res = await researcherA.post('/api/incidents', { kind: 'lost_device', title: `USBメモリの紛失 ${++n}`, ...body });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return (res.body as { id: string }).id;
    };
    // personal information, 12 people; special-care "don't know"; nothing said about encryption
    const a = await report({ personalInfo: 'yes', peopleAffected: 12, specialCare: null });
    const first = (await manager.get(`/api/incidents/${a}/assessment`)).body as AssessmentDto;
    expect(first.current).toBeNull();
    expect(first.draft).toEqual({ personalInfo: 'yes', peopleAffected: 12, moreThan1000: null, specialCare: null, financialRisk: null, wrongfulPurpose: null, encrypted: null, keySafe: null });
    expect(first.prefilled).toEqual(['personalInfo', 'peopleAffected']);
    // the reporter answered special-care and encryption: both come prefilled
    const b = await report({ personalInfo: 'yes', specialCare: true, encrypted: false });
    const second = (await manager.get(`/api/incidents/${b}/assessment`)).body as AssessmentDto;
    expect(second.draft).toMatchObject({ personalInfo: 'yes', peopleAffected: null, specialCare: true, encrypted: false, keySafe: null, financialRisk: null, wrongfulPurpose: null });
    expect(second.prefilled).toEqual(['personalInfo', 'specialCare', 'encrypted']);
    // saving the draft as it is keeps the unanswered questions unanswered, and the decision undetermined
    const saved = await manager.request('PUT', `/api/incidents/${a}/assessment`, { answers: first.draft, baseVersion: 0 });
    expect(saved.status).toBe(200);
    const after = saved.body as AssessmentDto;
    expect(after.current!.answers).toMatchObject({ specialCare: null, financialRisk: null, wrongfulPurpose: null });
    expect(after.current!.decision).toMatchObject({ result: 'undetermined', missing: ['specialCare', 'financialRisk', 'wrongfulPurpose'] });
    expect(after.prefilled).toEqual([]); // confirmed by the save
    const [row] = await t.ctx.db.select().from(incidents).where(eq(incidents.id, a));
    expect(row).toMatchObject({ specialCare: null, encrypted: null, keySafe: null });
  });
});
