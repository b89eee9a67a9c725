import { can } from '../../authz/policy.js';
import { tokyoDate } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countRisksToReview } from './risks.read.js';

/** The home page's risks: those needing review, and those whose review is overdue. */
export function riskTasks(ctx: AppContext): TaskSource[] {
  return [
    { kind: 'risks_needs_review', visible: (a) => can(a, 'risk.manage'), count: (a) => countRisksToReview(ctx.db, a, tokyoDate(ctx.clock.now()), 'needs_review') },
    { kind: 'risks_review_overdue', visible: (a) => can(a, 'risk.manage'), count: (a) => countRisksToReview(ctx.db, a, tokyoDate(ctx.clock.now()), 'overdue') },
  ];
}
