import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countAcknowledgmentsToDo } from './acks.js';

/** The home page's documents the person has still to acknowledge. */
export function documentTasks(ctx: AppContext): TaskSource[] {
  return [{ kind: 'acknowledgments_to_do', visible: (a) => !!a.personId, count: (a) => countAcknowledgmentsToDo(ctx.db, a.personId!) }];
}
