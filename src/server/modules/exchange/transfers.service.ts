import { and, count, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { CreateTransfer, ListTransfersQuery, TransferDto, TransferPage, TransferState, UpdateTransfer, Viewer } from '../../../shared/exchange.js';
import { systemActor, type Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import { approvalQueueScope, approvalResource, transferScope, transferViewer } from '../../authz/scopes/transfers.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { exchangeAddressees, exchangeApprovals, exchangeDownloads, exchangeExceptions, exchangeFiles, exchangeFindings, exchangeRecipients, exchangeTransfers, exchangeVaultFiles, people, studies } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { detail, summaries, type TransferRow } from './dto.js';
import { approvalRejectedMail, approvalRequestMail, noticeMail } from './exchange.mail.js';
import { approversFor, checkRecipients, expandRecipients, personRefs, senderInstitution } from './recipients.js';
import type { Retention } from './retention.js';
import type { Scanner } from './scanner.js';
import type { ExchangeSettingsService } from './settings.js';
import type { Vault, VaultFile } from './vault/vault.js';

const DAY = 86_400_000;
/** The sender may still change these. */
export const EDITABLE: readonly TransferState[] = ['draft', 'blocked'];
/** Nobody downloads from these any more. */
export const GONE: readonly TransferState[] = ['expired', 'withdrawn', 'purged'];
/** How long a release request waits for scans still running in this process before answering 202. */
const RELEASE_WAIT_MS = 15_000;

export const stateError = (state: string, message = 'The transfer is not in a state that allows this.', extra: Record<string, unknown> = {}) => new AppError(409, 'TRANSFER_STATE', message, { state, ...extra });
const goneError = (state: string) => new AppError(410, 'TRANSFER_GONE', 'This transfer has expired, was withdrawn or was purged; its files can no longer be downloaded.', { state });

/** Tokyo time for emails. */
const tokyo = (d: Date, lang: 'ja' | 'en') =>
  d.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', year: 'numeric', month: lang === 'ja' ? 'long' : 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) + (lang === 'ja' ? '（日本時間）' : ' (Japan time)');

/**
 * Transfers (P32-2.1.2): a sender addresses named people or units, attaches files finished through
 * the vault's uploads, and asks for release; the identifier tripwire, the data center's exceptions
 * and a second approver (special-care data) stand between the request and the recipients, who are
 * emailed a notice and download after signing in. Only the sender changes a transfer; only the
 * sender and its recipients download; anyone else gets 404.
 */
export class TransfersService {
  constructor(
    private readonly ctx: AppContext,
    private readonly vault: Vault,
    private readonly settings: ExchangeSettingsService,
    private readonly scanner: Scanner,
    private readonly retention: Retention,
  ) {
    scanner.onScanned = (id) => this.afterScan(id);
  }

  // ---- reading ------------------------------------------------------------------------------

  async load(conn: Conn, id: string, forUpdate = false): Promise<TransferRow> {
    const q = conn.select().from(exchangeTransfers).where(eq(exchangeTransfers.id, id));
    const [t] = forUpdate ? await q.for('update') : await q;
    if (!t) throw new NotFoundError('Transfer');
    return t;
  }

  /** How the actor relates to the transfer, or null (answered 404): the transfer scope (authz/scopes/transfers.ts). */
  private async viewerOf(conn: Conn, actor: Actor, t: TransferRow): Promise<Viewer | null> {
    const me = actor.personId;
    // Only the actor's own recipient and approval rows matter to the rule.
    const [recipients, approvers] =
      me && t.senderPersonId !== me
        ? await Promise.all([
            conn.select({ id: exchangeRecipients.personId }).from(exchangeRecipients).where(and(eq(exchangeRecipients.transferId, t.id), eq(exchangeRecipients.personId, me))),
            conn.select({ id: exchangeApprovals.approverId }).from(exchangeApprovals).where(and(eq(exchangeApprovals.transferId, t.id), eq(exchangeApprovals.approverId, me))),
          ])
        : [[], []];
    return transferViewer(actor, { ...t, recipientIds: recipients.map((r) => r.id), approverIds: approvers.map((a) => a.id) });
  }

  /** The transfer and the actor's relation to it; 404 when the actor has none. */
  async visible(actor: Actor, id: string): Promise<{ t: TransferRow; viewer: Viewer }> {
    const [t] = await this.ctx.db.select().from(exchangeTransfers).where(and(eq(exchangeTransfers.id, id), transferScope.filter(actor)));
    const viewer = t ? await this.viewerOf(this.ctx.db, actor, t) : null;
    if (!t || !viewer) throw new NotFoundError('Transfer');
    return { t, viewer };
  }

  /** For the sender's changes: 404 to whoever cannot see the transfer, 403 (audited) to whoever can but did not send it. */
  async own(actor: Actor, id: string): Promise<TransferRow> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const { t } = await this.visible(actor, id);
    await this.ctx.authz.require(actor, 'exchange.send', { personId: t.senderPersonId });
    return t;
  }

  async get(actor: Actor, id: string): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const { t, viewer } = await this.visible(actor, id);
    // A recipient cannot reach a transfer that is gone (their inbox still lists it, with its state).
    if (viewer === 'recipient' && this.isGone(t)) throw goneError(this.effectiveState(t));
    return this.dto(actor, t, viewer);
  }

  async dto(actor: Actor, t: TransferRow, viewer: Viewer): Promise<TransferDto> {
    // policy: caller — the viewer was established by visible() or own(), which consult the transfer scope
    const held = await this.retention.isHeld(this.ctx.db, t.id);
    const editable = viewer === 'sender' && EDITABLE.includes(t.state as TransferState);
    const [open] = await this.ctx.db
      .select({ n: count() })
      .from(exchangeFindings)
      .where(and(eq(exchangeFindings.transferId, t.id), isNull(exchangeFindings.resolution), isNull(exchangeFindings.exceptionId)));
    const [pending] = await this.ctx.db
      .select({ n: count() })
      .from(exchangeExceptions)
      .where(and(eq(exchangeExceptions.transferId, t.id), eq(exchangeExceptions.status, 'pending')));
    const dto = await detail(this.ctx.db, t, {
      viewer,
      viewerId: actor.personId,
      manager: can(actor, 'exchange.manage'),
      held,
      can: {
        edit: editable,
        release: editable,
        withdraw: viewer === 'sender' && !GONE.includes(t.state as TransferState) && !t.firstDownloadAt,
        download: (viewer === 'sender' || viewer === 'recipient') && !this.isGone(t) && (viewer === 'sender' || t.state === 'available'),
        approve: viewer === 'approver' && t.state === 'awaiting_approval',
        requestException: editable && Number(open?.n ?? 0) > 0 && Number(pending?.n ?? 0) === 0,
      },
    });
    return { ...dto, state: this.effectiveState(t) };
  }

  /** An available transfer past its time is expired even before the job has run. */
  effectiveState(t: TransferRow): TransferState {
    if (t.state === 'available' && t.expiresAt <= this.ctx.clock.now()) return 'expired';
    return t.state as TransferState;
  }

  isGone(t: TransferRow): boolean {
    return GONE.includes(this.effectiveState(t));
  }

  async list(actor: Actor, q: ListTransfersQuery): Promise<TransferPage> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const me = actor.personId ?? '00000000-0000-0000-0000-000000000000';
    const where: SQL[] = [];
    if (q.box === 'outbox') where.push(eq(exchangeTransfers.senderPersonId, me));
    else where.push(sql`exists (select 1 from ${exchangeRecipients} r where r.transfer_id = ${exchangeTransfers.id} and r.person_id = ${me})`);
    if (q.state) where.push(eq(exchangeTransfers.state, q.state));
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.ctx.db
        .select()
        .from(exchangeTransfers)
        .where(cond)
        .orderBy(desc(q.box === 'inbox' ? sql`coalesce(${exchangeTransfers.releasedAt}, ${exchangeTransfers.createdAt})` : exchangeTransfers.createdAt), desc(exchangeTransfers.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.ctx.db.select({ n: count() }).from(exchangeTransfers).where(cond),
    ]);
    const items = (await summaries(this.ctx.db, rows, actor.personId)).map((s, i) => ({ ...s, state: this.effectiveState(rows[i]!) }));
    return { items, total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  /** Special-care transfers waiting for the actor's second approval. */
  async approvalQueue(actor: Actor) {
    await this.ctx.authz.require(actor, 'exchange.approve');
    const rows = await this.ctx.db.select().from(exchangeTransfers).where(approvalQueueScope.filter(actor)).orderBy(exchangeTransfers.releaseRequestedAt).limit(500);
    return { items: await summaries(this.ctx.db, rows, actor.personId) };
  }

  // ---- the sender's draft ---------------------------------------------------------------------

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
    return this.get(actor, id);
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
    const pre = await this.own(actor, id);
    if (!EDITABLE.includes(pre.state as TransferState)) throw stateError(pre.state);
    if (input.recipients) await checkRecipients(this.ctx.db, actor, input.recipients);
    if (input.studyId !== undefined) await this.checkStudy(input.studyId);
    const settings = await this.settings.current();
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      const t = await this.load(tx, id, true);
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
    return this.get(actor, id);
  }

  async attach(actor: Actor, id: string, uploadId: string): Promise<TransferDto> {
    const pre = await this.own(actor, id);
    if (!EDITABLE.includes(pre.state as TransferState)) throw stateError(pre.state);
    const vf = await this.vault.file(uploadId);
    // The same answer whether the upload is unknown, unfinished, someone else's or erased.
    if (!vf || vf.ownerPersonId !== actor.personId || vf.erasedAt) throw new AppError(422, 'EXCHANGE_FILE_INVALID', 'This is not a finished upload of yours.');
    if (vf.transferId && vf.transferId !== id) throw new AppError(422, 'EXCHANGE_FILE_INVALID', 'This upload was started for another transfer.');
    const [taken] = await this.ctx.db.select({ id: exchangeFiles.id }).from(exchangeFiles).where(eq(exchangeFiles.vaultFileId, uploadId));
    if (taken) throw new AppError(422, 'EXCHANGE_FILE_INVALID', 'This upload is already attached to a transfer.');
    const now = this.ctx.clock.now();
    const fileId = await this.ctx.db.transaction(async (tx) => {
      const t = await this.load(tx, id, true);
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
    return this.get(actor, id);
  }

  async removeFile(actor: Actor, id: string, fileId: string): Promise<TransferDto> {
    const pre = await this.own(actor, id);
    if (!EDITABLE.includes(pre.state as TransferState)) throw stateError(pre.state);
    const now = this.ctx.clock.now();
    const file = await this.ctx.db.transaction(async (tx) => {
      const t = await this.load(tx, id, true);
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
    return this.get(actor, id);
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

  // ---- release --------------------------------------------------------------------------------

  /**
   * The uploads meant for this transfer that are not (yet) among its files: those started for it
   * (bound at creation) that are still running or finished but not attached, and those the client
   * lists as chosen for it that are not attached to it (still running, refused, abandoned, unknown).
   */
  private async uploadsNotIn(conn: Conn, actor: Actor, id: string, listed: string[]): Promise<{ id: string; fileName: string | null; status: string; reason: 'unfinished' | 'unattached' | 'missing' }[]> {
    const me = actor.personId ?? '00000000-0000-0000-0000-000000000000';
    const rows = await conn
      .select({ id: exchangeVaultFiles.id, fileName: exchangeVaultFiles.fileName, status: exchangeVaultFiles.status, transferId: exchangeVaultFiles.transferId, fileTransferId: exchangeFiles.transferId, removedAt: exchangeFiles.removedAt })
      .from(exchangeVaultFiles)
      .leftJoin(exchangeFiles, eq(exchangeFiles.vaultFileId, exchangeVaultFiles.id))
      .where(
        and(
          eq(exchangeVaultFiles.ownerPersonId, me),
          or(and(eq(exchangeVaultFiles.transferId, id), inArray(exchangeVaultFiles.status, ['uploading', 'complete'])), listed.length ? inArray(exchangeVaultFiles.id, listed) : sql`false`),
        ),
      );
    const out: { id: string; fileName: string | null; status: string; reason: 'unfinished' | 'unattached' | 'missing' }[] = [];
    for (const r of rows) {
      const isListed = listed.includes(r.id);
      if (r.status === 'uploading') out.push({ id: r.id, fileName: r.fileName, status: r.status, reason: 'unfinished' });
      else if (r.status === 'complete' && r.fileTransferId === null) out.push({ id: r.id, fileName: r.fileName, status: r.status, reason: 'unattached' });
      // A file the sender removed from this transfer on purpose no longer holds it back, unless the client still lists it.
      else if (isListed && (r.fileTransferId !== id || r.removedAt !== null)) out.push({ id: r.id, fileName: r.fileName, status: r.status, reason: r.status === 'complete' ? 'unattached' : 'missing' });
    }
    for (const u of listed) if (!rows.some((r) => r.id === u)) out.push({ id: u, fileName: null, status: 'unknown', reason: 'missing' });
    return out;
  }

  private async refuseUnfinishedUploads(conn: Conn, actor: Actor, id: string, listed: string[]): Promise<void> {
    const waiting = await this.uploadsNotIn(conn, actor, id, listed);
    if (waiting.length) {
      throw new AppError(409, 'UPLOADS_UNFINISHED', 'Some files chosen for this transfer have not finished uploading or are not attached yet. Wait for them (or remove them), then send again.', { uploads: waiting });
    }
  }

  /**
   * Asks for release. Refused with 409 UPLOADS_UNFINISHED (nothing changed) while an upload meant for
   * the transfer is not among its files (see uploadsNotIn). Answers the transfer with 200 (available, or awaiting approval), 202 (scans
   * still running: the release goes on by itself when they finish), or 422 TRIPWIRE_BLOCKED
   * (the transfer is then `blocked`, and stays so until its findings are resolved and the sender asks again).
   */
  async release(actor: Actor, id: string, input: { uploadIds?: string[] | undefined } = {}): Promise<{ status: 200 | 202; transfer: TransferDto }> {
    const pre = await this.own(actor, id);
    if (!EDITABLE.includes(pre.state as TransferState)) throw stateError(pre.state);
    const listed = [...new Set(input.uploadIds ?? [])];
    await this.refuseUnfinishedUploads(this.ctx.db, actor, id, listed);
    const files = await this.ctx.db
      .select({ id: exchangeFiles.id })
      .from(exchangeFiles)
      .where(and(eq(exchangeFiles.transferId, id), isNull(exchangeFiles.removedAt)));
    if (!files.length) throw new ValidationError('Some fields are invalid.', [{ path: 'files', message: 'attach at least one file' }]);
    const addressees = await this.ctx.db.select().from(exchangeAddressees).where(eq(exchangeAddressees.transferId, id));
    await checkRecipients(this.ctx.db, actor, {
      personIds: addressees.map((a) => a.personId).filter((x): x is string => !!x),
      unitIds: addressees.map((a) => a.unitId).filter((x): x is string => !!x),
    });
    const settings = await this.settings.current();
    if (pre.dataCategory === 'special_care' && settings.specialCareApproval && !(await approversFor(this.ctx.db, pre)).length) {
      throw stateError(pre.state, 'Nobody else in your unit or institution can give the second approval this special-care transfer needs.', { reason: 'no_approver' });
    }
    await this.scanner.settle(
      files.map((f) => f.id),
      RELEASE_WAIT_MS,
    );
    const outcome = await this.ctx.db.transaction(async (tx) => {
      const t = await this.load(tx, id, true);
      if (!EDITABLE.includes(t.state as TransferState)) throw stateError(t.state);
      // Again under the transfer's lock: an upload bound to it is created under the same lock.
      await this.refuseUnfinishedUploads(tx, actor, id, listed);
      await tx.update(exchangeTransfers).set({ releaseRequestedAt: this.ctx.clock.now() }).where(eq(exchangeTransfers.id, id));
      return this.advance(tx, actor, t);
    });
    this.ctx.mailer.kick();
    const transfer = await this.get(actor, id);
    if (outcome.state === 'blocked') {
      throw new AppError(422, 'TRIPWIRE_BLOCKED', 'The identifier tripwire found possible direct identifiers. Remove or replace the file, waive a false-positive column, or ask the data center for an exception.', {
        openFindings: outcome.open,
      });
    }
    return { status: outcome.state === 'awaiting_scan' ? 202 : 200, transfer };
  }

  /**
   * Moves a transfer whose release was asked for as far as it can go: waiting for scans, blocked
   * by findings, waiting for a second approver, or available.
   */
  async advance(tx: Conn, actor: Actor, t: TransferRow): Promise<{ state: TransferState; open: number }> {
    // policy: caller — a step of release, a scan's end or an exception's decision, each checked by its caller
    const now = this.ctx.clock.now();
    const setState = (state: TransferState, extra: Partial<typeof exchangeTransfers.$inferInsert> = {}) =>
      tx
        .update(exchangeTransfers)
        .set({ state, updatedAt: now, ...extra })
        .where(eq(exchangeTransfers.id, t.id));
    const files = await tx
      .select({ id: exchangeFiles.id, scanStatus: exchangeFiles.scanStatus })
      .from(exchangeFiles)
      .where(and(eq(exchangeFiles.transferId, t.id), isNull(exchangeFiles.removedAt)));
    if (files.some((f) => f.scanStatus === 'pending' || f.scanStatus === 'scanning')) {
      await setState('awaiting_scan');
      return { state: 'awaiting_scan', open: 0 };
    }
    const open = await tx
      .select({ kind: exchangeFindings.kind, n: count() })
      .from(exchangeFindings)
      .where(and(eq(exchangeFindings.transferId, t.id), isNull(exchangeFindings.resolution)))
      .groupBy(exchangeFindings.kind);
    const openCount = open.reduce((s, o) => s + Number(o.n), 0);
    if (openCount > 0) {
      await setState('blocked');
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.release_blocked',
        targetType: 'exchange_transfer',
        targetId: t.id,
        details: { openFindings: openCount, kinds: Object.fromEntries(open.map((o) => [o.kind, Number(o.n)])) },
      });
      return { state: 'blocked', open: openCount };
    }
    const settings = await this.settings.current(tx);
    if (t.dataCategory === 'special_care' && settings.specialCareApproval) {
      const approvers = await approversFor(tx, t);
      await setState('awaiting_approval', { requiresApproval: true });
      await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.approval_requested', targetType: 'exchange_transfer', targetId: t.id, details: { approvers: approvers.length } });
      const sender = (await personRefs(tx, [t.senderPersonId])).get(t.senderPersonId);
      for (const a of approvers) {
        await this.ctx.mailer.enqueue(tx, {
          to: a.email,
          personId: a.id,
          language: a.language,
          template: approvalRequestMail,
          params: { senderJa: sender?.nameJa ?? '', senderEn: sender?.nameEn ?? '', link: `${this.ctx.config.publicUrl}/exchange/transfers/${t.id}` },
        });
      }
      return { state: 'awaiting_approval', open: 0 };
    }
    return this.makeAvailable(tx, actor, t);
  }

  /** Release proper: the recipients are fixed (units expanded), the expiry starts, notices go out. */
  private async makeAvailable(tx: Conn, actor: Actor, t: TransferRow): Promise<{ state: TransferState; open: number }> {
    const now = this.ctx.clock.now();
    const addressees = await tx.select().from(exchangeAddressees).where(eq(exchangeAddressees.transferId, t.id));
    const recipients = await expandRecipients(tx, t.senderPersonId, addressees);
    if (!recipients.length) {
      // Everyone addressed left meanwhile: back to the sender as a draft.
      await tx.update(exchangeTransfers).set({ state: 'draft', releaseRequestedAt: null, updatedAt: now }).where(eq(exchangeTransfers.id, t.id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.release_blocked', targetType: 'exchange_transfer', targetId: t.id, details: { reason: 'no_recipients' } });
      return { state: 'draft', open: 0 };
    }
    const expiresAt = new Date(now.getTime() + t.expiryDays * DAY);
    await tx.insert(exchangeRecipients).values(recipients.map((r) => ({ transferId: t.id, personId: r.personId, viaUnitId: r.viaUnitId, noticedAt: now, createdAt: now })));
    await tx.update(exchangeTransfers).set({ state: 'available', releasedAt: now, expiresAt, updatedAt: now }).where(eq(exchangeTransfers.id, t.id));
    const [fileCount] = await tx
      .select({ n: count() })
      .from(exchangeFiles)
      .where(and(eq(exchangeFiles.transferId, t.id), isNull(exchangeFiles.removedAt)));
    await appendAudit(tx, this.ctx.clock, actor, {
      action: 'exchange.released',
      targetType: 'exchange_transfer',
      targetId: t.id,
      details: { recipients: recipients.length, viaUnits: [...new Set(recipients.map((r) => r.viaUnitId).filter(Boolean))], files: Number(fileCount?.n ?? 0), expiresAt: expiresAt.toISOString() },
    });
    const refs = await personRefs(tx, [t.senderPersonId]);
    const sender = refs.get(t.senderPersonId);
    const to = await tx
      .select({ id: people.id, email: people.email, language: people.language })
      .from(people)
      .where(
        inArray(
          people.id,
          recipients.map((r) => r.personId),
        ),
      );
    for (const r of to) {
      await this.ctx.mailer.enqueue(tx, {
        to: r.email,
        personId: r.id,
        language: r.language,
        template: noticeMail,
        params: {
          senderJa: sender?.nameJa ?? '',
          senderEn: sender?.nameEn ?? '',
          fromJa: sender?.affiliationJa ?? '',
          fromEn: sender?.affiliationEn ?? '',
          expiresJa: tokyo(expiresAt, 'ja'),
          expiresEn: tokyo(expiresAt, 'en'),
          link: `${this.ctx.config.publicUrl}/exchange/transfers/${t.id}`,
        },
      });
      const via = recipients.find((x) => x.personId === r.id)?.viaUnitId ?? null;
      await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.notice_sent', targetType: 'exchange_transfer', targetId: t.id, details: { personId: r.id, viaUnitId: via } });
    }
    return { state: 'available', open: 0 };
  }

  /** After a scan: a transfer that was waiting for it goes on. */
  async afterScan(transferId: string): Promise<void> {
    const [pre] = await this.ctx.db.select({ state: exchangeTransfers.state }).from(exchangeTransfers).where(eq(exchangeTransfers.id, transferId));
    if (pre?.state !== 'awaiting_scan') return;
    await this.ctx.db.transaction(async (tx) => {
      const t = await this.load(tx, transferId, true);
      if (t.state !== 'awaiting_scan') return;
      await this.advance(tx, systemActor('exchange.tripwire'), t);
    });
    this.ctx.mailer.kick();
  }

  // ---- approval, withdrawal, download ------------------------------------------------------------

  async decideApproval(actor: Actor, id: string, decision: 'approve' | 'reject', reason: string | null): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.approve');
    const t0 = await this.load(this.ctx.db, id);
    if (t0.senderPersonId === actor.personId) {
      // Nobody approves their own transfer: refused and recorded like any other denial.
      await this.ctx.authz.require(actor, 'exchange.approve', approvalResource(t0));
    }
    const viewer = await this.viewerOf(this.ctx.db, actor, t0);
    if (viewer !== 'approver' && !(viewer && can(actor, 'exchange.approve', approvalResource(t0)))) throw new NotFoundError('Transfer');
    if (t0.state !== 'awaiting_approval') throw stateError(t0.state);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      const t = await this.load(tx, id, true);
      if (t.state !== 'awaiting_approval') throw stateError(t.state);
      await tx.insert(exchangeApprovals).values({ transferId: id, approverId: actor.personId!, decision: decision === 'approve' ? 'approved' : 'rejected', reason, at: now });
      if (decision === 'approve') {
        await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.approved', targetType: 'exchange_transfer', targetId: id, details: { reason } });
        await this.makeAvailable(tx, actor, t);
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
    return this.get(actor, id);
  }

  async withdraw(actor: Actor, id: string, reason: string | null): Promise<TransferDto> {
    const pre = await this.own(actor, id);
    if (GONE.includes(this.effectiveState(pre))) throw stateError(this.effectiveState(pre));
    if (pre.firstDownloadAt) throw new AppError(409, 'TRANSFER_DOWNLOADED', 'A recipient has already downloaded this transfer; it can no longer be withdrawn.');
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      const t = await this.load(tx, id, true);
      if (GONE.includes(this.effectiveState(t))) throw stateError(this.effectiveState(t));
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
    return this.get(actor, id);
  }

  /**
   * Authorizes a download by the sender or a recipient (anyone else: 404; a transfer that is gone:
   * 410). Nothing is recorded yet: the route streams the vault file (verified chunk by chunk) and
   * records the download when the last byte was handed over (recordDownload), or its failure
   * (recordDownloadFailed) — so the chain of custody never shows a delivery that delivered nothing.
   */
  async download(actor: Actor, id: string, fileId: string): Promise<PendingDownload> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const t = await this.load(this.ctx.db, id);
    const viewer = await this.viewerOf(this.ctx.db, actor, t);
    if (viewer !== 'sender' && viewer !== 'recipient') throw new NotFoundError('Transfer');
    if (this.isGone(t)) throw goneError(this.effectiveState(t));
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
