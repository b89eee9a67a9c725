import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';

export const fixtures: ModuleFixturesFactory = () => ({
  routes: {
    'GET /api/me/tasks': async () => ({ method: 'GET', url: '/api/me/tasks', ok: 200 }),
  },
});
