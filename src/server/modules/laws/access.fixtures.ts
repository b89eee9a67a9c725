import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { system } from '../../testing/harness.js';
import { LawsService } from './laws.service.js';

export const fixtures: ModuleFixturesFactory = ({ t, next, targetFor }) => {
  const svc = new LawsService(t.ctx);
  const law = async () => (await svc.create(system, { titleJa: `規範${next()}`, titleEn: `Norm ${next()}`, kind: 'norm', status: 'in_force' })).id;
  const revision = async () => {
    const l = await svc.addRevision(system, await law(), { revisedOn: '2025-04-01', noteJa: '改正' });
    return `${l.id}/revisions/${l.revisions[0]!.id}`;
  };
  return {
    routes: {
      'GET /api/laws': async () => ({ method: 'GET', url: '/api/laws?kind=law', ok: 200 }),
      'GET /api/laws/:id': async () => ({ method: 'GET', url: `/api/laws/${await targetFor('law', 'deny', law)}`, ok: 200 }),
      'POST /api/laws': async () => ({ method: 'POST', url: '/api/laws', body: { titleJa: `新しい指針${next()}`, titleEn: `New guideline ${next()}`, kind: 'guideline' }, ok: 201 }),
      'PATCH /api/laws/:id': async (_s, _a, e) => ({ method: 'PATCH', url: `/api/laws/${await targetFor('law', e, law)}`, body: { verifiedOn: '2026-04-01' }, ok: 200 }),
      'POST /api/laws/:id/revisions': async (_s, _a, e) => ({ method: 'POST', url: `/api/laws/${await targetFor('law', e, law)}/revisions`, body: { revisedOn: '2026-03', noteEn: 'Partly revised' }, ok: 201 }),
      'DELETE /api/laws/:id/revisions/:revisionId': async (_s, _a, e) => ({ method: 'DELETE', url: `/api/laws/${await targetFor('law-rev', e, revision)}`, ok: 200 }),
    },
  };
};
