import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerIncidentRoutes } from './incidents.routes.js';
import { incidentTasks } from './incidents.tasks.js';
/** Incident reports, their workflow, timeline and dashboard (P32-2.1.1). */
export const incidentsModule: ModuleManifest = {
  name: 'incidents',
  routes: registerIncidentRoutes,
  access: ROUTE_ACCESS,
  tasks: incidentTasks,
};
