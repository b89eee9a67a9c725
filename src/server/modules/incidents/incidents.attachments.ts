import { and, eq } from 'drizzle-orm';
import { INCIDENT_ATTACHMENT_MAX_BYTES } from '../../../shared/incidents.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { incidentAttachmentFiles, incidentAttachments, incidents } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { cleanContentType, cleanFileName, EvidenceBox, sha256 } from '../../files/sealed-box.js';
import { stillContributes, visibleIncidentRow } from './incidents.checks.js';

export interface AttachmentUpload {
  fileName: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/**
 * An incident's sealed attachments (at most 10 MB each): added by its contributors, downloaded by
 * whoever sees the incident, removed by the desk; each step audited. IncidentsService checks the
 * policy and answers the routes through it.
 */
export class IncidentAttachments {
  private readonly box: EvidenceBox;
  constructor(private readonly ctx: AppContext) {
    this.box = new EvidenceBox(ctx.secrets.masterKey, 'incident-attachment');
  }

  /** Adds a file (the caller has checked mayContribute before reading the upload, and incident.read). */
  async add(actor: Actor, id: string, file: AttachmentUpload): Promise<void> {
    if (file.data.length > INCIDENT_ATTACHMENT_MAX_BYTES) throw new AppError(413, 'PAYLOAD_TOO_LARGE', 'Attachments may be at most 10 MB.');
    if (file.data.length === 0) throw new ValidationError('The file is empty.', [{ path: 'file', message: 'is empty' }]);
    await this.ctx.db.transaction(async (tx) => {
      const row = await visibleIncidentRow(tx, actor, id, true);
      await stillContributes(tx, actor, row);
      const now = this.ctx.clock.now();
      const hash = sha256(file.data);
      const [a] = await tx
        .insert(incidentAttachments)
        .values({ incidentId: id, fileName: cleanFileName(file.fileName), contentType: cleanContentType(file.contentType), size: file.data.length, sha256: hash, uploadedBy: actor.personId, uploadedAt: now })
        .returning();
      await tx.insert(incidentAttachmentFiles).values({ attachmentId: a!.id, sealed: this.box.seal(file.data, a!.id) });
      await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident.attachment_added',
        targetType: 'incident',
        targetId: id,
        details: { ref: row.ref, attachmentId: a!.id, fileName: a!.fileName, size: a!.size, sha256: hash },
      });
    });
  }

  /** The file, opened and checked against its hash; every download is audited. */
  async download(actor: Actor, id: string, attachmentId: string): Promise<{ fileName: string; data: Buffer }> {
    return this.ctx.db.transaction(async (tx) => {
      const row = await visibleIncidentRow(tx, actor, id);
      const [a] = await tx
        .select()
        .from(incidentAttachments)
        .where(and(eq(incidentAttachments.id, attachmentId), eq(incidentAttachments.incidentId, id)));
      const [f] = a ? await tx.select().from(incidentAttachmentFiles).where(eq(incidentAttachmentFiles.attachmentId, attachmentId)) : [];
      if (!a || !f) throw new NotFoundError('Attachment');
      const data = this.box.open(f.sealed, attachmentId);
      if (sha256(data) !== a.sha256) throw new Error(`incident attachment ${attachmentId} does not match its recorded hash`);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident.attachment_downloaded',
        targetType: 'incident',
        targetId: id,
        details: { ref: row.ref, attachmentId, fileName: a.fileName, size: a.size, sha256: a.sha256 },
      });
      return { fileName: a.fileName, data };
    });
  }

  /** Removes a file (the caller has checked incident.manage). */
  async remove(actor: Actor, id: string, attachmentId: string): Promise<void> {
    await this.ctx.db.transaction(async (tx) => {
      const row = await visibleIncidentRow(tx, actor, id, true);
      const [a] = await tx
        .delete(incidentAttachments)
        .where(and(eq(incidentAttachments.id, attachmentId), eq(incidentAttachments.incidentId, id)))
        .returning();
      if (!a) throw new NotFoundError('Attachment');
      await tx.update(incidents).set({ updatedAt: this.ctx.clock.now() }).where(eq(incidents.id, id));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident.attachment_removed',
        targetType: 'incident',
        targetId: id,
        details: { ref: row.ref, attachmentId, fileName: a.fileName, size: a.size, sha256: a.sha256 },
      });
    });
  }
}
