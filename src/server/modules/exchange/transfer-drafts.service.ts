import { and, count, eq, isNull } from 'drizzle-orm';
import type { CreateTransfer, TransferDto, TransferState, UpdateTransfer } from '../../../shared/exchange.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { exchangeAddressees, exchangeExceptions, exchangeFiles, exchangeFindings, exchangeTransfers, studies } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { checkRecipients, senderInstitution } from './recipients.js';
import type { Retention } from './retention.js';
import type { Scanner } from './scanner.js';
import type { ExchangeSettingsService } from './settings.js';
import { EDITABLE, stateError, type TransfersService } from './transfers.service.js';
import type { Vault } from './vault/vault.js';

const DAY = 86_400_000;

/**
 * The sender's draft of a transfer: creating it, changing its purpose, recipients and texts (each
 * text checked by the tripwire), attaching finished uploads and removing files — while the
 * transfer is a draft or blocked.
 */
export class TransferDraftsService {
  constructor(
    private readonly ctx: AppContext,
    private readonly transfers: TransfersService,
    private readonly vault: Vault,
    private readonly settings: ExchangeSettingsService,
    private readonly scanner: Scanner,
    private readonly retention: Retention,
  ) {}

  private async checkStudy(studyId: string | null | undefined): Promise<void> {
    if (!studyId) return;
    const [s] = await this.ctx.db.select({ id: studies.id }).from(studies).where(and(eq(studies.id, studyId), eq(studies.active, true)));
    if (!s) throw new ValidationError('Some fields are invalid.', [{ path: 'studyId', message: 'is not an active study' }]);
  }

  async create(actor: Actor, input: CreateTransfer): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.send');
    await checkRecipients(this.ctx.db, actor, input.recipients);
    await this.checkStudy(input.studyId);
    const settings = await this.settings.current();
    const now = this.ctx.clock.now();
    const id = await this.ctx.db.transaction(async (tx) => {
      const [t] = await tx
        .insert(exchangeTransfers)
        .values({
          senderPersonId: actor.personId!,
          senderUnitId: actor.unitId,
          senderInstitutionId: senderInstitution(actor),
          purpose: input.purpose,
          studyId: input.studyId ?? null,
          classification: input.classification,
          dataCategory: input.dataCategory,
          message: input.message,
          expiryDays: input.expiryDays,
          expiresAt: new Date(now.getTime() + input.expiryDays * DAY),
          state: 'draft',
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: exchangeTransfers.id });
      await this.writeAddressees(tx, t!.id, input.recipients);
      const findings = await this.scanner.scanTexts(tx, t!.id, { message: input.message, purpose: input.purpose }, settings.rules);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.transfer_created',
        targetType: 'exchange_transfer',
        targetId: t!.id,
        details: {
          people: input.recipients.personIds,
          units: input.recipients.unitIds,
          studyId: input.studyId ?? null,
          classification: input.classification,
          dataCategory: input.dataCategory,
          expiryDays: input.expiryDays,
          messageFindings: findings,
        },
      });
      return t!.id;
    });
    return this.transfers.get(actor, id);
  }

  private async writeAddressees(tx: Conn, transferId: string, r: { personIds: string[]; unitIds: string[] }): Promise<void> {
    await tx.delete(exchangeAddressees).where(eq(exchangeAddressees.transferId, transferId));
    const rows: (typeof exchangeAddressees.$inferInsert)[] = [
      ...[...new Set(r.personIds)].map((personId) => ({ transferId, personId, unitId: null })),
      ...[...new Set(r.unitIds)].map((unitId) => ({ transferId, personId: null, unitId })),
    ];
    if (rows.length) await tx.insert(exchangeAddressees).values(rows);
  }

  async update(actor: Actor, id: string, input: UpdateTransfer): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const pre = await this.transfers.own(actor, id);
    if (!EDITABLE.includes(pre.state as TransferState)) throw stateError(pre.state);
    if (input.recipients) await checkRecipients(this.ctx.db, actor, input.recipients);
    if (input.studyId !== undefined) await this.checkStudy(input.studyId);
    const settings = await this.settings.current();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      const t = await this.transfers.load(tx, id, true);
      if (!EDITABLE.includes(t.state as TransferState)) throw stateError(t.state);
      const set: Partial<typeof exchangeTransfers.$inferInsert> = { updatedAt: now };
      if (input.purpose !== undefined) set.purpose = input.purpose;
      if (input.studyId !== undefined) set.studyId = input.studyId ?? null;
      if (input.classification !== undefined) set.classification = input.classification;
      if (input.dataCategory !== undefined) set.dataCategory = input.dataCategory;
      if (input.message !== undefined) set.message = input.message;
      if (input.expiryDays !== undefined) {
        set.expiryDays = input.expiryDays;
        set.expiresAt = new Date(t.createdAt.getTime() + input.expiryDays * DAY);
      }
      await tx.update(exchangeTransfers).set(set).where(eq(exchangeTransfers.id, id));
      if (input.recipients) await this.writeAddressees(tx, id, input.recipients);
      const texts: { message?: string | null; purpose?: string } = {};
      if (input.message !== undefined && input.message !== t.message) texts.message = input.message;
      if (input.purpose !== undefined && input.purpose !== t.purpose) texts.purpose = input.purpose;
      // New addressees change whose names count as staff, so the texts are checked again.
      if (input.recipients) Object.assign(texts, { message: set.message ?? t.message, purpose: set.purpose ?? t.purpose });
      const findings = Object.keys(texts).length ? await this.scanner.scanTexts(tx, id, texts, settings.rules) : 0;
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.transfer_updated',
        targetType: 'exchange_transfer',
        targetId: id,
        details: { fields: Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] !== undefined), people: input.recipients?.personIds, units: input.recipients?.unitIds, messageFindings: findings },
      });
      await this.cancelEmptyExceptions(tx, actor, id);
    });
    return this.transfers.get(actor, id);
  }

  async attach(actor: Actor, id: string, uploadId: string): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const pre = await this.transfers.own(actor, id);
    if (!EDITABLE.includes(pre.state as TransferState)) throw stateError(pre.state);
    const vf = await this.vault.file(uploadId);
    // The same answer whether the upload is unknown, unfinished, someone else's or erased.
    if (!vf || vf.ownerPersonId !== actor.personId || vf.erasedAt) throw new AppError(422, 'EXCHANGE_FILE_INVALID', 'This is not a finished upload of yours.');
    if (vf.transferId && vf.transferId !== id) throw new AppError(422, 'EXCHANGE_FILE_INVALID', 'This upload was started for another transfer.');
    const [taken] = await this.ctx.db.select({ id: exchangeFiles.id }).from(exchangeFiles).where(eq(exchangeFiles.vaultFileId, uploadId));
    if (taken) throw new AppError(422, 'EXCHANGE_FILE_INVALID', 'This upload is already attached to a transfer.');
    const now = this.ctx.clock.now();
    const fileId = await this.ctx.db.transaction(async (tx) => {
      const t = await this.transfers.load(tx, id, true);
      if (!EDITABLE.includes(t.state as TransferState)) throw stateError(t.state);
      const [f] = await tx
        .insert(exchangeFiles)
        .values({ transferId: id, vaultFileId: vf.id, fileName: vf.fileName, size: vf.size, sha256: vf.sha256, detectedType: vf.detectedType, attachedBy: actor.personId!, attachedAt: now })
        .returning({ id: exchangeFiles.id });
      await tx.update(exchangeTransfers).set({ updatedAt: now }).where(eq(exchangeTransfers.id, id));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.file_attached',
        targetType: 'exchange_transfer',
        targetId: id,
        details: { fileId: f!.id, vaultFileId: vf.id, size: vf.size, sha256: vf.sha256, detectedType: vf.detectedType },
      });
      return f!.id;
    });
    void this.scanner.kick(fileId);
    return this.transfers.get(actor, id);
  }

  async removeFile(actor: Actor, id: string, fileId: string): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const pre = await this.transfers.own(actor, id);
    if (!EDITABLE.includes(pre.state as TransferState)) throw stateError(pre.state);
    const now = this.ctx.clock.now();
    const file = await this.ctx.db.transaction(async (tx) => {
      const t = await this.transfers.load(tx, id, true);
      if (!EDITABLE.includes(t.state as TransferState)) throw stateError(t.state);
      const [f] = await tx
        .update(exchangeFiles)
        .set({ removedAt: now, removedBy: actor.personId })
        .where(and(eq(exchangeFiles.id, fileId), eq(exchangeFiles.transferId, id), isNull(exchangeFiles.removedAt)))
        .returning();
      if (!f) throw new NotFoundError('File');
      const resolved = await tx
        .update(exchangeFindings)
        .set({ resolution: 'removed', resolvedAt: now })
        .where(and(eq(exchangeFindings.fileId, fileId), isNull(exchangeFindings.resolution)))
        .returning({ id: exchangeFindings.id });
      await tx.update(exchangeTransfers).set({ updatedAt: now }).where(eq(exchangeTransfers.id, id));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.file_removed',
        targetType: 'exchange_transfer',
        targetId: id,
        details: { fileId, sha256: f.sha256, findingsResolved: resolved.length },
      });
      await this.cancelEmptyExceptions(tx, actor, id);
      return f;
    });
    // A removed file is erased at once (unless the transfer is held: then when the hold ends).
    await this.retention.eraseFile(file, 'removed', actor).catch(() => undefined);
    return this.transfers.get(actor, id);
  }

  /** A pending exception whose findings all went away (file removed, text edited) has nothing left to decide. */
  private async cancelEmptyExceptions(tx: Conn, actor: Actor, transferId: string): Promise<void> {
    const pending = await tx.select().from(exchangeExceptions).where(and(eq(exchangeExceptions.transferId, transferId), eq(exchangeExceptions.status, 'pending')));
    for (const e of pending) {
      const [left] = await tx
        .select({ n: count() })
        .from(exchangeFindings)
        .where(and(eq(exchangeFindings.exceptionId, e.id), isNull(exchangeFindings.resolution)));
      if (Number(left?.n ?? 0) > 0) continue;
      await tx.update(exchangeExceptions).set({ status: 'cancelled', decidedAt: this.ctx.clock.now() }).where(eq(exchangeExceptions.id, e.id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.exception_cancelled', targetType: 'exchange_transfer', targetId: transferId, details: { exceptionId: e.id } });
    }
  }
}
