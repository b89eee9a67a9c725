import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countControlsWithExpiredEvidence } from './controls.jobs.js';

/** The home page's controls whose evidence has expired. */
export function controlTasks(ctx: AppContext): TaskSource[] {
  return [{ kind: 'controls_evidence_expired', visible: (a) => can(a, 'control.manage'), count: () => countControlsWithExpiredEvidence(ctx.db, ctx.clock.now()) }];
}
