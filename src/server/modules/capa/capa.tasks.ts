import { can } from '../../authz/policy.js';
import { tokyoDate } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countMyOpenActions, countOverdueActions } from './capa.jobs.js';

/** The home page's corrective actions: overdue ones (for incident managers), and the person's own open ones. */
export function capaTasks(ctx: AppContext): TaskSource[] {
  return [
    { kind: 'incident_actions_overdue', visible: (a) => can(a, 'incident.manage'), count: (a) => countOverdueActions(ctx.db, a, tokyoDate(ctx.clock.now())) },
    { kind: 'my_incident_actions', visible: (a) => !!a.personId, count: (a) => countMyOpenActions(ctx.db, a, tokyoDate(ctx.clock.now())) },
  ];
}
