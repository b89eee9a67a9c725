import type { TaskKind } from '../../../shared/tasks.js';
import type { Actor } from '../../authz/actor.js';

/**
 * One kind of item on the home page's "needs your attention" list, contributed by the module that
 * owns it through its manifest (`tasks`). `visible` holds for exactly the people who may open the
 * page the card links to; `count` counts with the same condition as that page.
 */
export interface TaskSource {
  readonly kind: TaskKind;
  readonly visible: (actor: Actor) => boolean;
  readonly count: (actor: Actor) => Promise<number>;
}
