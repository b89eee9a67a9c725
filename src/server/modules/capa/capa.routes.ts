import { ActionDto, ActionList, ActionPage, CheckAction, CreateAction, IncidentIdParam, ListActionsQuery, RootCauseDto, SaveRootCause, UpdateAction } from '../../../shared/capa.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { CapaService } from './capa.service.js';

/**
 * Root cause and corrective/preventive actions of incidents (P32-4): the analysis of one incident,
 * its actions, one action's changes and effectiveness check, the list of actions (mine / all,
 * overdue), and the daily reminder job.
 */
export function registerCapaRoutes(app: App, ctx: AppContext): void {
  const svc = new CapaService(ctx);
  const tags = ['incidents'];

  app.get('/api/incidents/:id/root-cause', { schema: { tags, params: IncidentIdParam, response: { 200: RootCauseDto } } }, async (req) => svc.rootCause(req.actor, req.params.id));
  app.put('/api/incidents/:id/root-cause', { schema: { tags, params: IncidentIdParam, body: SaveRootCause, response: { 200: RootCauseDto } } }, async (req) =>
    svc.saveRootCause(req.actor, req.params.id, req.body),
  );
  app.get('/api/incidents/:id/actions', { schema: { tags, params: IncidentIdParam, response: { 200: ActionList } } }, async (req) => svc.actionsOf(req.actor, req.params.id));
  app.post('/api/incidents/:id/actions', { schema: { tags, params: IncidentIdParam, body: CreateAction, response: { 201: ActionDto } } }, async (req, reply) =>
    reply.code(201).send(await svc.create(req.actor, req.params.id, req.body)),
  );
  app.get('/api/incident-actions', { schema: { tags, querystring: ListActionsQuery, response: { 200: ActionPage } } }, async (req) => svc.list(req.actor, req.query));
  app.patch('/api/incident-actions/:id', { schema: { tags, params: IncidentIdParam, body: UpdateAction, response: { 200: ActionDto } } }, async (req) => svc.update(req.actor, req.params.id, req.body));
  app.post('/api/incident-actions/:id/check', { schema: { tags, params: IncidentIdParam, body: CheckAction, response: { 200: ActionDto } } }, async (req) => svc.check(req.actor, req.params.id, req.body));
}
