import { and, eq, inArray } from 'drizzle-orm';
import {
  canTransition,
  INCIDENT_ATTACHMENT_MAX_BYTES,
  type AddIncidentEvent,
  type ClockKind,
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
import {
  assets,
  incidentAttachmentFiles,
  incidentAttachments,
  incidentEvents,
  incidentInvestigators,
  incidentLinks,
  incidents,
  institutions,
  laws,
  people,
  risks,
  studies,
  units,
} from '../../db/schema/index.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import { can } from '../../authz/policy.js';
import { CLOCK_LABEL, clocksBlockingClose, realignClocks } from '../breach/public.js';
import { actionsBlockingClose } from '../capa/public.js';
import { cleanContentType, cleanFileName, EvidenceBox, sha256 } from '../../files/sealed-box.js';
import { assetScope } from '../../authz/scopes/assets.js';
import { riskScope } from '../../authz/scopes/risks.js';
import { openIncident, type IncidentRow } from './incidents.open.js';
import { IncidentReader, membersOf } from './incidents.read.js';
import { incidentScope } from '../../authz/scopes/incidents.js';

type Problem = { path: string; message: string };
/** How far in the future a time may be (clock skew between a phone and the server). */
const SKEW_MS = 5 * 60_000;

export interface AttachmentUpload {
  fileName: string | undefined;
  contentType: string | undefined;
  data: Buffer;
}

/**
 * Incidents (P32-2.1.1, P32-4): anyone reports; the manager and the data center triage and work
 * them through a fixed set of status changes (INCIDENT_TRANSITIONS), with a typed timeline, links,
 * investigators and sealed attachments. Every change writes a timeline entry and an audit entry in
 * its transaction; out of sight (src/server/authz/scopes/incidents.ts) answers 404.
 */
export class IncidentsService {
  private readonly box: EvidenceBox;
  constructor(private readonly ctx: AppContext) {
    this.box = new EvidenceBox(ctx.secrets.masterKey, 'incident-attachment');
  }

  private reader(conn: Conn = this.ctx.db) {
    return new IncidentReader(conn);
  }

  /** The incident if the actor may see it (404 otherwise); locked for update when asked. */
  async visibleRow(conn: Conn, actor: Actor, id: string, lock = false): Promise<IncidentRow> {
    const q = conn
      .select()
      .from(incidents)
      .where(and(eq(incidents.id, id), incidentScope.filter(actor)));
    const [row] = lock ? await q.for('update') : await q;
    if (!row) throw new NotFoundError('Incident');
    return row;
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
      await this.checkPlace(tx, institutionId, unitId);
      const links: { kind: IncidentLinkKind; targetId: string }[] = [];
      const p: Problem[] = [];
      p.push(...(await this.missing(tx, actor, 'study', input.studyIds, 'studyIds')));
      p.push(...(await this.missing(tx, actor, 'asset', input.assetIds, 'assetIds')));
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
      const before = await this.lockCurrent(tx, actor, id, input.version);
      const now = this.ctx.clock.now();
      const set: Partial<typeof incidents.$inferInsert> = {};
      const { version: _v, ...fields } = input;
      for (const [k, v] of Object.entries(fields)) {
        if (v === undefined) continue;
        (set as Record<string, unknown>)[k] = k === 'occurredAt' || k === 'awareAt' ? (v === null ? null : new Date(v as string)) : v;
      }
      const problems = timeProblems(now, { awareAt: (set.awareAt as Date | undefined) ?? before.awareAt, occurredAt: set.occurredAt === undefined ? before.occurredAt : (set.occurredAt as Date | null) });
      if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
      await this.checkPlace(tx, set.institutionId === undefined ? null : set.institutionId, set.unitId === undefined ? null : set.unitId);
      if (set.assigneeId) await this.checkPerson(tx, set.assigneeId, 'assigneeId');
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
      if (sev) await this.event(tx, actor, id, 'severity_changed', now, '', { from: sev.before, to: sev.after });
      const asg = changes.find((c) => c.field === 'assigneeId');
      if (asg) await this.event(tx, actor, id, 'assigned', now, '', { from: asg.before, to: asg.after });
      // A corrected awareness date moves the reporting deadlines that count from it.
      const clocks = set.awareAt && changes.some((c) => c.field === 'awareAt') ? await realignClocks(tx, { id, awareAt: set.awareAt as Date }, now, actor) : [];
      if (clocks.length) {
        const kinds = clocks.map((c) => c.kind as ClockKind);
        const text = `把握日の訂正により期限を変更：${kinds.map((k) => CLOCK_LABEL.ja[k]).join('、')} / Deadlines moved after the awareness date was corrected: ${kinds.map((k) => CLOCK_LABEL.en[k]).join(', ')}`;
        await this.event(tx, actor, id, 'clock', now, text, { clocks });
      }
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident.updated',
        targetType: 'incident',
        targetId: id,
        details: { ref: before.ref, changes: changes.map((c) => (c.field === 'description' ? { field: c.field } : c)), ...(clocks.length ? { clocks } : {}) },
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
      const before = await this.lockCurrent(tx, actor, id, input.version);
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
      if (input.assigneeId) await this.checkPerson(tx, input.assigneeId, 'assigneeId');
      if (to === 'closed') {
        const open = await actionsBlockingClose(tx, id);
        if (open > 0) throw new AppError(409, 'INCIDENT_ACTIONS_OPEN', `${open} corrective or preventive action(s) are still open: close or accept them first.`, { openActions: open });
        // The APPI duties outstanding: each reporting clock must be done, or waived by the manager.
        const pending = await clocksBlockingClose(tx, id);
        if (pending.length) throw new AppError(409, 'BREACH_CLOCKS_PENDING', `${pending.length} breach-reporting clock(s) are neither done nor waived: ${pending.join(', ')}.`, { pendingClocks: pending });
      }
      if (input.severity && input.severity !== before.severity) {
        set.severity = input.severity;
        await this.event(tx, actor, id, 'severity_changed', now, '', { from: before.severity, to: input.severity });
      }
      if (input.assigneeId && input.assigneeId !== before.assigneeId) {
        set.assigneeId = input.assigneeId;
        await this.event(tx, actor, id, 'assigned', now, '', { from: before.assigneeId, to: input.assigneeId });
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
      await this.event(tx, actor, id, 'status_changed', now, input.reason ?? '', { from, to });
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
      const row = await this.visibleRow(tx, actor, id, true);
      await this.stillContributes(tx, actor, row);
      const now = this.ctx.clock.now();
      const at = new Date(input.at);
      if (at.getTime() > now.getTime() + SKEW_MS) throw new ValidationError('Some fields are invalid.', [{ path: 'at', message: 'must not be in the future' }]);
      const eventId = await this.event(tx, actor, id, input.type, at, input.text, {});
      await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'incident.event_added', targetType: 'incident', targetId: id, details: { ref: row.ref, eventId, type: input.type, at: at.toISOString() } });
    });
    return this.detailOf(actor, id);
  }

  async addLink(actor: Actor, id: string, input: AddIncidentLink): Promise<IncidentDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.visibleRow(tx, actor, id, true);
      const missing = await this.missing(tx, actor, input.kind, [input.targetId], 'targetId');
      if (missing.length) throw new AppError(422, 'INCIDENT_LINK_INVALID', `No ${input.kind} with this id that you may see.`, missing);
      const now = this.ctx.clock.now();
      const added = await tx.insert(incidentLinks).values({ incidentId: id, targetKind: input.kind, targetId: input.targetId, addedAt: now }).onConflictDoNothing().returning();
      if (!added.length) return;
      await this.event(tx, actor, id, 'link_added', now, '', { kind: input.kind, targetId: input.targetId });
      await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'incident.linked', targetType: 'incident', targetId: id, details: { ref: row.ref, kind: input.kind, targetId: input.targetId } });
    });
    return this.detailOf(actor, id);
  }

  async removeLink(actor: Actor, id: string, kind: IncidentLinkKind, targetId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.visibleRow(tx, actor, id, true);
      const gone = await tx
        .delete(incidentLinks)
        .where(and(eq(incidentLinks.incidentId, id), eq(incidentLinks.targetKind, kind), eq(incidentLinks.targetId, targetId)))
        .returning();
      if (!gone.length) throw new NotFoundError('Link');
      const now = this.ctx.clock.now();
      await this.event(tx, actor, id, 'link_removed', now, '', { kind, targetId });
      await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'incident.unlinked', targetType: 'incident', targetId: id, details: { ref: row.ref, kind, targetId } });
    });
  }

  async addInvestigator(actor: Actor, id: string, personId: string): Promise<IncidentDto> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.visibleRow(tx, actor, id, true);
      await this.checkPerson(tx, personId, 'personId');
      const now = this.ctx.clock.now();
      const added = await tx.insert(incidentInvestigators).values({ incidentId: id, personId, addedAt: now }).onConflictDoNothing().returning();
      if (!added.length) return;
      await this.event(tx, actor, id, 'note', now, '', { investigatorAdded: personId });
      await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'incident.investigator_added', targetType: 'incident', targetId: id, details: { ref: row.ref, personId } });
    });
    return this.detailOf(actor, id);
  }

  async removeInvestigator(actor: Actor, id: string, personId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.visibleRow(tx, actor, id, true);
      const gone = await tx
        .delete(incidentInvestigators)
        .where(and(eq(incidentInvestigators.incidentId, id), eq(incidentInvestigators.personId, personId)))
        .returning();
      if (!gone.length) throw new NotFoundError('Investigator');
      const now = this.ctx.clock.now();
      await this.event(tx, actor, id, 'note', now, '', { investigatorRemoved: personId });
      await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'incident.investigator_removed', targetType: 'incident', targetId: id, details: { ref: row.ref, personId } });
    });
  }

  // ---- attachments -------------------------------------------------------------------------------

  /**
   * Checks that the actor may add to this incident's timeline and attachments (404 / 403, the
   * refusal audited) — before an upload is read and outside any transaction.
   */
  async mayContribute(actor: Actor, id: string): Promise<void> {
    await this.ctx.authz.require(actor, 'incident.read');
    const row = await this.visibleRow(this.ctx.db, actor, id);
    await this.ctx.authz.require(actor, 'incident.contribute', { memberIds: await membersOf(this.ctx.db, row) });
  }

  /** Adds a file (the caller has checked mayContribute before reading the upload). */
  async addAttachment(actor: Actor, id: string, file: AttachmentUpload): Promise<IncidentDto> {
    await this.ctx.authz.require(actor, 'incident.read');
    if (file.data.length > INCIDENT_ATTACHMENT_MAX_BYTES) throw new AppError(413, 'PAYLOAD_TOO_LARGE', 'Attachments may be at most 10 MB.');
    if (file.data.length === 0) throw new ValidationError('The file is empty.', [{ path: 'file', message: 'is empty' }]);
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.visibleRow(tx, actor, id, true);
      await this.stillContributes(tx, actor, row);
      const now = this.ctx.clock.now();
      const hash = sha256(file.data);
      const [a] = await tx
        .insert(incidentAttachments)
        .values({ incidentId: id, fileName: cleanFileName(file.fileName), contentType: cleanContentType(file.contentType), size: file.data.length, sha256: hash, uploadedBy: actor.personId, uploadedAt: now })
        .returning();
      await tx.insert(incidentAttachmentFiles).values({ attachmentId: a!.id, sealed: this.box.seal(file.data, a!.id) });
      await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident.attachment_added',
        targetType: 'incident',
        targetId: id,
        details: { ref: row.ref, attachmentId: a!.id, fileName: a!.fileName, size: a!.size, sha256: hash },
      });
    });
    return this.detailOf(actor, id);
  }

  /** The file, opened and checked against its hash; every download is audited. */
  async downloadAttachment(actor: Actor, id: string, attachmentId: string): Promise<{ fileName: string; data: Buffer }> {
    await this.ctx.authz.require(actor, 'incident.read');
    return this.ctx.db.transaction(async (tx) => {
      const row = await this.visibleRow(tx, actor, id);
      const [a] = await tx
        .select()
        .from(incidentAttachments)
        .where(and(eq(incidentAttachments.id, attachmentId), eq(incidentAttachments.incidentId, id)));
      const [f] = a ? await tx.select().from(incidentAttachmentFiles).where(eq(incidentAttachmentFiles.attachmentId, attachmentId)) : [];
      if (!a || !f) throw new NotFoundError('Attachment');
      const data = this.box.open(f.sealed, attachmentId);
      if (sha256(data) !== a.sha256) throw new Error(`incident attachment ${attachmentId} does not match its recorded hash`);
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident.attachment_downloaded',
        targetType: 'incident',
        targetId: id,
        details: { ref: row.ref, attachmentId, fileName: a.fileName, size: a.size, sha256: a.sha256 },
      });
      return { fileName: a.fileName, data };
    });
  }

  async removeAttachment(actor: Actor, id: string, attachmentId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'incident.manage');
    await this.ctx.db.transaction(async (tx) => {
      const row = await this.visibleRow(tx, actor, id, true);
      const [a] = await tx
        .delete(incidentAttachments)
        .where(and(eq(incidentAttachments.id, attachmentId), eq(incidentAttachments.incidentId, id)))
        .returning();
      if (!a) throw new NotFoundError('Attachment');
      await tx.update(incidents).set({ updatedAt: this.ctx.clock.now() }).where(eq(incidents.id, id));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'incident.attachment_removed',
        targetType: 'incident',
        targetId: id,
        details: { ref: row.ref, attachmentId, fileName: a.fileName, size: a.size, sha256: a.sha256 },
      });
    });
  }

  // ---- helpers -----------------------------------------------------------------------------------

  /** Inside the transaction: still a contributor (membership may have changed since mayContribute). */
  private async stillContributes(tx: Conn, actor: Actor, row: IncidentRow) {
    if (!can(actor, 'incident.contribute', { memberIds: await membersOf(tx, row) })) throw new ForbiddenError('incident.contribute');
  }

  /** Locks the incident (404 out of sight) and checks the version the change was based on. */
  private async lockCurrent(tx: Conn, actor: Actor, id: string, version: number): Promise<IncidentRow> {
    const row = await this.visibleRow(tx, actor, id, true);
    if (row.version !== version)
      throw new AppError(409, 'INCIDENT_VERSION_CONFLICT', 'Someone else changed this incident meanwhile. Reload it and try again.', { currentVersion: row.version });
    return row;
  }

  private async event(tx: Conn, actor: Actor, incidentId: string, type: string, at: Date, text: string, data: Record<string, unknown>): Promise<number> {
    const [e] = await tx
      .insert(incidentEvents)
      .values({ incidentId, type, at, recordedAt: this.ctx.clock.now(), actorId: actor.personId, text, data })
      .returning({ id: incidentEvents.id });
    return e!.id;
  }

  private async checkPlace(tx: Conn, institutionId: string | null, unitId: string | null) {
    const p: Problem[] = [];
    if (institutionId) {
      const [i] = await tx.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, institutionId));
      if (!i) p.push({ path: 'institutionId', message: 'does not exist' });
    }
    if (unitId) {
      const [u] = await tx.select({ id: units.id }).from(units).where(eq(units.id, unitId));
      if (!u) p.push({ path: 'unitId', message: 'does not exist' });
    }
    if (p.length) throw new ValidationError('Some fields are invalid.', p);
  }

  private async checkPerson(tx: Conn, personId: string, path: string) {
    const [p] = await tx.select({ id: people.id }).from(people).where(and(eq(people.id, personId), eq(people.active, true)));
    if (!p) throw new ValidationError('Some fields are invalid.', [{ path, message: 'no active person with this id' }]);
  }

  /** The ids among `ids` that do not exist, or (assets, risks) that the actor may not see, as problems. */
  private async missing(tx: Conn, actor: Actor, kind: IncidentLinkKind, ids: string[], path: string): Promise<Problem[]> {
    const wanted = [...new Set(ids)];
    if (!wanted.length) return [];
    let found: { id: string }[];
    if (kind === 'asset') found = await tx.select({ id: assets.id }).from(assets).where(and(inArray(assets.id, wanted), assetScope.filter(actor)));
    else if (kind === 'risk') found = await tx.select({ id: risks.id }).from(risks).where(and(inArray(risks.id, wanted), riskScope.filter(actor)));
    else if (kind === 'study') found = await tx.select({ id: studies.id }).from(studies).where(inArray(studies.id, wanted));
    else if (kind === 'law') found = await tx.select({ id: laws.id }).from(laws).where(inArray(laws.id, wanted));
    else if (kind === 'institution') found = await tx.select({ id: institutions.id }).from(institutions).where(inArray(institutions.id, wanted));
    else found = await tx.select({ id: people.id }).from(people).where(inArray(people.id, wanted));
    const ok = new Set(found.map((f) => f.id));
    return ids.flatMap((x, i) => (ok.has(x) ? [] : [{ path: ids.length === 1 && path === 'targetId' ? path : `${path}.${i}`, message: 'not found' }]));
  }
}

/** When it happened and when it was noticed: not in the future, and not noticed before it happened. */
function timeProblems(now: Date, t: { awareAt: Date; occurredAt: Date | null }): Problem[] {
  const p: Problem[] = [];
  const limit = now.getTime() + SKEW_MS;
  if (t.awareAt.getTime() > limit) p.push({ path: 'awareAt', message: 'must not be in the future' });
  if (t.occurredAt && t.occurredAt.getTime() > limit) p.push({ path: 'occurredAt', message: 'must not be in the future' });
  if (t.occurredAt && t.occurredAt.getTime() > t.awareAt.getTime()) p.push({ path: 'occurredAt', message: 'must not be after it was noticed' });
  return p;
}


