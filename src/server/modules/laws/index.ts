import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerLawRoutes } from './laws.routes.js';
import { seedLaws } from './laws.seed.js';

/** The laws and norms register (P32-1.3), seeded. */
export const lawsModule: ModuleManifest = {
  name: 'laws',
  routes: registerLawRoutes,
  seed: (ctx) => seedLaws(ctx.db),
  access: ROUTE_ACCESS,
};
