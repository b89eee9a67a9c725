import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerRiskRoutes } from './risks.routes.js';
import { seedRiskCatalogue } from './catalogue.seed.js';
import { riskJobs } from './risks.jobs.js';
import { riskTasks } from './risks.tasks.js';

/** Threat and vulnerability catalogue, the risk matrix as data, the risk register, acceptance, heat map (P32-4). */
export const risksModule: ModuleManifest = {
  name: 'risks',
  routes: registerRiskRoutes,
  jobs: riskJobs,
  seed: (ctx) => seedRiskCatalogue(ctx.db),
  access: ROUTE_ACCESS,
  tasks: riskTasks,
};
