import { incidentsApi as i } from '../../../shared/api/incidents.js';
import { INCIDENT_ATTACHMENT_MAX_BYTES } from '../../../shared/incidents.js';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App, Req } from '../../http.js';
import { route } from '../../route.js';
import { IncidentsService, type AttachmentUpload } from './incidents.service.js';

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

  route(app, i.report, async (req) => svc.report(req.actor, req.body));
  route(app, i.list, async (req) => svc.list(req.actor, req.query));
  route(app, i.dashboard, async (req) => svc.dashboard(req.actor));
  route(app, i.get, async (req) => svc.get(req.actor, req.params.id));
  route(app, i.update, async (req) => svc.update(req.actor, req.params.id, req.body));
  route(app, i.changeStatus, async (req) => svc.changeStatus(req.actor, req.params.id, req.body));
  route(app, i.addEvent, async (req) => svc.addEvent(req.actor, req.params.id, req.body));
  route(app, i.addLink, async (req) => svc.addLink(req.actor, req.params.id, req.body));
  route(app, i.removeLink, async (req) => {
    await svc.removeLink(req.actor, req.params.id, req.params.kind, req.params.targetId);
    return null;
  });
  route(app, i.addInvestigator, async (req) => svc.addInvestigator(req.actor, req.params.id, req.body.personId));
  route(app, i.removeInvestigator, async (req) => {
    await svc.removeInvestigator(req.actor, req.params.id, req.params.personId);
    return null;
  });
  route(app, i.addAttachment, async (req) => {
    // Checked before the body is read, so a refused caller's upload is not buffered.
    await svc.mayContribute(req.actor, req.params.id);
    const file = await readFile(req);
    return svc.addAttachment(req.actor, req.params.id, file);
  });
  route(app, i.downloadAttachment, async (req, reply) => {
    const f = await svc.downloadAttachment(req.actor, req.params.id, req.params.attachmentId);
    // Always an attachment of an opaque type: an uploaded HTML or SVG file never runs in the app's origin.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', contentDisposition(f.fileName))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(f.data);
  });
  route(app, i.removeAttachment, async (req) => {
    await svc.removeAttachment(req.actor, req.params.id, req.params.attachmentId);
    return null;
  });
}
