import { z } from 'zod';
import {
  AddIncidentEvent,
  AddIncidentLink,
  AddInvestigator,
  ChangeIncidentStatus,
  INCIDENT_ATTACHMENT_MAX_BYTES,
  IncidentDashboardDto,
  IncidentDto,
  IncidentLinkKind,
  IncidentPage,
  IncidentReceipt,
  ListIncidentsQuery,
  ReportIncident,
  UpdateIncident,
} from '../../../shared/incidents.js';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App, Req } from '../../http.js';
import { IncidentsService, type AttachmentUpload } from './incidents.service.js';

const IdParam = z.object({ id: z.uuid() });
const LinkParam = z.object({ id: z.uuid(), kind: IncidentLinkKind, targetId: z.uuid() });
const InvestigatorParam = z.object({ id: z.uuid(), personId: z.uuid() });
const AttachmentParam = z.object({ id: z.uuid(), attachmentId: z.uuid() });

/** Reads a multipart upload's `file` part (10 MB at most; more is 413). */
async function readFile(req: Req): Promise<AttachmentUpload> {
  let file: AttachmentUpload | null = null;
  for await (const part of req.parts({ limits: { fileSize: INCIDENT_ATTACHMENT_MAX_BYTES, files: 1, fields: 2 } })) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'file' || file) {
      part.file.resume();
      continue;
    }
    file = { fileName: part.filename, contentType: part.mimetype, data: await part.toBuffer() };
  }
  if (!file) throw new ValidationError('Attach the file in a form field named "file".', [{ path: 'file', message: 'required' }]);
  return file;
}

/** Incidents (P32-2.1.1, P32-4): reporting, the list and dashboard, the workflow, timeline, links, investigators, attachments. */
export function registerIncidentRoutes(app: App, ctx: AppContext): void {
  const svc = new IncidentsService(ctx);
  const tags = ['incidents'];

  app.post('/api/incidents', { schema: { tags, body: ReportIncident, response: { 201: IncidentReceipt } } }, async (req, reply) => reply.code(201).send(await svc.report(req.actor, req.body)));
  app.get('/api/incidents', { schema: { tags, querystring: ListIncidentsQuery, response: { 200: IncidentPage } } }, async (req) => svc.list(req.actor, req.query));
  app.get('/api/incidents/dashboard', { schema: { tags, response: { 200: IncidentDashboardDto } } }, async (req) => svc.dashboard(req.actor));
  app.get('/api/incidents/:id', { schema: { tags, params: IdParam, response: { 200: IncidentDto } } }, async (req) => svc.get(req.actor, req.params.id));
  app.patch('/api/incidents/:id', { schema: { tags, params: IdParam, body: UpdateIncident, response: { 200: IncidentDto } } }, async (req) => svc.update(req.actor, req.params.id, req.body));
  app.post('/api/incidents/:id/status', { schema: { tags, params: IdParam, body: ChangeIncidentStatus, response: { 200: IncidentDto } } }, async (req) => svc.changeStatus(req.actor, req.params.id, req.body));
  app.post('/api/incidents/:id/events', { schema: { tags, params: IdParam, body: AddIncidentEvent, response: { 201: IncidentDto } } }, async (req, reply) =>
    reply.code(201).send(await svc.addEvent(req.actor, req.params.id, req.body)),
  );
  app.post('/api/incidents/:id/links', { schema: { tags, params: IdParam, body: AddIncidentLink, response: { 201: IncidentDto } } }, async (req, reply) =>
    reply.code(201).send(await svc.addLink(req.actor, req.params.id, req.body)),
  );
  app.delete('/api/incidents/:id/links/:kind/:targetId', { schema: { tags, params: LinkParam, response: { 204: z.null() } } }, async (req, reply) => {
    await svc.removeLink(req.actor, req.params.id, req.params.kind, req.params.targetId);
    return reply.code(204).send(null);
  });
  app.post('/api/incidents/:id/investigators', { schema: { tags, params: IdParam, body: AddInvestigator, response: { 201: IncidentDto } } }, async (req, reply) =>
    reply.code(201).send(await svc.addInvestigator(req.actor, req.params.id, req.body.personId)),
  );
  app.delete('/api/incidents/:id/investigators/:personId', { schema: { tags, params: InvestigatorParam, response: { 204: z.null() } } }, async (req, reply) => {
    await svc.removeInvestigator(req.actor, req.params.id, req.params.personId);
    return reply.code(204).send(null);
  });
  app.post('/api/incidents/:id/attachments', { schema: { tags, params: IdParam, consumes: ['multipart/form-data'], response: { 201: IncidentDto } } }, async (req, reply) => {
    // Checked before the body is read, so a refused caller's upload is not buffered.
    await svc.mayContribute(req.actor, req.params.id);
    const file = await readFile(req);
    return reply.code(201).send(await svc.addAttachment(req.actor, req.params.id, file));
  });
  app.get('/api/incidents/:id/attachments/:attachmentId', { schema: { tags, params: AttachmentParam, produces: ['application/octet-stream'] } }, async (req, reply) => {
    const f = await svc.downloadAttachment(req.actor, req.params.id, req.params.attachmentId);
    // Always an attachment of an opaque type: an uploaded HTML or SVG file never runs in the app's origin.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', contentDisposition(f.fileName))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(f.data);
  });
  app.delete('/api/incidents/:id/attachments/:attachmentId', { schema: { tags, params: AttachmentParam, response: { 204: z.null() } } }, async (req, reply) => {
    await svc.removeAttachment(req.actor, req.params.id, req.params.attachmentId);
    return reply.code(204).send(null);
  });
}
