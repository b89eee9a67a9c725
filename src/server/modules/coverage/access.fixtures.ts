import { courses } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';

/**
 * Coverage routes read only: every call may share one published course as its item. "Own" for
 * the drill-down is a filter on institution A (the site coordinator's), "other" on institution B.
 */
export const fixtures: ModuleFixturesFactory = ({ t, org, next }) => {
  let course: string | null = null;
  const item = async () => {
    course ??= (
      await t.ctx.db
        .insert(courses)
        .values({ code: `CV-${next()}`, titleJa: '情報セキュリティ基礎', titleEn: 'Security basics', status: 'published', audience: { roles: [], unitIds: [], institutionIds: [], researchGroupIds: [] } })
        .returning({ id: courses.id })
    )[0]!.id;
    return `course:${course}`;
  };
  return {
    routes: {
      'GET /api/my-tasks': async () => ({ method: 'GET', url: '/api/my-tasks', ok: 200 }),
      'GET /api/coverage': async () => ({ method: 'GET', url: '/api/coverage', ok: 200 }),
      'GET /api/coverage/breakdown': async () => ({ method: 'GET', url: `/api/coverage/breakdown?item=${await item()}&by=institution`, ok: 200 }),
      'GET /api/coverage/people': async (s) => ({ method: 'GET', url: `/api/coverage/people?item=${await item()}&institutionId=${s === 'own' ? org.instA.id : org.instB.id}`, ok: 200 }),
      'GET /api/coverage/export': async () => ({ method: 'GET', url: `/api/coverage/export?item=${await item()}&by=role&format=csv`, ok: 200 }),
      'GET /api/education-report': async () => ({ method: 'GET', url: '/api/education-report?fy=2026&lang=en', ok: 200 }),
    },
  };
};
