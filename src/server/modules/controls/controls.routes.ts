import { z } from 'zod';
import {
  AssignOwnersResult,
  ClauseMapDto,
  ControlDto,
  ControlList,
  CreateControl,
  EVIDENCE_MAX_BYTES,
  EvidenceDto,
  EvidenceFields,
  ListControlsQuery,
  SoaDto,
  SoaExportQuery,
  UpdateControl,
  UpdateEvidence,
} from '../../../shared/controls.js';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App, Req } from '../../http.js';
import { ControlsService } from './controls.service.js';
import { EvidenceService, type EvidenceUpload } from './evidence.service.js';
import { SoaService } from './soa.service.js';

const IdParam = z.object({ id: z.uuid() });
const EvidenceParam = z.object({ id: z.uuid(), evidenceId: z.uuid() });

/**
 * Reads a multipart evidence upload: the `file` part (10 MB at most; more is 413) and the
 * `description` and `validUntil` fields, in any order.
 */
async function readEvidence(req: Req): Promise<{ file: EvidenceUpload; fields: EvidenceFields }> {
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
  // The pre-filled catalogue links to the pre-filled laws: both are added (idempotently) before serving.
  const tags = ['controls'];

  app.get('/api/controls', { schema: { tags, querystring: ListControlsQuery, response: { 200: ControlList } } }, async (req) => controls.list(req.actor, req.query));
  app.post('/api/controls', { schema: { tags, body: CreateControl, response: { 201: ControlDto } } }, async (req, reply) => reply.code(201).send(await controls.create(req.actor, req.body)));
  app.post('/api/controls/assign-owners', { schema: { tags, response: { 200: AssignOwnersResult } } }, async (req) => controls.assignDefaultOwners(req.actor));
  app.get('/api/controls/:id', { schema: { tags, params: IdParam, response: { 200: ControlDto } } }, async (req) => controls.get(req.actor, req.params.id));
  app.patch('/api/controls/:id', { schema: { tags, params: IdParam, body: UpdateControl, response: { 200: ControlDto } } }, async (req) => controls.update(req.actor, req.params.id, req.body));
  app.delete('/api/controls/:id', { schema: { tags, params: IdParam, response: { 204: z.null() } } }, async (req, reply) => {
    await controls.remove(req.actor, req.params.id);
    return reply.code(204).send(null);
  });

  app.post('/api/controls/:id/evidence', { schema: { tags, params: IdParam, consumes: ['multipart/form-data'], response: { 201: EvidenceDto } } }, async (req, reply) => {
    // Authorize before reading the body, so a refused caller's upload is not buffered.
    await ctx.authz.require(req.actor, 'control.manage');
    const { file, fields } = await readEvidence(req);
    return reply.code(201).send(await evidence.add(req.actor, req.params.id, file, fields));
  });
  app.patch('/api/controls/:id/evidence/:evidenceId', { schema: { tags, params: EvidenceParam, body: UpdateEvidence, response: { 200: EvidenceDto } } }, async (req) =>
    evidence.update(req.actor, req.params.id, req.params.evidenceId, req.body),
  );
  app.delete('/api/controls/:id/evidence/:evidenceId', { schema: { tags, params: EvidenceParam, response: { 204: z.null() } } }, async (req, reply) => {
    await evidence.remove(req.actor, req.params.id, req.params.evidenceId);
    return reply.code(204).send(null);
  });
  app.get('/api/controls/:id/evidence/:evidenceId/download', { schema: { tags, params: EvidenceParam, produces: ['application/octet-stream'] } }, async (req, reply) => {
    const f = await evidence.download(req.actor, req.params.id, req.params.evidenceId);
    // Always an attachment of an opaque type: an uploaded HTML or SVG file never runs in the app's origin.
    return reply
      .header('content-type', 'application/octet-stream')
      .header('content-disposition', contentDisposition(f.fileName))
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(f.data);
  });

  app.get('/api/soa', { schema: { tags, response: { 200: SoaDto } } }, async (req) => soa.soa(req.actor));
  app.get('/api/soa/export', { schema: { tags, querystring: SoaExportQuery, produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] } }, async (req, reply) => {
    const f = await soa.export(req.actor, req.query.format, req.query.lang);
    return reply.header('content-type', f.contentType).header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').send(f.body);
  });
  app.get('/api/clause-map', { schema: { tags, response: { 200: ClauseMapDto } } }, async (req) => soa.clauseMap(req.actor));
}
