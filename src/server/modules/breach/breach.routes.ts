import { z } from 'zod';
import { AssessmentDto, BoardDto, BoardQuery, BreachSettingsDto, ClockChange, ClockDto, ClockList, ClockParam, PpcReportQuery, SaveAssessment, UpdateBreachSettings, WaiveClock } from '../../../shared/breach.js';
import type { AppContext } from '../../context.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App } from '../../http.js';
import { BreachService } from './breach.service.js';
import { getSettings, updateSettings } from './breach.settings.js';

const IdParam = z.object({ id: z.uuid() });

/**
 * Breach assessment and reporting clocks (APPI Art. 26; P32-2.1.1, P32-4): the guided assessment,
 * the clocks of an incident, the deadline board, the clock settings, the draft PPC report, and the
 * reminder job.
 */
export function registerBreachRoutes(app: App, ctx: AppContext): void {
  const svc = new BreachService(ctx);
  const tags = ['breach'];

  app.get('/api/incidents/:id/assessment', { schema: { tags, params: IdParam, response: { 200: AssessmentDto } } }, async (req) => svc.assessment(req.actor, req.params.id));
  app.put('/api/incidents/:id/assessment', { schema: { tags, params: IdParam, body: SaveAssessment, response: { 200: AssessmentDto } } }, async (req) => svc.saveAssessment(req.actor, req.params.id, req.body));
  app.get('/api/incidents/:id/clocks', { schema: { tags, params: IdParam, response: { 200: ClockList } } }, async (req) => svc.clocks(req.actor, req.params.id));
  app.post('/api/incidents/:id/clocks/:kind', { schema: { tags, params: ClockParam, body: ClockChange, response: { 200: ClockDto } } }, async (req) =>
    svc.changeClock(req.actor, req.params.id, req.params.kind, req.body),
  );
  app.post('/api/incidents/:id/clocks/:kind/waiver', { schema: { tags, params: ClockParam, body: WaiveClock, response: { 200: ClockDto } } }, async (req) =>
    svc.waiveClock(req.actor, req.params.id, req.params.kind, req.body),
  );
  app.delete('/api/incidents/:id/clocks/:kind/waiver', { schema: { tags, params: ClockParam, response: { 200: ClockDto } } }, async (req) => svc.withdrawWaiver(req.actor, req.params.id, req.params.kind));
  app.get('/api/incidents/:id/ppc-report', { schema: { tags, params: IdParam, querystring: PpcReportQuery, produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] } }, async (req, reply) => {
    const f = await svc.ppcReport(req.actor, req.params.id, req.query);
    return reply.header('content-type', f.contentType).header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(f.body);
  });
  app.get('/api/breach/board', { schema: { tags, querystring: BoardQuery, response: { 200: BoardDto } } }, async (req) => svc.board(req.actor, req.query));
  app.get('/api/breach/settings', { schema: { tags, response: { 200: BreachSettingsDto } } }, async (req) => getSettings(ctx, req.actor));
  app.put('/api/breach/settings', { schema: { tags, body: UpdateBreachSettings, response: { 200: BreachSettingsDto } } }, async (req) => updateSettings(ctx, req.actor, req.body));
}
