import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateAssetInput } from '../../../shared/assets.js';
import { CreateAsset } from '../../../shared/assets.js';
import type { RiskDto, RiskHeatmapDto, RiskMatrixDto, RiskPage, RiskProposalList, ThreatList } from '../../../shared/risks.js';
import { controls, mailOutbox, riskAssessments, risks, threats, vulnerabilities } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';
import { AssetsService } from '../assets/assets.service.js';
import { seedRiskCatalogue } from './catalogue.seed.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let sm: Client;
let dc: Client;
let researcherA: Client;
let researcherB: Client;
let smPerson: { id: string };
let owner: { id: string; email: string };
let threatByCode: Map<string, string>;

const DAY = 86_400_000;

/** An asset registered through the asset service (as the system). */
async function asset(over: Partial<CreateAssetInput> & { at?: 'A' | 'B' } = {}) {
  const { at = 'A', ...rest } = over;
  const inst = at === 'A' ? org.instA.id : org.instB.id;
  const input = CreateAsset.parse({
    kind: 'medium',
    type: 'usb_memory',
    name: `USBメモリ（症例データ） ${Math.random().toString(36).slice(2, 7)}`,
    category: 'medical',
    classification: 'confidential',
    confidentiality: 3,
    integrity: 2,
    availability: 2,
    ownerUnitId: org.dc.id,
    location: 'institution',
    locationInstitutionId: inst,
    institutionId: inst,
    researchGroupId: at === 'A' ? org.rgA.id : org.rgB.id,
    ...rest,
  });
  return (await new AssetsService(t.ctx).create(system, input)).id;
}

async function createRisk(c: Client, body: Record<string, unknown>) {
  const res = await c.post('/api/risks', { threatId: threatByCode.get('T-03'), inherentLikelihood: 3, inherentImpact: 4, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as RiskDto;
}

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
  smPerson = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
  sm = await sessionFor(t, smPerson.id);
  const dcPerson = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  dc = await sessionFor(t, dcPerson.id);
  owner = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  researcherA = await sessionFor(t, (await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] })).id);
  researcherB = await sessionFor(t, (await seedPerson(t, { institutionIds: [org.instB.id], researchGroupIds: [org.rgB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] })).id);
  threatByCode = new Map((await t.ctx.db.select().from(threats)).map((r) => [r.code, r.id]));
});
afterAll(() => t?.close());

describe('the catalogue on a fresh install', () => {
  it('holds the threats clinical research groups meet and their usual vulnerabilities, in Japanese and English', async () => {
    const list = (await researcherA.get('/api/threats')).body as ThreatList;
    const names = list.items.map((x) => x.nameEn);
    for (const n of ['Email sent to the wrong recipient', 'Fax sent to the wrong number', 'Ransomware and malware', 'Re-identification of pseudonymised data', 'Power loss', 'Insider misuse'])
      expect(names).toContain(n);
    const usb = list.items.find((x) => x.code === 'T-03')!;
    expect(usb.nameJa).toContain('USBメモリ');
    expect(usb.assetTypes).toContain('usb_memory');
    expect(usb.vulnerabilities.map((v) => v.nameEn)).toContain('Media or devices not encrypted');
    expect(list.items.every((x) => x.seeded && x.nameJa && x.nameEn)).toBe(true);
  });

  it('is seeded once: running the seed again adds nothing and keeps a retired entry retired', async () => {
    const res = await dc.patch(`/api/vulnerabilities/${(await t.ctx.db.select().from(vulnerabilities).where(eq(vulnerabilities.code, 'V-11')))[0]!.id}`, { retired: true });
    expect(res.status).toBe(200);
    expect(await seedRiskCatalogue(t.ctx.db)).toEqual({ threats: 0, vulnerabilities: 0 });
    const [v] = await t.ctx.db.select().from(vulnerabilities).where(eq(vulnerabilities.code, 'V-11'));
    expect(v!.retiredAt).not.toBeNull();
    expect(((await dc.get('/api/vulnerabilities')).body as { items: { code: string }[] }).items.map((x) => x.code)).not.toContain('V-11');
  });

  it('is edited by the data center (audited) and not by a researcher (403)', async () => {
    const seq = await lastAuditSeq(t);
    const res = await dc.post('/api/threats', { code: 'T-90', nameJa: '委託先からの再委託の無断実施', nameEn: 'Unapproved subcontracting by a supplier', source: 'third_party', assetTypes: ['service'], vulnerabilityIds: [] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['threat.created']);
    expect(errorCode(await dc.post('/api/threats', { code: 'T-90', nameJa: 'x', nameEn: 'x', source: 'technical' }))).toBe('DUPLICATE_CODE');
    expect((await researcherA.post('/api/threats', { code: 'T-91', nameJa: 'x', nameEn: 'x', source: 'technical' })).status).toBe(403);
  });
});

describe('the risk register', () => {
  it('registers a risk with its inherent level, lists it with filters and scopes it by asset', async () => {
    const a = await asset();
    const r = await createRisk(dc, { assetIds: [a], ownerPersonId: owner.id, nextReviewDate: '2026-03-01' });
    expect(r).toMatchObject({ ref: expect.stringMatching(/^R-\d{6}$/), inherent: { likelihood: 3, impact: 4, level: 'high' }, residual: null, status: 'open', reviewOverdue: true });
    expect(r.assessments.map((h) => h.kind)).toEqual(['created']);
    // A researcher at A reads it; at B it does not exist.
    expect((await researcherA.get(`/api/risks/${r.id}`)).status).toBe(200);
    expect((await researcherB.get(`/api/risks/${r.id}`)).status).toBe(404);
    expect(((await researcherB.get('/api/risks?pageSize=200')).body as RiskPage).items.map((x) => x.id)).not.toContain(r.id);
    // ... and nor can they change it.
    expect((await researcherA.patch(`/api/risks/${r.id}`, { title: 'x' })).status).toBe(403);
    const list = async (qs: string) => ((await sm.get(`/api/risks?pageSize=200&${qs}`)).body as RiskPage).items.map((x) => x.id);
    expect(await list('level=high')).toContain(r.id);
    expect(await list('level=low')).not.toContain(r.id);
    expect(await list('reviewOverdue=true')).toContain(r.id);
    expect(await list(`ownerId=${owner.id}`)).toEqual([r.id]);
    expect(await list('treatment=none')).toContain(r.id);
    expect(await list('treatment=reduce')).not.toContain(r.id);
    expect(await list('basis=inherent&likelihood=3&impact=4')).toContain(r.id);
    expect(await list('status=closed')).not.toContain(r.id);
    expect(await list(`q=${r.ref}`)).toEqual([r.id]);
  });

  it('refuses a risk on an asset the data center cannot see, changing nothing', async () => {
    const other = await asset({ at: 'B', ownerUnitId: org.so.id });
    const before = (await t.ctx.db.select().from(risks)).length;
    const res = await dc.post('/api/risks', { assetIds: [other], threatId: threatByCode.get('T-03'), inherentLikelihood: 2, inherentImpact: 2 });
    expect(res.status).toBe(400);
    expect((await t.ctx.db.select().from(risks)).length).toBe(before);
    // The manager sees every asset.
    expect((await sm.post('/api/risks', { assetIds: [other], threatId: threatByCode.get('T-03'), inherentLikelihood: 2, inherentImpact: 2 })).status).toBe(201);
  });

  it('keeps every assessment; a treatment with residual values moves it into treatment; controls are linked', async () => {
    const r = await createRisk(dc, { assetIds: [await asset()] });
    const seq = await lastAuditSeq(t);
    const res = await dc.post(`/api/risks/${r.id}/assessments`, { inherentLikelihood: 4, inherentImpact: 5, treatment: 'reduce', treatmentPlan: 'Encrypt every USB memory', residualLikelihood: 2, residualImpact: 3, note: 'after the audit' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = res.body as RiskDto;
    expect(after).toMatchObject({ inherent: { level: 'very_high' }, residual: { likelihood: 2, impact: 3, level: 'medium' }, treatment: 'reduce', status: 'in_treatment' });
    expect(after.assessments.map((h) => h.kind)).toEqual(['assessed', 'created']);
    expect(after.assessments[0]).toMatchObject({ note: 'after the audit', inherent: { likelihood: 4, impact: 5 } });
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['risk.assessed']);
    // Residual values come in pairs, and stay on the matrix.
    expect((await dc.post(`/api/risks/${r.id}/assessments`, { inherentLikelihood: 4, inherentImpact: 5, residualLikelihood: 2 })).status).toBe(400);
    expect((await dc.post(`/api/risks/${r.id}/assessments`, { inherentLikelihood: 6, inherentImpact: 5 })).status).toBe(400);

    const [c] = await t.ctx.db.insert(controls).values({ code: 'TEC-RISK-1', titleJa: '媒体の暗号化', titleEn: 'Encrypted media' }).returning();
    const linked = await dc.request('PUT', `/api/risks/${r.id}/controls`, { controlIds: [c!.id] });
    expect(linked.status).toBe(200);
    expect((linked.body as RiskDto).controls).toEqual([{ id: c!.id, code: 'TEC-RISK-1', titleJa: '媒体の暗号化', titleEn: 'Encrypted media' }]);
    expect((await dc.request('PUT', `/api/risks/${r.id}/controls`, { controlIds: ['00000000-0000-4000-8000-000000000000'] })).status).toBe(400);
  });

  it('counts risks per cell on the heat map, inherent next to residual', async () => {
    const a = await asset({ name: 'ヒートマップ用の資産' });
    const r1 = await createRisk(dc, { assetIds: [a], inherentLikelihood: 5, inherentImpact: 5 });
    await createRisk(dc, { assetIds: [a], inherentLikelihood: 5, inherentImpact: 5 });
    await dc.post(`/api/risks/${r1.id}/assessments`, { inherentLikelihood: 5, inherentImpact: 5, treatment: 'reduce', residualLikelihood: 1, residualImpact: 5 });
    const h = (await dc.get(`/api/risks/heatmap?assetId=${a}`)).body as RiskHeatmapDto;
    expect(h.inherent).toEqual([{ likelihood: 5, impact: 5, count: 2 }]);
    expect(h.residual).toEqual([{ likelihood: 1, impact: 5, count: 1 }]);
    expect(h).toMatchObject({ total: 2, withoutResidual: 1 });
    expect(h.matrix.levels.map((l) => l.key)).toEqual(['low', 'medium', 'high', 'very_high']);
    // A researcher at B sees none of them.
    expect(((await researcherB.get(`/api/risks/heatmap?assetId=${a}`)).body as RiskHeatmapDto).total).toBe(0);
  });
});

describe('proposals for an asset', () => {
  it('lists the usual risks for its kind and category not yet registered, and accepting one registers it', async () => {
    const a = await asset({ kind: 'medium', type: 'usb_memory', category: 'special_care' });
    const first = ((await dc.get(`/api/assets/${a}/risk-proposals`)).body as RiskProposalList).items;
    const codes = first.map((p) => p.threat.code);
    expect(codes).toContain('T-03'); // lost USB memory
    expect(codes).toContain('T-19'); // improper disposal of media
    expect(codes).not.toContain('T-01'); // email: information, not media
    expect(codes).not.toContain('T-13'); // power loss: places and servers
    const usb = first.find((p) => p.threat.code === 'T-03')!;
    // Special-care personal information: impact one step above the threat's usual 4.
    expect(usb).toMatchObject({ likelihood: 3, impact: 5, level: 'high' });
    expect(usb.vulnerabilities.map((v) => v.code)).toContain('V-01');

    const threatId = usb.threat.id;
    const seq = await lastAuditSeq(t);
    const res = await dc.post(`/api/assets/${a}/risk-proposals/${threatId}/accept`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const r = res.body as RiskDto;
    expect(r).toMatchObject({ source: 'proposal', inherent: { likelihood: 3, impact: 5 }, nextReviewDate: '2027-04-01' });
    expect(r.vulnerabilities.map((v) => v.code)).toEqual(usb.vulnerabilities.map((v) => v.code));
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['risk.created']);
    const again = ((await dc.get(`/api/assets/${a}/risk-proposals`)).body as RiskProposalList).items.map((p) => p.threat.code);
    expect(again).not.toContain('T-03');
    expect(errorCode(await dc.post(`/api/assets/${a}/risk-proposals/${threatId}/accept`, {}))).toBe('RISK_DUPLICATE');
    // Researchers see proposals for their institution's assets but cannot accept them; at B the asset does not exist.
    expect((await researcherA.get(`/api/assets/${a}/risk-proposals`)).status).toBe(200);
    expect((await researcherA.post(`/api/assets/${a}/risk-proposals/${threatByCode.get('T-19')}/accept`, {})).status).toBe(403);
    expect((await researcherB.get(`/api/assets/${a}/risk-proposals`)).status).toBe(404);
  });
});

describe('the risk matrix', () => {
  it('is changed by the manager only, and a change recomputes every risk’s inherent and residual level', async () => {
    const a = await asset();
    const r = await createRisk(dc, { assetIds: [a], inherentLikelihood: 2, inherentImpact: 3 }); // 6: medium
    await dc.post(`/api/risks/${r.id}/assessments`, { inherentLikelihood: 2, inherentImpact: 3, treatment: 'reduce', residualLikelihood: 1, residualImpact: 2 }); // 2: low
    const m = (await dc.get('/api/risk-matrix')).body as RiskMatrixDto;
    // A stricter matrix: every cell with likelihood ≥ 2 or impact ≥ 3 one level up; (1,2) becomes medium.
    const cells = m.cells.map((row) => [...row]);
    cells[1]![2] = 'high';
    cells[0]![1] = 'medium';
    const body = { likelihood: m.likelihood, impact: m.impact, levels: m.levels, cells, version: m.version };
    expect((await dc.request('PUT', '/api/risk-matrix', body)).status).toBe(403);
    const seq = await lastAuditSeq(t);
    const res = await sm.request('PUT', '/api/risk-matrix', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body as { recomputed: number }).recomputed).toBeGreaterThanOrEqual(1);
    const after = (await dc.get(`/api/risks/${r.id}`)).body as RiskDto;
    expect(after.inherent.level).toBe('high');
    expect(after.residual?.level).toBe('medium');
    expect(after.assessments[0]).toMatchObject({ kind: 'matrix_changed', inherent: { level: 'high' }, residual: { level: 'medium' } });
    const audit = await auditAfter(t, seq);
    expect(audit.map((e) => e.action)).toEqual(['risk_matrix.updated']);
    // Someone else's change in between is not overwritten.
    expect(errorCode(await sm.request('PUT', '/api/risk-matrix', body))).toBe('CONFLICT');
    // A matrix without the steps risks use is refused.
    const now = (await sm.get('/api/risk-matrix')).body as RiskMatrixDto;
    const small = { likelihood: now.likelihood.slice(0, 3), impact: now.impact.slice(0, 3), levels: now.levels, cells: now.cells.slice(0, 3).map((row) => row.slice(0, 3)), version: now.version };
    expect(errorCode(await sm.request('PUT', '/api/risk-matrix', small))).toBe('RISK_MATRIX_IN_USE');
    // An inconsistent one too.
    expect((await sm.request('PUT', '/api/risk-matrix', { ...small, cells: [['low']], version: now.version })).status).toBe(400);
    // Back to the defaults for the other tests.
    expect((await sm.request('PUT', '/api/risk-matrix', { ...body, cells: m.cells, version: now.version })).status).toBe(200);
  });
});

describe('risk acceptance', () => {
  it('is for the information security manager only, with a rationale and an expiry', async () => {
    const r = await createRisk(dc, { assetIds: [await asset()], ownerPersonId: owner.id });
    expect((await dc.post(`/api/risks/${r.id}/accept`, { rationale: 'Low value data', expiresOn: '2026-12-31' })).status).toBe(403);
    expect((await sm.post(`/api/risks/${r.id}/accept`, { rationale: 'Low value data', expiresOn: '2026-04-01' })).status).toBe(400);
    const seq = await lastAuditSeq(t);
    const res = await sm.post(`/api/risks/${r.id}/accept`, { rationale: 'Residual risk is within the group’s appetite', expiresOn: '2026-06-30' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', treatment: 'accept', acceptance: { rationale: 'Residual risk is within the group’s appetite', expiresOn: '2026-06-30', by: { id: smPerson.id } } });
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['risk.accepted']);
    // A reassessment at the same level keeps the acceptance; a different level ends it.
    const same = (await dc.post(`/api/risks/${r.id}/assessments`, { inherentLikelihood: 4, inherentImpact: 3 })).body as RiskDto; // 12: high, as 3 × 4
    expect(same.status).toBe('accepted');
    const changed = (await dc.post(`/api/risks/${r.id}/assessments`, { inherentLikelihood: 5, inherentImpact: 5 })).body as RiskDto;
    expect(changed).toMatchObject({ status: 'open', acceptance: null });
  });

  it('expires the day after its expiry date (Japan time): the risk needs review and its owner is told', async () => {
    const r = await createRisk(dc, { assetIds: [await asset()], ownerPersonId: owner.id });
    expect((await sm.post(`/api/risks/${r.id}/accept`, { rationale: 'Accepted until the new system arrives', expiresOn: '2026-05-31' })).status).toBe(200);
    t.clock.set('2026-05-31T23:50:00+09:00');
    await t.ctx.jobs.runDue(true);
    expect((await t.ctx.db.select().from(risks).where(eq(risks.id, r.id)))[0]!.status).toBe('accepted');
    t.clock.set('2026-06-01T00:10:00+09:00');
    const seq = await lastAuditSeq(t);
    await t.ctx.jobs.runDue(true);
    const [row] = await t.ctx.db.select().from(risks).where(eq(risks.id, r.id));
    expect(row!.status).toBe('needs_review');
    const history = await t.ctx.db.select().from(riskAssessments).where(and(eq(riskAssessments.riskId, r.id), eq(riskAssessments.kind, 'acceptance_expired')));
    expect(history).toHaveLength(1);
    expect((await auditAfter(t, seq)).filter((e) => e.targetId === r.id).map((e) => e.action)).toEqual(['risk.acceptance_expired']);
    const mail = await t.ctx.db.select().from(mailOutbox).where(and(eq(mailOutbox.personId, owner.id), eq(mailOutbox.template, 'risk.acceptance_expired')));
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toContain(r.ref);
    // Only once.
    t.clock.advance(2 * DAY);
    await t.ctx.jobs.runDue(true);
    expect(await t.ctx.db.select().from(mailOutbox).where(and(eq(mailOutbox.personId, owner.id), eq(mailOutbox.template, 'risk.acceptance_expired')))).toHaveLength(1);
  });
});
