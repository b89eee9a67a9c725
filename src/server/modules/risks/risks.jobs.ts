import type { AppContext } from '../../context.js';
import { RisksService } from './risks.service.js';
import type { Job } from '../../jobs/scheduler.js';

const HOUR = 3_600_000;

/** Expired risk acceptances go back to "needs review" (checked hourly; the day counts in Japan time). */
export function riskJobs(ctx: AppContext): Job[] {
  const svc = new RisksService(ctx);
  return [{ name: 'risk.acceptance_expiry', everyMs: HOUR, run: (now) => svc.expireAcceptances(now) }];
}
