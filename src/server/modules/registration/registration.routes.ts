import { z } from 'zod';
import { DecideRegistrationChange, ListRegistrationChangesQuery, RegistrationChangeDto, RegistrationChangePage, SubmitRegistrationChange } from '../../../shared/registration.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { RegistrationService } from './registration.service.js';

const IdParam = z.object({ id: z.uuid() });

/** Registration changes (P32-2.1.3f). */
export function registerRegistrationRoutes(app: App, ctx: AppContext): void {
  const svc = new RegistrationService(ctx);
  const tags = ['registration changes'];
  app.get('/api/registration-changes', { schema: { tags, querystring: ListRegistrationChangesQuery, response: { 200: RegistrationChangePage } } }, async (req) => svc.listMine(req.actor, req.query));
  app.get('/api/registration-changes/queue', { schema: { tags, querystring: ListRegistrationChangesQuery, response: { 200: RegistrationChangePage } } }, async (req) => svc.listQueue(req.actor, req.query));
  app.get('/api/registration-changes/:id', { schema: { tags, params: IdParam, response: { 200: RegistrationChangeDto } } }, async (req) => svc.get(req.actor, req.params.id));
  app.post('/api/registration-changes', { schema: { tags, body: SubmitRegistrationChange, response: { 201: RegistrationChangeDto } } }, async (req, reply) =>
    reply.code(201).send(await svc.submit(req.actor, req.body)),
  );
  app.post('/api/registration-changes/:id/decision', { schema: { tags, params: IdParam, body: DecideRegistrationChange, response: { 200: RegistrationChangeDto } } }, async (req) =>
    svc.decide(req.actor, req.params.id, req.body),
  );
  app.post('/api/registration-changes/:id/withdraw', { schema: { tags, params: IdParam, response: { 200: RegistrationChangeDto } } }, async (req) => svc.withdraw(req.actor, req.params.id));
}
