import { and, eq } from 'drizzle-orm';
import {
  DOCUMENT_PDF_MAX_BYTES,
  type AddHistoricalVersion,
  type ApproveVersion,
  type CreateVersion,
  type DiffDto,
  type DocLanguage,
  type DocumentDto,
  type PublishVersion,
  type RejectVersion,
  type UpdateVersion,
  type VersionDto,
} from '../../../shared/documents.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { documentCommitteeApprovals, documentFiles, documents, documentVersions } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { EvidenceBox, cleanFileName, sha256 } from '../../files/sealed-box.js';
import { assignAudience, cancelOtherVersions } from './acks.js';
import { diffTexts } from './diff.js';
import { addMonths, tokyoToday } from './documents.common.js';
import { newestVersion, summary, versionDtos, visibleDoc, visibleVersion, type DocRow, type VersionRow } from './documents.read.js';
import type { DocumentsService } from './documents.service.js';

const OPEN = ['draft', 'review', 'approved'];

const stateError = (v: VersionRow, wanted: string) =>
  new AppError(409, 'DOCUMENT_VERSION_STATE', `This version is ${v.status}; it must be ${wanted} for this.`, { status: v.status, wanted });

export interface PdfUpload {
  fileName: string | undefined;
  data: Buffer;
}

/**
 * Versions of a document: written as drafts (Markdown ja/en or a PDF per language), submitted for
 * review, approved by the information security manager (never the version's own author), and
 * published — the previous version is superseded at that moment and the new one is assigned to
 * the audience in one statement. History from before the product is entered as such.
 */
export class VersionsService {
  private readonly box: EvidenceBox;
  constructor(
    private readonly ctx: AppContext,
    private readonly docs: DocumentsService,
  ) {
    this.box = new EvidenceBox(ctx.secrets.masterKey);
  }

  private async one(actor: Actor, id: string): Promise<VersionDto> {
    const { doc, v } = await visibleVersion(this.ctx.db, actor, id);
    return (await versionDtos(this.ctx.db, actor, [v], doc.requiresAck, this.ctx.clock.now()))[0]!;
  }

  async get(actor: Actor, id: string): Promise<VersionDto> {
    await this.ctx.authz.require(actor, 'document.read');
    return this.one(actor, id);
  }

  async create(actor: Actor, documentId: string, input: CreateVersion): Promise<VersionDto> {
    await this.ctx.authz.require(actor, 'document.manage');
    const id = await this.ctx.db.transaction(async (tx) => {
      const doc = await visibleDoc(tx, actor, documentId, true);
      const existing = await tx.select().from(documentVersions).where(eq(documentVersions.documentId, documentId));
      const open = existing.find((v) => OPEN.includes(v.status));
      if (open) throw new AppError(409, 'DOCUMENT_OPEN_VERSION', `Version ${open.version} is still being written or approved; finish or reject it first.`, { versionId: open.id });
      if (existing.some((v) => v.version === input.version)) throw new AppError(409, 'DOCUMENT_VERSION_EXISTS', 'This version number is taken.', [{ path: 'version', message: 'taken' }]);
      const base = await newestVersion(tx, documentId);
      const now = this.ctx.clock.now();
      const [v] = await tx
        .insert(documentVersions)
        .values({ documentId, version: input.version, status: 'draft', bodyJa: input.bodyJa ?? base?.bodyJa ?? '', bodyEn: input.bodyEn ?? base?.bodyEn ?? '', changeNote: input.changeNote, createdBy: actor.personId, createdAt: now })
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, { action: 'document_version.created', targetType: 'document', targetId: doc.id, details: { code: doc.code, versionId: v!.id, version: v!.version, copiedFrom: input.bodyJa === undefined && base ? base.version : null } });
      return v!.id;
    });
    return this.one(actor, id);
  }

  async update(actor: Actor, id: string, input: UpdateVersion): Promise<VersionDto> {
    await this.ctx.authz.require(actor, 'document.manage');
    await this.ctx.db.transaction(async (tx) => {
      const { doc, v } = await visibleVersion(tx, actor, id, true);
      if (v.status !== 'draft') throw stateError(v, 'draft');
      if (input.version && input.version !== v.version) {
        const [taken] = await tx.select({ id: documentVersions.id }).from(documentVersions).where(and(eq(documentVersions.documentId, doc.id), eq(documentVersions.version, input.version)));
        if (taken) throw new AppError(409, 'DOCUMENT_VERSION_EXISTS', 'This version number is taken.', [{ path: 'version', message: 'taken' }]);
      }
      const changed = Object.entries(input).filter(([k, val]) => (v as Record<string, unknown>)[k] !== val).map(([k]) => k);
      if (!changed.length) return;
      await tx.update(documentVersions).set(input).where(eq(documentVersions.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'document_version.updated', targetType: 'document', targetId: doc.id, details: { code: doc.code, versionId: id, version: input.version ?? v.version, fields: changed } });
    });
    return this.one(actor, id);
  }

  async submit(actor: Actor, id: string): Promise<VersionDto> {
    await this.ctx.authz.require(actor, 'document.manage');
    await this.ctx.db.transaction(async (tx) => {
      const { doc, v } = await visibleVersion(tx, actor, id, true);
      if (v.status !== 'draft') throw stateError(v, 'draft');
      const files = await tx.select({ l: documentFiles.language }).from(documentFiles).where(eq(documentFiles.versionId, id));
      if (!v.bodyJa.trim() && !v.bodyEn.trim() && !files.length) throw new ValidationError('Write the text or attach a PDF first.', [{ path: 'bodyJa', message: 'empty' }]);
      await tx.update(documentVersions).set({ status: 'review', submittedAt: this.ctx.clock.now() }).where(eq(documentVersions.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'document_version.submitted', targetType: 'document', targetId: doc.id, details: { code: doc.code, versionId: id, version: v.version } });
    });
    return this.one(actor, id);
  }

  /** The manager approves; never the version's own author (four eyes). The policy also records its steering committee date. */
  async approve(actor: Actor, id: string, input: ApproveVersion): Promise<VersionDto> {
    await this.ctx.authz.require(actor, 'document.approve');
    await this.ctx.db.transaction(async (tx) => {
      const { doc, v } = await visibleVersion(tx, actor, id, true);
      if (v.status !== 'review') throw stateError(v, 'review');
      if (v.createdBy && v.createdBy === actor.personId) throw new AppError(422, 'DOCUMENT_SELF_APPROVAL', 'A version is approved by someone other than its author.');
      if (doc.kind === 'policy' && !input.committeeApprovedOn) throw new ValidationError('Enter the date the steering committee approved the policy.', [{ path: 'committeeApprovedOn', message: 'required' }]);
      await tx
        .update(documentVersions)
        .set({ status: 'approved', approvedBy: actor.personId, approvedAt: this.ctx.clock.now(), committeeApprovedOn: input.committeeApprovedOn, reviewComment: null })
        .where(eq(documentVersions.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'document_version.approved', targetType: 'document', targetId: doc.id, details: { code: doc.code, versionId: id, version: v.version, author: v.createdBy, committeeApprovedOn: input.committeeApprovedOn } });
    });
    return this.one(actor, id);
  }

  /** Back to draft with the reviewer's comment (from review, or an approval not yet published). */
  async reject(actor: Actor, id: string, input: RejectVersion): Promise<VersionDto> {
    await this.ctx.authz.require(actor, 'document.approve');
    await this.ctx.db.transaction(async (tx) => {
      const { doc, v } = await visibleVersion(tx, actor, id, true);
      if (v.status !== 'review' && v.status !== 'approved') throw stateError(v, 'review or approved');
      await tx
        .update(documentVersions)
        .set({ status: 'draft', reviewComment: input.comment, rejectedBy: actor.personId, rejectedAt: this.ctx.clock.now(), submittedAt: null, approvedBy: null, approvedAt: null, committeeApprovedOn: null })
        .where(eq(documentVersions.id, id));
      // A recorded committee approval goes with the approval it was; the audit entry keeps what it was.
      const [withdrawn] = await tx
        .delete(documentCommitteeApprovals)
        .where(eq(documentCommitteeApprovals.versionId, id))
        .returning({ decidedOn: documentCommitteeApprovals.decidedOn, fileName: documentCommitteeApprovals.fileName, sha256: documentCommitteeApprovals.sha256 });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'document_version.rejected',
        targetType: 'document',
        targetId: doc.id,
        details: { code: doc.code, versionId: id, version: v.version, from: v.status, comment: input.comment, committeeApproval: withdrawn ?? null },
      });
    });
    return this.one(actor, id);
  }

  /**
   * Publishes an approved version: the current one is superseded now, open acknowledgments of
   * older versions are cancelled, the next review date moves on, and — when the document requires
   * acknowledgment — every active person in the audience is assigned the new version in one
   * insert … select. One audit entry records how many.
   */
  async publish(actor: Actor, id: string, input: PublishVersion): Promise<VersionDto> {
    await this.ctx.authz.require(actor, 'document.publish');
    await this.ctx.db.transaction(async (tx) => {
      const { v } = await visibleVersion(tx, actor, id, true);
      const doc = await visibleDoc(tx, actor, v.documentId, true);
      if (v.status !== 'approved') throw stateError(v, 'approved');
      const now = this.ctx.clock.now();
      const effectiveFrom = input.effectiveFrom ?? tokyoToday(now);
      const [current] = await tx.select().from(documentVersions).where(and(eq(documentVersions.documentId, doc.id), eq(documentVersions.status, 'published')));
      if (current?.effectiveFrom && effectiveFrom < current.effectiveFrom) {
        throw new ValidationError(`The new version cannot take effect before the current one (${current.effectiveFrom}).`, [{ path: 'effectiveFrom', message: 'before the current version' }]);
      }
      if (current) await tx.update(documentVersions).set({ status: 'superseded', supersededAt: now }).where(eq(documentVersions.id, current.id));
      await tx.update(documentVersions).set({ status: 'published', effectiveFrom, publishedAt: now, publishedBy: actor.personId }).where(eq(documentVersions.id, id));
      const nextReviewOn = addMonths(effectiveFrom, doc.reviewIntervalMonths);
      await tx.update(documents).set({ nextReviewOn, updatedAt: now }).where(eq(documents.id, doc.id));
      const cancelled = await cancelOtherVersions(tx, doc.id, id, now);
      const assigned = doc.requiresAck && !doc.retiredAt ? await assignAudience(tx, { documentId: doc.id, versionId: id, audience: doc.audience, ackDueDays: doc.ackDueDays }, now) : 0;
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'document_version.published',
        targetType: 'document',
        targetId: doc.id,
        details: { code: doc.code, versionId: id, version: v.version, effectiveFrom, superseded: current ? { versionId: current.id, version: current.version } : null, assigned, cancelled, nextReviewOn },
      });
    });
    return this.one(actor, id);
  }

  /**
   * Enters a version from before the product (e.g. the policy's 2008 approval): in force from its
   * date, never assigned for acknowledgment. It becomes current only when it is newer than the
   * current version and that one is history too; history never displaces a version published here.
   */
  async addHistory(actor: Actor, documentId: string, input: AddHistoricalVersion): Promise<DocumentDto> {
    await this.ctx.authz.require(actor, 'document.approve');
    await this.ctx.db.transaction(async (tx) => {
      const doc = await visibleDoc(tx, actor, documentId, true);
      const today = tokyoToday(this.ctx.clock.now());
      if (input.effectiveFrom > today) throw new ValidationError('A history entry took effect in the past.', [{ path: 'effectiveFrom', message: 'in the future' }]);
      await insertHistory(this.ctx, tx, actor, doc, input);
    });
    return this.docs.get(actor, documentId);
  }

  async diff(actor: Actor, id: string, againstId: string): Promise<DiffDto> {
    await this.ctx.authz.require(actor, 'document.read');
    const { v } = await visibleVersion(this.ctx.db, actor, id);
    const { v: other } = await visibleVersion(this.ctx.db, actor, againstId);
    if (other.documentId !== v.documentId) throw new NotFoundError('Document version');
    return { from: summary(other)!, to: summary(v)!, ja: diffTexts(other.bodyJa, v.bodyJa), en: diffTexts(other.bodyEn, v.bodyEn), changeNote: v.changeNote };
  }

  // ---- PDFs --------------------------------------------------------------------------------------

  async attachPdf(actor: Actor, id: string, lang: DocLanguage, file: PdfUpload): Promise<VersionDto> {
    await this.ctx.authz.require(actor, 'document.manage');
    if (file.data.length > DOCUMENT_PDF_MAX_BYTES) throw new AppError(413, 'PAYLOAD_TOO_LARGE', 'A PDF may be at most 20 MB.');
    if (file.data.length < 5 || file.data.subarray(0, 5).toString('latin1') !== '%PDF-') throw new AppError(422, 'DOCUMENT_FILE_INVALID', 'The file is not a PDF.', [{ path: 'file', message: 'not a PDF' }]);
    await this.ctx.db.transaction(async (tx) => {
      const { doc, v } = await visibleVersion(tx, actor, id, true);
      if (v.status !== 'draft' && !v.historical) throw stateError(v, 'draft');
      const hash = sha256(file.data);
      const fileName = cleanFileName(file.fileName).replace(/^evidence$/, `${doc.code}-${v.version}-${lang}.pdf`);
      const values = { versionId: id, language: lang, fileName, size: file.data.length, sha256: hash, sealed: this.box.seal(file.data, `${id}:${lang}`), uploadedBy: actor.personId, uploadedAt: this.ctx.clock.now() };
      await tx
        .insert(documentFiles)
        .values(values)
        .onConflictDoUpdate({ target: [documentFiles.versionId, documentFiles.language], set: { fileName, size: values.size, sha256: hash, sealed: values.sealed, uploadedBy: values.uploadedBy, uploadedAt: values.uploadedAt } });
      await appendAudit(tx, this.ctx.clock, actor, { action: 'document_file.attached', targetType: 'document', targetId: doc.id, details: { code: doc.code, versionId: id, version: v.version, language: lang, fileName, size: values.size, sha256: hash } });
    });
    return this.one(actor, id);
  }

  async removePdf(actor: Actor, id: string, lang: DocLanguage): Promise<VersionDto> {
    await this.ctx.authz.require(actor, 'document.manage');
    await this.ctx.db.transaction(async (tx) => {
      const { doc, v } = await visibleVersion(tx, actor, id, true);
      if (v.status !== 'draft' && !v.historical) throw stateError(v, 'draft');
      const gone = await tx
        .delete(documentFiles)
        .where(and(eq(documentFiles.versionId, id), eq(documentFiles.language, lang)))
        .returning({ fileName: documentFiles.fileName, sha256: documentFiles.sha256 });
      if (!gone.length) throw new NotFoundError('PDF');
      await appendAudit(tx, this.ctx.clock, actor, { action: 'document_file.removed', targetType: 'document', targetId: doc.id, details: { code: doc.code, versionId: id, version: v.version, language: lang, ...gone[0] } });
    });
    return this.one(actor, id);
  }

  /** The PDF, opened and checked against its recorded hash (documents are not confidential: reads are not audited). */
  async pdf(actor: Actor, id: string, lang: DocLanguage): Promise<{ fileName: string; data: Buffer }> {
    await this.ctx.authz.require(actor, 'document.read');
    const { v } = await visibleVersion(this.ctx.db, actor, id);
    const [f] = await this.ctx.db.select().from(documentFiles).where(and(eq(documentFiles.versionId, v.id), eq(documentFiles.language, lang)));
    if (!f) throw new NotFoundError('PDF');
    const data = this.box.open(f.sealed, `${v.id}:${lang}`);
    if (sha256(data) !== f.sha256) throw new Error(`document file ${v.id}/${lang} does not match its recorded hash`);
    return { fileName: f.fileName, data };
  }
}

/**
 * Inserts one history entry (shared by the API and the seed). The seed passes `audit: false`: like
 * the other pre-filled catalogues, what the product ships with is not someone's change.
 */
export async function insertHistory(ctx: AppContext, tx: Conn, actor: Actor, doc: DocRow, input: AddHistoricalVersion, opts: { audit?: boolean } = {}): Promise<string> {
  const existing = await tx.select().from(documentVersions).where(eq(documentVersions.documentId, doc.id));
  if (existing.some((v) => v.version === input.version)) throw new AppError(409, 'DOCUMENT_VERSION_EXISTS', 'This version number is taken.', [{ path: 'version', message: 'taken' }]);
  const current = existing.find((v) => v.status === 'published');
  const now = ctx.clock.now();
  let status: 'published' | 'superseded' = 'published';
  if (current?.effectiveFrom && current.effectiveFrom >= input.effectiveFrom) status = 'superseded';
  else if (current && !current.historical) {
    throw new AppError(422, 'DOCUMENT_HISTORY_ORDER', 'A history entry must take effect before the versions published in Mamori.', { current: current.version, effectiveFrom: current.effectiveFrom });
  }
  if (status === 'published' && current) await tx.update(documentVersions).set({ status: 'superseded', supersededAt: now }).where(eq(documentVersions.id, current.id));
  const [v] = await tx
    .insert(documentVersions)
    .values({
      documentId: doc.id,
      version: input.version,
      status,
      bodyJa: input.bodyJa,
      bodyEn: input.bodyEn,
      changeNote: input.changeNote,
      createdBy: actor.personId,
      createdAt: now,
      committeeApprovedOn: input.committeeApprovedOn,
      effectiveFrom: input.effectiveFrom,
      publishedAt: now,
      publishedBy: actor.personId,
      supersededAt: status === 'superseded' ? now : null,
      historical: true,
    })
    .returning();
  if (opts.audit === false) return v!.id;
  await appendAudit(tx, ctx.clock, actor, {
    action: 'document_version.history_added',
    targetType: 'document',
    targetId: doc.id,
    details: { code: doc.code, versionId: v!.id, version: input.version, effectiveFrom: input.effectiveFrom, committeeApprovedOn: input.committeeApprovedOn, status },
  });
  return v!.id;
}

