import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Decision, ExceptionQueue, TransferDto, TransferState, WaiveColumn, WaiverList } from '../../../shared/exchange.js';
import { WaivableKind } from '../../../shared/tripwire.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { exchangeExceptions, exchangeFiles, exchangeFindings, exchangeTransfers, exchangeWaivers, people, roleAssignments } from '../../db/schema/index.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { appendAuditAlone } from '../../audit/audit.service.js';
import { exceptionDtos, summaries, waiverDtos } from './dto.js';
import { exceptionDecidedMail, exceptionRequestMail } from './exchange.mail.js';
import { personRefs } from './recipients.js';
import type { Scanner } from './scanner.js';
import type { TransferReleaseService } from './transfer-release.service.js';
import { EDITABLE, stateError, type TransfersService } from './transfers.service.js';

/**
 * What lets a transfer past the tripwire besides removing the file: the sender's waiver of a
 * false-positive column (with a reason; the data center sees every waiver), or the data center's
 * exception (asked for by the sender with a reason, decided with a reason).
 */
export class ReviewService {
  constructor(
    private readonly ctx: AppContext,
    private readonly transfers: TransfersService,
    private readonly release: TransferReleaseService,
    private readonly scanner: Scanner,
  ) {}

  async waive(actor: Actor, transferId: string, input: WaiveColumn): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const pre = await this.transfers.own(actor, transferId);
    if (!EDITABLE.includes(pre.state as TransferState)) throw stateError(pre.state);
    const now = this.ctx.clock.now();
    const rescan = await this.ctx.db.transaction(async (tx) => {
      const t = await this.transfers.load(tx, transferId, true);
      if (!EDITABLE.includes(t.state as TransferState)) throw stateError(t.state);
      const [file] = await tx
        .select()
        .from(exchangeFiles)
        .where(and(eq(exchangeFiles.id, input.fileId), eq(exchangeFiles.transferId, transferId), isNull(exchangeFiles.removedAt)));
      if (!file) throw new NotFoundError('File');
      const where = and(
        eq(exchangeFindings.fileId, file.id),
        eq(exchangeFindings.source, 'file'),
        isNull(exchangeFindings.resolution),
        input.sheet === null ? isNull(exchangeFindings.sheet) : eq(exchangeFindings.sheet, input.sheet),
        eq(exchangeFindings.column, input.column),
        inArray(exchangeFindings.kind, [...WaivableKind.options]),
      );
      const [hits] = await tx.select({ n: count() }).from(exchangeFindings).where(where);
      if (!Number(hits?.n ?? 0)) throw new ValidationError('Some fields are invalid.', [{ path: 'column', message: 'has no open findings that a waiver can clear' }]);
      const [w] = await tx
        .insert(exchangeWaivers)
        .values({ transferId, fileId: file.id, sheet: input.sheet, column: input.column, reason: input.reason, findings: Number(hits!.n), personId: actor.personId!, createdAt: now })
        .returning();
      const cleared = await tx.update(exchangeFindings).set({ resolution: 'waived', resolvedAt: now, waiverId: w!.id }).where(where).returning({ kind: exchangeFindings.kind });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'exchange.waived',
        targetType: 'exchange_transfer',
        targetId: transferId,
        details: { waiverId: w!.id, fileId: file.id, sheet: input.sheet, column: input.column, findings: cleared.length, kinds: [...new Set(cleared.map((c) => c.kind))].sort(), reason: input.reason },
      });
      // A scan cut short by the findings limit may hide more findings behind the waived ones: scan again with the waiver applied.
      if (file.scanTruncated) await tx.update(exchangeFiles).set({ scanStatus: 'pending' }).where(eq(exchangeFiles.id, file.id));
      return file.scanTruncated ? file.id : null;
    });
    if (rescan) void this.scanner.kick(rescan);
    return this.transfers.get(actor, transferId);
  }

  async requestException(actor: Actor, transferId: string, reason: string): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.send');
    const pre = await this.transfers.own(actor, transferId);
    if (!EDITABLE.includes(pre.state as TransferState)) throw stateError(pre.state);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction(async (tx) => {
      const t = await this.transfers.load(tx, transferId, true);
      if (!EDITABLE.includes(t.state as TransferState)) throw stateError(t.state);
      const [pending] = await tx.select({ id: exchangeExceptions.id }).from(exchangeExceptions).where(and(eq(exchangeExceptions.transferId, transferId), eq(exchangeExceptions.status, 'pending')));
      if (pending) throw new AppError(409, 'CONFLICT', 'An exception request for this transfer is already waiting for the data center.');
      const open = and(eq(exchangeFindings.transferId, transferId), isNull(exchangeFindings.resolution), isNull(exchangeFindings.exceptionId));
      const [n] = await tx.select({ n: count() }).from(exchangeFindings).where(open);
      const findings = Number(n?.n ?? 0);
      if (!findings) throw stateError(t.state, 'There are no open findings to ask an exception for.', { reason: 'no_findings' });
      const [e] = await tx.insert(exchangeExceptions).values({ transferId, requestedBy: actor.personId!, requestReason: reason, findings, createdAt: now }).returning();
      await tx.update(exchangeFindings).set({ exceptionId: e!.id }).where(open);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'exchange.exception_requested', targetType: 'exchange_transfer', targetId: transferId, details: { exceptionId: e!.id, findings, reason } });
      const sender = (await personRefs(tx, [actor.personId])).get(actor.personId!);
      const staff = await tx
        .selectDistinct({ id: people.id, email: people.email, language: people.language })
        .from(roleAssignments)
        .innerJoin(people, eq(people.id, roleAssignments.personId))
        .where(and(eq(roleAssignments.role, 'data_center_staff'), eq(people.active, true), eq(people.accountStatus, 'active')));
      for (const s of staff) {
        if (s.id === actor.personId) continue;
        await this.ctx.mailer.enqueue(tx, {
          to: s.email,
          personId: s.id,
          language: s.language,
          template: exceptionRequestMail,
          params: { senderJa: sender?.nameJa ?? '', senderEn: sender?.nameEn ?? '', findings, link: `${this.ctx.config.publicUrl}/exchange/exceptions` },
        });
      }
    });
    this.ctx.mailer.kick();
    return this.transfers.get(actor, transferId);
  }

  async exceptionQueue(actor: Actor, q: { status: string; page: number; pageSize: number }): Promise<ExceptionQueue> {
    await this.ctx.authz.require(actor, 'exchange.manage');
    const where = eq(exchangeExceptions.status, q.status);
    const [rows, [total]] = await Promise.all([
      this.ctx.db
        .select()
        .from(exchangeExceptions)
        .where(where)
        .orderBy(q.status === 'pending' ? exchangeExceptions.createdAt : desc(exchangeExceptions.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.ctx.db.select({ n: count() }).from(exchangeExceptions).where(where),
    ]);
    const dtos = await exceptionDtos(this.ctx.db, rows);
    const tRows = rows.length
      ? await this.ctx.db
          .select()
          .from(exchangeTransfers)
          .where(
            inArray(
              exchangeTransfers.id,
              rows.map((r) => r.transferId),
            ),
          )
      : [];
    const sums = new Map((await summaries(this.ctx.db, tRows, null)).map((s) => [s.id, s]));
    return { items: dtos.map((d) => ({ ...d, transfer: sums.get(d.transferId)! })), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  async decideException(actor: Actor, exceptionId: string, input: Decision): Promise<TransferDto> {
    await this.ctx.authz.require(actor, 'exchange.manage');
    const [e0] = await this.ctx.db.select().from(exchangeExceptions).where(eq(exchangeExceptions.id, exceptionId));
    if (!e0) throw new NotFoundError('Exception');
    if (!input.reason) throw new ValidationError('Some fields are invalid.', [{ path: 'reason', message: 'a reason is required' }]);
    if (e0.requestedBy === actor.personId) {
      // The data center's own staff do not decide their own requests.
      await appendAuditAlone(this.ctx.db, this.ctx.clock, actor, { action: 'authz.denied', targetType: 'exchange_transfer', targetId: e0.transferId, details: { action: 'exchange.manage', exceptionId, reason: 'own request' } });
      throw new ForbiddenError('exchange.manage');
    }
    if (e0.status !== 'pending') throw new AppError(409, 'CONFLICT', 'This exception request was already decided.', { status: e0.status });
    const now = this.ctx.clock.now();
    const approved = input.decision === 'approve';
    await this.ctx.db.transaction(async (tx) => {
      const t = await this.transfers.load(tx, e0.transferId, true);
      const [e] = await tx
        .update(exchangeExceptions)
        .set({ status: approved ? 'approved' : 'rejected', decidedBy: actor.personId, decidedAt: now, decisionReason: input.reason })
        .where(and(eq(exchangeExceptions.id, exceptionId), eq(exchangeExceptions.status, 'pending')))
        .returning();
      if (!e) throw new AppError(409, 'CONFLICT', 'This exception request was already decided.');
      const covered = and(eq(exchangeFindings.exceptionId, exceptionId), isNull(exchangeFindings.resolution));
      const n = approved
        ? await tx.update(exchangeFindings).set({ resolution: 'excepted', resolvedAt: now }).where(covered).returning({ id: exchangeFindings.id })
        : await tx.update(exchangeFindings).set({ exceptionId: null }).where(covered).returning({ id: exchangeFindings.id });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: approved ? 'exchange.exception_approved' : 'exchange.exception_rejected',
        targetType: 'exchange_transfer',
        targetId: e0.transferId,
        details: { exceptionId, findings: n.length, reason: input.reason },
      });
      // The sender had asked for release: with nothing left open it goes on at once.
      if (approved && t.state === 'blocked') {
        const [left] = await tx
          .select({ n: count() })
          .from(exchangeFindings)
          .where(and(eq(exchangeFindings.transferId, t.id), isNull(exchangeFindings.resolution)));
        if (!Number(left?.n ?? 0)) await this.release.advance(tx, actor, t);
      }
      const [s] = await tx.select({ email: people.email, language: people.language }).from(people).where(eq(people.id, e0.requestedBy));
      const me = (await personRefs(tx, [actor.personId])).get(actor.personId!);
      if (s) {
        await this.ctx.mailer.enqueue(tx, {
          to: s.email,
          personId: e0.requestedBy,
          language: s.language,
          template: exceptionDecidedMail,
          params: { approved, byJa: me?.nameJa ?? '', byEn: me?.nameEn ?? '', reason: input.reason ?? '', link: `${this.ctx.config.publicUrl}/exchange/transfers/${e0.transferId}` },
        });
      }
    });
    this.ctx.mailer.kick();
    const { t, viewer } = await this.transfers.visible(actor, e0.transferId);
    return this.transfers.dto(actor, t, viewer);
  }

  async waivers(actor: Actor, q: { page: number; pageSize: number }): Promise<WaiverList> {
    await this.ctx.authz.require(actor, 'exchange.manage');
    const [rows, [total]] = await Promise.all([
      this.ctx.db
        .select()
        .from(exchangeWaivers)
        .orderBy(desc(exchangeWaivers.createdAt), desc(exchangeWaivers.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.ctx.db.select({ n: sql<number>`count(*)::int` }).from(exchangeWaivers),
    ]);
    const dtos = await waiverDtos(this.ctx.db, rows);
    const tRows = rows.length
      ? await this.ctx.db
          .select({ id: exchangeTransfers.id, sender: exchangeTransfers.senderPersonId })
          .from(exchangeTransfers)
          .where(
            inArray(
              exchangeTransfers.id,
              rows.map((r) => r.transferId),
            ),
          )
      : [];
    const senderOf = new Map(tRows.map((r) => [r.id, r.sender]));
    const refs = await personRefs(this.ctx.db, [...senderOf.values()]);
    return {
      items: dtos.map((d) => ({ ...d, sender: refs.get(senderOf.get(d.transferId)!)! })),
      total: Number(total?.n ?? 0),
      page: q.page,
      pageSize: q.pageSize,
    };
  }
}
