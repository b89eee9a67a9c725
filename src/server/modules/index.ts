import { mailModule } from '../mail/index.js';
import type { ModuleManifest } from '../module.js';
import { accountsModule } from './accounts/index.js';
import { assetsModule } from './assets/index.js';
import { auditModule } from './audit/index.js';
import { breachModule } from './breach/index.js';
import { capaModule } from './capa/index.js';
import { controlsModule } from './controls/index.js';
import { coverageModule } from './coverage/index.js';
import { documentsModule } from './documents/index.js';
import { exchangeModule } from './exchange/index.js';
import { groupsModule } from './groups/index.js';
import { identityModule } from './identity/index.js';
import { incidentsModule } from './incidents/index.js';
import { lawsModule } from './laws/index.js';
import { orgModule } from './org/index.js';
import { registrationModule } from './registration/index.js';
import { reviewsModule } from './reviews/index.js';
import { risksModule } from './risks/index.js';
import { steeringModule } from './steering/index.js';
import { systemModule } from './system/index.js';
import { tasksModule } from './tasks/index.js';
import { trainingModule } from './training/index.js';
import { violationsModule } from './violations/index.js';

/**
 * Every module of the application, in the order their routes, jobs and seeds are set up. This
 * list is the one place a module is added: `compose.ts` builds the HTTP server, the CLI's job
 * runner and the tests from it.
 */
export const MODULES: readonly ModuleManifest[] = [
  systemModule,
  identityModule,
  orgModule,
  auditModule,
  mailModule,
  accountsModule,
  groupsModule,
  registrationModule,
  reviewsModule,
  tasksModule,
  lawsModule,
  risksModule,
  assetsModule,
  controlsModule,
  documentsModule,
  breachModule,
  exchangeModule,
  incidentsModule,
  capaModule,
  coverageModule,
  trainingModule,
  violationsModule,
  steeringModule,
];
