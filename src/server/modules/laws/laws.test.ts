import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LawDto, LawList } from '../../../shared/laws.js';
import { laws } from '../../db/schema/index.js';
import { auditAfter, createTestApp, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';
import { seedLaws } from './laws.seed.js';

let t: TestEnv;
let dc: Client;
let researcher: Client;
let studyOffice: Client;

beforeAll(async () => {
  t = await createTestApp();
  const org = await seedOrg(t);
  dc = await sessionFor(t, (await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id);
  researcher = await sessionFor(t, (await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] })).id);
  studyOffice = await sessionFor(t, (await seedPerson(t, { unitId: org.so.id, roles: [{ role: 'study_office_staff', unitId: org.so.id }] })).id);
});
afterAll(() => t?.close());

const byKey = async (key: string) => (await t.ctx.db.select().from(laws).where(eq(laws.seedKey, key)))[0]!;

describe('the laws and norms register on a fresh install (P32-1.3)', () => {
  it('holds the laws and norms the policy names, readable by everyone signed in', async () => {
    const list = (await researcher.get('/api/laws')).body as LawList;
    const titles = list.items.map((l) => l.titleJa);
    for (const ti of ['個人情報の保護に関する法律', '臨床研究法', '医療法', '人を対象とする生命科学・医学系研究に関する倫理指針', 'プライバシーポリシー（ポリシー No. 31）', '情報セキュリティポリシー（ポリシー No. 32）'])
      expect(titles).toContain(ti);
    expect(list.items.find((l) => l.shortNameEn === 'APPI')).toMatchObject({ kind: 'law', referenceNumber: '平成15年法律第57号', status: 'in_force', seeded: true, verifiedOn: null });
    expect(list.items.find((l) => l.kind === 'ordinance')).toBeDefined();
    expect(list.items.find((l) => l.shortNameEn === 'Policy No. 32')).toMatchObject({ kind: 'internal_policy', lastRevisedOn: '2017-08-28' });
  });

  it('records that the 2021 guidelines replaced the medical and the genome research guidelines', async () => {
    const merged = (await researcher.get(`/api/laws/${(await byKey('ethical_guidelines_life_science')).id}`)).body as LawDto;
    expect(merged.replaces.map((l) => l.titleJa).sort()).toEqual(['ヒトゲノム・遺伝子解析研究に関する倫理指針', '人を対象とする医学系研究に関する倫理指針'].sort());
    expect(merged.revisions.map((r) => r.revisedOn)).toEqual(['2021-06-30', '2021-03-23']);
    const genome = (await researcher.get(`/api/laws/${(await byKey('ethical_guidelines_genome')).id}`)).body as LawDto;
    expect(genome).toMatchObject({ status: 'superseded', replacedBy: { id: merged.id } });
  });

  it('is seeded once: a second run adds nothing, and a retired entry stays retired', async () => {
    const medical = await byKey('medical_care_act');
    expect((await dc.patch(`/api/laws/${medical.id}`, { retired: true })).status).toBe(200);
    expect(await seedLaws(t.ctx.db)).toBe(0);
    expect((await byKey('medical_care_act')).retiredAt).not.toBeNull();
    const list = (await researcher.get('/api/laws')).body as LawList;
    expect(list.items.map((l) => l.id)).not.toContain(medical.id);
    const all = (await researcher.get('/api/laws?includeRetired=true')).body as LawList;
    expect(all.items.find((l) => l.id === medical.id)?.retired).toBe(true);
  });
});

describe('keeping the register', () => {
  it('lets the data center add a law and its revisions (audited); the latest revision date follows', async () => {
    const seq = await lastAuditSeq(t);
    const res = await dc.post('/api/laws', {
      titleJa: '医療情報システムの安全管理に関するガイドライン',
      titleEn: 'Guidelines for the Security Management of Medical Information Systems',
      kind: 'guideline',
      issuerJa: '厚生労働省',
      issuerEn: 'Ministry of Health, Labour and Welfare',
      url: 'https://www.mhlw.go.jp/',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const law = res.body as LawDto;
    const rev = await dc.post(`/api/laws/${law.id}/revisions`, { revisedOn: '2023-05', noteJa: '第6.0版', noteEn: 'Version 6.0' });
    expect(rev.status).toBe(201);
    expect(rev.body).toMatchObject({ lastRevisedOn: '2023-05', revisions: [{ revisedOn: '2023-05', noteEn: 'Version 6.0' }] });
    // An older revision does not move the latest date back.
    const older = (await dc.post(`/api/laws/${law.id}/revisions`, { revisedOn: '2017', noteJa: '第5版' })).body as LawDto;
    expect(older.lastRevisedOn).toBe('2023-05');
    expect(older.revisions.map((r) => r.revisedOn)).toEqual(['2023-05', '2017']);
    const removed = await dc.request('DELETE', `/api/laws/${law.id}/revisions/${older.revisions[1]!.id}`);
    expect((removed.body as LawDto).revisions).toHaveLength(1);
    const confirmed = await dc.patch(`/api/laws/${law.id}`, { verifiedOn: '2026-04-01' });
    expect(confirmed.body).toMatchObject({ verifiedOn: '2026-04-01' });
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['law.created', 'law.revision_added', 'law.revision_added', 'law.revision_removed', 'law.updated']);
    // Not yet confirmed since a day: what to check for new revisions.
    const stale = (await researcher.get('/api/laws?unverifiedSince=2026-01-01')).body as LawList;
    expect(stale.items.map((l) => l.id)).not.toContain(law.id);
    expect(stale.items.length).toBeGreaterThan(5);
  });

  it('refuses bad input and everyone but the manager and the data center (403)', async () => {
    expect((await dc.post('/api/laws', { titleJa: 'x', titleEn: 'x', kind: 'statute' })).status).toBe(400);
    expect((await dc.post('/api/laws', { titleJa: 'x', titleEn: 'x', kind: 'law', url: 'javascript:alert(1)' })).status).toBe(400);
    const appi = await byKey('appi');
    expect((await dc.post(`/api/laws/${appi.id}/revisions`, { revisedOn: '2026-13', noteJa: 'x' })).status).toBe(400);
    expect((await dc.post(`/api/laws/${appi.id}/revisions`, { revisedOn: '2026-01' })).status).toBe(400);
    expect((await researcher.post('/api/laws', { titleJa: 'x', titleEn: 'x', kind: 'law' })).status).toBe(403);
    expect((await studyOffice.patch(`/api/laws/${appi.id}`, { verifiedOn: '2026-04-01' })).status).toBe(403);
  });
});
