import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { AssessmentAnswers, BreachTrigger, ReportDetails } from '../../../shared/breach.js';
import { incidents } from './incidents.js';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The breach assessment of an incident (APPI Art. 26; Enforcement Rules Art. 7): every save is a
 * new row (version 1, 2, …), so the history of who judged what, when and why is kept. The latest
 * version is the current one. `report` holds the PPC report items the record has nowhere else.
 */
export const breachAssessments = pgTable(
  'breach_assessments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    answers: jsonb('answers').$type<AssessmentAnswers>().notNull(),
    /** reportable | not_reportable | undetermined */
    result: text('result').notNull(),
    triggers: jsonb('triggers').$type<BreachTrigger[]>().notNull().default([]),
    missing: jsonb('missing').$type<string[]>().notNull().default([]),
    exempt: boolean('exempt').notNull().default(false),
    wrongfulPurpose: boolean('wrongful_purpose').notNull().default(false),
    reasoningJa: text('reasoning_ja').notNull(),
    reasoningEn: text('reasoning_en').notNull(),
    note: text('note').notNull().default(''),
    report: jsonb('report').$type<ReportDetails>().notNull(),
    assessedBy: uuid('assessed_by').references(() => people.id),
    assessedAt: ts('assessed_at').notNull(),
  },
  (t) => [uniqueIndex('breach_assessments_incident_version_key').on(t.incidentId, t.version), index('breach_assessments_result_idx').on(t.result)],
);

/**
 * The reporting clocks' settings, one row per clock kind (src/shared/incidents.ts ClockKind); a
 * kind without a row uses the defaults in src/shared/breach.ts. Days count from the awareness date.
 */
export const breachClockSettings = pgTable('breach_clock_settings', {
  kind: text('kind').primaryKey(),
  enabled: boolean('enabled').notNull().default(true),
  dueDays: integer('due_days').notNull(),
  overdueDays: integer('overdue_days').notNull(),
  /** PPC final report only: the due day when a wrongful purpose is suspected. */
  wrongfulDueDays: integer('wrongful_due_days'),
  updatedBy: uuid('updated_by').references(() => people.id),
  updatedAt: ts('updated_at').notNull(),
});
