import { asc, eq } from 'drizzle-orm';
import type { TargetScope } from '../../authz/access-table.js';
import { controls, people, threats, vulnerabilities } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { system } from '../../testing/harness.js';
import { AssetsService } from '../assets/assets.service.js';
import { makeRegistries } from '../org/registries.js';
import { loadMatrix } from './risk-matrix.js';
import { RisksService } from './risks.service.js';

/**
 * "Own": a risk on an asset at institution A / group A owned by the actor's unit (the data center
 * when the actor has none), as in assets/access.fixtures.ts; "other": on an asset at B owned by a
 * unit no actor belongs to.
 */
export const fixtures: ModuleFixturesFactory = ({ t, org, next, targetFor }) => {
  const assetsSvc = new AssetsService(t.ctx);
  const svc = new RisksService(t.ctx);
  let otherUnit: string | null = null;
  const first = async (table: 'threats' | 'vulnerabilities') =>
    table === 'threats'
      ? (await t.ctx.db.select({ id: threats.id }).from(threats).orderBy(asc(threats.code)).limit(1))[0]!.id
      : (await t.ctx.db.select({ id: vulnerabilities.id }).from(vulnerabilities).orderBy(asc(vulnerabilities.code)).limit(1))[0]!.id;

  const unitOf = async (actorId: string, scope: TargetScope) => {
    if (scope === 'other') {
      otherUnit ??= ((await makeRegistries(t.ctx).units.create(system, { code: `RK-OTHER-${next()}`, kind: 'other', nameJa: '他部署', nameEn: 'Another unit' })) as { id: string }).id;
      return otherUnit;
    }
    const [p] = await t.ctx.db.select({ unitId: people.unitId }).from(people).where(eq(people.id, actorId));
    return p?.unitId ?? org.dc.id;
  };
  const asset = async (scope: TargetScope, actorId: string) => {
    const inst = scope === 'own' ? org.instA.id : org.instB.id;
    const a = await assetsSvc.create(system, {
      kind: 'medium',
      type: 'usb_memory',
      name: `USBメモリ ${next()}`,
      description: '',
      category: 'medical',
      classification: 'confidential',
      confidentiality: 3,
      integrity: 2,
      availability: 2,
      ownerUnitId: await unitOf(actorId, scope),
      location: 'institution',
      locationInstitutionId: inst,
      institutionId: inst,
      researchGroupId: scope === 'own' ? org.rgA.id : org.rgB.id,
      studyIds: [],
      lawIds: [],
    });
    return a.id;
  };
  const risk = async (scope: TargetScope, actorId: string) =>
    (await svc.create(system, { assetIds: [await asset(scope, actorId)], threatId: await first('threats'), vulnerabilityIds: [], inherentLikelihood: 3, inherentImpact: 4 })).id;
  /** A target per scope and actor's unit: shared by refused calls, fresh for allowed ones. */
  const key = async (what: string, scope: TargetScope, actorId: string) => `${what}:${scope}:${await unitOf(actorId, scope)}`;
  const control = async () => {
    const [c] = await t.ctx.db.select({ id: controls.id }).from(controls).limit(1);
    return c?.id ?? (await t.ctx.db.insert(controls).values({ code: `RK-C-${next()}` }).returning({ id: controls.id }))[0]!.id;
  };
  let threatId: string | null = null;
  let vulnerabilityId: string | null = null;

  return {
    routes: {
      'GET /api/risk-matrix': async () => ({ method: 'GET', url: '/api/risk-matrix', ok: 200 }),
      'PUT /api/risk-matrix': async () => {
        const m = await loadMatrix(t.ctx.db);
        return { method: 'PUT', url: '/api/risk-matrix', body: { likelihood: m.likelihood, impact: m.impact, levels: m.levels, cells: m.cells, version: m.version }, ok: 200 };
      },
      'GET /api/threats': async () => ({ method: 'GET', url: '/api/threats', ok: 200 }),
      'POST /api/threats': async () => ({ method: 'POST', url: '/api/threats', body: { code: `TX-${next()}`, nameJa: `脅威${next()}`, nameEn: `Threat ${next()}`, source: 'technical' }, ok: 201 }),
      'PATCH /api/threats/:id': async () => ({ method: 'PATCH', url: `/api/threats/${(threatId ??= await first('threats'))}`, body: { descriptionEn: `Edited ${next()}` }, ok: 200 }),
      'GET /api/vulnerabilities': async () => ({ method: 'GET', url: '/api/vulnerabilities', ok: 200 }),
      'POST /api/vulnerabilities': async () => ({ method: 'POST', url: '/api/vulnerabilities', body: { code: `VX-${next()}`, nameJa: `脆弱性${next()}`, nameEn: `Weakness ${next()}` }, ok: 201 }),
      'PATCH /api/vulnerabilities/:id': async () => ({ method: 'PATCH', url: `/api/vulnerabilities/${(vulnerabilityId ??= await first('vulnerabilities'))}`, body: { descriptionEn: `Edited ${next()}` }, ok: 200 }),
      'GET /api/risks': async () => ({ method: 'GET', url: '/api/risks?pageSize=5&sort=level', ok: 200 }),
      'GET /api/risks/heatmap': async () => ({ method: 'GET', url: '/api/risks/heatmap', ok: 200 }),
      'GET /api/risks/owners': async () => ({ method: 'GET', url: '/api/risks/owners', ok: 200 }),
      'POST /api/risks': async (_s, actorId) => ({
        method: 'POST',
        url: '/api/risks',
        body: { assetIds: [await targetFor(await key('asset', 'own', actorId), 'deny', () => asset('own', actorId))], threatId: await first('threats'), inherentLikelihood: 2, inherentImpact: 3 },
        ok: 201,
      }),
      'GET /api/risks/:id': async (s, actorId) => ({ method: 'GET', url: `/api/risks/${await targetFor(await key('risk', s, actorId), 'deny', () => risk(s, actorId))}`, ok: 200 }),
      'PATCH /api/risks/:id': async (s, actorId, e) => ({ method: 'PATCH', url: `/api/risks/${await targetFor(await key('risk', s, actorId), e, () => risk(s, actorId))}`, body: { title: `Edited ${next()}` }, ok: 200 }),
      'POST /api/risks/:id/assessments': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/risks/${await targetFor(await key('risk', s, actorId), e, () => risk(s, actorId))}/assessments`,
        body: { inherentLikelihood: 4, inherentImpact: 4, treatment: 'reduce', residualLikelihood: 2, residualImpact: 3 },
        ok: 200,
      }),
      'PUT /api/risks/:id/controls': async (s, actorId, e) => ({ method: 'PUT', url: `/api/risks/${await targetFor(await key('risk', s, actorId), e, () => risk(s, actorId))}/controls`, body: { controlIds: [await control()] }, ok: 200 }),
      'POST /api/risks/:id/accept': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/risks/${await targetFor(await key('risk', s, actorId), e, () => risk(s, actorId))}/accept`,
        body: { rationale: 'Residual risk within appetite', expiresOn: '2027-03-31' },
        ok: 200,
      }),
      'GET /api/assets/:id/risk-proposals': async (s, actorId) => ({ method: 'GET', url: `/api/assets/${await targetFor(await key('asset', s, actorId), 'deny', () => asset(s, actorId))}/risk-proposals`, ok: 200 }),
      'POST /api/assets/:id/risk-proposals/:threatId/accept': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/assets/${await targetFor(await key('asset', s, actorId), e, () => asset(s, actorId))}/risk-proposals/${await first('threats')}/accept`,
        body: {},
        ok: 201,
      }),
    },
  };
};
