import { MyTasks } from '../../../shared/tasks.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { myTasks } from './tasks.service.js';

/** The home page's "needs your attention" counts. */
export function registerTaskRoutes(app: App, ctx: AppContext): void {
  app.get('/api/me/tasks', { schema: { tags: ['home'], response: { 200: MyTasks } } }, async (req) => myTasks(ctx, req.actor));
}
