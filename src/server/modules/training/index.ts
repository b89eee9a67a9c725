import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerTrainingRoutes } from './training.routes.js';
import { assignOnActivation } from './assignments.js';
import { trainingJobs } from './training.jobs.js';
import { trainingRequiredSql } from './training.gate.js';
import { seedSampleCourse } from './training.seed.js';
import { trainingTasks } from './training.tasks.js';

/** Training courses with lessons, quizzes and certificates, assigned by audience (P32-6). */
export const trainingModule: ModuleManifest = {
  name: 'training',
  routes: registerTrainingRoutes,
  jobs: trainingJobs,
  seed: (ctx) => seedSampleCourse(ctx.db, ctx.clock),
  // A newly active account gets the courses that apply to it.
  onAccountActivated: assignOnActivation,
  access: ROUTE_ACCESS,
  tasks: trainingTasks,
  // A course required for the account, not yet passed, confines the session to the course (training.gate.ts).
  sessionRequirement: { name: 'training', sql: trainingRequiredSql },
};
