import { z } from 'zod';
import {
  AddViolationNote,
  CreateViolation,
  DecideViolation,
  ListViolationsQuery,
  PutSanctionTypes,
  RecordAppeal,
  SanctionTypeList,
  SetViolationInvestigators,
  UpdateViolation,
  VIOLATION_EVIDENCE_MAX_BYTES,
  ViolationDto,
  ViolationList,
} from '../../../shared/violations.js';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App, Req } from '../../http.js';
import { ViolationEvidenceService, type ViolationUpload } from './evidence.service.js';
import { ViolationsService } from './violations.service.js';

const IdParam = z.object({ id: z.uuid() });
const EvidenceParam = z.object({ id: z.uuid(), evidenceId: z.uuid() });

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
  const tags = ['violations'];

  app.get('/api/violations', { schema: { tags, querystring: ListViolationsQuery, response: { 200: ViolationList } } }, async (req) => ({ items: await svc.list(req.actor, req.query) }));
  app.post('/api/violations', { schema: { tags, body: CreateViolation, response: { 201: ViolationDto } } }, async (req, reply) => reply.code(201).send(await svc.create(req.actor, req.body)));
  app.get('/api/violations/:id', { schema: { tags, params: IdParam, response: { 200: ViolationDto } } }, async (req) => svc.get(req.actor, req.params.id));
  app.patch('/api/violations/:id', { schema: { tags, params: IdParam, body: UpdateViolation, response: { 200: ViolationDto } } }, async (req) => svc.update(req.actor, req.params.id, req.body));
  app.put('/api/violations/:id/investigators', { schema: { tags, params: IdParam, body: SetViolationInvestigators, response: { 200: ViolationDto } } }, async (req) =>
    svc.setInvestigators(req.actor, req.params.id, req.body),
  );
  app.post('/api/violations/:id/notes', { schema: { tags, params: IdParam, body: AddViolationNote, response: { 201: ViolationDto } } }, async (req, reply) =>
    reply.code(201).send(await svc.addNote(req.actor, req.params.id, req.body)),
  );
  app.post('/api/violations/:id/decision', { schema: { tags, params: IdParam, body: DecideViolation, response: { 200: ViolationDto } } }, async (req) => svc.decide(req.actor, req.params.id, req.body));
  app.post('/api/violations/:id/appeal', { schema: { tags, params: IdParam, body: RecordAppeal, response: { 200: ViolationDto } } }, async (req) => svc.appeal(req.actor, req.params.id, req.body));

  app.post('/api/violations/:id/evidence', { schema: { tags, params: IdParam, consumes: ['multipart/form-data'], response: { 201: ViolationDto } } }, async (req, reply) => {
    // The case is looked up before the body is read, so a caller who may not see it has nothing buffered.
    await ctx.authz.require(req.actor, 'violation.investigate');
    await svc.visible(ctx.db, req.actor, req.params.id);
    const file = await readUpload(req);
    return reply.code(201).send(await evidence.add(req.actor, req.params.id, file));
  });
  app.get('/api/violations/:id/evidence/:evidenceId/download', { schema: { tags, params: EvidenceParam, produces: ['application/octet-stream'] } }, async (req, reply) => {
    const f = await evidence.download(req.actor, req.params.id, req.params.evidenceId);
    // Always an attachment of an opaque type: an uploaded HTML or SVG file never runs in the app's origin.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', contentDisposition(f.fileName))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(f.data);
  });

  app.get('/api/sanction-types', { schema: { tags, response: { 200: SanctionTypeList } } }, async (req) => ({ items: await svc.sanctions.list(req.actor) }));
  app.put('/api/sanction-types', { schema: { tags, body: PutSanctionTypes, response: { 200: SanctionTypeList } } }, async (req) => ({ items: await svc.sanctions.put(req.actor, req.body) }));
}
