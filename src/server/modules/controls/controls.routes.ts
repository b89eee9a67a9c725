import type { FastifyRequest } from 'fastify';
import { controlsApi as c } from '../../../shared/api/controls.js';
import { EVIDENCE_MAX_BYTES, EvidenceFields } from '../../../shared/controls.js';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';
import { ControlsService } from './controls.service.js';
import { EvidenceService, type EvidenceUpload } from './evidence.service.js';
import { SoaService } from './soa.service.js';

/**
 * Reads a multipart evidence upload: the `file` part (10 MB at most; more is 413) and the
 * `description` and `validUntil` fields, in any order.
 */
async function readEvidence(req: FastifyRequest): Promise<{ file: EvidenceUpload; fields: EvidenceFields }> {
  let file: EvidenceUpload | null = null;
  const raw: Record<string, string> = {};
  for await (const part of req.parts({ limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 5 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        continue;
      }
      file = { fileName: part.filename, contentType: part.mimetype, data: await part.toBuffer() };
    } else if (part.fieldname === 'description' || part.fieldname === 'validUntil') {
      raw[part.fieldname] = String(part.value);
    }
  }
  if (!file) throw new ValidationError('Attach the evidence in a form field named "file".', [{ path: 'file', message: 'required' }]);
  const parsed = EvidenceFields.safeParse({ description: raw.description ?? '', validUntil: raw.validUntil ? raw.validUntil : null });
  if (!parsed.success) throw new ValidationError('Some fields are invalid.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return { file, fields: parsed.data };
}

/** The control catalogue, evidence, statement of applicability and clause map (P32-5, P32-8). */
export function registerControlRoutes(app: App, ctx: AppContext): void {
  const controls = new ControlsService(ctx);
  const evidence = new EvidenceService(ctx);
  const soa = new SoaService(ctx);

  route(app, c.list, async (req) => controls.list(req.actor, req.query));
  route(app, c.create, async (req) => controls.create(req.actor, req.body));
  route(app, c.assignOwners, async (req) => controls.assignDefaultOwners(req.actor));
  route(app, c.get, async (req) => controls.get(req.actor, req.params.id));
  route(app, c.update, async (req) => controls.update(req.actor, req.params.id, req.body));
  route(app, c.remove, async (req) => {
    await controls.remove(req.actor, req.params.id);
    return null;
  });

  route(app, c.addEvidence, async (req) => {
    // Authorize before reading the body, so a refused caller's upload is not buffered.
    await ctx.authz.require(req.actor, 'control.manage');
    const { file, fields } = await readEvidence(req);
    return evidence.add(req.actor, req.params.id, file, fields);
  });
  route(app, c.updateEvidence, async (req) => evidence.update(req.actor, req.params.id, req.params.evidenceId, req.body));
  route(app, c.removeEvidence, async (req) => {
    await evidence.remove(req.actor, req.params.id, req.params.evidenceId);
    return null;
  });
  route(app, c.downloadEvidence, async (req, reply) => {
    const f = await evidence.download(req.actor, req.params.id, req.params.evidenceId);
    // Always an attachment of an opaque type: an uploaded HTML or SVG file never runs in the app's origin.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', contentDisposition(f.fileName))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(f.data);
  });

  route(app, c.soa, async (req) => soa.soa(req.actor));
  route(app, c.soaExport, async (req, reply) => {
    const f = await soa.export(req.actor, req.query.format, req.query.lang);
    return reply.header('content-type', f.contentType).header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').send(f.body);
  });
  route(app, c.clauseMap, async (req) => soa.clauseMap(req.actor));
}
