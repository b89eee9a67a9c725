import { capaApi as c } from '../../../shared/api/capa.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { CapaService } from './capa.service.js';

/**
 * Root cause and corrective/preventive actions of incidents (P32-4): the analysis of one incident,
 * its actions, one action's changes and effectiveness check, the list of actions (mine / all,
 * overdue), and the daily reminder job.
 */
export function registerCapaRoutes(app: App, ctx: AppContext): void {
  const svc = new CapaService(ctx);

  route(app, c.rootCause, async (req) => svc.rootCause(req.actor, req.params.id));
  route(app, c.saveRootCause, async (req) => svc.saveRootCause(req.actor, req.params.id, req.body));
  route(app, c.actionsOf, async (req) => svc.actionsOf(req.actor, req.params.id));
  route(app, c.create, async (req) => svc.create(req.actor, req.params.id, req.body));
  route(app, c.list, async (req) => svc.list(req.actor, req.query));
  route(app, c.update, async (req) => svc.update(req.actor, req.params.id, req.body));
  route(app, c.check, async (req) => svc.check(req.actor, req.params.id, req.body));
}
