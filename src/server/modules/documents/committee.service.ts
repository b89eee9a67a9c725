import { eq } from 'drizzle-orm';
import { COMMITTEE_MINUTES_MAX_BYTES, type RecordCommitteeApproval, type VersionDto } from '../../../shared/documents.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { documentCommitteeApprovals, documentVersions } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { EvidenceBox, cleanFileName, sha256 } from '../../files/sealed-box.js';
import { tokyoToday } from './documents.common.js';
import { otherApprovers, visibleVersion } from './documents.read.js';
import type { VersionsService } from './versions.service.js';

export interface MinutesUpload {
  fileName: string | undefined;
  data: Buffer;
}

/** File kinds accepted as minutes, told by their name and their first bytes (never by the browser's claim). */
const KINDS: { ext: RegExp; magic: Buffer; contentType: string }[] = [
  { ext: /\.pdf$/i, magic: Buffer.from('%PDF-', 'latin1'), contentType: 'application/pdf' },
  { ext: /\.docx$/i, magic: Buffer.from([0x50, 0x4b, 0x03, 0x04]), contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { ext: /\.png$/i, magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), contentType: 'image/png' },
  { ext: /\.jpe?g$/i, magic: Buffer.from([0xff, 0xd8, 0xff]), contentType: 'image/jpeg' },
];

/** The content type of acceptable minutes, or null (a PDF, a Word document, or a scanned page). */
export function minutesContentType(fileName: string, data: Buffer): string | null {
  const kind = KINDS.find((k) => k.ext.test(fileName));
  return kind && data.length > kind.magic.length && data.subarray(0, kind.magic.length).equals(kind.magic) ? kind.contentType : null;
}

/**
 * The steering committee's approval as a version's approval of record. The policy's documents are
 * approved by the steering committee (P32-3, P32-6); the product's own approval is the manager's,
 * never by a version's author. When the author is the only person who may approve documents
 * (see `otherApprovers`), nobody could approve their versions: the author then records the
 * committee's decision, with its date and minutes. Whenever someone else could approve, this is
 * refused (409 DOCUMENT_APPROVER_AVAILABLE) and the four-eyes approval stays the only way.
 */
export class CommitteeApprovalService {
  private readonly box: EvidenceBox;
  constructor(
    private readonly ctx: AppContext,
    private readonly versions: VersionsService,
  ) {
    // Sealed like control evidence, under a key of its own purpose.
    this.box = new EvidenceBox(ctx.secrets.masterKey, 'committee-minutes');
  }

  async record(actor: Actor, id: string, input: RecordCommitteeApproval, file: MinutesUpload | null): Promise<VersionDto> {
    await this.ctx.authz.require(actor, 'document.approve');
    const now = this.ctx.clock.now();
    if (input.committeeApprovedOn > tokyoToday(now)) throw new ValidationError('The date of the steering committee’s decision cannot be in the future.', [{ path: 'committeeApprovedOn', message: 'in the future' }]);
    if (!file) throw new ValidationError('Attach the minutes of the steering committee in a form field named "file".', [{ path: 'file', message: 'required' }]);
    if (file.data.length > COMMITTEE_MINUTES_MAX_BYTES) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `Minutes may be at most ${COMMITTEE_MINUTES_MAX_BYTES / 1024 / 1024} MB.`);
    const fileName = cleanFileName(file.fileName);
    const contentType = minutesContentType(fileName, file.data);
    if (!contentType) throw new AppError(422, 'DOCUMENT_FILE_INVALID', 'The minutes must be a PDF, a Word document (.docx) or a scan (PNG, JPEG).', [{ path: 'file', message: 'not an accepted file type' }]);
    await this.ctx.db.transaction(async (tx) => {
      const { doc, v } = await visibleVersion(tx, actor, id, true);
      if (v.status !== 'review') throw new AppError(409, 'DOCUMENT_VERSION_STATE', `This version is ${v.status}; it must be review for this.`, { status: v.status, wanted: 'review' });
      // Only the author can be stuck: anyone else who may approve simply approves.
      if (!v.createdBy || v.createdBy !== actor.personId) throw new AppError(409, 'DOCUMENT_APPROVER_AVAILABLE', 'You did not write this version: approve it yourself.', { approvers: 1 });
      const others = await otherApprovers(tx, actor.personId, now);
      if (others.length) throw new AppError(409, 'DOCUMENT_APPROVER_AVAILABLE', 'Another information security manager can approve this version; the committee’s approval is recorded only when nobody else can.', { approvers: others.length });
      const hash = sha256(file.data);
      await tx.update(documentVersions).set({ status: 'approved', approvedBy: null, approvedAt: now, committeeApprovedOn: input.committeeApprovedOn, reviewComment: null }).where(eq(documentVersions.id, id));
      await tx.insert(documentCommitteeApprovals).values({
        versionId: id,
        decidedOn: input.committeeApprovedOn,
        note: input.note,
        recordedBy: actor.personId!,
        recordedAt: now,
        fileName,
        contentType,
        size: file.data.length,
        sha256: hash,
        sealed: this.box.seal(file.data, id),
      });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'document_version.committee_approval_recorded',
        targetType: 'document',
        targetId: doc.id,
        details: { code: doc.code, versionId: id, version: v.version, author: v.createdBy, committeeApprovedOn: input.committeeApprovedOn, note: input.note, minutes: { fileName, size: file.data.length, sha256: hash } },
      });
    });
    return this.versions.get(actor, id);
  }

  /** The minutes, opened and checked against their hash, for whoever may read the version; every download is audited. */
  async minutes(actor: Actor, id: string): Promise<{ fileName: string; contentType: string; data: Buffer }> {
    await this.ctx.authz.require(actor, 'document.read');
    return this.ctx.db.transaction(async (tx) => {
      const { doc, v } = await visibleVersion(tx, actor, id);
      const [row] = await tx.select().from(documentCommitteeApprovals).where(eq(documentCommitteeApprovals.versionId, v.id));
      if (!row) throw new NotFoundError('Minutes');
      const data = this.box.open(row.sealed, v.id);
      if (sha256(data) !== row.sha256) throw new Error(`committee minutes of ${v.id} do not match their recorded hash`);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'document_version.minutes_downloaded',
        targetType: 'document',
        targetId: doc.id,
        details: { code: doc.code, versionId: v.id, version: v.version, fileName: row.fileName, size: row.size, sha256: row.sha256 },
      });
      return { fileName: row.fileName, contentType: row.contentType, data };
    });
  }
}
