import { violationsApi as v } from '../../../shared/api/violations.js';
import { VIOLATION_EVIDENCE_MAX_BYTES } from '../../../shared/violations.js';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App, Req } from '../../http.js';
import { route } from '../../route.js';
import { ViolationEvidenceService, type ViolationUpload } from './evidence.service.js';
import { ViolationsService } from './violations.service.js';

/** Reads a multipart upload: the `file` part (10 MB at most; more is 413) and a `description` field. */
async function readUpload(req: Req): Promise<ViolationUpload> {
  let file: Omit<ViolationUpload, 'description'> | null = null;
  let description = '';
  for await (const part of req.parts({ limits: { fileSize: VIOLATION_EVIDENCE_MAX_BYTES, files: 1, fields: 3 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        continue;
      }
      file = { fileName: part.filename, contentType: part.mimetype, data: await part.toBuffer() };
    } else if (part.fieldname === 'description') {
      description = String(part.value).trim();
    }
  }
  if (!file) throw new ValidationError('Attach the evidence in a form field named "file".', [{ path: 'file', message: 'required' }]);
  if (description.length > 1000) throw new ValidationError('Some fields are invalid.', [{ path: 'description', message: 'at most 1000 characters' }]);
  return { ...file, description };
}

/** Violation cases, their evidence, the manager's decision and appeal, and the sanction list (P32-7). */
export function registerViolationRoutes(app: App, ctx: AppContext): void {
  const svc = new ViolationsService(ctx);
  const evidence = new ViolationEvidenceService(ctx);

  route(app, v.list, async (req) => ({ items: await svc.list(req.actor, req.query) }));
  route(app, v.create, async (req) => svc.create(req.actor, req.body));
  route(app, v.get, async (req) => svc.get(req.actor, req.params.id));
  route(app, v.update, async (req) => svc.update(req.actor, req.params.id, req.body));
  route(app, v.setInvestigators, async (req) => svc.setInvestigators(req.actor, req.params.id, req.body));
  route(app, v.addNote, async (req) => svc.addNote(req.actor, req.params.id, req.body));
  route(app, v.decide, async (req) => svc.decide(req.actor, req.params.id, req.body));
  route(app, v.appeal, async (req) => svc.appeal(req.actor, req.params.id, req.body));

  route(app, v.addEvidence, async (req) => {
    // The case is looked up before the body is read, so a caller who may not see it has nothing buffered.
    await evidence.mayAdd(req.actor, req.params.id);
    const file = await readUpload(req);
    return evidence.add(req.actor, req.params.id, file);
  });
  route(app, v.downloadEvidence, async (req, reply) => {
    const f = await evidence.download(req.actor, req.params.id, req.params.evidenceId);
    // Always an attachment of an opaque type: an uploaded HTML or SVG file never runs in the app's origin.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', contentDisposition(f.fileName))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(f.data);
  });

  route(app, v.sanctionTypes, async (req) => ({ items: await svc.sanctions.list(req.actor) }));
  route(app, v.putSanctionTypes, async (req) => ({ items: await svc.sanctions.put(req.actor, req.body) }));
}
