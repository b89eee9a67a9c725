import { eq } from 'drizzle-orm';
import {
  canTransition,
  type AddIncidentEvent,
  type AddIncidentLink,
  type ChangeIncidentStatus,
  type IncidentDashboardDto,
  type IncidentDto,
  type IncidentLinkKind,
  type IncidentPage,
  type IncidentReceipt,
  type IncidentStatus,
  type ListIncidentsQuery,
  type ReportIncident,
  type UpdateIncident,
} from '../../../shared/incidents.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { incidents } from '../../db/schema/index.js';
import { AppError, ValidationError } from '../../errors.js';
import { collectCloseBlockers, runAwarenessCorrected } from './incident-hooks.js';
import { IncidentAttachments, type AttachmentUpload } from './incidents.attachments.js';
import { addInvestigatorTx, linkTarget, removeInvestigatorTx, unlinkTarget } from './incidents.links.js';
import { checkPerson, checkPlace, lockCurrent, missingTargets, recordEvent, SKEW_MS, stillContributes, timeProblems, visibleIncidentRow, type Problem } from './incidents.checks.js';
import { openIncident, type IncidentRow } from './incidents.open.js';
import { IncidentReader, membersOf } from './incidents.read.js';

export type { AttachmentUpload } from './incidents.attachments.js';

/**
 * Incidents (P32-2.1.1, P32-4): anyone reports; the manager and the data center triage and work
 * them through a fixed set of status changes (INCIDENT_TRANSITIONS), with a typed timeline, links,
 * investigators and sealed attachments. Every change writes a timeline entry and an audit entry in
 * its transaction; out of sight (src/server/authz/scopes/incidents.ts) answers 404.
 */
export class IncidentsService {
  private readonly attachments: IncidentAttachments;
  constructor(private readonly ctx: AppContext) {
    this.attachments = new IncidentAttachments(ctx);
  }

  private reader(conn: Conn = this.ctx.db) {
    return new IncidentReader(conn);
  }

  /** The incident if the actor may see it (404 otherwise); locked for update when asked. */
  async visibleRow(conn: Conn, actor: Actor, id: string, lock = false): Promise<IncidentRow> {
    // policy: caller — a lookup for a caller that has checked the policy; visibleIncidentRow applies the incident scope (404 out of sight)
    return visibleIncidentRow(conn, actor, id, lock);
  }

  // ---- reading -----------------------------------------------------------------------------------

  async list(actor: Actor, q: ListIncidentsQuery): Promise<IncidentPage> {
    await this.ctx.authz.require(actor, 'incident.read');
    return this.reader().page(actor, q);
  }

  /** One incident; reading one that involves personal information is audited (incident.viewed). */
  async get(actor: Actor, id: string): Promise<IncidentDto> {
    await this.ctx.authz.require(actor, 'incident.read');
    const row = await this.visibleRow(this.ctx.db, actor, id);
    const dto = await this.reader().detail(actor, row, await membersOf(this.ctx.db, row));
    if (row.personalInfo === 'yes') {
      await appendAuditAlone(this.ctx.db, this.ctx.clock, actor, { action: 'incident.viewed', targetType: 'incident', targetId: id, details: { ref: row.ref } });
    }
    return dto;
  }

  /** The page after a change: the change's own audit entry records who saw it. */
  private async detailOf(actor: Actor, id: string): Promise<IncidentDto> {
    const row = await this.visibleRow(this.ctx.db, actor, id);
    return this.reader().detail(actor, row, await membersOf(this.ctx.db, row));
  }

  async dashboard(actor: Actor): Promise<IncidentDashboardDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    return this.reader().dashboard(this.ctx.clock.now());
  }

  // ---- reporting ---------------------------------------------------------------------------------

  async report(actor: Actor, input: ReportIncident): Promise<IncidentReceipt> {
    await this.ctx.authz.require(actor, 'incident.report');
    const now = this.ctx.clock.now();
    const awareAt = input.awareAt ? new Date(input.awareAt) : now;
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : null;
    const problems = timeProblems(now, { awareAt, occurredAt });
    if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
    // The reporter's own institution and unit unless they said otherwise.
    const institutionId = input.institutionId === undefined ? (actor.institutionIds.length === 1 ? actor.institutionIds[0]! : null) : input.institutionId;
    const unitId = input.unitId === undefined ? actor.unitId : input.unitId;
    const row = await this.ctx.db.transaction(async (tx) => {
      await checkPlace(tx, institutionId, unitId);
      const links: { kind: IncidentLinkKind; targetId: string }[] = [];
      const p: Problem[] = [];
      p.push(...(await missingTargets(tx, actor, 'study', input.studyIds, 'studyIds')));
      p.push(...(await missingTargets(tx, actor, 'asset', input.assetIds, 'assetIds')));
      if (p.length) throw new ValidationError('Some fields are invalid.', p);
      links.push(...input.studyIds.map((s) => ({ kind: 'study' as const, targetId: s })), ...input.assetIds.map((a) => ({ kind: 'asset' as const, targetId: a })));
      return openIncident(
        tx,
        this.ctx,
        actor,
        {
          kind: input.kind,
          title: input.title,
          description: input.description,
          occurredAt,
          awareAt,
          location: input.location,
          institutionId,
          unitId,
          reportedBy: actor.personId,
          personalInfo: input.personalInfo,
          peopleAffected: input.peopleAffected ?? null,
          specialCare: input.specialCare ?? null,
          encrypted: input.encrypted ?? null,
          keySafe: input.keySafe ?? null,
          links,
        },
        { notify: true },
      );
    });
    this.ctx.mailer.kick();
    return { id: row.id, ref: row.ref, reportedAt: row.reportedAt.toISOString() };
  }

  // ---- working on it -----------------------------------------------------------------------------

  async update(actor: Actor, id: string, input: UpdateIncident): Promise<IncidentDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction(async (tx) => {
      const before = await lockCurrent(tx, actor, id, input.version);
      const now = this.ctx.clock.now();
      const set: Partial<typeof incidents.$inferInsert> = {};
      const { version: _v, ...fields } = input;
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) continue;
        (set as Record<string, unknown>)[k] = k === 'occurredAt' || k === 'awareAt' ? (v === null ? null : new Date(v as string)) : v;
      }
      const problems = timeProblems(now, { awareAt: (set.awareAt as Date | undefined) ?? before.awareAt, occurredAt: set.occurredAt === undefined ? before.occurredAt : (set.occurredAt as Date | null) });
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      await checkPlace(tx, set.institutionId === undefined ? null : set.institutionId, set.unitId === undefined ? null : set.unitId);
      if (set.assigneeId) await checkPerson(tx, set.assigneeId, 'assigneeId');
      const changes: { field: string; before: unknown; after: unknown }[] = [];
      for (const [k, v] of Object.entries(set)) {
        const old = (before as Record<string, unknown>)[k];
        const same = old instanceof Date && v instanceof Date ? old.getTime() === v.getTime() : old === v;
        if (!same) changes.push({ field: k, before: old instanceof Date ? old.toISOString() : (old ?? null), after: v instanceof Date ? v.toISOString() : (v ?? null) });
      }
      if (!changes.length) return;
      await tx
        .update(incidents)
        .set({ ...set, version: before.version + 1, updatedAt: now })
        .where(eq(incidents.id, id));
      const sev = changes.find((c) => c.field === 'severity');
      if (sev) await recordEvent(tx, this.ctx.clock, actor, id, 'severity_changed', now, '', { from: sev.before, to: sev.after });
      const asg = changes.find((c) => c.field === 'assigneeId');
      if (asg) await recordEvent(tx, this.ctx.clock, actor, id, 'assigned', now, '', { from: asg.before, to: asg.after });
      // A corrected awareness date moves the reporting deadlines that count from it (breach reporting's hook).
      const notes = set.awareAt && changes.some((c) => c.field === 'awareAt') ? await runAwarenessCorrected(tx, { id, awareAt: set.awareAt as Date }, now, actor) : [];
      for (const n of notes) await recordEvent(tx, this.ctx.clock, actor, id, n.event.type, now, n.event.text, n.event.data);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident.updated',
        targetType: 'incident',
        targetId: id,
        details: { ref: before.ref, changes: changes.map((c) => (c.field === 'description' ? { field: c.field } : c)), ...Object.assign({}, ...notes.map((n) => n.details)) },
      });
    });
    return this.detailOf(actor, id);
  }

  /**
   * A status change along INCIDENT_TRANSITIONS. Triage needs a severity and an assignee (given
   * here or already set); dismissing needs a reason; closing needs every corrective action closed
   * or accepted and every breach-reporting clock done or waived.
   */
  async changeStatus(actor: Actor, id: string, input: ChangeIncidentStatus): Promise<IncidentDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction(async (tx) => {
      const before = await lockCurrent(tx, actor, id, input.version);
      const from = before.status as IncidentStatus;
      const to = input.to;
      if (!canTransition(from, to)) throw new AppError(409, 'INCIDENT_TRANSITION_REFUSED', `An incident cannot go from ${from} to ${to}.`, { from, to });
      const now = this.ctx.clock.now();
      const set: Partial<typeof incidents.$inferInsert> = { status: to };
      const problems: Problem[] = [];
      if (to === 'dismissed' && !input.reason) problems.push({ path: 'reason', message: 'required to dismiss an incident' });
      if (to === 'triaged') {
        if (!input.severity && !before.severity) problems.push({ path: 'severity', message: 'required to triage' });
        if (!input.assigneeId && !before.assigneeId) problems.push({ path: 'assigneeId', message: 'required to triage' });
      }
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      if (input.assigneeId) await checkPerson(tx, input.assigneeId, 'assigneeId');
      if (to === 'closed') {
        // What the modules that build on incidents report (CAPA: open actions; breach: pending clocks).
        const { openActions: open, pendingClocks: pending } = await collectCloseBlockers(tx, id);
        if (open > 0) throw new AppError(409, 'INCIDENT_ACTIONS_OPEN', `${open} corrective or preventive action(s) are still open: close or accept them first.`, { openActions: open });
        // The APPI duties outstanding: each reporting clock must be done, or waived by the manager.
        if (pending.length) throw new AppError(409, 'BREACH_CLOCKS_PENDING', `${pending.length} breach-reporting clock(s) are neither done nor waived: ${pending.join(', ')}.`, { pendingClocks: pending });
      }
      if (input.severity && input.severity !== before.severity) {
        set.severity = input.severity;
        await recordEvent(tx, this.ctx.clock, actor, id, 'severity_changed', now, '', { from: before.severity, to: input.severity });
      }
      if (input.assigneeId && input.assigneeId !== before.assigneeId) {
        set.assigneeId = input.assigneeId;
        await recordEvent(tx, this.ctx.clock, actor, id, 'assigned', now, '', { from: before.assigneeId, to: input.assigneeId });
      }
      if (to === 'triaged' && !before.triagedAt) set.triagedAt = now;
      if (to === 'contained' && !before.containedAt) set.containedAt = now;
      if (to === 'resolved') set.resolvedAt = now;
      if (to === 'closed') set.closedAt = now;
      if (from === 'closed') set.closedAt = null;
      if (to === 'dismissed') set.dismissedReason = input.reason!;
      if (from === 'dismissed') set.dismissedReason = null;
      await tx
        .update(incidents)
        .set({ ...set, version: before.version + 1, updatedAt: now })
        .where(eq(incidents.id, id));
      await recordEvent(tx, this.ctx.clock, actor, id, 'status_changed', now, input.reason ?? '', { from, to });
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident.status_changed',
        targetType: 'incident',
        targetId: id,
        details: { ref: before.ref, from, to, reason: input.reason ?? null, severity: set.severity ?? null, assigneeId: set.assigneeId ?? null },
      });
    });
    return this.detailOf(actor, id);
  }

  /** A timeline entry by hand (detection, containment, communication, decision, note). */
  async addEvent(actor: Actor, id: string, input: AddIncidentEvent): Promise<IncidentDto> {
    await this.mayContribute(actor, id);
    await this.ctx.db.transaction(async (tx) => {
      const row = await visibleIncidentRow(tx, actor, id, true);
      await stillContributes(tx, actor, row);
      const now = this.ctx.clock.now();
      const at = new Date(input.at);
      if (at.getTime() > now.getTime() + SKEW_MS) throw new ValidationError('Some fields are invalid.', [{ path: 'at', message: 'must not be in the future' }]);
      const eventId = await recordEvent(tx, this.ctx.clock, actor, id, input.type, at, input.text, {});
      await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'incident.event_added', targetType: 'incident', targetId: id, details: { ref: row.ref, eventId, type: input.type, at: at.toISOString() } });
    });
    return this.detailOf(actor, id);
  }

  async addLink(actor: Actor, id: string, input: AddIncidentLink): Promise<IncidentDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction((tx) => linkTarget(tx, this.ctx.clock, actor, id, input));
    return this.detailOf(actor, id);
  }

  async removeLink(actor: Actor, id: string, kind: IncidentLinkKind, targetId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction((tx) => unlinkTarget(tx, this.ctx.clock, actor, id, kind, targetId));
  }

  async addInvestigator(actor: Actor, id: string, personId: string): Promise<IncidentDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction((tx) => addInvestigatorTx(tx, this.ctx.clock, actor, id, personId));
    return this.detailOf(actor, id);
  }

  async removeInvestigator(actor: Actor, id: string, personId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction((tx) => removeInvestigatorTx(tx, this.ctx.clock, actor, id, personId));
  }

  // ---- attachments -------------------------------------------------------------------------------

  /**
   * Checks that the actor may add to this incident's timeline and attachments (404 / 403, the
   * refusal audited) — before an upload is read and outside any transaction.
   */
  async mayContribute(actor: Actor, id: string): Promise<void> {
    await this.ctx.authz.require(actor, 'incident.read');
    const row = await visibleIncidentRow(this.ctx.db, actor, id);
    await this.ctx.authz.require(actor, 'incident.contribute', { memberIds: await membersOf(this.ctx.db, row) });
  }

  /** Adds a file (the caller has checked mayContribute before reading the upload). */
  async addAttachment(actor: Actor, id: string, file: AttachmentUpload): Promise<IncidentDto> {
    await this.ctx.authz.require(actor, 'incident.read');
    await this.attachments.add(actor, id, file);
    return this.detailOf(actor, id);
  }

  /** The file, opened and checked against its hash; every download is audited. */
  async downloadAttachment(actor: Actor, id: string, attachmentId: string): Promise<{ fileName: string; data: Buffer }> {
    await this.ctx.authz.require(actor, 'incident.read');
    return this.attachments.download(actor, id, attachmentId);
  }

  async removeAttachment(actor: Actor, id: string, attachmentId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'incident.manage');
    return this.attachments.remove(actor, id, attachmentId);
  }
}
