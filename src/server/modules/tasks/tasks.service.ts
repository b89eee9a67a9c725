import { TaskKind, type MyTasks, type TaskCount } from '../../../shared/tasks.js';
import type { Actor } from '../../authz/actor.js';
import type { TaskSource } from './public.js';

/**
 * The kinds in the order the home page shows them: the order of the TaskKind enum. Each is
 * contributed by the module that owns it (its manifest's `tasks`), visible to exactly the people
 * who may open the page it links to, and counted with the same condition as that page.
 */
const HOME_ORDER: readonly TaskKind[] = TaskKind.options;

const rank = (kind: TaskKind): number => {
  const i = HOME_ORDER.indexOf(kind);
  return i < 0 ? HOME_ORDER.length : i;
};

/** The modules' task sources in the home page's order (a kind not placed yet goes last). */
export function inHomeOrder(sources: readonly TaskSource[]): readonly TaskSource[] {
  return [...sources].sort((a, b) => rank(a.kind) - rank(b.kind));
}

/** What the signed-in person must deal with: counts only, so reading them is not audited. */
export async function myTasks(sources: readonly TaskSource[], actor: Actor): Promise<MyTasks> {
  const items: TaskCount[] = [];
  for (const s of sources) {
    if (s.visible(actor)) items.push({ kind: s.kind, count: await s.count(actor) });
  }
  return { items };
}
