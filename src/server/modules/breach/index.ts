import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerBreachRoutes } from './breach.routes.js';
import { breachJobs } from './breach.jobs.js';
import { breachTasks } from './breach.tasks.js';
import { breachIncidentHooks } from './breach.hooks.js';

/** The APPI breach assessment, reporting clocks, reminders and the PPC report drafts (P32-2.1.1). */
export const breachModule: ModuleManifest = {
  name: 'breach',
  routes: registerBreachRoutes,
  jobs: breachJobs,
  incidentHooks: breachIncidentHooks,
  access: ROUTE_ACCESS,
  tasks: breachTasks,
};
