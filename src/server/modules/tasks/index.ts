import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerTaskRoutes } from './tasks.routes.js';
/** What needs the signed-in person's attention (the home page), counted by the owning modules. */
export const tasksModule: ModuleManifest = {
  name: 'tasks',
  routes: registerTaskRoutes,
  access: ROUTE_ACCESS,
};
