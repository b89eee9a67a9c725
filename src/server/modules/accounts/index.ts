import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerAccountRoutes } from './accounts.routes.js';
import { accountJobs } from './jobs.js';
import { accountTasks } from './accounts.tasks.js';

/** Invitations, the pledge, suspension, expiry, dormancy, offboarding, lost credentials (P32-2.1.3). */
export const accountsModule: ModuleManifest = {
  name: 'accounts',
  routes: registerAccountRoutes,
  jobs: accountJobs,
  access: ROUTE_ACCESS,
  tasks: accountTasks,
};
