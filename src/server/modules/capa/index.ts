import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerCapaRoutes } from './capa.routes.js';
import { capaJobs } from './capa.jobs.js';
import { capaTasks } from './capa.tasks.js';
import { actionsBlockingClose } from './capa.guard.js';

/** Root-cause analysis and corrective and preventive actions for incidents (P32-2.1.1). */
export const capaModule: ModuleManifest = {
  name: 'capa',
  routes: registerCapaRoutes,
  jobs: capaJobs,
  // An action neither closed nor accepted keeps its incident open (P32-4).
  incidentHooks: { closeBlockers: async (conn, incidentId) => ({ openActions: await actionsBlockingClose(conn, incidentId) }) },
  access: ROUTE_ACCESS,
  tasks: capaTasks,
};
