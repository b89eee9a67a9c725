import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerSteeringRoutes } from './steering.routes.js';
/** The steering committee report (screen and PDF). */
export const steeringModule: ModuleManifest = {
  name: 'steering',
  routes: registerSteeringRoutes,
  access: ROUTE_ACCESS,
};
