import type { AppContext } from '../../context.js';
import type { RisksService } from './risks.service.js';

const HOUR = 3_600_000;

/** Expired risk acceptances go back to "needs review" (checked hourly; the day counts in Japan time). */
export function registerRiskJobs(ctx: AppContext, svc: RisksService): void {
  ctx.jobs.register({ name: 'risk.acceptance_expiry', everyMs: HOUR, run: (now) => svc.expireAcceptances(now) });
}
