import { and, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { TransferDto, TransferState } from '../../../shared/exchange.js';
import { systemActor, type Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { exchangeAddressees, exchangeFiles, exchangeFindings, exchangeRecipients, exchangeTransfers, exchangeVaultFiles, people } from '../../db/schema/index.js';
import { AppError, ValidationError } from '../../errors.js';
import type { TransferRow } from './dto.js';
import { approvalRequestMail, noticeMail } from './exchange.mail.js';
import { approversFor, checkRecipients, expandRecipients, personRefs } from './recipients.js';
import type { Scanner } from './scanner.js';
import type { ExchangeSettingsService } from './settings.js';
import { EDITABLE, stateError, type TransfersService } from './transfers.service.js';

const DAY = 86_400_000;
const RELEASE_WAIT_MS = 15_000;


/** Tokyo time for emails. */
const tokyo = (d: Date, lang: 'ja' | 'en') =>
  d.toLocaleString(lang === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: 'Asia/Tokyo', year: 'numeric', month: lang === 'ja' ? 'long' : 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) + (lang === 'ja' ? '（日本時間）' : ' (Japan time)');

/**
 * A transfer's release: asked for by the sender, it waits for the scans, stops at open tripwire
 * findings, waits for a second approver (special-care data), and makes the transfer available to
 * its recipients, who are sent a notice. A scan's end moves a waiting transfer on.
 */
export class TransferReleaseService {
  constructor(
    private readonly ctx: AppContext,
    private readonly transfers: TransfersService,
    private readonly settings: ExchangeSettingsService,
    private readonly scanner: Scanner,
  ) {
    scanner.onScanned = (id) => this.afterScan(id);
  }

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
    await this.ctx.authz.require(actor, 'exchange.send');
    const pre = await this.transfers.own(actor, id);
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
      const t = await this.transfers.load(tx, id, true);
      if (!EDITABLE.includes(t.state as TransferState)) throw stateError(t.state);
      // Again under the transfer's lock: an upload bound to it is created under the same lock.
      await this.refuseUnfinishedUploads(tx, actor, id, listed);
      await tx.update(exchangeTransfers).set({ releaseRequestedAt: this.ctx.clock.now() }).where(eq(exchangeTransfers.id, id));
      return this.advance(tx, actor, t);
    });
    this.ctx.mailer.kick();
    const transfer = await this.transfers.get(actor, id);
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
  async makeAvailable(tx: Conn, actor: Actor, t: TransferRow): Promise<{ state: TransferState; open: number }> {
    // policy: caller — the last step of advance() or of a second approval, inside the caller's transaction
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
      const t = await this.transfers.load(tx, transferId, true);
      if (t.state !== 'awaiting_scan') return;
      await this.advance(tx, systemActor('exchange.tripwire'), t);
    });
    this.ctx.mailer.kick();
  }
}
