import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerCoverageRoutes } from './coverage.routes.js';
/** Coverage of acknowledgments and training by institution, group, unit and role; my tasks (P32-6). */
export const coverageModule: ModuleManifest = {
  name: 'coverage',
  routes: registerCoverageRoutes,
  access: ROUTE_ACCESS,
};
