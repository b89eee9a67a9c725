import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; default: false }>({
  dataType: () => 'bytea',
  // PGlite hands back a Uint8Array, node-postgres a Buffer: one type for the code.
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array)),
});

/** The sanctions the manager chooses from (P32-7); seeded, renamed, added and retired by the manager, never deleted. */
export const sanctionTypes = pgTable(
  'sanction_types',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** A stable key for seeded entries (`caution`, `account_suspension`…); `custom-…` for added ones. */
    code: text('code').notNull(),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    /** none | suspend_account (src/shared/violations.ts SanctionEffect) */
    effect: text('effect').notNull().default('none'),
    seeded: boolean('seeded').notNull().default(false),
    sortOrder: integer('sort_order').notNull().default(0),
    retiredAt: ts('retired_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sanction_types_code_key').on(t.code)],
);

/**
 * A violation case (P32-7): restricted to the manager and the investigators named on it. The
 * decision (sanction, date, rationale) and the appeal are kept on the case.
 */
export const violationCases = pgTable(
  'violation_cases',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** "VC-2026-0007" */
    ref: text('ref').notNull(),
    subjectId: uuid('subject_id')
      .notNull()
      .references(() => people.id),
    clauseIds: jsonb('clause_ids').$type<string[]>().notNull().default([]),
    facts: text('facts').notNull().default(''),
    severity: text('severity').notNull(),
    intent: text('intent').notNull().default('unknown'),
    repeated: boolean('repeated').notNull().default(false),
    harm: text('harm').notNull().default('none'),
    cooperation: text('cooperation').notNull().default('unknown'),
    circumstancesNote: text('circumstances_note').notNull().default(''),
    incidentId: uuid('incident_id').references(() => incidents.id),
    status: text('status').notNull().default('open'),
    // ---- the decision ----
    sanctionTypeId: uuid('sanction_type_id').references(() => sanctionTypes.id),
    decidedOn: date('decided_on', { mode: 'string' }),
    rationale: text('rationale'),
    decidedBy: uuid('decided_by').references(() => people.id),
    decidedAt: ts('decided_at'),
    noticeSentAt: ts('notice_sent_at'),
    accountSuspended: boolean('account_suspended').notNull().default(false),
    // ---- the appeal ----
    appealReceivedOn: date('appeal_received_on', { mode: 'string' }),
    appealNote: text('appeal_note'),
    appealOutcome: text('appeal_outcome'),
    appealOutcomeNote: text('appeal_outcome_note'),
    appealRecordedAt: ts('appeal_recorded_at'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('violation_cases_ref_key').on(t.ref), index('violation_cases_decided_on_idx').on(t.decidedOn), index('violation_cases_subject_idx').on(t.subjectId)],
);

/** The people the manager named to investigate a case: they see it and add findings and evidence. */
export const violationInvestigators = pgTable(
  'violation_investigators',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => violationCases.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    addedBy: uuid('added_by').references(() => people.id),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.personId] }), index('violation_investigators_person_idx').on(t.personId)],
);

/** Findings added to a case by its investigators and the manager (append-only). */
export const violationNotes = pgTable(
  'violation_notes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => violationCases.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id').references(() => people.id),
    at: ts('at').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('violation_notes_case_idx').on(t.caseId, t.at)],
);

/** Evidence attached to a case; the file itself is sealed in violation_evidence_files. */
export const violationEvidence = pgTable(
  'violation_evidence',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    caseId: uuid('case_id')
      .notNull()
      .references(() => violationCases.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    description: text('description').notNull().default(''),
    uploadedBy: uuid('uploaded_by').references(() => people.id),
    uploadedAt: ts('uploaded_at').notNull(),
  },
  (t) => [index('violation_evidence_case_idx').on(t.caseId)],
);

/** AES-256-GCM sealed evidence (violations/evidence.service.ts); the evidence id is the associated data. */
export const violationEvidenceFiles = pgTable('violation_evidence_files', {
  evidenceId: uuid('evidence_id')
    .primaryKey()
    .references(() => violationEvidence.id, { onDelete: 'cascade' }),
  sealed: bytea('sealed').notNull(),
});

/** Steering committee reports taken out of Mamori (PDF), so a meeting's report can follow on from the previous one. */
export const steeringReports = pgTable(
  'steering_reports',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    meetingOn: date('meeting_on', { mode: 'string' }),
    names: text('names').notNull(),
    lang: text('lang').notNull(),
    sha256: text('sha256').notNull(),
    generatedBy: uuid('generated_by').references(() => people.id),
    generatedAt: ts('generated_at').notNull(),
  },
  (t) => [index('steering_reports_to_idx').on(t.toDate)],
);
