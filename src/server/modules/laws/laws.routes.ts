import { lawsApi as l } from '../../../shared/api/laws.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { LawsService } from './laws.service.js';

/** The laws and norms register (P32-1.3); the pre-filled entries are added when the app is ready. */
export function registerLawRoutes(app: App, ctx: AppContext): void {
  const svc = new LawsService(ctx);

  route(app, l.list, async (req) => ({ items: await svc.list(req.actor, req.query) }));
  route(app, l.get, async (req) => svc.get(req.actor, req.params.id));
  route(app, l.create, async (req) => svc.create(req.actor, req.body));
  route(app, l.update, async (req) => svc.update(req.actor, req.params.id, req.body));
  route(app, l.addRevision, async (req) => svc.addRevision(req.actor, req.params.id, req.body));
  route(app, l.removeRevision, async (req) => svc.removeRevision(req.actor, req.params.id, req.params.revisionId));
}
