import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerRegistrationRoutes } from './registration.routes.js';
import { registrationTasks } from './registration.tasks.js';
/** Registration changes (P32-2.1.3f). */
export const registrationModule: ModuleManifest = {
  name: 'registration',
  routes: registerRegistrationRoutes,
  access: ROUTE_ACCESS,
  tasks: registrationTasks,
};
