import { and, eq } from 'drizzle-orm';
import type { TargetScope } from '../../authz/access-table.js';
import { accessReviewItems } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { system } from '../../testing/harness.js';
import { ReviewsService } from './reviews.service.js';

export const fixtures: ModuleFixturesFactory = ({ t, org, next, targetFor, targetPerson }) => {
  const svc = new ReviewsService(t.ctx);
  const campaign = async (scope: TargetScope = 'own') =>
    (await svc.start(system, { name: `Fixture review ${next()}`, dueDate: '2026-06-30', institutionIds: [scope === 'own' ? org.instA.id : org.instB.id], includeStaff: false, reminderDays: 7 })).id;
  /** An open item about a fresh researcher at A (own) or B (other). */
  const item = async (scope: TargetScope) => {
    const p = await targetPerson(scope);
    const c = await campaign(scope);
    const [row] = await t.ctx.db.select({ id: accessReviewItems.id }).from(accessReviewItems).where(and(eq(accessReviewItems.campaignId, c), eq(accessReviewItems.personId, p.id)));
    return row!.id;
  };
  return {
    routes: {
      'GET /api/access-reviews': async () => ({ method: 'GET', url: '/api/access-reviews', ok: 200 }),
      'POST /api/access-reviews': async () => ({ method: 'POST', url: '/api/access-reviews', body: { name: `Review ${next()}`, dueDate: '2026-06-30', institutionIds: [org.instB.id], includeStaff: false }, ok: 201 }),
      'GET /api/access-reviews/tasks': async () => ({ method: 'GET', url: '/api/access-reviews/tasks?pageSize=5', ok: 200 }),
      'GET /api/access-reviews/:id': async (_s, _a, e) => ({ method: 'GET', url: `/api/access-reviews/${await targetFor('ar-shared', e, campaign)}`, ok: 200 }),
      'POST /api/access-reviews/:id/close': async (_s, _a, e) => ({ method: 'POST', url: `/api/access-reviews/${await targetFor('ar-close', e, campaign)}/close`, ok: 200 }),
      'GET /api/access-reviews/:id/report.csv': async (_s, _a, e) => ({ method: 'GET', url: `/api/access-reviews/${await targetFor('ar-shared', e, campaign)}/report.csv?lang=en`, ok: 200 }),
      'GET /api/access-reviews/:id/report.pdf': async (_s, _a, e) => ({ method: 'GET', url: `/api/access-reviews/${await targetFor('ar-shared', e, campaign)}/report.pdf?lang=ja`, ok: 200 }),
      'GET /api/access-reviews/:id/items': async (s) => ({ method: 'GET', url: `/api/access-reviews/${await targetFor(`ar-items:${s}`, 'deny', () => campaign(s))}/items?pageSize=5`, ok: 200 }),
      'POST /api/access-reviews/items/:id/decision': async (s, _a, e) => ({ method: 'POST', url: `/api/access-reviews/items/${await targetFor(`ar-item:${s}`, e, () => item(s))}/decision`, body: { decision: 'confirm' }, ok: 200 }),
      'POST /api/access-reviews/items/bulk-confirm': async (s, _a, e) => ({ method: 'POST', url: '/api/access-reviews/items/bulk-confirm', body: { itemIds: [await targetFor(`ar-bulk:${s}`, e, () => item(s))] }, ok: 200 }),
    },
  };
};
