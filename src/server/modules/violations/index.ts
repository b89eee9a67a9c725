import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerViolationRoutes } from './violations.routes.js';
import { seedSanctionTypes } from './sanction-types.js';

/** Restricted violation cases and sanctions (P32-7). */
export const violationsModule: ModuleManifest = {
  name: 'violations',
  routes: registerViolationRoutes,
  seed: (ctx) => seedSanctionTypes(ctx.db),
  access: ROUTE_ACCESS,
};
