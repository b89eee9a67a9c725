import { eq } from 'drizzle-orm';
import { courseAssignments } from '../../db/schema/index.js';
import { can } from '../policy.js';
import { NOBODY, type Scope } from './scope.js';

/** What decides a course assignment's visibility: whose it is. */
export interface AssignmentScopeRow {
  personId: string;
}

/** The course assignments an actor sees (P32-6): their own; every one for whoever keeps the training (`course.manage`). */
export const assignmentScope: Scope<AssignmentScopeRow> & { own: Scope<AssignmentScopeRow> } = {
  allows: (actor, a) => a.personId === actor.personId || can(actor, 'course.manage'),
  filter: (actor) => (can(actor, 'course.manage') ? undefined : eq(courseAssignments.personId, actor.personId ?? NOBODY)),
  /** Only one's own: what one takes a quiz on. */
  own: {
    allows: (actor, a) => a.personId === actor.personId,
    filter: (actor) => eq(courseAssignments.personId, actor.personId ?? NOBODY),
  },
};
