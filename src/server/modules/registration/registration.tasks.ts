import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countPendingChanges, mineCondition } from './registration.service.js';

/** The home page's registration changes: those to review, and the person's own still pending. */
export function registrationTasks(ctx: AppContext): TaskSource[] {
  return [
    { kind: 'registration_changes_to_review', visible: (a) => can(a, 'registration_change.review'), count: () => countPendingChanges(ctx.db) },
    { kind: 'my_registration_changes_pending', visible: (a) => !!a.personId, count: (a) => countPendingChanges(ctx.db, mineCondition(a.personId!)) },
  ];
}
