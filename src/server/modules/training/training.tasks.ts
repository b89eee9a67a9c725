import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countCoursesToDo } from './assignments.js';

/** The home page's courses the person has still to take. */
export function trainingTasks(ctx: AppContext): TaskSource[] {
  return [{ kind: 'courses_to_do', visible: (a) => !!a.personId, count: (a) => countCoursesToDo(ctx.db, a.personId!, ctx.clock.now()) }];
}
