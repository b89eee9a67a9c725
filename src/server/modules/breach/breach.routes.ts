import { breachApi as b } from '../../../shared/api/breach.js';
import type { AppContext } from '../../context.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { BreachService } from './breach.service.js';
import { getSettings, updateSettings } from './breach.settings.js';

/**
 * Breach assessment and reporting clocks (APPI Art. 26; P32-2.1.1, P32-4): the guided assessment,
 * the clocks of an incident, the deadline board, the clock settings, the draft PPC report, and the
 * reminder job.
 */
export function registerBreachRoutes(app: App, ctx: AppContext): void {
  const svc = new BreachService(ctx);

  route(app, b.assessment, async (req) => svc.assessment(req.actor, req.params.id));
  route(app, b.saveAssessment, async (req) => svc.saveAssessment(req.actor, req.params.id, req.body));
  route(app, b.clocks, async (req) => svc.clocks(req.actor, req.params.id));
  route(app, b.changeClock, async (req) => svc.changeClock(req.actor, req.params.id, req.params.kind, req.body));
  route(app, b.waiveClock, async (req) => svc.waiveClock(req.actor, req.params.id, req.params.kind, req.body));
  route(app, b.withdrawWaiver, async (req) => svc.withdrawWaiver(req.actor, req.params.id, req.params.kind));
  route(app, b.ppcReport, async (req, reply) => {
    const f = await svc.ppcReport(req.actor, req.params.id, req.query);
    return reply.header('content-type', f.contentType).header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(f.body);
  });
  route(app, b.board, async (req) => svc.board(req.actor, req.query));
  route(app, b.settings, async (req) => getSettings(ctx, req.actor));
  route(app, b.updateSettings, async (req) => updateSettings(ctx, req.actor, req.body));
}
