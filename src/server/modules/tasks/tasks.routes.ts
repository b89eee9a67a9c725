import { tasksApi } from '../../../shared/api/tasks.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { myTasks } from './tasks.service.js';

/** The home page's "needs your attention" counts. */
export function registerTaskRoutes(app: App, ctx: AppContext): void {
  route(app, tasksApi.mine, async (req) => myTasks(ctx, req.actor));
}
