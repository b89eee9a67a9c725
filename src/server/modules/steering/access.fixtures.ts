import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';

/** The report is not scoped: "own" and "other" are the same call (the anonymized version, which both readers may have). */
export const fixtures: ModuleFixturesFactory = () => ({
  routes: {
    'GET /api/steering-report': async () => ({ method: 'GET', url: '/api/steering-report?from=2026-01-01&to=2026-03-31', ok: 200 }),
    'GET /api/steering-report/pdf': async () => ({ method: 'GET', url: '/api/steering-report/pdf?from=2026-01-01&to=2026-03-31&lang=ja&names=anonymized', ok: 200 }),
  },
});
