import { SharingSignalsQuery } from '../../../shared/sharing.js';
import { TASK_SHARING_DAYS } from '../../../shared/tasks.js';
import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countSharingSignals } from './sharing-signals.js';

/** The home page's signs of shared accounts, over the last days. */
export function identityTasks(ctx: AppContext): TaskSource[] {
  return [{ kind: 'sharing_signals', visible: (a) => can(a, 'account.manage'), count: () => countSharingSignals(ctx, SharingSignalsQuery.parse({ days: TASK_SHARING_DAYS })) }];
}
