import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { credentialLosses } from './accounts.js';
import { institutions, people, units } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * An information security incident (P32-2.1.1, P32-4): reported by anyone signed in, worked
 * through by the manager and the data center. Vocabulary (kinds, statuses, severities) lives in
 * src/shared/incidents.ts.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** Our reference number, e.g. "INC-2026-0042" (per calendar year of the report, Japan time). */
    ref: text('ref').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    /** When it happened (may be unknown) and when someone became aware of it (starts the APPI clocks). */
    occurredAt: ts('occurred_at'),
    awareAt: ts('aware_at').notNull(),
    /** Where: free text, plus the institution / unit when known. */
    location: text('location').notNull().default(''),
    institutionId: uuid('institution_id').references(() => institutions.id),
    unitId: uuid('unit_id').references(() => units.id),
    reportedBy: uuid('reported_by').references(() => people.id),
    reportedAt: ts('reported_at').notNull(),
    status: text('status').notNull().default('reported'),
    severity: text('severity'),
    assigneeId: uuid('assignee_id').references(() => people.id),
    // ---- what the reporter said about personal information (the breach assessment refines it) ----
    /** yes | no | unknown */
    personalInfo: text('personal_info').notNull().default('unknown'),
    peopleAffected: integer('people_affected'),
    specialCare: boolean('special_care'),
    encrypted: boolean('encrypted'),
    keySafe: boolean('key_safe'),
    /** Set when the incident was opened from a lost-credential report (P32-2.1.3b). */
    credentialLossId: uuid('credential_loss_id').references(() => credentialLosses.id),
    dismissedReason: text('dismissed_reason'),
    triagedAt: ts('triaged_at'),
    containedAt: ts('contained_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    /** Optimistic concurrency: bumped on every change. */
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('incidents_ref_key').on(t.ref),
    index('incidents_status_idx').on(t.status, t.reportedAt),
    index('incidents_reported_at_idx').on(t.reportedAt),
    index('incidents_reported_by_idx').on(t.reportedBy),
    index('incidents_assignee_idx').on(t.assigneeId),
    uniqueIndex('incidents_credential_loss_key').on(t.credentialLossId),
    // the dashboard's mean time to close, over incidents closed in the last 12 months
    index('incidents_closed_at_idx').on(t.closedAt).where(sql`closed_at is not null`),
  ],
);

/** People working on an incident besides its assignee (they see it and may add to its timeline). */
export const incidentInvestigators = pgTable(
  'incident_investigators',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.personId] }), index('incident_investigators_person_idx').on(t.personId)],
);

/** What an incident touches: assets, risks, studies, people, laws, institutions (kind + id). */
export const incidentLinks = pgTable(
  'incident_links',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** asset | risk | study | person | law | institution */
    targetKind: text('target_kind').notNull(),
    targetId: uuid('target_id').notNull(),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.targetKind, t.targetId] }), index('incident_links_target_idx').on(t.targetKind, t.targetId)],
);

/** The typed timeline: detection, containment, communication, decision, status and severity changes, notes. */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** src/shared/incidents.ts IncidentEventType */
    type: text('type').notNull(),
    /** When it happened (may be earlier than it was recorded). */
    at: ts('at').notNull(),
    recordedAt: ts('recorded_at').notNull(),
    actorId: uuid('actor_id').references(() => people.id),
    text: text('text').notNull().default(''),
    /** Type-specific details, e.g. { from: 'reported', to: 'triaged' }. */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.at)],
);

/**
 * The breach-reporting clocks of one incident (APPI; the group's own recipients). Created by the
 * breach assessment when the incident is reportable; each clock is due at `dueAt` and overdue
 * after `overdueAt` (the same instant for most clocks). Done when the report / notice was made.
 */
export const incidentClocks = pgTable(
  'incident_clocks',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** src/shared/incidents.ts ClockKind: ppc_preliminary | ppc_final | notify_subjects | ethics_committee | institution_heads | sponsor | steering_committee */
    kind: text('kind').notNull(),
    dueAt: ts('due_at').notNull(),
    overdueAt: ts('overdue_at').notNull(),
    doneAt: ts('done_at'),
    doneBy: uuid('done_by').references(() => people.id),
    /** How it was done / why it is not needed. */
    note: text('note'),
    /** Not needed for this incident; a waived clock never reminds and does not hold the incident open. */
    waived: boolean('waived').notNull().default(false),
    /** Who waived it, when and why (the manager by hand, or the assessment that found the incident not reportable). */
    waivedAt: ts('waived_at'),
    waivedBy: uuid('waived_by').references(() => people.id),
    waiverReason: text('waiver_reason'),
    /** Reminder and escalation stages already emailed, e.g. ['due_soon', 'due', 'overdue']. */
    notified: jsonb('notified').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('incident_clocks_incident_kind_key').on(t.incidentId, t.kind), index('incident_clocks_open_due_idx').on(t.dueAt).where(sql`done_at is null and not waived`)],
);

/**
 * A corrective or preventive action (P32-4) on an incident: owner, due date, status and a check
 * of its effectiveness. An incident closes only when its actions are closed or accepted. An action
 * may point at a risk of the register that it changes.
 */
export const incidentActions = pgTable(
  'incident_actions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** Our reference, e.g. "CA-2026-0007". */
    ref: text('ref').notNull(),
    /** corrective | preventive */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    ownerId: uuid('owner_id').references(() => people.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** open | in_progress | done (awaiting the effectiveness check) | verified (effective) | accepted (closed without doing, with a reason) | cancelled */
    status: text('status').notNull().default('open'),
    /** The effectiveness check: effective | not_effective, by whom, when, note. */
    effectiveness: text('effectiveness'),
    effectivenessNote: text('effectiveness_note'),
    checkedBy: uuid('checked_by').references(() => people.id),
    checkedAt: ts('checked_at'),
    /** The risk this action changes (optional). */
    riskId: uuid('risk_id'),
    closedAt: ts('closed_at'),
    notified: jsonb('notified').$type<string[]>().notNull().default([]),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** What verifying it effective changes in the linked risk: { residualLikelihood, residualImpact, controlId } (src/shared/capa.ts RiskChange). */
    riskChange: jsonb('risk_change').$type<{ residualLikelihood?: number | null; residualImpact?: number | null; controlId?: string | null }>(),
    /** Why it was accepted (closed without doing it) or cancelled. */
    closeReason: text('close_reason'),
  },
  (t) => [
    uniqueIndex('incident_actions_ref_key').on(t.ref),
    index('incident_actions_incident_idx').on(t.incidentId),
    index('incident_actions_open_due_idx').on(t.dueOn).where(sql`status in ('open', 'in_progress', 'done')`),
    index('incident_actions_owner_idx').on(t.ownerId),
  ],
);

const bytea = customType<{ data: Buffer; default: false }>({
  dataType: () => 'bytea',
  // PGlite hands back a Uint8Array, node-postgres a Buffer: one type for the code.
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array)),
});

/** Files attached to an incident (photos, emails, logs): the metadata; the sealed file is in incident_attachment_files. */
export const incidentAttachments = pgTable(
  'incident_attachments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** The uploaded name, cleaned; shown and offered on download, never used as a path. */
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => people.id),
    uploadedAt: ts('uploaded_at').notNull(),
  },
  (t) => [index('incident_attachments_incident_idx').on(t.incidentId)],
);

/** The attachment files, sealed with AES-256-GCM under a key derived from the master key (as control evidence). */
export const incidentAttachmentFiles = pgTable('incident_attachment_files', {
  attachmentId: uuid('attachment_id')
    .primaryKey()
    .references(() => incidentAttachments.id, { onDelete: 'cascade' }),
  sealed: bytea('sealed').notNull(),
});

/**
 * Reference-number counters, one row per series and year (e.g. "INC" 2026): taking the next number
 * updates the row inside the caller's transaction, so concurrent reports wait for each other and a
 * rolled-back report gives its number back — no gaps, no duplicates.
 */
export const referenceCounters = pgTable(
  'reference_counters',
  {
    series: text('series').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);
