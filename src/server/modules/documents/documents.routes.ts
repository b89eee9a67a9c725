import { documentsApi as d } from '../../../shared/api/documents.js';
import { COMMITTEE_MINUTES_MAX_BYTES, DOCUMENT_PDF_MAX_BYTES, RecordCommitteeApproval } from '../../../shared/documents.js';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App, Req } from '../../http.js';
import { route } from '../../route.js';
import { DocumentsService } from './documents.service.js';
import { VersionsService, type PdfUpload } from './versions.service.js';
import { CommitteeApprovalService, type MinutesUpload } from './committee.service.js';

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

  route(app, d.list, async (req) => docs.list(req.actor, req.query));
  route(app, d.create, async (req) => docs.create(req.actor, req.body));
  route(app, d.inForce, async (req) => docs.inForce(req.actor, req.query.date));
  route(app, d.get, async (req) => docs.get(req.actor, req.params.id));
  route(app, d.update, async (req) => docs.update(req.actor, req.params.id, req.body));
  route(app, d.createVersion, async (req) => versions.create(req.actor, req.params.id, req.body));
  route(app, d.addHistory, async (req) => versions.addHistory(req.actor, req.params.id, req.body));

  route(app, d.version, async (req) => versions.get(req.actor, req.params.id));
  route(app, d.updateVersion, async (req) => versions.update(req.actor, req.params.id, req.body));
  route(app, d.submit, async (req) => versions.submit(req.actor, req.params.id));
  route(app, d.approve, async (req) => versions.approve(req.actor, req.params.id, req.body));
  route(app, d.recordCommitteeApproval, async (req) => {
    // Authorize before reading the body, so a refused caller's upload is not buffered.
    await ctx.authz.require(req.actor, 'document.approve');
    const { fields, file } = await readCommitteeApproval(req);
    return committee.record(req.actor, req.params.id, fields, file);
  });
  route(app, d.committeeMinutes, async (req, reply) => {
    const f = await committee.minutes(req.actor, req.params.id);
    // Always an attachment of an opaque type, like control evidence: an upload never runs in the app's origin.
    return reply.header('content-type', 'application/octet-stream').header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(f.data);
  });
  route(app, d.publish, async (req) => versions.publish(req.actor, req.params.id, req.body));
  route(app, d.reject, async (req) => versions.reject(req.actor, req.params.id, req.body));
  route(app, d.diff, async (req) => versions.diff(req.actor, req.params.id, req.query.against));
  route(app, d.pdf, async (req, reply) => {
    const f = await versions.pdf(req.actor, req.params.id, req.query.lang);
    // Always an attachment: the PDF opens in the browser's viewer, never inside the app's pages.
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(f.data);
  });
  route(app, d.attachPdf, async (req) => {
    // Authorize before reading the body, so a refused caller's upload is not buffered.
    await ctx.authz.require(req.actor, 'document.manage');
    return versions.attachPdf(req.actor, req.params.id, req.query.lang, await readPdf(req));
  });
  route(app, d.removePdf, async (req) => versions.removePdf(req.actor, req.params.id, req.query.lang));
  route(app, d.acknowledge, async (req) => docs.acknowledge(req.actor, req.params.id, req.body));
  route(app, d.personAcknowledgments, async (req) => docs.personAcknowledgments(req.actor, req.params.id));
}
