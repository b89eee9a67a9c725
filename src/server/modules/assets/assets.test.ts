import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetDashboardDto, AssetDto, AssetHistoryEntryDto, AssetPage, CreateAssetInput, SavedViewDto } from '../../../shared/assets.js';
import { assets, laws } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, fieldPaths, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';
import { makeRegistries } from '../org/registries.js';
import { assetScope } from '../../authz/scopes/assets.js';
import { AssetsService } from './assets.service.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let ops: { id: string };
let manager: Client;
let dc: Client;
let opsStaff: Client;
let researcherA: Client;
let researcherAId: string;
let coordinatorB: Client;
let contractor: Client;
let contractorId: string;
let studyA: string;
let lawId: string;

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
  const reg = makeRegistries(t.ctx);
  ops = (await reg.units.create(system, { code: 'OPS-AS', kind: 'operations_office', nameJa: '運営事務局', nameEn: 'Operations Office' })) as { id: string };
  studyA = ((await reg.studies.create(system, { code: 'ST-AS', titleJa: '甲試験', titleEn: 'Study A', researchGroupId: org.rgA.id })) as { id: string }).id;
  lawId = (await t.ctx.db.insert(laws).values({ titleJa: '個人情報の保護に関する法律（試験）', titleEn: 'APPI (test)' }).returning({ id: laws.id }))[0]!.id;
  manager = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'security_manager' }] })).id);
  dc = await sessionFor(t, (await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id);
  opsStaff = await sessionFor(t, (await seedPerson(t, { unitId: ops.id, roles: [{ role: 'operations_office_staff', unitId: ops.id }] })).id);
  researcherAId = (await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] })).id;
  researcherA = await sessionFor(t, researcherAId);
  coordinatorB = await sessionFor(
    t,
    (await seedPerson(t, { institutionIds: [org.instB.id], researchGroupIds: [org.rgB.id], roles: [{ role: 'site_coordinator', institutionId: org.instB.id, researchGroupId: org.rgB.id }] })).id,
  );
  contractorId = (await seedPerson(t, { roles: [{ role: 'contractor' }] })).id;
  contractor = await sessionFor(t, contractorId);
});
afterAll(() => t?.close());

const base = (over: Partial<CreateAssetInput> = {}): CreateAssetInput => ({
  kind: 'information',
  type: 'data_set',
  name: '症例報告書データ',
  description: '',
  category: 'personal',
  classification: 'confidential',
  confidentiality: 3,
  integrity: 2,
  availability: 1,
  ownerUnitId: org.dc.id,
  location: 'data_center',
  ...over,
});
const create = async (c: Client, over: Partial<CreateAssetInput> = {}) => {
  const res = await c.post('/api/assets', base(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as AssetDto;
};
const list = async (c: Client, qs: string) => {
  const res = await c.get(`/api/assets?pageSize=200&${qs}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as AssetPage;
};
const refs = (p: AssetPage) => p.items.map((i) => i.name).sort();

describe('registering, changing and disposing of an asset', () => {
  it('registers with a reference number, an importance from C/I/A, links, history and an audit entry', async () => {
    const seq = await lastAuditSeq(t);
    const a = await create(dc, { name: '臨床試験データベース', kind: 'system', type: 'application', category: 'medical', rtoHours: 24, rpoHours: 4, backupMethod: '日次フルバックアップ（暗号化、遠隔地保管）', lastRestoreTestOn: '2026-02-10', studyIds: [studyA], lawIds: [lawId] });
    expect(a.ref).toMatch(/^A-\d{6}$/);
    expect(a.importance).toBe(3);
    expect(a.version).toBe(1);
    expect(a.studies.map((s) => s.id)).toEqual([studyA]);
    expect(a.laws.map((l) => l.id)).toEqual([lawId]);
    expect(a.rtoHours).toBe(24);
    expect(a.canManage).toBe(true);
    const audit = await auditAfter(t, seq);
    expect(audit.map((e) => e.action)).toEqual(['asset.created']);
    const h = (await dc.get(`/api/assets/${a.id}/history`)).body as { items: AssetHistoryEntryDto[] };
    expect(h.items[0]!.action).toBe('created');
    expect(h.items[0]!.changes.find((c) => c.field === 'name')).toEqual({ field: 'name', before: null, after: '臨床試験データベース' });
  });

  it('updates with optimistic concurrency and records each field before and after', async () => {
    const a = await create(dc, { name: '解析用データセット', category: 'analysis', classification: 'internal', confidentiality: 2 });
    const res = await dc.patch(`/api/assets/${a.id}`, { name: '解析用データセット（固定後）', availability: 3, version: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const b = res.body as AssetDto;
    expect([b.version, b.importance, b.name]).toEqual([2, 3, '解析用データセット（固定後）']);
    const stale = await dc.patch(`/api/assets/${a.id}`, { name: 'stale', version: 1 });
    expect([stale.status, errorCode(stale)]).toEqual([409, 'ASSET_VERSION_CONFLICT']);
    const h = ((await dc.get(`/api/assets/${a.id}/history`)).body as { items: AssetHistoryEntryDto[] }).items;
    expect(h.map((e) => e.action)).toEqual(['updated', 'created']);
    expect(h[0]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'name', before: '解析用データセット', after: '解析用データセット（固定後）' },
        { field: 'availability', before: 1, after: 3 },
        { field: 'importance', before: 2, after: 3 },
      ]),
    );
  });

  it('disposes with a record (who, when, how, certificate) and refuses further changes', async () => {
    const a = await create(dc, { name: '旧サーバーのハードディスク', kind: 'medium', type: 'external_disk', category: 'other_confidential', retentionUntil: '2026-03-31', disposalMethod: 'physical_destruction' });
    const seq = await lastAuditSeq(t);
    const res = await dc.post(`/api/assets/${a.id}/dispose`, { disposedOn: '2026-04-01', method: 'physical_destruction', performedBy: '廃棄業者 株式会社テスト', certificateNote: '破壊証明書 No. 2026-0042（データセンター書庫）', version: 1 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body as AssetDto;
    expect(d.status).toBe('disposed');
    expect(d.disposal).toMatchObject({ disposedOn: '2026-04-01', method: 'physical_destruction', certificateNote: '破壊証明書 No. 2026-0042（データセンター書庫）' });
    expect(d.disposal!.recordedBy).not.toBeNull();
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['asset.disposed']);
    const again = await dc.patch(`/api/assets/${a.id}`, { name: 'x', version: 2 });
    expect([again.status, errorCode(again)]).toEqual([409, 'ASSET_DISPOSED']);
    // disposed assets leave the default list but stay in the register
    expect(refs(await list(dc, `q=${encodeURIComponent('旧サーバー')}`))).toEqual([]);
    expect(refs(await list(dc, `q=${encodeURIComponent('旧サーバー')}&status=disposed`))).toEqual(['旧サーバーのハードディスク']);
  });

  it('links and unlinks laws and studies, and refuses a parent that would make a cycle', async () => {
    const system1 = await create(dc, { name: 'EDCシステム', kind: 'system', type: 'service', category: 'medical' });
    const dataSet = await create(dc, { name: 'EDC内の症例データ' });
    const withParent = await dc.request('PUT', `/api/assets/${dataSet.id}/parent`, { parentId: system1.id });
    expect(withParent.status, JSON.stringify(withParent.body)).toBe(200);
    expect((withParent.body as AssetDto).parent?.id).toBe(system1.id);
    const parentView = (await dc.get(`/api/assets/${system1.id}`)).body as AssetDto;
    expect(parentView.children.map((c) => c.id)).toEqual([dataSet.id]);
    const cycle = await dc.request('PUT', `/api/assets/${system1.id}/parent`, { parentId: dataSet.id });
    expect([cycle.status, errorCode(cycle)]).toEqual([422, 'ASSET_CYCLE']);
    const self = await dc.request('PUT', `/api/assets/${system1.id}/parent`, { parentId: system1.id });
    expect([self.status, errorCode(self)]).toEqual([422, 'ASSET_CYCLE']);
    const linked = await dc.request('PUT', `/api/assets/${dataSet.id}/laws/${lawId}`);
    expect((linked.body as AssetDto).laws.map((l) => l.id)).toEqual([lawId]);
    const unlinked = await dc.request('DELETE', `/api/assets/${dataSet.id}/laws/${lawId}`);
    expect((unlinked.body as AssetDto).laws).toEqual([]);
    const st = await dc.request('PUT', `/api/assets/${dataSet.id}/studies/${studyA}`);
    expect((st.body as AssetDto).studies.map((s) => s.id)).toEqual([studyA]);
    const h = ((await dc.get(`/api/assets/${dataSet.id}/history`)).body as { items: AssetHistoryEntryDto[] }).items;
    expect(h.map((e) => e.action)).toEqual(['linked', 'unlinked', 'linked', 'linked', 'created']);
  });
});

describe('consistency rules', () => {
  it('refuses a public classification for confidential categories (422 CLASSIFICATION_INCONSISTENT), on create and on update', async () => {
    for (const category of ['personal', 'special_care', 'medical', 'analysis', 'safety', 'other_confidential'] as const) {
      const res = await dc.post('/api/assets', base({ category, classification: 'public' }));
      expect([category, res.status, errorCode(res)]).toEqual([category, 422, 'CLASSIFICATION_INCONSISTENT']);
    }
    const special = await dc.post('/api/assets', base({ category: 'special_care', classification: 'internal' }));
    expect(errorCode(special)).toBe('CLASSIFICATION_INCONSISTENT');
    const paper = await create(dc, { name: '学会発表スライド', category: 'public', classification: 'public', confidentiality: 1, kind: 'information', type: 'document' });
    const res = await dc.patch(`/api/assets/${paper.id}`, { category: 'safety', version: 1 });
    expect([res.status, errorCode(res)]).toEqual([422, 'CLASSIFICATION_INCONSISTENT']);
  });

  it('checks type against kind, the C/I/A scale, the institution of an institution location, and continuity for systems only', async () => {
    const res = await dc.post('/api/assets', base({ kind: 'medium', type: 'database', confidentiality: 4, location: 'institution', rtoHours: 8 }));
    expect(res.status).toBe(400);
    expect(fieldPaths(res).sort()).toEqual(['confidentiality', 'locationInstitutionId', 'rtoHours', 'type']);
  });

  it('keeps the C/I/A scale in the settings: raising it allows higher values; lowering below values in use is refused', async () => {
    expect((await dc.get('/api/assets/settings')).body).toEqual({ ciaMax: 3 });
    expect((await dc.request('PUT', '/api/assets/settings', { ciaMax: 5 })).status).toBe(403);
    expect((await manager.request('PUT', '/api/assets/settings', { ciaMax: 5 })).status).toBe(200);
    const high = await create(dc, { name: '高可用性ネットワーク', kind: 'system', type: 'network', category: 'other_confidential', availability: 5 });
    expect(high.importance).toBe(5);
    const lower = await manager.request('PUT', '/api/assets/settings', { ciaMax: 3 });
    expect([lower.status, errorCode(lower)]).toEqual([409, 'CONFLICT']);
  });
});

describe('list, search and dashboard', () => {
  let ids: Record<string, string> = {};
  beforeAll(async () => {
    const mk = async (key: string, over: Partial<CreateAssetInput>) => (ids[key] = (await create(dc, over)).id);
    ids = {};
    await mk('crf', { name: '紙の症例報告書（甲病院）', description: '施設内の鍵付き書庫で保管', kind: 'medium', type: 'paper', category: 'special_care', location: 'institution', locationInstitutionId: org.instA.id, retentionUntil: '2026-03-01' });
    await mk('usb', { name: 'USBメモリ（暗号化）', description: 'Transfer of pseudonymised data', kind: 'medium', type: 'usb_memory', category: 'personal', location: 'institution', locationInstitutionId: org.instB.id, confidentiality: 2 });
    await mk('poster', { name: 'Conference poster 2025', kind: 'information', type: 'document', category: 'public', classification: 'public', confidentiality: 1, integrity: 1, availability: 1, location: 'external_service', locationDetail: '学会ウェブサイト' });
    ids.safety = (await create(manager, { name: '重篤な有害事象の報告', description: '安全性情報の一覧', category: 'safety', classification: 'internal', researchGroupId: org.rgA.id, ownerUnitId: ops.id, location: 'operations_office' })).id;
  });

  it('filters by category, classification, kind, location, institution, importance and retention due', async () => {
    expect(refs(await list(dc, 'category=special_care'))).toContain('紙の症例報告書（甲病院）');
    expect(refs(await list(dc, 'classification=public'))).toEqual(['Conference poster 2025', '学会発表スライド']);
    expect(refs(await list(dc, 'kind=medium&type=usb_memory'))).toEqual(['USBメモリ（暗号化）']);
    expect(refs(await list(dc, `institutionId=${org.instA.id}`))).toEqual(['紙の症例報告書（甲病院）']);
    expect(refs(await list(dc, 'location=external_service'))).toEqual(['Conference poster 2025']);
    expect((await list(dc, 'importanceMin=3')).items.every((i) => i.importance >= 3)).toBe(true);
    expect(refs(await list(dc, 'retentionDueBefore=today'))).toEqual(['紙の症例報告書（甲病院）']);
    const bad = await dc.get('/api/assets?category=secret');
    expect(bad.status).toBe(400);
  });

  it('searches names, descriptions and references, Japanese text included, case-insensitively', async () => {
    expect(refs(await list(dc, `q=${encodeURIComponent('症例報告')}`))).toEqual(expect.arrayContaining(['紙の症例報告書（甲病院）']));
    expect(refs(await list(dc, `q=${encodeURIComponent('鍵付き')}`))).toEqual(['紙の症例報告書（甲病院）']);
    expect(refs(await list(dc, `q=${encodeURIComponent('書庫 甲病院')}`))).toEqual(['紙の症例報告書（甲病院）']);
    expect(refs(await list(dc, 'q=PSEUDONYMISED'))).toEqual(['USBメモリ（暗号化）']);
    expect(refs(await list(dc, `q=${encodeURIComponent('紙')}`))).toEqual(['紙の症例報告書（甲病院）']);
    expect(refs(await list(dc, 'q=100%25'))).toEqual([]);
    const crf = (await dc.get(`/api/assets/${ids.crf}`)).body as AssetDto;
    expect(refs(await list(dc, `q=${crf.ref}`))).toEqual(['紙の症例報告書（甲病院）']);
    expect(refs(await list(dc, `q=a${Number(crf.ref.slice(2))}`))).toEqual(['紙の症例報告書（甲病院）']);
  });

  it('sorts and pages', async () => {
    const p1 = await dc.get('/api/assets?sort=ref&dir=asc&pageSize=2&page=1');
    const p2 = await dc.get('/api/assets?sort=ref&dir=asc&pageSize=2&page=2');
    const a = (p1.body as AssetPage).items.map((i) => i.ref);
    const b = (p2.body as AssetPage).items.map((i) => i.ref);
    expect(a.length).toBe(2);
    expect([...a, ...b]).toEqual([...a, ...b].slice().sort());
    const imp = (await list(dc, 'sort=importance&dir=desc')).items.map((i) => i.importance);
    expect(imp).toEqual(imp.slice().sort((x, y) => y - x));
    expect((p1.body as AssetPage).total).toBeGreaterThan(4);
  });

  it('keeps saved views per person', async () => {
    const res = await researcherA.post('/api/assets/views', { name: '要配慮', query: { category: 'special_care', sort: 'name' } });
    expect(res.status).toBe(201);
    const mine = (await researcherA.get('/api/assets/views')).body as { items: SavedViewDto[] };
    expect(mine.items.map((v) => v.name)).toEqual(['要配慮']);
    expect(((await dc.get('/api/assets/views')).body as { items: SavedViewDto[] }).items).toEqual([]);
    expect((await dc.request('DELETE', `/api/assets/views/${(res.body as SavedViewDto).id}`)).status).toBe(404);
    expect((await researcherA.request('DELETE', `/api/assets/views/${(res.body as SavedViewDto).id}`)).status).toBe(204);
  });

  it('counts by category, classification and importance on the dashboard', async () => {
    const d = (await dc.get('/api/assets/dashboard')).body as AssetDashboardDto;
    expect(d.total).toBe(d.byCategory.reduce((s, b) => s + b.count, 0));
    expect(d.byClassification.find((b) => b.key === 'public')?.count).toBe(2);
    expect(d.retentionOverdue).toBe(1);
    const r = (await researcherA.get('/api/assets/dashboard')).body as AssetDashboardDto;
    expect(r.total).toBe(2); // the paper forms at hospital A, and group A's safety list
  });
});

describe('who sees what (item 9)', () => {
  let atA: AssetDto;
  let atB: AssetDto;
  let atDc: AssetDto;
  let opsOwned: AssetDto;
  beforeAll(async () => {
    atA = await create(dc, { name: '甲病院の同意書', kind: 'medium', type: 'paper', category: 'personal', location: 'institution', locationInstitutionId: org.instA.id });
    atB = await create(dc, { name: '乙病院の同意書', kind: 'medium', type: 'paper', category: 'personal', location: 'institution', locationInstitutionId: org.instB.id });
    atDc = await create(manager, { name: '運営事務局所有・データセンター設置のサーバー', kind: 'system', type: 'server', category: 'other_confidential', ownerUnitId: ops.id, location: 'data_center', custodianPersonId: contractorId });
    opsOwned = await create(opsStaff, { name: '運営事務局の会議資料', kind: 'information', type: 'document', category: 'other_confidential', classification: 'internal', ownerUnitId: ops.id, location: 'operations_office' });
  });

  it('a researcher sees their institution’s assets and not another’s (404)', async () => {
    const names = refs(await list(researcherA, 'status=all'));
    expect(names).toContain('甲病院の同意書');
    expect(names).not.toContain('乙病院の同意書');
    expect((await researcherA.get(`/api/assets/${atA.id}`)).status).toBe(200);
    expect((await researcherA.get(`/api/assets/${atB.id}`)).status).toBe(404);
    expect((await researcherA.get(`/api/assets/${atB.id}/history`)).status).toBe(404);
    expect(refs(await list(coordinatorB, `q=${encodeURIComponent('同意書')}`))).toEqual(['乙病院の同意書']);
  });

  it('unit staff see what their unit owns and what is located at their unit; the manager sees all', async () => {
    const opsNames = refs(await list(opsStaff, 'status=all'));
    expect(opsNames).toEqual(expect.arrayContaining(['運営事務局所有・データセンター設置のサーバー', '運営事務局の会議資料']));
    expect(opsNames).not.toContain('甲病院の同意書');
    const dcNames = refs(await list(dc, 'status=all'));
    expect(dcNames).toEqual(expect.arrayContaining(['運営事務局所有・データセンター設置のサーバー', '甲病院の同意書']));
    expect(dcNames).not.toContain('運営事務局の会議資料');
    const [all] = await t.ctx.db.select({ n: count() }).from(assets);
    expect((await list(manager, 'status=all')).total).toBe(all!.n);
    // seen but not owned: data center staff may read, not change, an operations office server at the data center
    const edit = await dc.patch(`/api/assets/${atDc.id}`, { name: 'x', version: 1 });
    expect([edit.status, errorCode(edit)]).toEqual([403, 'FORBIDDEN']);
    expect((await dc.patch(`/api/assets/${opsOwned.id}`, { name: 'x', version: 1 })).status).toBe(404);
  });

  it('a custodian sees what they keep; researchers may not change assets', async () => {
    expect(refs(await list(contractor, ''))).toEqual(['運営事務局所有・データセンター設置のサーバー']);
    const res = await researcherA.patch(`/api/assets/${atA.id}`, { name: 'x', version: 1 });
    expect([res.status, errorCode(res)]).toEqual([403, 'FORBIDDEN']);
    const reg = await researcherA.post('/api/assets', base({ location: 'institution', locationInstitutionId: org.instA.id }));
    expect(reg.status).toBe(403);
  });

  it('audits reading the detail of a confidential asset, not of an internal one', async () => {
    const seq = await lastAuditSeq(t);
    await researcherA.get(`/api/assets/${atA.id}`);
    const e = await auditAfter(t, seq);
    expect(e.map((x) => [x.action, x.targetId, x.actorPersonId])).toEqual([['asset.viewed', atA.id, researcherAId]]);
    const seq2 = await lastAuditSeq(t);
    await opsStaff.get(`/api/assets/${opsOwned.id}`);
    expect(await auditAfter(t, seq2)).toEqual([]);
  });

  it('exports the filtered list (CSV with BOM) to the manager and the data center, audited; a researcher is refused', async () => {
    const seq = await lastAuditSeq(t);
    const res = await dc.get('/api/assets/export?format=csv&q=' + encodeURIComponent('同意書'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const text = res.raw.body;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('甲病院の同意書');
    expect(text).toContain('乙病院の同意書');
    expect(text.split('\r\n')[0]).toContain('資産番号');
    const e = await auditAfter(t, seq);
    expect(e.map((x) => x.action)).toEqual(['asset.exported']);
    expect((e[0]!.details as { rows: number }).rows).toBe(2);
    const xlsx = await manager.get('/api/assets/export?format=xlsx&lang=en');
    expect(xlsx.status).toBe(200);
    expect(xlsx.raw.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const refused = await researcherA.get('/api/assets/export?format=csv');
    expect([refused.status, errorCode(refused)]).toEqual([403, 'FORBIDDEN']);
  });

  it('gives other modules the visibility condition', async () => {
    const svc = new AssetsService(t.ctx);
    expect(assetScope.filter(system)).toBeUndefined();
    const page = await svc.list(system, { status: 'all', page: 1, pageSize: 1, sort: 'ref', dir: 'desc' });
    expect(page.total).toBeGreaterThan(5);
  });
});
