import type { AppContext } from '../../context.js';
import type { Job } from '../../jobs/scheduler.js';
import { expireAcceptances } from './risks.expiry.js';

const HOUR = 3_600_000;

/** Expired risk acceptances go back to "needs review" (checked hourly; the day counts in Japan time). */
export function riskJobs(ctx: AppContext): Job[] {
  return [{ name: 'risk.acceptance_expiry', everyMs: HOUR, run: (now) => expireAcceptances(ctx, now) }];
}
