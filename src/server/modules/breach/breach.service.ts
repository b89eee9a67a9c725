import { and, desc, eq, sql } from 'drizzle-orm';
import type { AssessmentDto, BoardDto, BoardQuery, ClockChange, ClockDto, PpcReportQuery, SaveAssessment, WaiveClock } from '../../../shared/breach.js';
import type { ClockKind } from '../../../shared/incidents.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { personRefs } from '../../db/person-refs.js';
import { breachAssessments, incidentClocks, incidentEvents, incidents } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { syncClocks } from './breach.clocks.js';
import { decideBreach } from './breach.decision.js';
import { answeredInReport, answersFromIncident, byKindOrder, clockDto, versionDto, type ClockRow, type IncidentRow } from './breach.dto.js';
import { clockBoard, visibleIncident } from './breach.read.js';
import { reportDocx } from './breach.report.docx.js';
import { reportData, REPORT_TYPES } from './breach.report.js';
import { reportPdf } from './breach.report.pdf.js';
import { reportXlsx } from './breach.report.xlsx.js';
import { CLOCK_LABEL, CLOCK_VERB, RESULT_LABEL } from './breach.words.js';

const DAY = 86_400_000;

/**
 * The breach assessment (APPI Art. 26) and the reporting clocks of incidents. Reading follows the
 * incident's visibility (src/server/authz/scopes/incidents.ts; out of sight 404); assessing and working the clocks
 * needs incident.manage. Each change writes a timeline entry and an audit entry in its transaction.
 */
export class BreachService {
  constructor(private readonly ctx: AppContext) {}

  private now() {
    return this.ctx.clock.now();
  }

  // ---- assessment -------------------------------------------------------------------------------

  async assessment(actor: Actor, incidentId: string): Promise<AssessmentDto> {
    await this.ctx.authz.require(actor, 'incident.read');
    const i = await visibleIncident(this.ctx.db, actor, incidentId);
    const rows = await this.ctx.db.select().from(breachAssessments).where(eq(breachAssessments.incidentId, i.id)).orderBy(desc(breachAssessments.version));
    const people = await personRefs(this.ctx.db, rows.map((r) => r.assessedBy));
    const history = rows.map((r) => versionDto(r, people));
    const fromReport = history.length ? null : answersFromIncident(i);
    return {
      incidentId: i.id,
      ref: i.ref,
      awareAt: i.awareAt.toISOString(),
      current: history[0] ?? null,
      draft: history[0]?.answers ?? fromReport!,
      prefilled: fromReport ? answeredInReport(fromReport) : [],
      history,
    };
  }

  async saveAssessment(actor: Actor, incidentId: string, input: SaveAssessment): Promise<AssessmentDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction(async (tx) => {
      const i = await visibleIncident(tx, actor, incidentId, true);
      const [last] = await tx.select().from(breachAssessments).where(eq(breachAssessments.incidentId, i.id)).orderBy(desc(breachAssessments.version)).limit(1);
      const version = (last?.version ?? 0) + 1;
      if (input.baseVersion !== undefined && input.baseVersion !== (last?.version ?? 0)) {
        throw new AppError(409, 'BREACH_ASSESSMENT_CONFLICT', 'Someone saved a newer assessment; reload it first.', { currentVersion: last?.version ?? 0 });
      }
      const a = input.answers;
      const d = decideBreach(a);
      const now = this.now();
      await tx.insert(breachAssessments).values({
        incidentId: i.id,
        version,
        answers: a,
        result: d.result,
        triggers: d.triggers,
        missing: d.missing,
        exempt: d.exempt,
        wrongfulPurpose: d.wrongfulPurpose,
        reasoningJa: d.reasoningJa,
        reasoningEn: d.reasoningEn,
        note: input.note,
        report: input.report,
        assessedBy: actor.personId,
        assessedAt: now,
      });
      // The incident's own answers follow the assessment (the reporter's first guess is refined here).
      const facts = { personalInfo: a.personalInfo, peopleAffected: a.peopleAffected, specialCare: a.specialCare, encrypted: a.encrypted, keySafe: a.keySafe };
      const changed = (Object.keys(facts) as (keyof typeof facts)[]).filter((k) => facts[k] !== i[k]);
      if (changed.length) await tx.update(incidents).set({ ...facts, version: sql`${incidents.version} + 1`, updatedAt: now }).where(eq(incidents.id, i.id));
      const clocks = await syncClocks(tx, i, d, now, actor);
      await tx.insert(incidentEvents).values({
        incidentId: i.id,
        type: 'assessment',
        at: now,
        recordedAt: now,
        actorId: actor.personId,
        text: `${RESULT_LABEL.ja[d.result]} / ${RESULT_LABEL.en[d.result]}`,
        data: { version, result: d.result, triggers: d.triggers, exempt: d.exempt, clocks },
      });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'breach.assessed',
        targetType: 'incident',
        targetId: i.id,
        details: { ref: i.ref, version, result: d.result, triggers: d.triggers, exempt: d.exempt, missing: d.missing, changedFacts: changed, clocks },
      });
    });
    return this.assessment(actor, incidentId);
  }

  // ---- clocks -----------------------------------------------------------------------------------

  async clocks(actor: Actor, incidentId: string): Promise<{ items: ClockDto[]; canWaive: boolean }> {
    await this.ctx.authz.require(actor, 'incident.read');
    const i = await visibleIncident(this.ctx.db, actor, incidentId);
    const rows = (await this.ctx.db.select().from(incidentClocks).where(eq(incidentClocks.incidentId, i.id))).sort(byKindOrder);
    const people = await personRefs(this.ctx.db, rows.flatMap((r) => [r.doneBy, r.waivedBy]));
    const now = this.now();
    return { items: rows.map((r) => clockDto(r, now, people)), canWaive: can(actor, 'breach.waive') };
  }

  /** The clock of this kind of an incident the actor sees, locked for the change (404 otherwise). */
  private async lockedClock(tx: Conn, actor: Actor, incidentId: string, kind: ClockKind): Promise<{ i: IncidentRow; c: ClockRow }> {
    const i = await visibleIncident(tx, actor, incidentId, true);
    const [c] = await tx
      .select()
      .from(incidentClocks)
      .where(and(eq(incidentClocks.incidentId, i.id), eq(incidentClocks.kind, kind)));
    if (!c) throw new NotFoundError('Clock');
    return { i, c };
  }

  /**
   * Waives a pending clock: the manager decides this duty does not apply to this incident (e.g.
   * no sponsor), with the reason kept on the clock, on the timeline and in the audit log. A
   * waived clock no longer reminds, escalates or holds the incident open.
   */
  async waiveClock(actor: Actor, incidentId: string, kind: ClockKind, input: WaiveClock): Promise<ClockDto> {
    await this.ctx.authz.require(actor, 'breach.waive');
    const row = await this.ctx.db.transaction(async (tx) => {
      const { i, c } = await this.lockedClock(tx, actor, incidentId, kind);
      if (i.status === 'closed') throw new AppError(409, 'BREACH_CLOCK_STATE', 'The incident is closed.');
      if (c.doneAt || c.waived) throw new AppError(409, 'BREACH_CLOCK_STATE', 'This clock is already done or waived.');
      const now = this.now();
      const [after] = await tx
        .update(incidentClocks)
        .set({ waived: true, waivedAt: now, waivedBy: actor.personId, waiverReason: input.reason, updatedAt: now })
        .where(eq(incidentClocks.id, c.id))
        .returning();
      await tx.insert(incidentEvents).values({
        incidentId: i.id,
        type: 'clock',
        at: now,
        recordedAt: now,
        actorId: actor.personId,
        text: `${CLOCK_LABEL.ja[kind]}：${CLOCK_VERB.ja.waived} / ${CLOCK_LABEL.en[kind]}: ${CLOCK_VERB.en.waived} — ${input.reason}`,
        data: { kind, action: 'waive', reason: input.reason },
      });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'breach.clock_waived',
        targetType: 'incident',
        targetId: i.id,
        details: { ref: i.ref, kind, reason: input.reason, dueAt: c.dueAt.toISOString(), overdueAt: c.overdueAt.toISOString() },
      });
      return after!;
    });
    return clockDto(row, this.now(), await personRefs(this.ctx.db, [row.doneBy, row.waivedBy]));
  }

  /**
   * Withdraws a waiver (the manager's, e.g. a sponsor turns out to exist): the clock is pending
   * again with its deadlines, and reminds from the stage it has reached. Refused once the
   * incident is closed (reopen the incident first).
   */
  async withdrawWaiver(actor: Actor, incidentId: string, kind: ClockKind): Promise<ClockDto> {
    await this.ctx.authz.require(actor, 'breach.waive');
    const row = await this.ctx.db.transaction(async (tx) => {
      const { i, c } = await this.lockedClock(tx, actor, incidentId, kind);
      if (i.status === 'closed') throw new AppError(409, 'BREACH_CLOCK_STATE', 'The incident is closed: reopen it first.');
      if (!c.waived) throw new AppError(409, 'BREACH_CLOCK_STATE', 'This clock is not waived.');
      const now = this.now();
      const [after] = await tx
        .update(incidentClocks)
        .set({ waived: false, waivedAt: null, waivedBy: null, waiverReason: null, note: c.note === c.waiverReason ? null : c.note, updatedAt: now })
        .where(eq(incidentClocks.id, c.id))
        .returning();
      await tx.insert(incidentEvents).values({
        incidentId: i.id,
        type: 'clock',
        at: now,
        recordedAt: now,
        actorId: actor.personId,
        text: `${CLOCK_LABEL.ja[kind]}：${CLOCK_VERB.ja.withdrawn} / ${CLOCK_LABEL.en[kind]}: ${CLOCK_VERB.en.withdrawn}`,
        data: { kind, action: 'withdraw_waiver' },
      });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'breach.clock_waiver_withdrawn',
        targetType: 'incident',
        targetId: i.id,
        details: { ref: i.ref, kind, before: { waivedAt: c.waivedAt?.toISOString() ?? null, waivedBy: c.waivedBy, reason: c.waiverReason } },
      });
      return after!;
    });
    return clockDto(row, this.now(), await personRefs(this.ctx.db, [row.doneBy, row.waivedBy]));
  }

  /** Done (with the date and a note, e.g. the PPC receipt number), or reopened after being done. Waivers: waiveClock. */
  async changeClock(actor: Actor, incidentId: string, kind: ClockKind, input: ClockChange): Promise<ClockDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const { i, c } = await this.lockedClock(tx, actor, incidentId, kind);
      const now = this.now();
      const open = !c.doneAt && !c.waived;
      let set: Partial<typeof incidentClocks.$inferInsert>;
      if (input.action === 'done') {
        if (!open) throw new AppError(409, 'BREACH_CLOCK_STATE', 'This clock is already done or waived.');
        const doneAt = input.doneAt ? new Date(input.doneAt) : now;
        if (doneAt.getTime() > now.getTime()) throw new ValidationError('Some fields are invalid.', [{ path: 'doneAt', message: 'must not be in the future' }]);
        if (doneAt.getTime() < i.awareAt.getTime() - DAY) throw new ValidationError('Some fields are invalid.', [{ path: 'doneAt', message: 'must not be before the awareness date' }]);
        set = { doneAt, doneBy: actor.personId, note: input.note || null };
      } else {
        if (open) throw new AppError(409, 'BREACH_CLOCK_STATE', 'This clock is open already.');
        // A waiver is the manager's to withdraw (DELETE …/waiver), audited as such.
        if (c.waived) throw new AppError(409, 'BREACH_CLOCK_STATE', 'This clock is waived: only the manager may withdraw the waiver.');
        if (i.status === 'closed') throw new AppError(409, 'BREACH_CLOCK_STATE', 'The incident is closed: reopen it first.');
        set = { doneAt: null, doneBy: null, note: input.note || null };
      }
      const [after] = await tx
        .update(incidentClocks)
        .set({ ...set, updatedAt: now })
        .where(eq(incidentClocks.id, c.id))
        .returning();
      const verb = { done: ['完了', 'done'], reopen: ['再開', 'reopened'] }[input.action];
      await tx.insert(incidentEvents).values({
        incidentId: i.id,
        type: 'clock',
        at: set.doneAt ?? now,
        recordedAt: now,
        actorId: actor.personId,
        text: `${CLOCK_LABEL.ja[kind]}：${verb[0]} / ${CLOCK_LABEL.en[kind]}: ${verb[1]}${input.note ? ` — ${input.note}` : ''}`,
        data: { kind, action: input.action, note: input.note || null, doneAt: set.doneAt?.toISOString() ?? null },
      });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: input.action === 'done' ? 'breach.clock_done' : 'breach.clock_reopened',
        targetType: 'incident',
        targetId: i.id,
        details: { ref: i.ref, kind, note: input.note || null, doneAt: set.doneAt?.toISOString() ?? null, before: { doneAt: c.doneAt?.toISOString() ?? null, waived: c.waived, note: c.note } },
      });
      return after!;
    });
    return clockDto(row, this.now(), await personRefs(this.ctx.db, [row.doneBy, row.waivedBy]));
  }

  // ---- the draft PPC report --------------------------------------------------------------------

  /** The draft report to the PPC from the record, as PDF, DOCX or XLSX (audited: it describes the breach). */
  async ppcReport(actor: Actor, incidentId: string, q: PpcReportQuery): Promise<{ fileName: string; contentType: string; body: Buffer }> {
    await this.ctx.authz.require(actor, 'incident.manage');
    const now = this.now();
    const i = await visibleIncident(this.ctx.db, actor, incidentId);
    const data = await reportData(this.ctx.db, i, q.stage, q.lang, now);
    const body = q.format === 'pdf' ? await reportPdf(data, now) : q.format === 'xlsx' ? await reportXlsx(data, q.lang, now) : await reportDocx(data, q.lang);
    await appendAuditAlone(this.ctx.db, this.ctx.clock, actor, {
      action: 'breach.report_downloaded',
      targetType: 'incident',
      targetId: i.id,
      details: { ref: i.ref, format: q.format, lang: q.lang, stage: q.stage, blanks: data.items.filter((x) => x.blank).map((x) => x.no) },
    });
    const stem = q.lang === 'ja' ? `PPC報告書_${q.stage === 'preliminary' ? '速報' : '確報'}_下書き_${i.ref}` : `PPC-report-${q.stage}-draft-${i.ref}`;
    return { fileName: `${stem}.${q.format}`, contentType: REPORT_TYPES[q.format], body };
  }

  // ---- the deadline board -----------------------------------------------------------------------

  /** The deadline board: open clocks of the incidents the caller sees, soonest first (see clockBoard). */
  async board(actor: Actor, q: BoardQuery): Promise<BoardDto> {
    await this.ctx.authz.require(actor, 'incident.read');
    return clockBoard(this.ctx.db, actor, q, this.now());
  }
}
