import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoverageBreakdown, CoverageCounts, CoverageDimension, CoveragePeoplePage, CoverageSummary, MyTaskList } from '../../../shared/coverage.js';
import type { Role } from '../../../shared/roles.js';
import { courseAssignments, courses, documentAcknowledgments, documents, documentVersions, institutions, people, personInstitutions, personResearchGroups, roleAssignments, units } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';
import { pdfText } from '../controls/pdf-text.js';
import { queryRows } from '../../db/client.js';
import { summaryQueries, summaryScanQueries, type CoverageTarget } from './coverage.sql.js';
import { educationReportData } from './education-report.js';

/**
 * Coverage on a generated organization: every number the API gives equals a count done here in
 * plain TypeScript over the generated rows.
 */
let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let manager: Client;
let coordinatorA: Client;
let researcher: Client;
let committee: Client;
let me: { id: string };
let mine: Client;

const TODAY = '2026-06-15';
const EVERYONE = { roles: [], unitIds: [], institutionIds: [], researchGroupIds: [] };

/** A small deterministic random source (mulberry32), so a failure is reproducible. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

interface GenPerson {
  id: string;
  active: boolean;
  institutionIds: string[];
  researchGroupIds: string[];
  unitId: string | null;
  roles: Role[];
}
/** One generated assignment row: `target` is a version id (documents) or `course:cycle`. */
interface GenRow {
  target: string;
  personId: string;
  done: boolean;
  dueOn: string;
  cancelled: boolean;
  assignedAt: Date;
}

const gen = { people: [] as GenPerson[], rows: [] as GenRow[] };
const ids = {
  instC: '',
  instD: '',
  unitX: '',
  doc1: '',
  doc1v1: '',
  doc1v2: '',
  doc2: '',
  doc2v1: '',
  docNoAck: '',
  docNoAckV: '',
  course1: '',
  course2: '',
  courseDraft: '',
};

/** The independent count: rows of a target, not cancelled, of active people, optionally of one group. */
function expected(target: string, inGroup: (p: GenPerson) => boolean = () => true): CoverageCounts {
  const byId = new Map(gen.people.map((p) => [p.id, p]));
  const rows = gen.rows.filter((r) => r.target === target && !r.cancelled && byId.get(r.personId)!.active && inGroup(byId.get(r.personId)!));
  const done = rows.filter((r) => r.done).length;
  const overdue = rows.filter((r) => !r.done && r.dueOn < TODAY).length;
  return { assigned: rows.length, done, pending: rows.length - done, overdue, percentage: rows.length ? Math.round((done / rows.length) * 1000) / 10 : 0 };
}

async function generate() {
  const r = rng(20260615);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const db = t.ctx.db;
  ids.instC = (await db.insert(institutions).values({ code: `C-${randomUUID().slice(0, 6)}`, nameJa: '丙病院', nameEn: 'Hospital C', prefecture: '01' }).returning())[0]!.id;
  ids.instD = (await db.insert(institutions).values({ code: `D-${randomUUID().slice(0, 6)}`, nameJa: '丁病院', nameEn: 'Hospital D', prefecture: '40' }).returning())[0]!.id;
  ids.unitX = (await db.insert(units).values({ code: `OO-${randomUUID().slice(0, 6)}`, kind: 'operations_office', nameJa: '運営事務局', nameEn: 'Operations Office' }).returning())[0]!.id;
  const insts = [org.instA.id, org.instB.id, ids.instC, ids.instD];
  const groups = [org.rgA.id, org.rgB.id];
  const unitList = [org.dc.id, ids.unitX];

  const personRows: (typeof people.$inferInsert)[] = [];
  const instRows: (typeof personInstitutions.$inferInsert)[] = [];
  const groupRows: (typeof personResearchGroups.$inferInsert)[] = [];
  const roleRows: (typeof roleAssignments.$inferInsert)[] = [];
  for (let i = 0; i < 90; i++) {
    const central = r() < 0.15;
    const p: GenPerson = {
      id: randomUUID(),
      active: r() > 0.15,
      institutionIds: central ? [] : r() < 0.2 ? [pick(insts.slice(0, 2)), pick(insts.slice(2))] : [pick(insts)],
      researchGroupIds: central || r() < 0.3 ? [] : [pick(groups)],
      unitId: central ? pick(unitList) : null,
      roles: central ? ['data_center_staff'] : r() < 0.1 ? ['researcher', 'site_coordinator'] : [pick(['researcher', 'researcher', 'contractor'] as Role[])],
    };
    gen.people.push(p);
    const inactiveKind = p.active ? null : pick(['deactivated', 'suspended', 'invited']);
    personRows.push({
      id: p.id,
      familyNameJa: `生成${i}`,
      givenNameJa: '花子',
      familyNameKana: `セイセイ${String(i).padStart(3, '0')}`,
      familyNameEn: `Gen${String(i).padStart(3, '0')}`,
      givenNameEn: 'Hanako',
      email: `gen${i}.${p.id.slice(0, 6)}@example.jp`,
      unitId: p.unitId,
      accountStatus: inactiveKind === 'suspended' ? 'suspended' : inactiveKind === 'invited' ? 'invited' : 'active',
      deactivatedAt: inactiveKind === 'deactivated' ? new Date('2026-05-01T00:00:00Z') : null,
    });
    instRows.push(...p.institutionIds.map((institutionId) => ({ personId: p.id, institutionId })));
    groupRows.push(...p.researchGroupIds.map((researchGroupId) => ({ personId: p.id, researchGroupId })));
    roleRows.push(
      ...p.roles.map((role) => ({
        personId: p.id,
        role,
        institutionId: role === 'researcher' || role === 'site_coordinator' ? (p.institutionIds[0] ?? null) : null,
        unitId: role === 'data_center_staff' ? p.unitId : null,
      })),
    );
  }
  await db.insert(people).values(personRows);
  await db.insert(personInstitutions).values(instRows);
  await db.insert(personResearchGroups).values(groupRows);
  await db.insert(roleAssignments).values(roleRows);

  const doc = async (code: string, requiresAck = true) =>
    (await db.insert(documents).values({ code: `${code}-${randomUUID().slice(0, 4)}`, kind: 'policy', titleJa: `${code} 文書`, titleEn: `${code} document`, audience: EVERYONE, requiresAck }).returning())[0]!.id;
  const version = async (documentId: string, v: string, status: string, supersededAt: Date | null = null) =>
    (
      await db
        .insert(documentVersions)
        .values({ documentId, version: v, status, publishedAt: new Date('2026-04-02T00:00:00Z'), supersededAt, effectiveFrom: '2026-04-02' })
        .returning()
    )[0]!.id;
  ids.doc1 = await doc('POL');
  ids.doc1v1 = await version(ids.doc1, '1.0', 'superseded', new Date('2026-05-01T00:00:00Z'));
  ids.doc1v2 = await version(ids.doc1, '2.0', 'published');
  ids.doc2 = await doc('GL-HUM');
  ids.doc2v1 = await version(ids.doc2, '1.0', 'published');
  ids.docNoAck = await doc('FORM', false);
  ids.docNoAckV = await version(ids.docNoAck, '1.0', 'published');

  const course = async (code: string, status: string, recurrence: string) =>
    (await db.insert(courses).values({ code: `${code}-${randomUUID().slice(0, 4)}`, titleJa: `${code} 研修`, titleEn: `${code} course`, status, recurrence, audience: EVERYONE, maxAttempts: 3 }).returning())[0]!.id;
  ids.course1 = await course('TR-BASIC', 'published', 'none');
  ids.course2 = await course('TR-YEARLY', 'published', 'fiscal_year');
  ids.courseDraft = await course('TR-DRAFT', 'draft', 'none');

  const state = () => {
    const x = r();
    return x < 0.45 ? { done: true, dueOn: '2026-06-30', cancelled: false } : x < 0.7 ? { done: false, dueOn: '2026-07-15', cancelled: false } : x < 0.9 ? { done: false, dueOn: '2026-06-01', cancelled: false } : { done: r() < 0.5, dueOn: '2026-06-10', cancelled: true };
  };
  const assignedAt = new Date('2026-05-10T03:00:00Z');
  const docRows: (typeof documentAcknowledgments.$inferInsert)[] = [];
  const courseRows: (typeof courseAssignments.$inferInsert)[] = [];
  for (const p of gen.people) {
    for (const [documentId, versionId] of [
      [ids.doc1, ids.doc1v1],
      [ids.doc1, ids.doc1v2],
      [ids.doc2, ids.doc2v1],
      [ids.docNoAck, ids.docNoAckV],
    ] as const) {
      if (r() < 0.15) continue;
      const s = state();
      gen.rows.push({ target: versionId, personId: p.id, ...s, assignedAt });
      docRows.push({ documentId, versionId, personId: p.id, assignedAt, dueOn: s.dueOn, acknowledgedAt: s.done ? new Date('2026-05-20T01:00:00Z') : null, cancelledAt: s.cancelled ? new Date('2026-05-25T00:00:00Z') : null });
    }
    for (const [courseId, cycle, at] of [
      [ids.course1, 'once', assignedAt],
      [ids.course2, 'FY2026', assignedAt],
      [ids.course2, 'FY2025', new Date('2025-04-01T00:00:00Z')],
      [ids.courseDraft, 'once', assignedAt],
    ] as const) {
      if (r() < 0.15) continue;
      const s = state();
      gen.rows.push({ target: `${courseId}:${cycle}`, personId: p.id, ...s, assignedAt: at });
      courseRows.push({ courseId, cycle, personId: p.id, assignedAt: at, dueOn: cycle === 'FY2025' ? '2025-06-30' : s.dueOn, completedAt: s.done ? new Date('2026-05-21T01:00:00Z') : null, cancelledAt: s.cancelled ? new Date('2026-05-25T00:00:00Z') : null, attempts: s.done ? 1 : 0, bestScore: s.done ? 90 : null });
      if (cycle === 'FY2025') gen.rows[gen.rows.length - 1]!.dueOn = '2025-06-30';
    }
  }
  await db.insert(documentAcknowledgments).values(docRows);
  await db.insert(courseAssignments).values(courseRows);
}

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set('2026-06-15T03:00:00Z'); // noon in Japan, fiscal year 2026
  org = await seedOrg(t);
  await generate();
  manager = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'security_manager' }] })).id);
  const coord = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id }] });
  coordinatorA = await sessionFor(t, coord.id);
  researcher = await sessionFor(t, (await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] })).id);
  committee = await sessionFor(t, (await seedPerson(t, { committeeIds: [org.steering.id], roles: [{ role: 'steering_committee_member', committeeId: org.steering.id }] })).id);
  me = gen.people.find((p) => p.active && p.roles.includes('researcher'))!;
  mine = await sessionFor(t, me.id);
});
afterAll(() => t?.close());

const courseTarget = (id: string) => `${id}:FY2026`;

describe('GET /api/coverage', () => {
  it('counts each current item over active people and non-cancelled rows, exactly as an independent count', async () => {
    const res = await manager.get('/api/coverage');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const s = res.body as CoverageSummary;
    expect(s.today).toBe(TODAY);
    expect(s.institutionIds).toBeNull();
    const byKey = new Map(s.items.map((i) => [i.key, i]));
    // current items only: the superseded version, the document without acknowledgment and the draft course are not items
    expect([...byKey.keys()].sort()).toEqual([`doc:${ids.doc1}`, `doc:${ids.doc2}`, `course:${ids.course1}`, `course:${ids.course2}`].sort());
    expect(byKey.get(`doc:${ids.doc1}`)).toMatchObject({ version: '2.0', versionId: ids.doc1v2, counts: expected(ids.doc1v2) });
    expect(byKey.get(`doc:${ids.doc2}`)!.counts).toEqual(expected(ids.doc2v1));
    expect(byKey.get(`course:${ids.course1}`)).toMatchObject({ version: 'once', counts: expected(`${ids.course1}:once`) });
    // the yearly course counts this fiscal year's cycle only
    expect(byKey.get(`course:${ids.course2}`)).toMatchObject({ version: 'FY2026', counts: expected(courseTarget(ids.course2)) });
    // the generated data really mixes the cases
    const c = byKey.get(`doc:${ids.doc1}`)!.counts;
    expect(c.done).toBeGreaterThan(0);
    expect(c.overdue).toBeGreaterThan(0);
    expect(c.pending).toBeGreaterThan(c.overdue);
  });

  it('limits a site coordinator to the people of their institution, and refuses other roles', async () => {
    const s = (await coordinatorA.get('/api/coverage')).body as CoverageSummary;
    expect(s.institutionIds).toEqual([org.instA.id]);
    const item = s.items.find((i) => i.key === `doc:${ids.doc2}`)!;
    expect(item.counts).toEqual(expected(ids.doc2v1, (p) => p.institutionIds.includes(org.instA.id)));
    for (const c of [researcher, committee]) {
      const res = await c.get('/api/coverage');
      expect(res.status).toBe(403);
      expect(errorCode(res)).toBe('FORBIDDEN');
    }
  });
});

describe('GET /api/coverage/breakdown', () => {
  const groupOf: Record<CoverageDimension, (p: GenPerson) => (string | null)[]> = {
    institution: (p) => (p.institutionIds.length ? p.institutionIds : [null]),
    research_group: (p) => (p.researchGroupIds.length ? p.researchGroupIds : [null]),
    unit: (p) => [p.unitId],
    role: (p) => p.roles,
  };

  it.each(['institution', 'research_group', 'unit', 'role'] as const)('by %s equals the independent count per group (a person in two groups counts in both)', async (by) => {
    for (const [key, target] of [
      [`doc:${ids.doc1}`, ids.doc1v2],
      [`course:${ids.course2}`, courseTarget(ids.course2)],
    ]) {
      const res = await manager.get(`/api/coverage/breakdown?item=${key}&by=${by}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const b = res.body as CoverageBreakdown;
      const groups = new Set(gen.people.flatMap(groupOf[by]));
      const want = [...groups].map((g) => ({ id: g, counts: expected(target!, (p) => groupOf[by](p).includes(g)) })).filter((x) => x.counts.assigned > 0);
      const got = b.rows.map((r) => ({ id: r.id, counts: r.counts }));
      const sortById = (xs: { id: string | null }[]) => [...xs].sort((x, y) => String(x.id).localeCompare(String(y.id)));
      expect(sortById(got)).toEqual(sortById(want));
      expect(b.item.counts).toEqual(expected(target!));
    }
  });

  it('names the groups in Japanese and English', async () => {
    const b = (await manager.get(`/api/coverage/breakdown?item=doc:${ids.doc1}&by=institution`)).body as CoverageBreakdown;
    expect(b.rows.find((r) => r.id === ids.instC)).toMatchObject({ nameJa: '丙病院', nameEn: 'Hospital C' });
    const roles = (await manager.get(`/api/coverage/breakdown?item=doc:${ids.doc1}&by=role`)).body as CoverageBreakdown;
    expect(roles.rows.find((r) => r.id === 'researcher')).toMatchObject({ nameJa: '研究者', nameEn: 'Researcher' });
  });

  it('shows a site coordinator only their institution', async () => {
    const b = (await coordinatorA.get(`/api/coverage/breakdown?item=doc:${ids.doc1}&by=institution`)).body as CoverageBreakdown;
    expect(b.rows.map((r) => r.id)).toEqual([org.instA.id]);
    expect(b.rows[0]!.counts).toEqual(expected(ids.doc1v2, (p) => p.institutionIds.includes(org.instA.id)));
  });

  it('answers 404 for an item that is not current and 400 for a malformed one', async () => {
    for (const item of [`doc:${ids.docNoAck}`, `course:${ids.courseDraft}`, `doc:${randomUUID()}`]) expect((await manager.get(`/api/coverage/breakdown?item=${item}`)).status).toBe(404);
    const bad = await manager.get('/api/coverage/breakdown?item=policy:1&by=institution');
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
    expect((await manager.get(`/api/coverage/breakdown?item=doc:${ids.doc1}&by=shoe_size`)).status).toBe(400);
  });
});

describe('GET /api/coverage/people', () => {
  const names = (page: CoveragePeoplePage) => page.items.map((p) => p.personId).sort();
  const expectedPeople = (target: string, f: (p: GenPerson, r: GenRow) => boolean) => {
    const byId = new Map(gen.people.map((p) => [p.id, p]));
    return gen.rows
      .filter((r) => r.target === target && !r.cancelled && byId.get(r.personId)!.active && f(byId.get(r.personId)!, r))
      .map((r) => r.personId)
      .sort();
  };

  it('lists the people of one state and group for the manager', async () => {
    const res = await manager.get(`/api/coverage/people?item=doc:${ids.doc1}&institutionId=${ids.instC}&status=overdue&pageSize=200`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const page = res.body as CoveragePeoplePage;
    const want = expectedPeople(ids.doc1v2, (p, r) => p.institutionIds.includes(ids.instC) && !r.done && r.dueOn < TODAY);
    expect(names(page)).toEqual(want);
    expect(page.total).toBe(want.length);
    expect(page.items.every((p) => p.status === 'overdue' && p.doneAt === null)).toBe(true);
    const done = (await manager.get(`/api/coverage/people?item=course:${ids.course1}&status=done&role=contractor&pageSize=200`)).body as CoveragePeoplePage;
    expect(names(done)).toEqual(expectedPeople(`${ids.course1}:once`, (p, r) => r.done && p.roles.includes('contractor')));
    expect(done.items[0]?.doneAt).toBeTruthy();
  });

  it('pages in name order', async () => {
    const all = (await manager.get(`/api/coverage/people?item=doc:${ids.doc2}&pageSize=200`)).body as CoveragePeoplePage;
    const p2 = (await manager.get(`/api/coverage/people?item=doc:${ids.doc2}&pageSize=10&page=2`)).body as CoveragePeoplePage;
    expect(p2.total).toBe(all.total);
    expect(p2.items.map((p) => p.personId)).toEqual(all.items.slice(10, 20).map((p) => p.personId));
  });

  it('gives a site coordinator the people of their institution only; another institution is refused and audited', async () => {
    const own = (await coordinatorA.get(`/api/coverage/people?item=doc:${ids.doc2}&pageSize=200`)).body as CoveragePeoplePage;
    expect(names(own)).toEqual(expectedPeople(ids.doc2v1, (p) => p.institutionIds.includes(org.instA.id)));
    expect(own.items.every((p) => p.institutions.some((i) => i.id === org.instA.id))).toBe(true);
    const seq = await lastAuditSeq(t);
    const other = await coordinatorA.get(`/api/coverage/people?item=doc:${ids.doc2}&institutionId=${org.instB.id}`);
    expect(other.status).toBe(403);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied']);
    expect((await researcher.get(`/api/coverage/people?item=doc:${ids.doc2}`)).status).toBe(403);
  });
});

describe('exports', () => {
  it('writes the breakdown as CSV the way the screen shows it, and audits it', async () => {
    const seq = await lastAuditSeq(t);
    const res = await manager.get(`/api/coverage/export?item=doc:${ids.doc1}&by=institution&format=csv&lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const text = res.raw.body.replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('Institution,Code,Assigned,Done,Pending,Overdue,Coverage (%)');
    const total = expected(ids.doc1v2);
    expect(lines[1]).toContain(`,${total.assigned},${total.done},${total.pending},${total.overdue},${total.percentage}`);
    const c = expected(ids.doc1v2, (p) => p.institutionIds.includes(ids.instC));
    expect(lines.find((l) => l.startsWith('Hospital C,'))).toContain(`,${c.assigned},${c.done},${c.pending},${c.overdue},${c.percentage}`);
    const audit = await auditAfter(t, seq);
    expect(audit.map((e) => e.action)).toEqual(['coverage.exported']);
    expect(audit[0]!.details).toMatchObject({ item: `doc:${ids.doc1}`, by: 'institution', format: 'csv' });
  });

  it('writes XLSX (read back with exceljs) and, by person, the names a coordinator may see', async () => {
    const res = await manager.get(`/api/coverage/export?item=course:${ids.course2}&by=role&format=xlsx&lang=ja`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.raw.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe('役割');
    const researcherRow = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(1).value === '研究者')!;
    const want = expected(courseTarget(ids.course2), (p) => p.roles.includes('researcher'));
    expect(researcherRow.getCell(3).value).toBe(want.assigned);
    expect(researcherRow.getCell(4).value).toBe(want.done);

    const people = await coordinatorA.get(`/api/coverage/export?item=course:${ids.course2}&by=people&format=csv&lang=ja`);
    expect(people.status).toBe(200);
    const rows = people.raw.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
    const byId = new Map(gen.people.map((p) => [p.id, p]));
    const want2 = gen.rows.filter((r) => r.target === courseTarget(ids.course2) && !r.cancelled && byId.get(r.personId)!.active && byId.get(r.personId)!.institutionIds.includes(org.instA.id));
    expect(rows.length).toBe(want2.length);
    expect((await researcher.get(`/api/coverage/export?item=course:${ids.course2}&by=people&format=csv`)).status).toBe(403);
  });

  it('writes a PDF with the item and its numbers', async () => {
    const res = await manager.get(`/api/coverage/export?item=doc:${ids.doc2}&by=institution&format=pdf&lang=ja`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.raw.rawPayload).join('');
    expect(text).toContain('周知・教育の達成状況');
    expect(text).toContain('GL-HUM 文書');
    expect(text).toContain('丙病院');
    expect(text).toContain(`${expected(ids.doc2v1).percentage.toFixed(1)}%`);
  });
});

describe('GET /api/education-report', () => {
  it('counts the fiscal year’s assignments per course and document, with the previous year to compare', async () => {
    const data = await educationReportData(t.ctx.db, 2026, TODAY);
    const yearly = data.items.find((i) => i.id === ids.course2)!;
    const rows = gen.rows.filter((r) => r.target === `${ids.course2}:FY2026` && !r.cancelled);
    expect(yearly).toMatchObject({ audience: rows.length, completed: rows.filter((r) => r.done).length, overdue: rows.filter((r) => !r.done && r.dueOn < TODAY).length });
    const prev = gen.rows.filter((r) => r.target === `${ids.course2}:FY2025` && !r.cancelled);
    expect(yearly.previous).toMatchObject({ audience: prev.length, completed: prev.filter((r) => r.done).length });
    // the document counts every version assigned in the year
    const doc = data.items.find((i) => i.id === ids.doc1)!;
    expect(doc.audience).toBe(gen.rows.filter((r) => (r.target === ids.doc1v1 || r.target === ids.doc1v2) && !r.cancelled).length);
    expect(data.items.some((i) => i.id === ids.docNoAck)).toBe(false);
    expect(yearly.top.length).toBe(3);
    expect(yearly.top[0]!.percentage).toBeGreaterThanOrEqual(yearly.bottom[0]?.percentage ?? 0);
  });

  it('downloads as a PDF in Japanese or English for the manager and the steering committee, audited', async () => {
    const seq = await lastAuditSeq(t);
    const ja = await committee.get('/api/education-report?fy=2026&lang=ja');
    expect(ja.status).toBe(200);
    expect(ja.raw.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(ja.raw.rawPayload).join('');
    expect(text).toContain('2026 年度 情報セキュリティ教育・周知 報告書');
    expect(text).toContain('TR-YEARLY 研修');
    const en = await manager.get('/api/education-report?fy=2026&lang=en');
    expect(pdfText(en.raw.rawPayload).join('')).toContain('fiscal year 2026');
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['education_report.exported', 'education_report.exported']);
    expect((await researcher.get('/api/education-report?fy=2026')).status).toBe(403);
    expect((await manager.get('/api/education-report?fy=26')).status).toBe(400);
  });
});

describe('GET /api/my-tasks', () => {
  it('lists exactly the current items the person has not done, overdue first, with links', async () => {
    const res = await mine.get('/api/my-tasks');
    expect(res.status).toBe(200);
    const list = res.body as MyTaskList;
    const pending = gen.rows.filter((r) => r.personId === me.id && !r.done && !r.cancelled);
    const wantReads = pending.filter((r) => r.target === ids.doc1v2 || r.target === ids.doc2v1);
    const wantTakes = pending.filter((r) => r.target === `${ids.course1}:once` || r.target === `${ids.course2}:FY2026`);
    expect(list.tasks.filter((x) => x.kind === 'read').map((x) => x.kind === 'read' && x.versionId).sort()).toEqual(wantReads.map((r) => r.target).sort());
    expect(
      list.tasks
        .filter((x) => x.kind === 'take')
        .map((x) => x.kind === 'take' && `${x.courseId}:${x.cycle}`)
        .sort(),
    ).toEqual(wantTakes.map((r) => r.target).sort());
    const overdue = list.tasks.map((x) => x.overdue);
    expect(overdue).toEqual([...overdue].sort((a, b) => Number(b) - Number(a)));
    for (const x of list.tasks) {
      if (x.kind === 'read') expect(x.link).toBe(`/documents/${x.documentId}/read`);
      else {
        expect(x.link).toBe(`/training/assignments/${x.id}`);
        expect(x.attemptsLeft).toBe(3);
      }
    }
    const doneRows = gen.rows.filter((r) => r.personId === me.id && r.done); // what they did stays in their history, even if later cancelled
    expect(list.history.length).toBe(doneRows.length);
    expect(list.history.filter((h) => h.kind === 'completed').every((h) => h.certificateUrl?.endsWith('/certificate'))).toBe(true);
  });

  it('is empty for someone with nothing assigned', async () => {
    const list = (await researcher.get('/api/my-tasks')).body as MyTaskList;
    expect(list).toMatchObject({ today: TODAY, tasks: [], history: [] });
  });
});

describe('the running totals behind the summary', () => {
  it('follow every later change exactly as an independent count: completions, cancellations, moved due dates, removals, new rows, and accounts that stop or come back', async () => {
    const db = t.ctx.db;
    // accounts: three active people stop, two inactive ones come back (one statement each)
    const stop = gen.people.filter((p) => p.active && p.id !== me.id).slice(0, 3);
    const back = gen.people.filter((p) => !p.active).slice(0, 2);
    await db.update(people).set({ deactivatedAt: new Date('2026-06-15T03:00:00Z') }).where(inArray(people.id, stop.map((p) => p.id)));
    await db.update(people).set({ deactivatedAt: null, accountStatus: 'active' }).where(inArray(people.id, back.map((p) => p.id)));
    for (const p of stop) p.active = false;
    for (const p of back) p.active = true;

    // course 1: several rows completed, cancelled or moved to an earlier due date in one statement each
    const c1 = gen.rows.filter((x) => x.target === `${ids.course1}:once` && !x.done && !x.cancelled);
    expect(c1.length).toBeGreaterThan(9);
    const rowsOf = (xs: GenRow[]) => and(eq(courseAssignments.courseId, ids.course1), inArray(courseAssignments.personId, xs.map((x) => x.personId)));
    await db.update(courseAssignments).set({ completedAt: new Date('2026-06-14T00:00:00Z') }).where(rowsOf(c1.slice(0, 4)));
    await db.update(courseAssignments).set({ cancelledAt: new Date('2026-06-14T00:00:00Z') }).where(rowsOf(c1.slice(4, 7)));
    await db.update(courseAssignments).set({ dueOn: '2026-06-01' }).where(rowsOf(c1.slice(7, 10)));
    for (const x of c1.slice(0, 4)) x.done = true;
    for (const x of c1.slice(4, 7)) x.cancelled = true;
    for (const x of c1.slice(7, 10)) x.dueOn = '2026-06-01';
    // a reminder noted on every row moves no count
    await db.update(courseAssignments).set({ notified: ['due_soon'] }).where(eq(courseAssignments.courseId, ids.course1));

    // document 2: acknowledgments, one row removed, rows added for people who had none
    const d2 = gen.rows.filter((x) => x.target === ids.doc2v1);
    const open = d2.filter((x) => !x.done && !x.cancelled).slice(0, 3);
    await db
      .update(documentAcknowledgments)
      .set({ acknowledgedAt: new Date('2026-06-14T00:00:00Z') })
      .where(and(eq(documentAcknowledgments.versionId, ids.doc2v1), inArray(documentAcknowledgments.personId, open.map((x) => x.personId))));
    for (const x of open) x.done = true;
    const removed = d2.find((x) => !x.cancelled)!;
    await db.delete(documentAcknowledgments).where(and(eq(documentAcknowledgments.versionId, ids.doc2v1), eq(documentAcknowledgments.personId, removed.personId)));
    gen.rows.splice(gen.rows.indexOf(removed), 1);
    const without = gen.people.filter((p) => !gen.rows.some((x) => x.target === ids.doc2v1 && x.personId === p.id)).slice(0, 3);
    expect(without.length).toBeGreaterThan(0);
    const assignedAt = new Date('2026-06-15T03:00:00Z');
    await db.insert(documentAcknowledgments).values(without.map((p) => ({ documentId: ids.doc2, versionId: ids.doc2v1, personId: p.id, assignedAt, dueOn: '2026-06-12' })));
    gen.rows.push(...without.map((p) => ({ target: ids.doc2v1, personId: p.id, done: false, dueOn: '2026-06-12', cancelled: false, assignedAt })));

    const s = (await manager.get('/api/coverage')).body as CoverageSummary;
    const byKey = new Map(s.items.map((i) => [i.key, i.counts]));
    expect(byKey.get(`course:${ids.course1}`)).toEqual(expected(`${ids.course1}:once`));
    expect(byKey.get(`course:${ids.course2}`)).toEqual(expected(courseTarget(ids.course2)));
    expect(byKey.get(`doc:${ids.doc1}`)).toEqual(expected(ids.doc1v2));
    expect(byKey.get(`doc:${ids.doc2}`)).toEqual(expected(ids.doc2v1));

    // and the totals equal a count over the rows themselves, for every item, current or not
    const targets: CoverageTarget[] = [
      ...[ids.doc1v1, ids.doc1v2, ids.doc2v1, ids.docNoAckV].map((versionId) => ({ kind: 'document' as const, versionId })),
      ...([[ids.course1, 'once'], [ids.course2, 'FY2026'], [ids.course2, 'FY2025'], [ids.courseDraft, 'once']] as const).map(([courseId, cycle]) => ({ kind: 'course' as const, courseId, cycle })),
    ];
    const run = async (q: { documents: SQL | null; courses: SQL | null }) =>
      (await Promise.all([q.documents, q.courses].filter((x): x is SQL => x !== null).map((x) => queryRows(db, x)))).flat();
    // (FY2025 and FY2026 share a course id: compare them one cycle at a time)
    for (const target of targets) expect(await run(summaryQueries([target], TODAY, null))).toEqual(await run(summaryScanQueries([target], TODAY, null)));
  });
});
