import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countClocksDueSoon } from './breach.read.js';

/** The home page's breach-reporting clocks coming due. */
export function breachTasks(ctx: AppContext): TaskSource[] {
  return [{ kind: 'breach_clocks_due', visible: (a) => can(a, 'incident.manage'), count: (a) => countClocksDueSoon(ctx.db, a, ctx.clock.now()) }];
}
