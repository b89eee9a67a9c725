import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SteeringReportDto } from '../../../shared/steering.js';
import type { SanctionTypeList, ViolationDto } from '../../../shared/violations.js';
import { incidentActions, incidentClocks, incidents } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';
import { pdfText } from '../controls/pdf-text.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let manager: Client;
let steering: Client;
let researcher: Client;
let dc: Client;

const DAY = 86_400_000;
const KINDS = ['lost_device', 'misdelivery', 'malware', 'credential_loss'] as const;
const SEVERITIES = ['low', 'medium', 'high', 'critical', null] as const;
const CLOCKS = ['ppc_preliminary', 'ppc_final', 'notify_subjects'] as const;
// The report's period: 2026 Q1, Japan time; "now" is 2026-04-01 09:00 Japan time.
const FROM = '2026-01-01';
const TO = '2026-03-31';
const start = new Date('2026-01-01T00:00:00+09:00').getTime();
const end = new Date('2026-04-01T00:00:00+09:00').getTime();

interface GenIncident {
  id?: string;
  kind: string;
  severity: string | null;
  status: string;
  reportedAt: Date;
  clocks: { kind: string; overdueAt: Date; doneAt: Date | null; waived: boolean }[];
}
const generated: GenIncident[] = [];
const genActions: { kind: string; status: string; dueOn: string; createdAt: Date; closedAt: Date | null }[] = [];
const subjects: { familyNameJa: string; familyNameEn: string; id: string }[] = [];

/** A small deterministic data set: incidents in and around the period, clocks met / late / open / waived, actions. */
async function generate() {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  for (let i = 0; i < 60; i++) {
    // some before, most inside, some after the period; one exactly on each boundary
    const at = i === 0 ? new Date(start) : i === 1 ? new Date(end - 1) : i === 2 ? new Date(end) : i === 3 ? new Date(start - 1) : new Date(start - 20 * DAY + rnd() * 130 * DAY);
    const inc: GenIncident = { kind: pick(KINDS), severity: pick(SEVERITIES), status: rnd() < 0.15 ? 'dismissed' : pick(['reported', 'triaged', 'closed']), reportedAt: at, clocks: [] };
    if (rnd() < 0.4) {
      for (const kind of CLOCKS) {
        const overdueAt = new Date(at.getTime() + (3 + rnd() * 40) * DAY);
        const r = rnd();
        const doneAt = r < 0.4 ? new Date(overdueAt.getTime() - rnd() * 2 * DAY) : r < 0.6 ? new Date(overdueAt.getTime() + 1000 + rnd() * DAY) : null;
        inc.clocks.push({ kind, overdueAt, doneAt, waived: r > 0.93 });
      }
    }
    generated.push(inc);
  }
  const rows = await t.ctx.db
    .insert(incidents)
    .values(generated.map((g, i) => ({ ref: `INC-T-${String(i).padStart(4, '0')}`, kind: g.kind, title: `試験インシデント ${i}`, awareAt: g.reportedAt, reportedAt: g.reportedAt, status: g.status, severity: g.severity })))
    .returning({ id: incidents.id });
  generated.forEach((g, i) => (g.id = rows[i]!.id));
  const clocks = generated.flatMap((g) => g.clocks.map((c) => ({ incidentId: g.id!, kind: c.kind, dueAt: c.overdueAt, overdueAt: c.overdueAt, doneAt: c.doneAt, waived: c.waived })));
  await t.ctx.db.insert(incidentClocks).values(clocks);
  for (let i = 0; i < 40; i++) {
    const createdAt = new Date(start - 30 * DAY + rnd() * 120 * DAY);
    const status = pick(['open', 'in_progress', 'done', 'verified', 'accepted', 'cancelled']);
    const closedAt = ['verified', 'accepted', 'cancelled'].includes(status) ? new Date(createdAt.getTime() + rnd() * 20 * DAY) : null;
    const dueOn = new Date(Date.parse('2026-03-01') + rnd() * 60 * DAY).toISOString().slice(0, 10);
    genActions.push({ kind: pick(['corrective', 'preventive']), status, dueOn, createdAt, closedAt });
  }
  await t.ctx.db.insert(incidentActions).values(genActions.map((a, i) => ({ incidentId: generated[i % generated.length]!.id!, ref: `CA-T-${i}`, kind: a.kind, title: `処置 ${i}`, dueOn: a.dueOn, status: a.status, createdAt: a.createdAt, closedAt: a.closedAt })));
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date('2026-04-01T00:00:00Z'));
  org = await seedOrg(t);
  const managerId = (await seedPerson(t, { roles: [{ role: 'security_manager' }] })).id;
  manager = await sessionFor(t, managerId);
  steering = await sessionFor(t, (await seedPerson(t, { committeeIds: [org.steering.id], roles: [{ role: 'steering_committee_member', committeeId: org.steering.id }] })).id);
  researcher = await sessionFor(t, (await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] })).id);
  dc = await sessionFor(t, (await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id);
  await generate();
  // Sanctions: two subjects, one decided twice in the period, one decided after it.
  const sanctions = ((await manager.get('/api/sanction-types')).body as SanctionTypeList).items;
  for (const [fam, famEn] of [
    ['鈴木', 'Suzuki'],
    ['高橋', 'Takahashi'],
  ] as const) {
    const p = await seedPerson(t, { familyNameJa: fam, familyNameEn: famEn, institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    subjects.push({ familyNameJa: fam, familyNameEn: famEn, id: p.id });
  }
  const decide = async (subjectId: string, date: string, code: string) => {
    t.clock.set(new Date(`${date}T03:00:00Z`));
    manager = await sessionFor(t, managerId);
    const c = (await manager.post('/api/violations', { subjectId, clauseIds: ['P32-2.1.3a'], severity: 'moderate' })).body as ViolationDto;
    const res = await manager.post(`/api/violations/${c.id}/decision`, { sanctionTypeId: sanctions.find((s) => s.code === code)!.id, decidedOn: date, rationale: '試験' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  await decide(subjects[0]!.id, '2026-02-10', 'written_warning');
  await decide(subjects[1]!.id, '2026-03-05', 'caution');
  await decide(subjects[0]!.id, '2026-03-20', 'mandatory_retraining');
  await decide(subjects[1]!.id, '2026-04-01', 'caution');
  t.clock.set(new Date('2026-04-01T00:00:00Z'));
  manager = await sessionFor(t, managerId);
});
afterAll(() => t?.close());

/** The same numbers, counted here from what was generated. */
function expected() {
  const now = t.clock.now().getTime();
  const inPeriod = generated.filter((g) => g.reportedAt.getTime() >= start && g.reportedAt.getTime() < end);
  const byKind: Record<string, Record<string, number>> = {};
  for (const g of inPeriod) {
    const sev = g.severity ?? 'unassessed';
    byKind[g.kind] ??= {};
    byKind[g.kind]![sev] = (byKind[g.kind]![sev] ?? 0) + 1;
  }
  const byClock: Record<string, Record<string, number>> = {};
  for (const g of inPeriod) {
    for (const c of g.clocks) {
      const o = c.waived ? 'waived' : c.doneAt ? (c.doneAt.getTime() <= c.overdueAt.getTime() ? 'met' : 'missed') : c.overdueAt.getTime() < now ? 'overdue' : 'pending';
      byClock[c.kind] ??= { met: 0, missed: 0, pending: 0, overdue: 0, waived: 0 };
      byClock[c.kind]![o]!++;
    }
  }
  const open = genActions.filter((a) => ['open', 'in_progress', 'done'].includes(a.status));
  return {
    total: inPeriod.length,
    dismissed: inPeriod.filter((g) => g.status === 'dismissed').length,
    byKind,
    breaches: inPeriod.filter((g) => g.clocks.length).length,
    byClock,
    actions: {
      open: open.length,
      overdue: open.filter((a) => a.dueOn < '2026-04-01').length,
      createdInPeriod: genActions.filter((a) => a.createdAt.getTime() >= start && a.createdAt.getTime() < end).length,
      closedInPeriod: genActions.filter((a) => a.closedAt && a.closedAt.getTime() >= start && a.closedAt.getTime() < end).length,
    },
  };
}

describe('GET /api/steering-report', () => {
  it('gives the same numbers as an independent count of the generated data, deadlines met and missed included', async () => {
    const res = await manager.get(`/api/steering-report?from=${FROM}&to=${TO}&names=named`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const r = res.body as SteeringReportDto;
    const e = expected();
    expect(e.total).toBeGreaterThan(20);
    expect(e.breaches).toBeGreaterThan(3);
    expect(r.incidents.total).toBe(e.total);
    expect(r.incidents.dismissed).toBe(e.dismissed);
    expect(Object.fromEntries(r.incidents.byKind.map((k) => [k.kind, k.bySeverity]))).toEqual(e.byKind);
    expect(r.breaches.total).toBe(e.breaches);
    expect(Object.fromEntries(r.breaches.byClock.map(({ kind, ...v }) => [kind, v]))).toEqual(e.byClock);
    expect(r.breaches.items.every((b) => b.title !== null)).toBe(true);
    expect({ open: r.actions.open, overdue: r.actions.overdue, createdInPeriod: r.actions.createdInPeriod, closedInPeriod: r.actions.closedInPeriod }).toEqual(e.actions);
    // the sanctions decided in the period, named
    expect(r.sanctions.map((s) => [s.subjectJa.split(' ')[0], s.sanctionEn, s.decidedOn, s.affiliationEn])).toEqual([
      ['鈴木', 'Written warning', '2026-02-10', 'Hospital A'],
      ['高橋', 'Caution', '2026-03-05', 'Hospital A'],
      ['鈴木', 'Mandatory retraining', '2026-03-20', 'Hospital A'],
    ]);
    expect(r.summaryJa).toContain(`${e.total} 件`);
    expect(r.summaryEn).toContain(`${e.total} incidents were reported`);
  });

  it('numbers the subjects in the anonymized report and leaves out free-text titles', async () => {
    const r = (await manager.get(`/api/steering-report?from=${FROM}&to=${TO}&names=anonymized`)).body as SteeringReportDto;
    expect(r.sanctions.map((s) => [s.subjectEn, s.subjectJa, s.affiliationJa])).toEqual([
      ['Person 1', '対象者 1', '甲病院'],
      ['Person 2', '対象者 2', '甲病院'],
      ['Person 1', '対象者 1', '甲病院'],
    ]);
    expect(JSON.stringify(r)).not.toMatch(/鈴木|高橋|Suzuki|Takahashi|試験インシデント/);
  });

  it('lets steering committee members read the anonymized report only; other roles are refused', async () => {
    expect((await steering.get(`/api/steering-report?from=${FROM}&to=${TO}`)).status).toBe(200);
    const named = await steering.get(`/api/steering-report?from=${FROM}&to=${TO}&names=named`);
    expect([named.status, errorCode(named)]).toEqual([403, 'FORBIDDEN']);
    expect((await steering.get(`/api/steering-report/pdf?from=${FROM}&to=${TO}&names=named`)).status).toBe(403);
    expect((await researcher.get(`/api/steering-report?from=${FROM}&to=${TO}`)).status).toBe(403);
    expect((await dc.get(`/api/steering-report/pdf?from=${FROM}&to=${TO}`)).status).toBe(403);
    expect((await manager.get(`/api/steering-report?from=${TO}&to=${FROM}`)).status).toBe(400);
  });
});

describe('GET /api/steering-report/pdf', () => {
  it('is a Japanese PDF by default whose text reads back with the numbers; the download is audited', async () => {
    const seq = await lastAuditSeq(t);
    const res = await manager.get(`/api/steering-report/pdf?from=${FROM}&to=${TO}&names=named`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.raw.rawPayload;
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP/);
    const text = pdfText(pdf);
    const all = text.join('\n');
    expect(all).toContain('運営委員会への報告');
    expect(all).toContain('機器・媒体の紛失・盗難');
    expect(all).toContain('個人情報保護委員会への速報');
    expect(all).toContain('鈴木');
    expect(text).toContain(String(expected().total));
    expect(all).toContain('種類別の件数');
    const entries = await auditAfter(t, seq);
    expect(entries.map((e) => e.action)).toEqual(['steering_report.downloaded']);
    expect(entries[0]!.details).toMatchObject({ from: FROM, to: TO, lang: 'ja', names: 'named' });
  });

  it('in English on request, and anonymized without any subject name', async () => {
    const res = await steering.get(`/api/steering-report/pdf?from=${FROM}&to=${TO}&lang=en&names=anonymized`);
    expect(res.status).toBe(200);
    const all = pdfText(res.raw.rawPayload).join('\n');
    expect(all).toContain('Report to the steering committee');
    expect(all).toContain('Person 1');
    expect(all).toContain('Lost or stolen device');
    for (const s of subjects) {
      expect(all).not.toContain(s.familyNameJa);
      expect(all).not.toContain(s.familyNameEn);
    }
    expect(all).not.toContain('試験インシデント');
  });

  it('for a meeting, covers the days since the previous report', async () => {
    const r = (await manager.get('/api/steering-report?meeting=2026-06-30')).body as SteeringReportDto;
    expect(r).toMatchObject({ from: '2026-04-01', to: '2026-06-30', meeting: '2026-06-30', previous: { from: FROM, to: TO } });
  });
});
