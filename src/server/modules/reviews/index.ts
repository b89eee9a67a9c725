import type { ModuleManifest } from '../../module.js';
import { ROUTE_ACCESS } from './access.js';
import { registerReviewRoutes } from './reviews.routes.js';
import { reviewJobs } from './reviews.jobs.js';
import { reviewTasks } from './reviews.tasks.js';

/** Access-review campaigns with reminders, escalation and reports (P32-2.1.3). */
export const reviewsModule: ModuleManifest = {
  name: 'reviews',
  routes: registerReviewRoutes,
  jobs: reviewJobs,
  access: ROUTE_ACCESS,
  tasks: reviewTasks,
};
