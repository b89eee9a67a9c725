import { eq } from 'drizzle-orm';
import type { TargetScope } from '../../authz/access-table.js';
import { assetSavedViews, laws, people } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { seedPerson, system } from '../../testing/harness.js';
import { makeRegistries } from '../org/registries.js';
import { AssetsService } from './assets.service.js';

/**
 * "Own": an asset at institution A / group A owned by the actor's unit (the data center when the
 * actor has none); "other": at institution B / group B, owned by a unit no actor belongs to.
 */
export const fixtures: ModuleFixturesFactory = ({ t, org, next, targetFor }) => {
  const svc = new AssetsService(t.ctx);
  let otherUnit: string | null = null;
  let lawId: string | null = null;
  const studies: Partial<Record<TargetScope, string>> = {};

  const unitOf = async (actorId: string, scope: TargetScope) => {
    if (scope === 'other') {
      otherUnit ??= ((await makeRegistries(t.ctx).units.create(system, { code: `AS-OTHER-${next()}`, kind: 'other', nameJa: '他部署', nameEn: 'Another unit' })) as { id: string }).id;
      return otherUnit;
    }
    const [p] = await t.ctx.db.select({ unitId: people.unitId }).from(people).where(eq(people.id, actorId));
    return p?.unitId ?? org.dc.id;
  };
  const law = async () => {
    lawId ??= (await t.ctx.db.insert(laws).values({ titleJa: `試験用の法令${next()}`, titleEn: `Fixture law ${next()}` }).returning({ id: laws.id }))[0]!.id;
    return lawId;
  };
  const study = async (scope: TargetScope) => {
    studies[scope] ??= ((await makeRegistries(t.ctx).studies.create(system, { code: `AS-ST-${scope}-${next()}`, titleJa: '資産試験', titleEn: 'Asset study', researchGroupId: scope === 'own' ? org.rgA.id : org.rgB.id })) as {
      id: string;
    }).id;
    return studies[scope]!;
  };
  const body = async (scope: TargetScope, actorId: string) => {
    const inst = scope === 'own' ? org.instA.id : org.instB.id;
    return {
      kind: 'information' as const,
      type: 'data_set' as const,
      name: `症例データ ${next()}`,
      description: '',
      category: 'personal' as const,
      classification: 'confidential' as const,
      confidentiality: 3,
      integrity: 2,
      availability: 2,
      ownerUnitId: await unitOf(actorId, scope),
      location: 'institution' as const,
      locationInstitutionId: inst,
      institutionId: inst,
      researchGroupId: scope === 'own' ? org.rgA.id : org.rgB.id,
      studyIds: [],
      lawIds: [],
    };
  };
  const asset = async (scope: TargetScope, actorId: string) => {
    const b = await body(scope, actorId);
    return (await svc.create(system, { ...b, lawIds: [await law()], studyIds: [await study(scope)] })).id;
  };
  /** A fresh asset for a call that may change it; a shared one (per actor unit and scope) for refused calls. */
  const target = async (prefix: string, scope: TargetScope, actorId: string, e: Parameters<typeof targetFor>[1]) =>
    targetFor(`asset:${prefix}:${scope}:${await unitOf(actorId, scope)}`, e, () => asset(scope, actorId));
  let stranger: string | null = null;
  /** One of the actor's saved views (own), or someone else's (other). */
  const view = async (scope: TargetScope, actorId: string) => {
    stranger ??= (await seedPerson(t)).id;
    const [v] = await t.ctx.db
      .insert(assetSavedViews)
      .values({ personId: scope === 'own' ? actorId : stranger, name: `view ${next()}`, query: { category: 'personal' } })
      .returning({ id: assetSavedViews.id });
    return v!.id;
  };

  return {
    routes: {
      'GET /api/assets': async () => ({ method: 'GET', url: '/api/assets?pageSize=5&q=%E7%97%87%E4%BE%8B', ok: 200 }),
      'POST /api/assets': async (s, actorId) => ({ method: 'POST', url: '/api/assets', body: await body(s, actorId), ok: 201 }),
      'GET /api/assets/dashboard': async () => ({ method: 'GET', url: '/api/assets/dashboard', ok: 200 }),
      'GET /api/assets/settings': async () => ({ method: 'GET', url: '/api/assets/settings', ok: 200 }),
      'PUT /api/assets/settings': async () => ({ method: 'PUT', url: '/api/assets/settings', body: { ciaMax: 3 }, ok: 200 }),
      'GET /api/assets/views': async () => ({ method: 'GET', url: '/api/assets/views', ok: 200 }),
      'POST /api/assets/views': async () => ({ method: 'POST', url: '/api/assets/views', body: { name: `view ${next()}`, query: { category: 'personal' } }, ok: 201 }),
      'DELETE /api/assets/views/:id': async (s, actorId, e) => ({ method: 'DELETE', url: `/api/assets/views/${await targetFor(`asset-view:${s}:${actorId}`, e, () => view(s, actorId))}`, ok: 204 }),
      'GET /api/assets/export': async () => ({ method: 'GET', url: '/api/assets/export?format=csv&category=personal', ok: 200 }),
      'GET /api/assets/:id': async (s, actorId, e) => ({ method: 'GET', url: `/api/assets/${await target('read', s, actorId, e)}`, ok: 200 }),
      'GET /api/assets/:id/history': async (s, actorId, e) => ({ method: 'GET', url: `/api/assets/${await target('read', s, actorId, e)}/history`, ok: 200 }),
      'PATCH /api/assets/:id': async (s, actorId, e) => ({ method: 'PATCH', url: `/api/assets/${await target('edit', s, actorId, e)}`, body: { name: `改名 ${next()}`, version: 1 }, ok: 200 }),
      'POST /api/assets/:id/dispose': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/assets/${await target('edit', s, actorId, e)}/dispose`,
        body: { disposedOn: '2026-03-31', method: 'secure_erase', certificateNote: 'No. 1', version: 1 },
        ok: 200,
      }),
      'PUT /api/assets/:id/parent': async (s, actorId, e) => ({
        method: 'PUT',
        url: `/api/assets/${await target('edit', s, actorId, e)}/parent`,
        body: { parentId: await target('parent', s, actorId, e) },
        ok: 200,
      }),
      'PUT /api/assets/:id/laws/:lawId': async (s, actorId, e) => ({ method: 'PUT', url: `/api/assets/${await target('edit', s, actorId, e)}/laws/${await law()}`, ok: 200 }),
      'DELETE /api/assets/:id/laws/:lawId': async (s, actorId, e) => ({ method: 'DELETE', url: `/api/assets/${await target('edit', s, actorId, e)}/laws/${await law()}`, ok: 200 }),
      'PUT /api/assets/:id/studies/:studyId': async (s, actorId, e) => ({ method: 'PUT', url: `/api/assets/${await target('edit', s, actorId, e)}/studies/${await study(s)}`, ok: 200 }),
      'DELETE /api/assets/:id/studies/:studyId': async (s, actorId, e) => ({ method: 'DELETE', url: `/api/assets/${await target('edit', s, actorId, e)}/studies/${await study(s)}`, ok: 200 }),
    },
  };
};
