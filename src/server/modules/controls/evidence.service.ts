import { and, eq } from 'drizzle-orm';
import { EVIDENCE_MAX_BYTES, type EvidenceDto, type EvidenceFields, type UpdateEvidence } from '../../../shared/controls.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { controlEvidence, controlEvidenceFiles, controls } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { controlRow, evidenceOf } from './controls.read.js';
import { EvidenceBox, cleanContentType, cleanFileName, sha256 } from '../../files/sealed-box.js';

export interface EvidenceUpload {
  fileName: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/**
 * Evidence attached to controls: uploaded and edited with `control.manage`, listed and downloaded
 * with `control.read`. Files are sealed in the database (see control_evidence_files); every
 * download is audited with the file's hash.
 */
export class EvidenceService {
  private readonly box: EvidenceBox;
  constructor(private readonly ctx: AppContext) {
    this.box = new EvidenceBox(ctx.secrets.masterKey);
  }

  async add(actor: Actor, controlId: string, file: EvidenceUpload, fields: EvidenceFields): Promise<EvidenceDto> {
    await this.ctx.authz.require(actor, 'control.manage');
    if (file.data.length > EVIDENCE_MAX_BYTES) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `Evidence files may be at most ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB.`);
    if (file.data.length === 0) throw new AppError(400, 'VALIDATION_FAILED', 'The file is empty.', [{ path: 'file', message: 'is empty' }]);
    const id = await this.ctx.db.transaction(async (tx) => {
      const control = await controlRow(tx, controlId, true);
      const now = this.ctx.clock.now();
      const hash = sha256(file.data);
      const [row] = await tx
        .insert(controlEvidence)
        .values({
          controlId,
          fileName: cleanFileName(file.fileName),
          contentType: cleanContentType(file.contentType),
          size: file.data.length,
          sha256: hash,
          description: fields.description,
          validUntil: fields.validUntil,
          uploadedBy: actor.personId,
          uploadedAt: now,
          updatedAt: now,
        })
        .returning();
      await tx.insert(controlEvidenceFiles).values({ evidenceId: row!.id, sealed: this.box.seal(file.data, row!.id) });
      await tx.update(controls).set({ updatedAt: now, updatedBy: actor.personId }).where(eq(controls.id, controlId));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'control_evidence.added',
        targetType: 'control',
        targetId: controlId,
        details: { code: control.code, evidenceId: row!.id, fileName: row!.fileName, size: row!.size, sha256: hash, validUntil: row!.validUntil, description: row!.description },
      });
      return row!.id;
    });
    return this.one(controlId, id);
  }

  async update(actor: Actor, controlId: string, evidenceId: string, input: UpdateEvidence): Promise<EvidenceDto> {
    await this.ctx.authz.require(actor, 'control.manage');
    await this.ctx.db.transaction(async (tx) => {
      const before = await this.row(tx, controlId, evidenceId, true);
      const next = { description: input.description ?? before.description, validUntil: input.validUntil === undefined ? before.validUntil : input.validUntil };
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (next.description !== before.description) changes.description = { from: before.description, to: next.description };
      if (next.validUntil !== before.validUntil) changes.validUntil = { from: before.validUntil, to: next.validUntil };
      if (!Object.keys(changes).length) return;
      // A new valid-until date is a new term: its reminders go out again.
      const renewed = changes.validUntil ? { expiringNotifiedAt: null, expiredNotifiedAt: null } : {};
      await tx
        .update(controlEvidence)
        .set({ ...next, ...renewed, updatedAt: this.ctx.clock.now() })
        .where(eq(controlEvidence.id, evidenceId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'control_evidence.updated', targetType: 'control', targetId: controlId, details: { evidenceId, fileName: before.fileName, changes } });
    });
    return this.one(controlId, evidenceId);
  }

  async remove(actor: Actor, controlId: string, evidenceId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'control.manage');
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.row(tx, controlId, evidenceId, true);
      await tx.delete(controlEvidence).where(eq(controlEvidence.id, evidenceId));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'control_evidence.deleted',
        targetType: 'control',
        targetId: controlId,
        details: { evidenceId, fileName: row.fileName, size: row.size, sha256: row.sha256, validUntil: row.validUntil },
      });
    });
  }

  /** The file, opened and checked against its recorded hash; the download is audited. */
  async download(actor: Actor, controlId: string, evidenceId: string): Promise<{ fileName: string; contentType: string; data: Buffer }> {
    await this.ctx.authz.require(actor, 'control.read');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.row(tx, controlId, evidenceId);
      const [f] = await tx.select().from(controlEvidenceFiles).where(eq(controlEvidenceFiles.evidenceId, evidenceId));
      if (!f) throw new NotFoundError('Evidence');
      const data = this.box.open(f.sealed, evidenceId);
      if (sha256(data) !== row.sha256) throw new Error(`evidence ${evidenceId} does not match its recorded hash`);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'control_evidence.downloaded',
        targetType: 'control',
        targetId: controlId,
        details: { evidenceId, fileName: row.fileName, size: row.size, sha256: row.sha256 },
      });
      return { fileName: row.fileName, contentType: row.contentType, data };
    });
  }

  private async one(controlId: string, evidenceId: string): Promise<EvidenceDto> {
    const [dto] = await evidenceOf(this.ctx.db, controlId, this.ctx.clock.now(), evidenceId);
    if (!dto) throw new NotFoundError('Evidence');
    return dto;
  }

  /** Evidence of this control (404 otherwise, also when it belongs to another control). */
  private async row(conn: Conn, controlId: string, evidenceId: string, lock = false) {
    const q = conn
      .select()
      .from(controlEvidence)
      .where(and(eq(controlEvidence.id, evidenceId), eq(controlEvidence.controlId, controlId)));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) throw new NotFoundError('Evidence');
    return row;
  }
}
