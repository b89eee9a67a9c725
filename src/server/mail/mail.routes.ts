import { mailApi as m } from '../../shared/api/mail.js';
import type { AppContext } from '../context.js';
import type { App } from '../http.js';
import { route } from '../route.js';
import { OutboxService } from './outbox.js';

/** The outbox: every email Mamori wrote, for administrators (it holds invitation and reset links). */
export function registerMailRoutes(app: App, ctx: AppContext): void {
  const outbox = new OutboxService(ctx);
  route(app, m.outbox, async (req) => outbox.list(req.actor, req.query));
  route(app, m.message, async (req) => outbox.get(req.actor, req.params.id));
  route(app, m.retry, async (req) => {
    await outbox.retry(req.actor, req.params.id);
    return null;
  });
}
