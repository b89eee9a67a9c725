import { tasksApi } from '../../../shared/api/tasks.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import type { Composed } from '../../module.js';
import { route } from '../../route.js';
import { inHomeOrder, myTasks } from './tasks.service.js';

/** The home page's "needs your attention" counts, from the task sources every module contributes. */
export function registerTaskRoutes(app: App, _ctx: AppContext, composed: Composed): void {
  const sources = inHomeOrder(composed.taskSources);
  route(app, tasksApi.mine, async (req) => myTasks(sources, req.actor));
}
