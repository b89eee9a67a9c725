import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerControlRoutes } from './controls.routes.js';
import { seedLaws } from '../laws/public.js';
import { controlJobs } from './controls.jobs.js';
import { seedControlCatalogue } from './controls.seed.js';
import { controlTasks } from './controls.tasks.js';

/** The control catalogue with evidence and expiry, the statement of applicability, the clause map (P32-5). */
export const controlsModule: ModuleManifest = {
  name: 'controls',
  routes: registerControlRoutes,
  jobs: controlJobs,
  seed: async (ctx) => {
    // Controls cite laws: the laws' rows come first, whichever module seeds first.
    await seedLaws(ctx.db);
    await seedControlCatalogue(ctx.db, ctx.clock);
  },
  access: ROUTE_ACCESS,
  tasks: controlTasks,
};
