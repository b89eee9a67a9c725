import { eq, sql } from 'drizzle-orm';
import {
  formatActionRef,
  type ActionDto,
  type ActionList,
  type ActionPage,
  type ActionStatus,
  type CheckAction,
  type CreateAction,
  type ListActionsQuery,
  type RiskChange,
  type RootCauseDto,
  type SaveRootCause,
  type UpdateAction,
} from '../../../shared/capa.js';
import type { Action } from '../../../shared/permissions.js';
import type { Actor } from '../../authz/actor.js';
import { can, type Resource } from '../../authz/policy.js';
import { appendAudit } from '../../audit/audit.service.js';
import { tokyoToday } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { capaRefCounters, incidentActions, incidentRootCauseRevisions, incidentRootCauses } from '../../db/schema/index.js';
import { AppError, ForbiddenError, ValidationError } from '../../errors.js';
import { actionsOfIncident, listActions, rootCauseDto, toDtos, visibleAction, visibleIncident, type ActionRow, type ActionWithIncident } from './capa.read.js';
import { applyToRisk, MANAGER_FIELDS, NEXT, OWNER_STATUSES, ownerProblems, recordEvent, riskProblems, stateError, versionConflict } from './capa.write.js';

/**
 * Root-cause analysis and corrective/preventive actions of incidents (P32-4). An incident's
 * analysis and actions are seen by whoever sees the incident (src/server/authz/scopes/incidents.ts); an action also
 * by its owner, who moves it along. The manager and the data center (incident.manage) analyse,
 * create and edit actions and check their effectiveness (never on an action they own); only the
 * manager accepts an action without doing it. Every change writes the incident's timeline and the
 * audit log in the same transaction; a verified action applies its change to the linked risk
 * through the risk service.
 */
export class CapaService {
  constructor(private readonly ctx: AppContext) {}

  private today() {
    return tokyoToday(this.ctx.clock.now());
  }

  // ---- root cause ------------------------------------------------------------------------------

  async rootCause(actor: Actor, incidentId: string): Promise<RootCauseDto> {
    await this.ctx.authz.require(actor, 'incident.read');
    await visibleIncident(this.ctx.db, actor, incidentId);
    return rootCauseDto(this.ctx.db, incidentId);
  }

  async saveRootCause(actor: Actor, incidentId: string, input: SaveRootCause): Promise<RootCauseDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    return this.ctx.db.transaction(async (tx) => {
      const incident = await visibleIncident(tx, actor, incidentId, true);
      const [current] = await tx.select().from(incidentRootCauses).where(eq(incidentRootCauses.incidentId, incidentId)).for('update');
      if ((current?.version ?? 0) !== input.version) throw versionConflict();
      const now = this.ctx.clock.now();
      const version = input.version + 1;
      const values = {
        method: input.method,
        whys: input.whys,
        factors: input.factors,
        statement: input.statement,
        completed: input.completed,
        completedAt: input.completed ? (current?.completed ? current.completedAt : now) : null,
        version,
        updatedBy: actor.personId,
        updatedAt: now,
      };
      if (current) await tx.update(incidentRootCauses).set(values).where(eq(incidentRootCauses.incidentId, incidentId));
      else await tx.insert(incidentRootCauses).values({ incidentId, ...values });
      await tx.insert(incidentRootCauseRevisions).values({
        incidentId,
        version,
        method: input.method,
        whys: input.whys,
        factors: input.factors,
        statement: input.statement,
        completed: input.completed,
        savedBy: actor.personId,
        savedAt: now,
      });
      const completedNow = input.completed && !current?.completed;
      await recordEvent(tx, this.ctx.clock, actor, incidentId, completedNow ? 'decision' : 'note', input.statement || '', {
        rootCause: { version, method: input.method, completed: input.completed, whys: input.whys.length, factors: input.factors.length },
      });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident_root_cause.saved',
        targetType: 'incident',
        targetId: incidentId,
        details: { ref: incident.ref, version, method: input.method, completed: input.completed, whys: input.whys.length, factors: input.factors.map((f) => f.category) },
      });
      return rootCauseDto(tx, incidentId);
    });
  }

  // ---- actions: reading --------------------------------------------------------------------------

  async actionsOf(actor: Actor, incidentId: string): Promise<ActionList> {
    await this.ctx.authz.require(actor, 'incident.read');
    await visibleIncident(this.ctx.db, actor, incidentId);
    return { items: await toDtos(this.ctx.db, actor, await actionsOfIncident(this.ctx.db, incidentId), this.today()) };
  }

  async list(actor: Actor, q: ListActionsQuery): Promise<ActionPage> {
    await this.ctx.authz.require(actor, 'incident.read');
    return listActions(this.ctx.db, actor, q, this.today());
  }

  // ---- actions: changing ------------------------------------------------------------------------

  async create(actor: Actor, incidentId: string, input: CreateAction): Promise<ActionDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const incident = await visibleIncident(tx, actor, incidentId, true);
      const problems = [...(await ownerProblems(tx, input.ownerId)), ...(await riskProblems(tx, actor, input.riskId ?? null, input.riskChange ?? null))];
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      const now = this.ctx.clock.now();
      const year = Number(tokyoToday(now).slice(0, 4));
      const [counter] = await tx
        .insert(capaRefCounters)
        .values({ year, last: 1 })
        .onConflictDoUpdate({ target: capaRefCounters.year, set: { last: sql`${capaRefCounters.last} + 1` } })
        .returning();
      const ref = formatActionRef(year, counter!.last);
      const [a] = await tx
        .insert(incidentActions)
        .values({
          incidentId,
          ref,
          kind: input.kind,
          title: input.title,
          description: input.description ?? '',
          ownerId: input.ownerId,
          dueOn: input.dueOn,
          status: 'open',
          riskId: input.riskId ?? null,
          riskChange: input.riskId ? (input.riskChange ?? null) : null,
          createdBy: actor.personId,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await recordEvent(tx, this.ctx.clock, actor, incidentId, 'action', `${ref} ${input.title}`, { actionId: a!.id, ref, change: 'created', kind: input.kind, ownerId: input.ownerId, dueOn: input.dueOn });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident_action.created',
        targetType: 'incident_action',
        targetId: a!.id,
        details: { ref, incident: incident.ref, kind: input.kind, title: input.title, ownerId: input.ownerId, dueOn: input.dueOn, riskId: a!.riskId, riskChange: a!.riskChange },
      });
      return { a: a!, incidentRef: incident.ref, incidentTitle: incident.title };
    });
    return this.dto(actor, row);
  }

  /**
   * A change: the owner moves their action along (open / in_progress / done, with a note); the
   * desk edits it; accepting needs the manager, accepting and cancelling a reason.
   */
  async update(actor: Actor, id: string, input: UpdateAction): Promise<ActionDto> {
    await this.ctx.authz.require(actor, 'incident.read');
    const editing = MANAGER_FIELDS.filter((f) => input[f] !== undefined);
    const needs = (a: ActionRow): [Action, Resource | undefined] =>
      input.status === 'accepted' && a.status !== 'accepted'
        ? ['incident_action.accept', undefined]
        : editing.length || (input.status === 'cancelled' && a.status !== 'cancelled')
          ? ['incident.manage', undefined]
          : ['incident_action.progress', { personId: a.ownerId ?? undefined }];
    // Checked (and a refusal audited) before the transaction; re-checked on the locked row.
    await this.ctx.authz.require(actor, ...needs((await visibleAction(this.ctx.db, actor, id)).a));
    const row = await this.ctx.db.transaction(async (tx) => {
      const cur = await visibleAction(tx, actor, id, true);
      const a = cur.a;
      const to = input.status && input.status !== a.status ? input.status : null;
      if (!can(actor, ...needs(a))) throw new ForbiddenError(needs(a)[0]);
      if (input.version !== a.version) throw versionConflict();
      const status = a.status as ActionStatus;
      if (!NEXT[status].length) throw stateError('This action is closed.');
      if (to && !NEXT[status].includes(to)) throw stateError(`An action cannot go from ${status} to ${to}.`);
      if (to && !OWNER_STATUSES.includes(to) && !input.reason) throw new ValidationError('Some fields are invalid.', [{ path: 'reason', message: 'give the reason' }]);

      const set: Partial<typeof incidentActions.$inferInsert> = {};
      const changes: { field: string; before: unknown; after: unknown }[] = [];
      const change = <K extends keyof ActionRow>(field: K, after: ActionRow[K]) => {
        if (JSON.stringify(a[field] ?? null) === JSON.stringify(after ?? null)) return;
        (set as Record<string, unknown>)[field] = after;
        changes.push({ field, before: a[field] ?? null, after: after ?? null });
      };
      if (input.kind) change('kind', input.kind);
      if (input.title) change('title', input.title);
      if (input.description !== undefined) change('description', input.description);
      if (input.dueOn) change('dueOn', input.dueOn);
      if (input.ownerId) change('ownerId', input.ownerId);
      if (input.riskId !== undefined) change('riskId', input.riskId);
      const riskId = input.riskId !== undefined ? input.riskId : a.riskId;
      if (input.riskChange !== undefined || input.riskId !== undefined) change('riskChange', riskId ? (input.riskChange !== undefined ? input.riskChange : a.riskChange) : null);
      const problems = [
        ...(set.ownerId ? await ownerProblems(tx, set.ownerId) : []),
        ...('riskId' in set || 'riskChange' in set ? await riskProblems(tx, actor, riskId, (set.riskChange ?? a.riskChange) as RiskChange | null, 'riskId' in set) : []),
      ];
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      // A new due day or owner starts the reminders over.
      if ('dueOn' in set || 'ownerId' in set) set.notified = [];
      const now = this.ctx.clock.now();
      if (to) {
        set.status = to;
        if (to === 'accepted' || to === 'cancelled') Object.assign(set, { closedAt: now, closeReason: input.reason });
      }
      if (!changes.length && !to && !input.note) return cur;
      const [after] = await tx
        .update(incidentActions)
        .set({ ...set, version: a.version + 1, updatedAt: now })
        .where(eq(incidentActions.id, id))
        .returning();
      const text = [a.ref, to ? `${status} → ${to}` : null, input.reason ?? null, input.note ?? null].filter(Boolean).join(' ');
      await recordEvent(tx, this.ctx.clock, actor, a.incidentId, 'action', text, { actionId: id, ref: a.ref, change: to ? 'status' : 'updated', from: to ? status : undefined, to: to ?? undefined, fields: changes.map((c) => c.field), note: input.note ?? null, reason: input.reason ?? null });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: to ? 'incident_action.status_changed' : 'incident_action.updated',
        targetType: 'incident_action',
        targetId: id,
        details: { ref: a.ref, incident: cur.incidentRef, ...(to ? { from: status, to } : {}), changes, reason: input.reason ?? null, note: input.note ?? null },
      });
      return { ...cur, a: after! };
    });
    return this.dto(actor, row);
  }

  /**
   * The effectiveness check of a done action, by the desk and never by its owner: effective →
   * verified (closed), and the linked risk changes as proposed; not effective → back in progress.
   */
  async check(actor: Actor, id: string, input: CheckAction): Promise<ActionDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    const row = await this.ctx.db.transaction(async (tx) => {
      const cur = await visibleAction(tx, actor, id, true);
      const a = cur.a;
      if (a.ownerId && a.ownerId === actor.personId) throw new AppError(403, 'CAPA_OWN_ACTION', 'The effectiveness of an action is checked by someone other than its owner.');
      if (input.version !== a.version) throw versionConflict();
      if (a.status !== 'done') throw stateError('Only a done action is checked for effectiveness.');
      const now = this.ctx.clock.now();
      const to: ActionStatus = input.effective ? 'verified' : 'in_progress';
      const [after] = await tx
        .update(incidentActions)
        .set({
          status: to,
          effectiveness: input.effective ? 'effective' : 'not_effective',
          effectivenessNote: input.note,
          checkedBy: actor.personId,
          checkedAt: now,
          closedAt: input.effective ? now : null,
          version: a.version + 1,
          updatedAt: now,
        })
        .where(eq(incidentActions.id, id))
        .returning();
      const riskApplied = input.effective && a.riskId ? await applyToRisk(this.ctx, tx, actor, after!) : null;
      await recordEvent(tx, this.ctx.clock, actor, a.incidentId, 'action', `${a.ref} ${input.effective ? 'effective' : 'not effective'}: ${input.note}`, {
        actionId: id,
        ref: a.ref,
        change: 'checked',
        effective: input.effective,
        from: 'done',
        to,
        riskId: riskApplied ? a.riskId : null,
        riskChange: riskApplied,
      });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident_action.checked',
        targetType: 'incident_action',
        targetId: id,
        details: { ref: a.ref, incident: cur.incidentRef, effective: input.effective, note: input.note, riskId: riskApplied ? a.riskId : null, riskChange: riskApplied },
      });
      return { ...cur, a: after! };
    });
    return this.dto(actor, row);
  }

  private async dto(actor: Actor, row: ActionWithIncident): Promise<ActionDto> {
    return (await toDtos(this.ctx.db, actor, [row], this.today()))[0]!;
  }
}
