import { SteeringReportDto, SteeringReportPdfQuery, SteeringReportQuery } from '../../../shared/steering.js';
import type { AppContext } from '../../context.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App } from '../../http.js';
import { SteeringService } from './steering.service.js';

/** The steering committee report (P32-7, P32-3): on screen (JSON) and as a PDF. */
export function registerSteeringRoutes(app: App, ctx: AppContext): void {
  const svc = new SteeringService(ctx);
  const tags = ['steering'];
  app.get('/api/steering-report', { schema: { tags, querystring: SteeringReportQuery, response: { 200: SteeringReportDto } } }, async (req) => svc.report(req.actor, req.query));
  app.get('/api/steering-report/pdf', { schema: { tags, querystring: SteeringReportPdfQuery, produces: ['application/pdf'] } }, async (req, reply) => {
    const f = await svc.pdf(req.actor, req.query);
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').send(f.body);
  });
}
