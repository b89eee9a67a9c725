import { z } from 'zod';
import {
  AcknowledgeVersion,
  AcknowledgmentList,
  AddHistoricalVersion,
  ApproveVersion,
  COMMITTEE_MINUTES_MAX_BYTES,
  CreateDocument,
  CreateVersion,
  DiffDto,
  DiffQuery,
  DocumentDto,
  DocumentList,
  DOCUMENT_PDF_MAX_BYTES,
  InForceDto,
  InForceQuery,
  ListDocumentsQuery,
  MyAcknowledgment,
  PdfQuery,
  PublishVersion,
  RecordCommitteeApproval,
  RejectVersion,
  UpdateDocument,
  UpdateVersion,
  VersionDto,
} from '../../../shared/documents.js';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App, Req } from '../../http.js';
import { DocumentsService } from './documents.service.js';
import { VersionsService, type PdfUpload } from './versions.service.js';
import { CommitteeApprovalService, type MinutesUpload } from './committee.service.js';

const IdParam = z.object({ id: z.uuid() });

/** Reads the `file` part of a multipart upload (20 MB at most; more is 413). */
async function readPdf(req: Req): Promise<PdfUpload> {
  let file: PdfUpload | null = null;
  for await (const part of req.parts({ limits: { fileSize: DOCUMENT_PDF_MAX_BYTES, files: 1, fields: 2 } })) {
    if (part.type !== 'file') continue;
    if (part.fieldname !== 'file' || file) {
      part.file.resume();
      continue;
    }
    file = { fileName: part.filename, data: await part.toBuffer() };
  }
  if (!file) throw new ValidationError('Attach the PDF in a form field named "file".', [{ path: 'file', message: 'required' }]);
  return file;
}

/**
 * Reads "record the steering committee's approval": the `committeeApprovedOn` and `note` fields
 * and the minutes as the `file` part (10 MB at most; more is 413), in any order. A missing file is
 * the service's to refuse.
 */
async function readCommitteeApproval(req: Req): Promise<{ fields: RecordCommitteeApproval; file: MinutesUpload | null }> {
  let file: MinutesUpload | null = null;
  const raw: Record<string, string> = {};
  for await (const part of req.parts({ limits: { fileSize: COMMITTEE_MINUTES_MAX_BYTES, files: 1, fields: 4 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        continue;
      }
      file = { fileName: part.filename, data: await part.toBuffer() };
    } else if (part.fieldname === 'committeeApprovedOn' || part.fieldname === 'note') {
      raw[part.fieldname] = String(part.value);
    }
  }
  const parsed = RecordCommitteeApproval.safeParse(raw);
  if (!parsed.success) throw new ValidationError('Some fields are invalid.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return { fields: parsed.data, file };
}

/**
 * The policy library (P32-2.2, P32-5, P32-6, P32-8, history): documents, versions and their
 * approval, PDFs, diffs, acknowledgments, the in-force view, and the daily job (assignments follow
 * the audiences; reminders and escalation; review reminders). The policy and the guideline
 * drafts are added when the app is ready; a newly active account gets what applies to it.
 */
export function registerDocumentRoutes(app: App, ctx: AppContext): void {
  const docs = new DocumentsService(ctx);
  const versions = new VersionsService(ctx, docs);
  const committee = new CommitteeApprovalService(ctx, versions);
  const tags = ['documents'];

  app.get('/api/documents', { schema: { tags, querystring: ListDocumentsQuery, response: { 200: DocumentList } } }, async (req) => docs.list(req.actor, req.query));
  app.post('/api/documents', { schema: { tags, body: CreateDocument, response: { 201: DocumentDto } } }, async (req, reply) => reply.code(201).send(await docs.create(req.actor, req.body)));
  app.get('/api/documents/in-force', { schema: { tags, querystring: InForceQuery, response: { 200: InForceDto } } }, async (req) => docs.inForce(req.actor, req.query.date));
  app.get('/api/documents/:id', { schema: { tags, params: IdParam, response: { 200: DocumentDto } } }, async (req) => docs.get(req.actor, req.params.id));
  app.patch('/api/documents/:id', { schema: { tags, params: IdParam, body: UpdateDocument, response: { 200: DocumentDto } } }, async (req) => docs.update(req.actor, req.params.id, req.body));
  app.post('/api/documents/:id/versions', { schema: { tags, params: IdParam, body: CreateVersion, response: { 201: VersionDto } } }, async (req, reply) =>
    reply.code(201).send(await versions.create(req.actor, req.params.id, req.body)),
  );
  app.post('/api/documents/:id/history', { schema: { tags, params: IdParam, body: AddHistoricalVersion, response: { 201: DocumentDto } } }, async (req, reply) =>
    reply.code(201).send(await versions.addHistory(req.actor, req.params.id, req.body)),
  );

  app.get('/api/document-versions/:id', { schema: { tags, params: IdParam, response: { 200: VersionDto } } }, async (req) => versions.get(req.actor, req.params.id));
  app.patch('/api/document-versions/:id', { schema: { tags, params: IdParam, body: UpdateVersion, response: { 200: VersionDto } } }, async (req) => versions.update(req.actor, req.params.id, req.body));
  app.post('/api/document-versions/:id/submit', { schema: { tags, params: IdParam, response: { 200: VersionDto } } }, async (req) => versions.submit(req.actor, req.params.id));
  app.post('/api/document-versions/:id/approve', { schema: { tags, params: IdParam, body: ApproveVersion, response: { 200: VersionDto } } }, async (req) => versions.approve(req.actor, req.params.id, req.body));
  app.post('/api/document-versions/:id/committee-approval', { schema: { tags, params: IdParam, consumes: ['multipart/form-data'], response: { 200: VersionDto } } }, async (req) => {
    // Authorize before reading the body, so a refused caller's upload is not buffered.
    await ctx.authz.require(req.actor, 'document.approve');
    const { fields, file } = await readCommitteeApproval(req);
    return committee.record(req.actor, req.params.id, fields, file);
  });
  app.get('/api/document-versions/:id/committee-minutes', { schema: { tags, params: IdParam, produces: ['application/octet-stream'] } }, async (req, reply) => {
    const f = await committee.minutes(req.actor, req.params.id);
    // Always an attachment of an opaque type, like control evidence: an upload never runs in the app's origin.
    return reply.header('content-type', 'application/octet-stream').header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(f.data);
  });
  app.post('/api/document-versions/:id/publish', { schema: { tags, params: IdParam, body: PublishVersion, response: { 200: VersionDto } } }, async (req) => versions.publish(req.actor, req.params.id, req.body));
  app.post('/api/document-versions/:id/reject', { schema: { tags, params: IdParam, body: RejectVersion, response: { 200: VersionDto } } }, async (req) => versions.reject(req.actor, req.params.id, req.body));
  app.get('/api/document-versions/:id/diff', { schema: { tags, params: IdParam, querystring: DiffQuery, response: { 200: DiffDto } } }, async (req) => versions.diff(req.actor, req.params.id, req.query.against));
  app.get('/api/document-versions/:id/pdf', { schema: { tags, params: IdParam, querystring: PdfQuery, produces: ['application/pdf'] } }, async (req, reply) => {
    const f = await versions.pdf(req.actor, req.params.id, req.query.lang);
    // Always an attachment: the PDF opens in the browser's viewer, never inside the app's pages.
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(f.data);
  });
  app.put('/api/document-versions/:id/pdf', { schema: { tags, params: IdParam, querystring: PdfQuery, consumes: ['multipart/form-data'], response: { 200: VersionDto } } }, async (req) => {
    // Authorize before reading the body, so a refused caller's upload is not buffered.
    await ctx.authz.require(req.actor, 'document.manage');
    return versions.attachPdf(req.actor, req.params.id, req.query.lang, await readPdf(req));
  });
  app.delete('/api/document-versions/:id/pdf', { schema: { tags, params: IdParam, querystring: PdfQuery, response: { 200: VersionDto } } }, async (req) => versions.removePdf(req.actor, req.params.id, req.query.lang));
  app.post('/api/document-versions/:id/acknowledge', { schema: { tags, params: IdParam, body: AcknowledgeVersion, response: { 200: MyAcknowledgment } } }, async (req) =>
    docs.acknowledge(req.actor, req.params.id, req.body),
  );
  app.get('/api/people/:id/acknowledgments', { schema: { tags, params: IdParam, response: { 200: AcknowledgmentList } } }, async (req) => docs.personAcknowledgments(req.actor, req.params.id));
}
