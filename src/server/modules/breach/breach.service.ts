import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import {
  CLOCK_ORDER,
  type AssessmentAnswers,
  type AssessmentDto,
  type AssessmentVersionDto,
  type BoardDto,
  type BoardQuery,
  type ClockChange,
  type ClockDto,
  type DecisionDto,
  type PpcReportQuery,
  type SaveAssessment,
  type WaiveClock,
} from '../../../shared/breach.js';
import type { ClockKind } from '../../../shared/incidents.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { breachAssessments, incidentClocks, incidentEvents, incidents } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { incidentScope } from '../../authz/scopes/incidents.js';
import { personRefs, type PersonRef } from '../../db/person-refs.js';
import { decideBreach } from './breach.decision.js';
import { clockState, daysLeft, END_OF_DAY_MS, endOfJapanDay } from './breach.deadlines.js';
import { reportDocx } from './breach.report.docx.js';
import { reportData, REPORT_TYPES } from './breach.report.js';
import { reportPdf } from './breach.report.pdf.js';
import { reportXlsx } from './breach.report.xlsx.js';
import { syncClocks } from './breach.clocks.js';
import { CLOCK_LABEL, CLOCK_VERB, RESULT_LABEL } from './breach.words.js';
import { can } from '../../authz/policy.js';

const DAY = 86_400_000;
export type IncidentRow = typeof incidents.$inferSelect;
type ClockRow = typeof incidentClocks.$inferSelect;
type AssessmentRow = typeof breachAssessments.$inferSelect;

/** The incident, if the actor may see it (else 404: its existence is not revealed). */
export async function visibleIncident(conn: Conn, actor: Actor, id: string, lock = false): Promise<IncidentRow> {
  const vis = incidentScope.filter(actor);
  const q = conn
    .select()
    .from(incidents)
    .where(vis ? and(eq(incidents.id, id), vis) : eq(incidents.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('Incident');
  return row;
}

/**
 * What the reporter said, as assessment answers (the starting point of the first assessment).
 * The report form asks whether personal information is involved, how many people, special-care
 * or not, encrypted or not and whether the key is safe; what it never asks (financial damage, a
 * wrongful purpose, the estimate over 1,000) stays unanswered (null), never "no".
 */
export function answersFromIncident(i: IncidentRow): AssessmentAnswers {
  return {
    personalInfo: i.personalInfo === 'yes' || i.personalInfo === 'no' ? i.personalInfo : 'unknown',
    peopleAffected: i.peopleAffected,
    moreThan1000: null,
    specialCare: i.specialCare,
    financialRisk: null,
    wrongfulPurpose: null,
    encrypted: i.encrypted,
    keySafe: i.keySafe,
  };
}

/** The answers of a draft that the reporter actually gave (marked "from the report" until confirmed). */
export function answeredInReport(a: AssessmentAnswers): AssessmentDto['prefilled'] {
  const out: AssessmentDto['prefilled'] = [];
  if (a.personalInfo !== 'unknown') out.push('personalInfo');
  if (a.peopleAffected !== null) out.push('peopleAffected');
  for (const k of ['specialCare', 'encrypted', 'keySafe'] as const) if (a[k] !== null) out.push(k);
  return out;
}

function decisionOf(r: AssessmentRow): DecisionDto {
  return { result: r.result as DecisionDto['result'], triggers: r.triggers, missing: r.missing, exempt: r.exempt, wrongfulPurpose: r.wrongfulPurpose, reasoningJa: r.reasoningJa, reasoningEn: r.reasoningEn };
}

function versionDto(r: AssessmentRow, people: Map<string, PersonRef>): AssessmentVersionDto {
  return { id: r.id, version: r.version, answers: r.answers, note: r.note, report: r.report, decision: decisionOf(r), assessedAt: r.assessedAt.toISOString(), assessedBy: r.assessedBy ? (people.get(r.assessedBy) ?? null) : null };
}

export function clockDto(c: ClockRow, now: Date, people: Map<string, PersonRef>): ClockDto {
  return {
    id: c.id,
    incidentId: c.incidentId,
    kind: c.kind as ClockKind,
    dueAt: c.dueAt.toISOString(),
    overdueAt: c.overdueAt.toISOString(),
    daysLeft: daysLeft(c.dueAt, now),
    state: clockState(c, now),
    doneAt: c.doneAt?.toISOString() ?? null,
    doneBy: c.doneBy ? (people.get(c.doneBy) ?? null) : null,
    note: c.note,
    waived: c.waived,
    waivedAt: c.waived ? (c.waivedAt?.toISOString() ?? null) : null,
    waivedBy: c.waived && c.waivedBy ? (people.get(c.waivedBy) ?? null) : null,
    waiverReason: c.waived ? c.waiverReason : null,
  };
}

const byKindOrder = (a: { kind: string }, b: { kind: string }) => CLOCK_ORDER.indexOf(a.kind as ClockKind) - CLOCK_ORDER.indexOf(b.kind as ClockKind);

/** A condition over incident_clocks: not done and not waived (matches the partial index). */
const OPEN = sql`${incidentClocks.doneAt} is null and not ${incidentClocks.waived}`;

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

  /**
   * Every open clock of the incidents the caller sees, soonest first, with its state; or, with
   * state=done, the clocks done or not needed. The state filter is a range on due_at / overdue_at
   * (see breach.deadlines.ts) so the partial index on open clocks serves it.
   */
  async board(actor: Actor, q: BoardQuery): Promise<BoardDto> {
    await this.ctx.authz.require(actor, 'incident.read');
    const now = this.now();
    const vis = incidentScope.filter(actor);
    const soon = new Date(now.getTime() + END_OF_DAY_MS); // due_at up to here: due (the due day has begun)
    const later = new Date(now.getTime() + DAY + END_OF_DAY_MS); // up to here: due soon
    const stateCond: Record<string, SQL> = {
      overdue: sql`${incidentClocks.overdueAt} < ${now}`,
      due: sql`${incidentClocks.overdueAt} >= ${now} and ${incidentClocks.dueAt} <= ${soon}`,
      due_soon: sql`${incidentClocks.dueAt} > ${soon} and ${incidentClocks.dueAt} <= ${later}`,
      upcoming: sql`${incidentClocks.dueAt} > ${later}`,
    };
    const conds: SQL[] = [];
    if (vis) conds.push(vis);
    if (q.kind) conds.push(eq(incidentClocks.kind, q.kind));
    if (q.state === 'done') conds.push(sql`(${incidentClocks.doneAt} is not null or ${incidentClocks.waived})`);
    else conds.push(OPEN);
    if (q.state !== 'done' && q.state !== 'open') conds.push(stateCond[q.state]!);
    const rows = await this.ctx.db
      .select({ c: incidentClocks, i: { id: incidents.id, ref: incidents.ref, title: incidents.title, status: incidents.status, severity: incidents.severity } })
      .from(incidentClocks)
      .innerJoin(incidents, eq(incidents.id, incidentClocks.incidentId))
      .where(and(...conds))
      .orderBy(q.state === 'done' ? desc(incidentClocks.dueAt) : asc(incidentClocks.dueAt), asc(incidents.ref))
      .limit(q.limit + 1);
    const countConds: SQL[] = [OPEN];
    if (vis) countConds.push(vis);
    if (q.kind) countConds.push(eq(incidentClocks.kind, q.kind));
    const [counts] = await this.ctx.db
      .select({
        overdue: sql<number>`count(*) filter (where ${stateCond.overdue})::int`,
        due: sql<number>`count(*) filter (where ${stateCond.due})::int`,
        due_soon: sql<number>`count(*) filter (where ${stateCond.due_soon})::int`,
        upcoming: sql<number>`count(*) filter (where ${stateCond.upcoming})::int`,
      })
      .from(incidentClocks)
      .innerJoin(incidents, eq(incidents.id, incidentClocks.incidentId))
      .where(and(...countConds));
    const page = rows.slice(0, q.limit);
    const people = await personRefs(this.ctx.db, page.flatMap((r) => [r.c.doneBy, r.c.waivedBy]));
    return {
      items: page.map((r) => ({ ...clockDto(r.c, now, people), incident: r.i })),
      counts: { overdue: Number(counts?.overdue ?? 0), due: Number(counts?.due ?? 0), due_soon: Number(counts?.due_soon ?? 0), upcoming: Number(counts?.upcoming ?? 0) },
      truncated: rows.length > q.limit,
      now: now.toISOString(),
    };
  }
}

/**
 * For the home page: open clocks due within the next 7 Japan calendar days, or already past
 * their due day, of the incidents the actor may see.
 */
export async function countClocksDueSoon(conn: Conn, actor: Actor, now: Date): Promise<number> {
  const vis = incidentScope.filter(actor);
  const horizon = endOfJapanDay(now, 7);
  const [row] = await conn
    .select({ n: sql<number>`count(*)::int` })
    .from(incidentClocks)
    .innerJoin(incidents, eq(incidents.id, incidentClocks.incidentId))
    .where(and(isNull(incidentClocks.doneAt), sql`not ${incidentClocks.waived}`, sql`${incidentClocks.dueAt} <= ${horizon}`, ...(vis ? [vis] : [])));
  return Number(row?.n ?? 0);
}
