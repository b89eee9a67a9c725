import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countOpenProposals } from './rotation.js';

/** The home page's group work: open proposals to rotate a group ID. */
export function groupTasks(ctx: AppContext): TaskSource[] {
  return [{ kind: 'group_rotation_proposals', visible: (a) => can(a, 'group_credential.manage'), count: () => countOpenProposals(ctx.db) }];
}
