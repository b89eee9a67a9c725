import { and, eq } from 'drizzle-orm';
import { VIOLATION_EVIDENCE_MAX_BYTES, type ViolationDto } from '../../../shared/violations.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { violationCases, violationEvidence, violationEvidenceFiles } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { EvidenceBox, cleanContentType, cleanFileName, sha256 } from '../../files/sealed-box.js';
import { ViolationsService } from './violations.service.js';

export interface ViolationUpload {
  fileName: string | undefined;
  contentType: string | undefined;
  data: Buffer;
  description: string;
}

/**
 * Evidence of a violation case: added by the manager and the case's investigators, downloaded by
 * whoever sees the case. Files are sealed in the database under a key of their own (the controls'
 * EvidenceBox with the `violation-evidence` purpose); every upload and download is audited with
 * the file's hash.
 */
export class ViolationEvidenceService {
  private readonly box: EvidenceBox;
  private readonly cases: ViolationsService;
  constructor(private readonly ctx: AppContext) {
    this.box = new EvidenceBox(ctx.secrets.masterKey, 'violation-evidence');
    this.cases = new ViolationsService(ctx);
  }

  /** Refuses (403, or 404 for a case out of sight) before an upload's body is read, so a refused caller has nothing buffered. */
  async mayAdd(actor: Actor, caseId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'violation.investigate');
    await this.cases.visible(this.ctx.db, actor, caseId);
  }

  async add(actor: Actor, caseId: string, file: ViolationUpload): Promise<ViolationDto> {
    await this.ctx.authz.require(actor, 'violation.investigate');
    if (file.data.length > VIOLATION_EVIDENCE_MAX_BYTES) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `Evidence files may be at most ${VIOLATION_EVIDENCE_MAX_BYTES / 1024 / 1024} MB.`);
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.cases.visible(tx, actor, caseId, true);
      if (row.status === 'closed') throw new AppError(409, 'VIOLATION_STATE', 'A closed case cannot be changed.', { status: row.status });
      if (file.data.length === 0) throw new AppError(400, 'VALIDATION_FAILED', 'The file is empty.', [{ path: 'file', message: 'is empty' }]);
      const now = this.ctx.clock.now();
      const hash = sha256(file.data);
      const [ev] = await tx
        .insert(violationEvidence)
        .values({ caseId, fileName: cleanFileName(file.fileName), contentType: cleanContentType(file.contentType), size: file.data.length, sha256: hash, description: file.description, uploadedBy: actor.personId, uploadedAt: now })
        .returning();
      await tx.insert(violationEvidenceFiles).values({ evidenceId: ev!.id, sealed: this.box.seal(file.data, ev!.id) });
      await tx.update(violationCases).set({ updatedAt: now }).where(eq(violationCases.id, caseId));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'violation.evidence_added',
        targetType: 'violation',
        targetId: caseId,
        details: { ref: row.ref, evidenceId: ev!.id, fileName: ev!.fileName, size: ev!.size, sha256: hash },
      });
    });
    return this.cases.get(actor, caseId);
  }

  /** The file, opened and checked against its recorded hash; the download is audited. */
  async download(actor: Actor, caseId: string, evidenceId: string): Promise<{ fileName: string; data: Buffer }> {
    await this.ctx.authz.require(actor, 'violation.investigate');
    return this.ctx.db.transaction(async (tx) => {
      const c = await this.cases.visible(tx, actor, caseId);
      const [row] = await tx
        .select()
        .from(violationEvidence)
        .where(and(eq(violationEvidence.id, evidenceId), eq(violationEvidence.caseId, caseId)));
      const [f] = row ? await tx.select().from(violationEvidenceFiles).where(eq(violationEvidenceFiles.evidenceId, evidenceId)) : [];
      if (!row || !f) throw new NotFoundError('Evidence');
      const data = this.box.open(f.sealed, evidenceId);
      if (sha256(data) !== row.sha256) throw new Error(`violation evidence ${evidenceId} does not match its recorded hash`);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'violation.evidence_downloaded',
        targetType: 'violation',
        targetId: caseId,
        details: { ref: c.ref, evidenceId, fileName: row.fileName, size: row.size, sha256: row.sha256 },
      });
      return { fileName: row.fileName, data };
    });
  }
}
