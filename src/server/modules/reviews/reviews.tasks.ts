import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countOverdueCampaigns, countReviewTasks } from './reviews.service.js';

/** The home page's access reviews: items the person must decide, and overdue campaigns. */
export function reviewTasks(ctx: AppContext): TaskSource[] {
  return [
    { kind: 'access_review_tasks', visible: (a) => can(a, 'access_review.decide'), count: (a) => countReviewTasks(ctx.db, a) },
    { kind: 'access_review_overdue', visible: (a) => can(a, 'access_review.manage'), count: () => countOverdueCampaigns(ctx.db, ctx.clock.now()) },
  ];
}
