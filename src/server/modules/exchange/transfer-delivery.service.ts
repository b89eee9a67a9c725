import { and, eq, isNull } from 'drizzle-orm';
import type { TransferDto } from '../../../shared/exchange.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import { approvalResource } from '../../authz/scopes/transfers.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { exchangeApprovals, exchangeDownloads, exchangeExceptions, exchangeFiles, exchangeRecipients, exchangeTransfers, people } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { approvalRejectedMail } from './exchange.mail.js';
import { personRefs } from './recipients.js';
import type { Retention } from './retention.js';
import type { TransferReleaseService } from './transfer-release.service.js';
import { GONE, goneError, stateError, type TransfersService } from './transfers.service.js';
import type { Vault, VaultFile } from './vault/vault.js';

/**
 * What follows a release: the second approver's decision, the sender's withdrawal (until the first
 * download), and the downloads by the sender and the recipients, recorded only when delivered.
 */
export class TransferDeliveryService {
  constructor(
    private readonly ctx: AppContext,
    private readonly transfers: TransfersService,
    private readonly release: TransferReleaseService,
    private readonly vault: Vault,
    private readonly retention: Retention,
  ) {}

  async decideApproval(actor: Actor, id: string, decision: 'approve' | 'reject', reason: string | null): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.approve');
    const t0 = await this.transfers.load(this.ctx.db, id);
    if (t0.senderPersonId === actor.personId) {
      // Nobody approves their own transfer: refused and recorded like any other denial.
      await this.ctx.authz.require(actor, 'exchange.approve', approvalResource(t0));
    }
    const viewer = await this.transfers.viewerOf(this.ctx.db, actor, t0);
    if (viewer !== 'approver' && !(viewer && can(actor, 'exchange.approve', approvalResource(t0)))) throw new NotFoundError('Transfer');
    if (t0.state !== 'awaiting_approval') throw stateError(t0.state);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      const t = await this.transfers.load(tx, id, true);
      if (t.state !== 'awaiting_approval') throw stateError(t.state);
      await tx.insert(exchangeApprovals).values({ transferId: id, approverId: actor.personId!, decision: decision === 'approve' ? 'approved' : 'rejected', reason, at: now });
      if (decision === 'approve') {
        await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.approved', targetType: 'exchange_transfer', targetId: id, details: { reason } });
        await this.release.makeAvailable(tx, actor, t);
        return;
      }
      await tx.update(exchangeTransfers).set({ state: 'draft', releaseRequestedAt: null, updatedAt: now }).where(eq(exchangeTransfers.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.approval_rejected', targetType: 'exchange_transfer', targetId: id, details: { reason } });
      const [s] = await tx.select({ email: people.email, language: people.language }).from(people).where(eq(people.id, t.senderPersonId));
      const me = (await personRefs(tx, [actor.personId])).get(actor.personId!);
      if (s) {
        await this.ctx.mailer.enqueue(tx, {
          to: s.email,
          personId: t.senderPersonId,
          language: s.language,
          template: approvalRejectedMail,
          params: { approved: false, byJa: me?.nameJa ?? '', byEn: me?.nameEn ?? '', reason: reason ?? '', link: `${this.ctx.config.publicUrl}/exchange/transfers/${id}` },
        });
      }
    });
    this.ctx.mailer.kick();
    return this.transfers.get(actor, id);
  }

  async withdraw(actor: Actor, id: string, reason: string | null): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const pre = await this.transfers.own(actor, id);
    if (GONE.includes(this.transfers.effectiveState(pre))) throw stateError(this.transfers.effectiveState(pre));
    if (pre.firstDownloadAt) throw new AppError(409, 'TRANSFER_DOWNLOADED', 'A recipient has already downloaded this transfer; it can no longer be withdrawn.');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      const t = await this.transfers.load(tx, id, true);
      if (GONE.includes(this.transfers.effectiveState(t))) throw stateError(this.transfers.effectiveState(t));
      if (t.firstDownloadAt) throw new AppError(409, 'TRANSFER_DOWNLOADED', 'A recipient has already downloaded this transfer; it can no longer be withdrawn.');
      await tx.update(exchangeTransfers).set({ state: 'withdrawn', withdrawnAt: now, withdrawnBy: actor.personId, withdrawReason: reason, updatedAt: now }).where(eq(exchangeTransfers.id, id));
      await tx
        .update(exchangeExceptions)
        .set({ status: 'cancelled', decidedAt: now })
        .where(and(eq(exchangeExceptions.transferId, id), eq(exchangeExceptions.status, 'pending')));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.withdrawn', targetType: 'exchange_transfer', targetId: id, details: { from: t.state, reason } });
    });
    // Nothing is kept for a withdrawn transfer: it is erased now (unless held).
    await this.retention.purgeTransfer(id, actor).catch(() => undefined);
    return this.transfers.get(actor, id);
  }

  /**
   * Authorizes a download by the sender or a recipient (anyone else: 404; a transfer that is gone:
   * 410). Nothing is recorded yet: the route streams the vault file (verified chunk by chunk) and
   * records the download when the last byte was handed over (recordDownload), or its failure
   * (recordDownloadFailed) — so the chain of custody never shows a delivery that delivered nothing.
   */
  async download(actor: Actor, id: string, fileId: string): Promise<PendingDownload> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const t = await this.transfers.load(this.ctx.db, id);
    const viewer = await this.transfers.viewerOf(this.ctx.db, actor, t);
    if (viewer !== 'sender' && viewer !== 'recipient') throw new NotFoundError('Transfer');
    if (this.transfers.isGone(t)) throw goneError(this.transfers.effectiveState(t));
    if (viewer === 'recipient' && t.state !== 'available') throw new NotFoundError('Transfer');
    const [file] = await this.ctx.db
      .select()
      .from(exchangeFiles)
      .where(and(eq(exchangeFiles.id, fileId), eq(exchangeFiles.transferId, id), isNull(exchangeFiles.removedAt)));
    if (!file) throw new NotFoundError('File');
    const vf = file.erasedAt ? null : await this.vault.file(file.vaultFileId);
    if (!vf || vf.erasedAt) throw goneError('purged');
    return { transferId: id, fileId, viewer, sha256: file.sha256, size: file.size, file: vf };
  }

  /** A download was delivered in full: recorded (with IP and browser) and audited together. */
  async recordDownload(actor: Actor, d: PendingDownload, sent: number): Promise<void> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      await tx.insert(exchangeDownloads).values({ transferId: d.transferId, fileId: d.fileId, personId: actor.personId!, at: now, ip: actor.ip, userAgent: actor.userAgent?.slice(0, 300) ?? null });
      if (d.viewer === 'recipient') {
        await tx
          .update(exchangeRecipients)
          .set({ firstDownloadAt: now })
          .where(and(eq(exchangeRecipients.transferId, d.transferId), eq(exchangeRecipients.personId, actor.personId!), isNull(exchangeRecipients.firstDownloadAt)));
        await tx
          .update(exchangeTransfers)
          .set({ firstDownloadAt: now })
          .where(and(eq(exchangeTransfers.id, d.transferId), isNull(exchangeTransfers.firstDownloadAt)));
      }
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.downloaded',
        targetType: 'exchange_transfer',
        targetId: d.transferId,
        details: { fileId: d.fileId, sha256: d.sha256, size: d.size, bytes: sent, as: d.viewer },
      });
    });
  }

  /** A download stopped part-way (a chunk failed its check, or the client went away): audited as failed, not as a download. */
  async recordDownloadFailed(actor: Actor, d: PendingDownload, reason: 'integrity' | 'aborted', sent: number): Promise<void> {
    await this.ctx.authz.require(actor, 'exchange.send');
    await this.ctx.db.transaction(async (tx) => {
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.download_failed',
        targetType: 'exchange_transfer',
        targetId: d.transferId,
        details: { fileId: d.fileId, sha256: d.sha256, size: d.size, bytes: sent, as: d.viewer, reason },
      });
    });
  }
}

/** A download that was authorized and is being streamed. */
export interface PendingDownload {
  transferId: string;
  fileId: string;
  viewer: 'sender' | 'recipient';
  sha256: string;
  size: number;
  file: VaultFile;
}
