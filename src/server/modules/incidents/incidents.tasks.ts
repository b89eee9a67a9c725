import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countIncidentsToTriage } from './incidents.read.js';

/** The home page's incidents waiting for triage. */
export function incidentTasks(ctx: AppContext): TaskSource[] {
  return [{ kind: 'incidents_to_triage', visible: (a) => can(a, 'incident.manage'), count: (a) => countIncidentsToTriage(ctx.db, a) }];
}
