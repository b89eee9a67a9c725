import { steeringApi as s } from '../../../shared/api/steering.js';
import type { AppContext } from '../../context.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { SteeringService } from './steering.service.js';

/** The steering committee report (P32-7, P32-3): on screen (JSON) and as a PDF. */
export function registerSteeringRoutes(app: App, ctx: AppContext): void {
  const svc = new SteeringService(ctx);
  route(app, s.report, async (req) => svc.report(req.actor, req.query));
  route(app, s.pdf, async (req, reply) => {
    const f = await svc.pdf(req.actor, req.query);
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').send(f.body);
  });
}
