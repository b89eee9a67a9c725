import { and, asc, desc, eq, inArray, like, sql } from 'drizzle-orm';
import {
  formatViolationRef,
  type AppealOutcome,
  OPEN_VIOLATION_STATUSES,
  type AddViolationNote,
  type CreateViolation,
  type DecideViolation,
  type ListViolationsQuery,
  type RecordAppeal,
  type SanctionEffect,
  type SetViolationInvestigators,
  type UpdateViolation,
  type ViolationDto,
  type ViolationSummary,
  type ViolationStatus,
} from '../../../shared/violations.js';
import type { Actor } from '../../authz/actor.js';
import { violationScope } from '../../authz/scopes/violations.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { incidents, people, sanctionTypes, violationCases, violationEvidence, violationInvestigators, violationNotes } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { lockPerson, namesOf, suspendAccount } from '../accounts/public.js';
import { tokyoToday } from '../../calendar.js';
import { personRefs, type PersonRef } from '../../db/person-refs.js';
import { SanctionTypesService } from './sanction-types.js';
import { decisionNoticeMail, investigatorNamedMail } from './violations.mail.js';

export type CaseRow = typeof violationCases.$inferSelect;
type Problem = { path: string; message: string };

/** Serialises reference numbers across connections and nodes. */
const REF_LOCK = 727_707;

/** Cases still being worked on, for the manager's home page (0 for anyone who may not manage cases). */
export async function countOpenViolations(ctx: AppContext, actor: Actor): Promise<number> {
  if (!ctx.authz.can(actor, 'violation.manage')) return 0;
  const [r] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(violationCases)
    .where(inArray(violationCases.status, [...OPEN_VIOLATION_STATUSES]));
  return Number(r?.n ?? 0);
}

/** Where a status may go by hand (decisions and appeals move it too, see decide / appeal). */
const MANUAL_MOVES: Record<ViolationStatus, readonly ViolationStatus[]> = {
  open: ['under_investigation', 'closed'],
  under_investigation: ['open', 'closed'],
  decided: ['closed'],
  appealed: ['closed'],
  closed: [],
};

/**
 * Violation cases and sanctions (P32-7). Restricted: the manager sees every case, a named
 * investigator the cases naming them, and everyone else, the subject included, is answered 404.
 * Every read is audited (a list read once, with the cases it returned). Only the manager opens,
 * edits and decides; investigators add findings and evidence.
 */
export class ViolationsService {
  readonly sanctions: SanctionTypesService;
  constructor(private readonly ctx: AppContext) {
    this.sanctions = new SanctionTypesService(ctx);
  }

  private today() {
    return tokyoToday(this.ctx.clock.now());
  }

  // ---- reading -----------------------------------------------------------------------------------

  async list(actor: Actor, q: ListViolationsQuery): Promise<ViolationSummary[]> {
    await this.ctx.authz.require(actor, 'violation.investigate');
    return this.ctx.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(violationCases)
        .where(and(violationScope.filter(actor), q.status ? eq(violationCases.status, q.status) : undefined))
        .orderBy(desc(violationCases.createdAt), desc(violationCases.ref));
      if (rows.length) {
        await appendAudit(tx, this.ctx.clock, actor, { action: 'violation.viewed', targetType: 'violation', targetId: null, details: { list: true, ids: rows.map((r) => r.id), refs: rows.map((r) => r.ref) } });
      }
      const refs = await personRefs(tx, rows.map((r) => r.subjectId));
      const sanctions = await this.sanctionNames(tx, rows.map((r) => r.sanctionTypeId));
      return rows.map((r) => summary(r, refs, sanctions));
    });
  }

  async get(actor: Actor, id: string): Promise<ViolationDto> {
    await this.ctx.authz.require(actor, 'violation.investigate');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.visible(tx, actor, id);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'violation.viewed', targetType: 'violation', targetId: id, details: { ref: row.ref } });
      return this.dto(tx, actor, row);
    });
  }

  // ---- the manager's changes -----------------------------------------------------------------------

  async create(actor: Actor, input: CreateViolation): Promise<ViolationDto> {
    await this.ctx.authz.require(actor, 'violation.manage');
    return this.ctx.db.transaction(async (tx) => {
      const investigators = [...new Set(input.investigatorIds)];
      const problems: Problem[] = [];
      if (!(await this.personExists(tx, input.subjectId))) problems.push({ path: 'subjectId', message: 'does not exist' });
      if (input.subjectId === actor.personId) problems.push({ path: 'subjectId', message: 'cannot be yourself' });
      problems.push(...(await this.investigatorProblems(tx, investigators, input.subjectId)));
      if (input.incidentId && !(await this.incidentExists(tx, input.incidentId))) problems.push({ path: 'incidentId', message: 'does not exist' });
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      const now = this.ctx.clock.now();
      const ref = await this.nextRef(tx, now);
      const [row] = await tx
        .insert(violationCases)
        .values({
          ref,
          subjectId: input.subjectId,
          clauseIds: [...new Set(input.clauseIds)],
          facts: input.facts,
          severity: input.severity,
          intent: input.intent,
          repeated: input.repeated,
          harm: input.harm,
          cooperation: input.cooperation,
          circumstancesNote: input.circumstancesNote,
          incidentId: input.incidentId ?? null,
          status: 'open',
          createdBy: actor.personId,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'violation.created',
        targetType: 'violation',
        targetId: row!.id,
        details: { ref, subjectId: input.subjectId, clauseIds: row!.clauseIds, severity: input.severity, incidentId: row!.incidentId, investigators },
      });
      if (investigators.length) await this.addInvestigators(tx, actor, row!, investigators);
      return this.dto(tx, actor, row!);
    }).finally(() => this.ctx.mailer.kick());
  }

  async update(actor: Actor, id: string, input: UpdateViolation): Promise<ViolationDto> {
    await this.ctx.authz.require(actor, 'violation.manage');
    return this.ctx.db.transaction(async (tx) => {
      const before = await this.visible(tx, actor, id, true);
      if (input.version !== before.version) throw new AppError(409, 'VIOLATION_CONFLICT', 'Someone changed this case meanwhile. Reload it and try again.', { version: before.version });
      const { version: _version, status, ...fields } = input;
      if (before.status === 'closed') throw new AppError(409, 'VIOLATION_STATE', 'A closed case cannot be changed.', { status: before.status });
      if (status && status !== before.status && !MANUAL_MOVES[before.status as ViolationStatus].includes(status)) {
        throw new AppError(409, 'VIOLATION_STATE', `A case cannot go from ${before.status} to ${status} by hand.`, { from: before.status, to: status });
      }
      if (fields.incidentId && !(await this.incidentExists(tx, fields.incidentId))) throw new ValidationError('Some fields are invalid.', [{ path: 'incidentId', message: 'does not exist' }]);
      const set: Partial<typeof violationCases.$inferInsert> = {};
      const changes: { field: string; before: unknown; after: unknown }[] = [];
      const next = { ...fields, ...(fields.clauseIds ? { clauseIds: [...new Set(fields.clauseIds)] } : {}), ...(status ? { status } : {}) };
      for (const [k, v] of Object.entries(next)) {
        if (v === undefined) continue;
        const old = (before as Record<string, unknown>)[k];
        if (JSON.stringify(old ?? null) === JSON.stringify(v)) continue;
        (set as Record<string, unknown>)[k] = v;
        changes.push({ field: k, before: old ?? null, after: v });
      }
      if (!changes.length) return this.dto(tx, actor, before);
      const [after] = await tx
        .update(violationCases)
        .set({ ...set, version: before.version + 1, updatedAt: this.ctx.clock.now() })
        .where(eq(violationCases.id, id))
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, { action: 'violation.updated', targetType: 'violation', targetId: id, details: { ref: before.ref, changes } });
      return this.dto(tx, actor, after!);
    });
  }

  /** Names exactly these investigators (the newly named are told by email). */
  async setInvestigators(actor: Actor, id: string, input: SetViolationInvestigators): Promise<ViolationDto> {
    await this.ctx.authz.require(actor, 'violation.manage');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.visible(tx, actor, id, true);
      const wanted = [...new Set(input.personIds)];
      const problems = await this.investigatorProblems(tx, wanted, row.subjectId);
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      const current = (await tx.select({ id: violationInvestigators.personId }).from(violationInvestigators).where(eq(violationInvestigators.caseId, id))).map((r) => r.id);
      const removed = current.filter((p) => !wanted.includes(p));
      const added = wanted.filter((p) => !current.includes(p));
      if (!removed.length && !added.length) return this.dto(tx, actor, row);
      if (removed.length) {
        await tx.delete(violationInvestigators).where(and(eq(violationInvestigators.caseId, id), inArray(violationInvestigators.personId, removed)));
        await appendAudit(tx, this.ctx.clock, actor, { action: 'violation.investigators_changed', targetType: 'violation', targetId: id, details: { ref: row.ref, added: [], removed } });
      }
      if (added.length) await this.addInvestigators(tx, actor, row, added);
      const [after] = await tx
        .update(violationCases)
        .set({ version: row.version + 1, updatedAt: this.ctx.clock.now() })
        .where(eq(violationCases.id, id))
        .returning();
      return this.dto(tx, actor, after!);
    }).finally(() => this.ctx.mailer.kick());
  }

  /**
   * The manager's decision (P32-7): a sanction from the list, its date and rationale. A sanction
   * that suspends the account suspends it through the accounts module (every session ends); the
   * subject is sent a neutral notice of the decision and of how to appeal.
   */
  async decide(actor: Actor, id: string, input: DecideViolation): Promise<ViolationDto> {
    await this.ctx.authz.require(actor, 'violation.manage');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.visible(tx, actor, id, true);
      if (!['open', 'under_investigation', 'appealed'].includes(row.status)) {
        throw new AppError(409, 'VIOLATION_STATE', row.status === 'decided' ? 'This case is already decided; record an appeal to decide again.' : 'A closed case cannot be decided.', { status: row.status });
      }
      const sanction = await this.sanctions.usable(tx, input.sanctionTypeId);
      if (input.decidedOn > this.today()) throw new ValidationError('Some fields are invalid.', [{ path: 'decidedOn', message: 'must not be in the future' }]);
      const now = this.ctx.clock.now();
      const subject = await lockPerson(tx, row.subjectId);
      if (!subject) throw new NotFoundError('Person');
      let suspended = false;
      if (sanction.effect === 'suspend_account' && subject.accountStatus === 'active') {
        await suspendAccount(tx, this.ctx, actor, subject, 'sanction', `${row.ref}`);
        suspended = true;
      }
      const [after] = await tx
        .update(violationCases)
        .set({
          status: 'decided',
          sanctionTypeId: sanction.id,
          decidedOn: input.decidedOn,
          rationale: input.rationale,
          decidedBy: actor.personId,
          decidedAt: now,
          noticeSentAt: now,
          accountSuspended: suspended,
          version: row.version + 1,
          updatedAt: now,
        })
        .where(eq(violationCases.id, id))
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'violation.decided',
        targetType: 'violation',
        targetId: id,
        details: { ref: row.ref, subjectId: row.subjectId, sanction: sanction.code, decidedOn: input.decidedOn, rationale: input.rationale, accountSuspended: suspended, previous: row.sanctionTypeId ? { sanctionTypeId: row.sanctionTypeId, decidedOn: row.decidedOn } : null },
      });
      const manager = actor.personId ? (await tx.select().from(people).where(eq(people.id, actor.personId)))[0] : undefined;
      const mNames = manager ? namesOf(manager) : { ja: '情報セキュリティ管理責任者', en: 'the information security manager' };
      const outboxId = await this.ctx.mailer.enqueue(tx, {
        to: subject.email,
        personId: subject.id,
        language: subject.language === 'en' ? 'en' : 'ja',
        template: decisionNoticeMail,
        params: { name: namesOf(subject), ref: row.ref, decidedOn: input.decidedOn, managerJa: mNames.ja, managerEn: mNames.en, managerEmail: manager?.email ?? '' },
      });
      await appendAudit(tx, this.ctx.clock, actor, { action: 'violation.notice_sent', targetType: 'violation', targetId: id, details: { ref: row.ref, to: subject.id, outboxId, template: decisionNoticeMail.name } });
      return this.dto(tx, actor, after!);
    }).finally(() => this.ctx.mailer.kick());
  }

  /** The subject's appeal as the manager received it, and its outcome once decided. */
  async appeal(actor: Actor, id: string, input: RecordAppeal): Promise<ViolationDto> {
    await this.ctx.authz.require(actor, 'violation.manage');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.visible(tx, actor, id, true);
      if (row.status !== 'decided' && row.status !== 'appealed') throw new AppError(409, 'VIOLATION_STATE', 'Only a decided case can be appealed.', { status: row.status });
      if (input.receivedOn > this.today()) throw new ValidationError('Some fields are invalid.', [{ path: 'receivedOn', message: 'must not be in the future' }]);
      // Upheld: the decision stands. Modified: the manager decides again. Withdrawn: the case closes.
      const status: ViolationStatus = input.outcome === null || input.outcome === 'modified' ? 'appealed' : input.outcome === 'upheld' ? 'decided' : 'closed';
      const now = this.ctx.clock.now();
      const [after] = await tx
        .update(violationCases)
        .set({ status, appealReceivedOn: input.receivedOn, appealNote: input.note, appealOutcome: input.outcome, appealOutcomeNote: input.outcomeNote, appealRecordedAt: now, version: row.version + 1, updatedAt: now })
        .where(eq(violationCases.id, id))
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, { action: 'violation.appeal_recorded', targetType: 'violation', targetId: id, details: { ref: row.ref, receivedOn: input.receivedOn, outcome: input.outcome, status } });
      return this.dto(tx, actor, after!);
    });
  }

  // ---- investigators' additions ----------------------------------------------------------------------

  async addNote(actor: Actor, id: string, input: AddViolationNote): Promise<ViolationDto> {
    await this.ctx.authz.require(actor, 'violation.investigate');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.visible(tx, actor, id, true);
      if (row.status === 'closed') throw new AppError(409, 'VIOLATION_STATE', 'A closed case cannot be changed.', { status: row.status });
      const now = this.ctx.clock.now();
      const [note] = await tx.insert(violationNotes).values({ caseId: id, authorId: actor.personId, at: now, text: input.text }).returning({ id: violationNotes.id });
      await appendAudit(tx, this.ctx.clock, actor, { action: 'violation.note_added', targetType: 'violation', targetId: id, details: { ref: row.ref, noteId: note!.id, length: input.text.length } });
      const [after] = await tx.update(violationCases).set({ updatedAt: now }).where(eq(violationCases.id, id)).returning();
      return this.dto(tx, actor, after!);
    });
  }

  // ---- internals ------------------------------------------------------------------------------

  /** The case if the actor may see it; 404 otherwise (ids cannot be probed). */
  async visible(conn: Conn, actor: Actor, id: string, lock = false): Promise<CaseRow> {
    const q = conn.select().from(violationCases).where(and(eq(violationCases.id, id), violationScope.filter(actor)));
    const [row] = lock ? await q.for('update', { of: violationCases }) : await q;
    if (!row) throw new NotFoundError('Violation case');
    return row;
  }

  private async addInvestigators(tx: Conn, actor: Actor, row: CaseRow, ids: string[]): Promise<void> {
    const now = this.ctx.clock.now();
    await tx.insert(violationInvestigators).values(ids.map((p) => ({ caseId: row.id, personId: p, addedBy: actor.personId, addedAt: now })));
    await appendAudit(tx, this.ctx.clock, actor, { action: 'violation.investigators_changed', targetType: 'violation', targetId: row.id, details: { ref: row.ref, added: ids, removed: [] } });
    const named = await tx.select().from(people).where(inArray(people.id, ids));
    for (const p of named) {
      await this.ctx.mailer.enqueue(tx, {
        to: p.email,
        personId: p.id,
        language: p.language === 'en' ? 'en' : 'ja',
        template: investigatorNamedMail,
        params: { name: namesOf(p), ref: row.ref, link: `${this.ctx.config.publicUrl}/violations/${row.id}` },
      });
    }
  }

  /** Investigators must be active people other than the subject. */
  private async investigatorProblems(conn: Conn, ids: string[], subjectId: string): Promise<Problem[]> {
    if (!ids.length) return [];
    const found = new Set((await conn.select({ id: people.id }).from(people).where(and(inArray(people.id, ids), eq(people.active, true)))).map((r) => r.id));
    return ids.flatMap((id, i) => (id === subjectId ? [{ path: `investigatorIds.${i}`, message: 'cannot be the subject' }] : found.has(id) ? [] : [{ path: `investigatorIds.${i}`, message: 'does not exist' }]));
  }

  private async personExists(conn: Conn, id: string): Promise<boolean> {
    return (await conn.select({ id: people.id }).from(people).where(eq(people.id, id))).length > 0;
  }

  private async incidentExists(conn: Conn, id: string): Promise<boolean> {
    return (await conn.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, id))).length > 0;
  }

  /** The next `VC-YYYY-NNNN` of the calendar year (Japan time). */
  private async nextRef(tx: Conn, now: Date): Promise<string> {
    await tx.execute(sql`select pg_advisory_xact_lock(${REF_LOCK})`);
    const year = Number(tokyoToday(now).slice(0, 4));
    const prefix = `VC-${year}-`;
    const [r] = await queryRows<{ n: number | string | null }>(tx, sql`select max(substring(${violationCases.ref} from ${prefix.length + 1}::int)::int) as n from ${violationCases} where ${like(violationCases.ref, `${prefix}%`)}`);
    return formatViolationRef(year, Number(r?.n ?? 0) + 1);
  }

  private async sanctionNames(conn: Conn, ids: (string | null)[]) {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    if (!wanted.length) return new Map<string, typeof sanctionTypes.$inferSelect>();
    return new Map((await conn.select().from(sanctionTypes).where(inArray(sanctionTypes.id, wanted))).map((s) => [s.id, s]));
  }

  private async dto(conn: Conn, actor: Actor, r: CaseRow): Promise<ViolationDto> {
    const [inv, notes, evidence, sanctions, incident] = await Promise.all([
      conn.select({ id: violationInvestigators.personId }).from(violationInvestigators).where(eq(violationInvestigators.caseId, r.id)).orderBy(asc(violationInvestigators.addedAt)),
      conn.select().from(violationNotes).where(eq(violationNotes.caseId, r.id)).orderBy(asc(violationNotes.at), asc(violationNotes.id)),
      conn.select().from(violationEvidence).where(eq(violationEvidence.caseId, r.id)).orderBy(asc(violationEvidence.uploadedAt)),
      this.sanctionNames(conn, [r.sanctionTypeId]),
      r.incidentId ? conn.select({ id: incidents.id, ref: incidents.ref, title: incidents.title }).from(incidents).where(eq(incidents.id, r.incidentId)) : Promise.resolve([]),
    ]);
    const refs = await personRefs(conn, [r.subjectId, r.decidedBy, ...inv.map((i) => i.id), ...notes.map((n) => n.authorId), ...evidence.map((e) => e.uploadedBy)]);
    const ref = (id: string | null) => (id ? (refs.get(id) ?? null) : null);
    const s = r.sanctionTypeId ? sanctions.get(r.sanctionTypeId) : undefined;
    return {
      ...summary(r, refs, sanctions),
      facts: r.facts,
      intent: r.intent as ViolationDto['intent'],
      repeated: r.repeated,
      harm: r.harm as ViolationDto['harm'],
      cooperation: r.cooperation as ViolationDto['cooperation'],
      circumstancesNote: r.circumstancesNote,
      incident: incident[0] ?? null,
      investigators: inv.map((i) => refs.get(i.id)).filter((x): x is PersonRef => !!x),
      notes: notes.map((n) => ({ id: n.id, at: n.at.toISOString(), author: ref(n.authorId), text: n.text })),
      evidence: evidence.map((e) => ({ id: e.id, fileName: e.fileName, contentType: e.contentType, size: e.size, sha256: e.sha256, description: e.description, uploadedBy: ref(e.uploadedBy), uploadedAt: e.uploadedAt.toISOString() })),
      decision:
        s && r.decidedOn && r.decidedAt
          ? {
              sanction: { id: s.id, nameJa: s.nameJa, nameEn: s.nameEn, effect: s.effect as SanctionEffect },
              decidedOn: r.decidedOn,
              rationale: r.rationale ?? '',
              decidedBy: ref(r.decidedBy),
              decidedAt: r.decidedAt.toISOString(),
              noticeSentAt: r.noticeSentAt?.toISOString() ?? null,
              accountSuspended: r.accountSuspended,
            }
          : null,
      appeal:
        r.appealReceivedOn && r.appealRecordedAt
          ? { receivedOn: r.appealReceivedOn, note: r.appealNote ?? '', outcome: r.appealOutcome as AppealOutcome | null, outcomeNote: r.appealOutcomeNote ?? '', recordedAt: r.appealRecordedAt.toISOString() }
          : null,
      version: r.version,
      canManage: this.ctx.authz.can(actor, 'violation.manage'),
    };
  }
}

function summary(r: CaseRow, refs: Map<string, PersonRef>, sanctions: Map<string, typeof sanctionTypes.$inferSelect>): ViolationSummary {
  const s = r.sanctionTypeId ? sanctions.get(r.sanctionTypeId) : undefined;
  return {
    id: r.id,
    ref: r.ref,
    subject: refs.get(r.subjectId) ?? { id: r.subjectId, nameJa: '', nameEn: '' },
    clauseIds: r.clauseIds,
    severity: r.severity as ViolationSummary['severity'],
    status: r.status as ViolationStatus,
    sanction: s ? { id: s.id, nameJa: s.nameJa, nameEn: s.nameEn } : null,
    decidedOn: r.decidedOn,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
