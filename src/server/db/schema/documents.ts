import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Audience } from '../../../shared/audience.js';
import { people, units } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; default: false }>({
  dataType: () => 'bytea',
  // PGlite hands back a Uint8Array, node-postgres a Buffer: one type for the code.
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array)),
});

/**
 * A document of the policy library (P32-5, P32-6, P32-8): the policy, the guidelines of the four
 * families, procedures and forms. Its content lives in versions; its audience decides who must
 * acknowledge a published version.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** Our reference, e.g. "POL-032", "GL-PHY-01". */
    code: text('code').notNull(),
    /** policy | guideline | procedure | form */
    kind: text('kind').notNull(),
    /** For guidelines: physical | human | technical | operational (P32-5). */
    family: text('family'),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    ownerId: uuid('owner_id').references(() => people.id),
    ownerUnitId: uuid('owner_unit_id').references(() => units.id),
    audience: jsonb('audience').$type<Audience>().notNull(),
    /** Published versions must be acknowledged by the audience. */
    requiresAck: boolean('requires_ack').notNull().default(true),
    /** Days a person has to acknowledge a newly assigned version. */
    ackDueDays: integer('ack_due_days').notNull().default(30),
    /** P32-8: reviewed every N months; the owner is reminded before the next review date. */
    reviewIntervalMonths: integer('review_interval_months').notNull().default(12),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    reviewRemindedFor: date('review_reminded_for', { mode: 'string' }),
    /** The review date whose "review is overdue" reminder went out (the 30-day one is reviewRemindedFor). */
    reviewOverdueRemindedFor: date('review_overdue_reminded_for', { mode: 'string' }),
    retiredAt: ts('retired_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('documents_code_key').on(t.code)],
);

/**
 * One version of a document: draft → review → approved → published → superseded. Content is
 * Markdown (ja, en) or an attached PDF per language (document_files).
 */
export const documentVersions = pgTable(
  'document_versions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    /** "1.0", "2.0"… unique per document. */
    version: text('version').notNull(),
    status: text('status').notNull().default('draft'),
    bodyJa: text('body_ja').notNull().default(''),
    bodyEn: text('body_en').notNull().default(''),
    changeNote: text('change_note').notNull().default(''),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    submittedAt: ts('submitted_at'),
    approvedBy: uuid('approved_by').references(() => people.id),
    approvedAt: ts('approved_at'),
    /** For the policy: the date the steering committee approved it (may predate the product). */
    committeeApprovedOn: date('committee_approved_on', { mode: 'string' }),
    /** In force from (Japan date) … until the next published version's effectiveFrom. */
    effectiveFrom: date('effective_from', { mode: 'string' }),
    publishedAt: ts('published_at'),
    publishedBy: uuid('published_by').references(() => people.id),
    supersededAt: ts('superseded_at'),
    /** Entered as history (e.g. the 2008 approval): never assigned for acknowledgment. */
    historical: boolean('historical').notNull().default(false),
    /** The reviewer's comment when the version was sent back to draft. */
    reviewComment: text('review_comment'),
    rejectedBy: uuid('rejected_by').references(() => people.id),
    rejectedAt: ts('rejected_at'),
  },
  (t) => [uniqueIndex('document_versions_doc_version_key').on(t.documentId, t.version), index('document_versions_status_idx').on(t.status)],
);

/**
 * One person's acknowledgment of one published version: assigned when the version is published
 * (or when the person becomes part of its audience), done when they confirm having read it.
 */
export const documentAcknowledgments = pgTable(
  'document_acknowledgments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id),
    versionId: uuid('version_id')
      .notNull()
      .references(() => documentVersions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    assignedAt: ts('assigned_at').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    acknowledgedAt: ts('acknowledged_at'),
    /** The language version the person read. */
    language: text('language'),
    /** Reminder / escalation stages already emailed. */
    notified: jsonb('notified').$type<string[]>().notNull().default([]),
    /** The person left the audience or a newer version replaced this one before it was acknowledged. */
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [
    uniqueIndex('document_acks_version_person_key').on(t.versionId, t.personId),
    index('document_acks_person_idx').on(t.personId),
    index('document_acks_document_idx').on(t.documentId, t.personId),
    // The reminder job reads only the open rows.
    index('document_acks_open_due_idx').on(t.dueOn).where(sql`acknowledged_at is null and cancelled_at is null`),
  ],
);

/**
 * A version's content as a PDF, one per language, sealed with AES-256-GCM like control evidence
 * (the version id and language are the associated data). 20 MB at most, checked to be a PDF.
 */
export const documentFiles = pgTable(
  'document_files',
  {
    versionId: uuid('version_id')
      .notNull()
      .references(() => documentVersions.id, { onDelete: 'cascade' }),
    language: text('language').notNull(),
    fileName: text('file_name').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    sealed: bytea('sealed').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => people.id),
    uploadedAt: ts('uploaded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.versionId, t.language] })],
);

/**
 * The steering committee's approval recorded as a version's approval of record (P32-6, history):
 * used only when the version's author is the only person who may approve documents, so the
 * one-manager installation is not deadlocked by the four-eyes rule. The minutes are sealed with
 * AES-256-GCM like control evidence (purpose "committee-minutes", the version id is the
 * associated data). A version sent back to draft loses its record.
 */
export const documentCommitteeApprovals = pgTable('document_committee_approvals', {
  versionId: uuid('version_id')
    .primaryKey()
    .references(() => documentVersions.id, { onDelete: 'cascade' }),
  /** The day the steering committee decided (Japan date, not in the future). */
  decidedOn: date('decided_on', { mode: 'string' }).notNull(),
  note: text('note').notNull().default(''),
  recordedBy: uuid('recorded_by')
    .notNull()
    .references(() => people.id),
  recordedAt: ts('recorded_at').notNull(),
  /** The minutes: the uploaded name (cleaned, a label only), type, size, hash and the sealed bytes. */
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  sealed: bytea('sealed').notNull(),
});

/** A training course (P32-6): lessons and a quiz (tables in training.ts). */
export const courses = pgTable(
  'courses',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    code: text('code').notNull(),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    descriptionJa: text('description_ja').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    /** draft | published | retired */
    status: text('status').notNull().default('draft'),
    audience: jsonb('audience').$type<Audience>().notNull(),
    /** Percentage needed to pass (0–100). */
    passMark: integer('pass_mark').notNull().default(80),
    /** Attempts per assignment; null = unlimited. */
    maxAttempts: integer('max_attempts'),
    /** Questions drawn at random from the pool for each attempt. */
    questionsPerAttempt: integer('questions_per_attempt').notNull().default(10),
    /** Days to complete after being assigned (on joining or at the start of a cycle). */
    dueDays: integer('due_days').notNull().default(30),
    /** none | fiscal_year (re-assigned every April 1, Japan) */
    recurrence: text('recurrence').notNull().default('none'),
    /** An account in the audience is not activated (or kept active) without a passed course (P32-6). */
    requiredForAccount: boolean('required_for_account').notNull().default(false),
    ownerId: uuid('owner_id').references(() => people.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('courses_code_key').on(t.code)],
);

/** One person's assignment of one course for one cycle ("once" or a fiscal year like "FY2026"). */
export const courseAssignments = pgTable(
  'course_assignments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    cycle: text('cycle').notNull(),
    assignedAt: ts('assigned_at').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** When the person passed the quiz (completion). */
    completedAt: ts('completed_at'),
    bestScore: integer('best_score'),
    attempts: integer('attempts').notNull().default(0),
    /** Certificate number issued on completion, e.g. "TC-2026-000123". */
    certificateNo: text('certificate_no'),
    notified: jsonb('notified').$type<string[]>().notNull().default([]),
    cancelledAt: ts('cancelled_at'),
  },
  (t) => [
    uniqueIndex('course_assignments_course_person_cycle_key').on(t.courseId, t.personId, t.cycle),
    index('course_assignments_person_idx').on(t.personId),
    index('course_assignments_course_idx').on(t.courseId, t.cycle),
  ],
);

/**
 * Running totals for the coverage report, kept by triggers (migration 0027) on
 * document_acknowledgments, course_assignments and people: for each item (a document version, or a
 * course and cycle) and due date, how many counted assignments there are and how many are done. A
 * counted assignment is not cancelled and belongs to a person whose account is active, exactly as
 * coverage.sql.ts counts them; overdue = assigned − done over the due dates before today. The
 * organization-wide summary reads these few rows instead of every assignment.
 */
export const coverageTallies = pgTable(
  'coverage_tallies',
  {
    /** 'document' (target = version id, cycle '') or 'course' (target = course id). */
    kind: text('kind').notNull(),
    targetId: uuid('target_id').notNull(),
    cycle: text('cycle').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    assigned: integer('assigned').notNull(),
    done: integer('done').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.targetId, t.cycle, t.dueOn] })],
);
