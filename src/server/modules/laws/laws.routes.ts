import { AddLawRevision, CreateLaw, LawDto, LawIdParam, LawList, LawRevisionParam, ListLawsQuery, UpdateLaw } from '../../../shared/laws.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { LawsService } from './laws.service.js';

/** The laws and norms register (P32-1.3); the pre-filled entries are added when the app is ready. */
export function registerLawRoutes(app: App, ctx: AppContext): void {
  const svc = new LawsService(ctx);
  const tags = ['laws'];

  app.get('/api/laws', { schema: { tags, querystring: ListLawsQuery, response: { 200: LawList } } }, async (req) => ({ items: await svc.list(req.actor, req.query) }));
  app.get('/api/laws/:id', { schema: { tags, params: LawIdParam, response: { 200: LawDto } } }, async (req) => svc.get(req.actor, req.params.id));
  app.post('/api/laws', { schema: { tags, body: CreateLaw, response: { 201: LawDto } } }, async (req, reply) => reply.code(201).send(await svc.create(req.actor, req.body)));
  app.patch('/api/laws/:id', { schema: { tags, params: LawIdParam, body: UpdateLaw, response: { 200: LawDto } } }, async (req) => svc.update(req.actor, req.params.id, req.body));
  app.post('/api/laws/:id/revisions', { schema: { tags, params: LawIdParam, body: AddLawRevision, response: { 201: LawDto } } }, async (req, reply) =>
    reply.code(201).send(await svc.addRevision(req.actor, req.params.id, req.body)),
  );
  app.delete('/api/laws/:id/revisions/:revisionId', { schema: { tags, params: LawRevisionParam, response: { 200: LawDto } } }, async (req) => svc.removeRevision(req.actor, req.params.id, req.params.revisionId));
}
