import { and, desc, eq, inArray } from 'drizzle-orm';
import type {
  AddViolationNote,
  CreateViolation,
  DecideViolation,
  ListViolationsQuery,
  RecordAppeal,
  SetViolationInvestigators,
  UpdateViolation,
  ViolationDto,
  ViolationStatus,
  ViolationSummary,
} from '../../../shared/violations.js';
import type { Actor } from '../../authz/actor.js';
import { violationScope } from '../../authz/scopes/violations.js';
import { appendAudit } from '../../audit/audit.service.js';
import { tokyoToday } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { personRefs } from '../../db/person-refs.js';
import { violationCases, violationInvestigators, violationNotes } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { lockPerson, suspendAccount } from '../accounts/public.js';
import { SanctionTypesService } from './sanction-types.js';
import { caseDto, sanctionNames, summary, visibleCase, type CaseRow } from './violations.read.js';
import { addInvestigators, incidentExists, investigatorProblems, MANUAL_MOVES, nextRef, personExists, sendDecisionNotice, type Problem } from './violations.write.js';

export { countOpenViolations, type CaseRow } from './violations.read.js';

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
      const sanctions = await sanctionNames(tx, rows.map((r) => r.sanctionTypeId));
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
      if (!(await personExists(tx, input.subjectId))) problems.push({ path: 'subjectId', message: 'does not exist' });
      if (input.subjectId === actor.personId) problems.push({ path: 'subjectId', message: 'cannot be yourself' });
      problems.push(...(await investigatorProblems(tx, investigators, input.subjectId)));
      if (input.incidentId && !(await incidentExists(tx, input.incidentId))) problems.push({ path: 'incidentId', message: 'does not exist' });
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      const now = this.ctx.clock.now();
      const ref = await nextRef(tx, now);
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
      if (investigators.length) await addInvestigators(tx, this.ctx, actor, row!, investigators);
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
      if (fields.incidentId && !(await incidentExists(tx, fields.incidentId))) throw new ValidationError('Some fields are invalid.', [{ path: 'incidentId', message: 'does not exist' }]);
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
      const problems = await investigatorProblems(tx, wanted, row.subjectId);
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      const current = (await tx.select({ id: violationInvestigators.personId }).from(violationInvestigators).where(eq(violationInvestigators.caseId, id))).map((r) => r.id);
      const removed = current.filter((p) => !wanted.includes(p));
      const added = wanted.filter((p) => !current.includes(p));
      if (!removed.length && !added.length) return this.dto(tx, actor, row);
      if (removed.length) {
        await tx.delete(violationInvestigators).where(and(eq(violationInvestigators.caseId, id), inArray(violationInvestigators.personId, removed)));
        await appendAudit(tx, this.ctx.clock, actor, { action: 'violation.investigators_changed', targetType: 'violation', targetId: id, details: { ref: row.ref, added: [], removed } });
      }
      if (added.length) await addInvestigators(tx, this.ctx, actor, row, added);
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
      await sendDecisionNotice(tx, this.ctx, actor, row, subject, input.decidedOn);
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
    // policy: caller — a lookup for a caller that has checked the policy (this service, the evidence service); visibleCase applies the violation scope
    return visibleCase(conn, actor, id, lock);
  }

  private async dto(conn: Conn, actor: Actor, r: CaseRow): Promise<ViolationDto> {
    return caseDto(conn, this.ctx.authz.can(actor, 'violation.manage'), r);
  }
}
