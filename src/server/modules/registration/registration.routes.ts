import { registrationApi as r } from '../../../shared/api/registration.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { RegistrationService } from './registration.service.js';

/** Registration changes (P32-2.1.3f). */
export function registerRegistrationRoutes(app: App, ctx: AppContext): void {
  const svc = new RegistrationService(ctx);
  route(app, r.mine, async (req) => svc.listMine(req.actor, req.query));
  route(app, r.queue, async (req) => svc.listQueue(req.actor, req.query));
  route(app, r.get, async (req) => svc.get(req.actor, req.params.id));
  route(app, r.submit, async (req) => svc.submit(req.actor, req.body));
  route(app, r.decide, async (req) => svc.decide(req.actor, req.params.id, req.body));
  route(app, r.withdraw, async (req) => svc.withdraw(req.actor, req.params.id));
}
