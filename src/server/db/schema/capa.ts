import { bigserial, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.js';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One contributing factor of a root-cause analysis (fishbone category + text). */
export interface RootCauseFactorRow {
  category: string;
  text: string;
}

/**
 * The root-cause analysis of one incident (P32-4): the method (five whys, fishbone, free), the
 * chain of whys, contributing factors by category, the root-cause statement and whether it is
 * complete. One row per incident; every save is also kept in incident_root_cause_revisions.
 */
export const incidentRootCauses = pgTable('incident_root_causes', {
  incidentId: uuid('incident_id')
    .primaryKey()
    .references(() => incidents.id, { onDelete: 'cascade' }),
  /** five_whys | fishbone | free */
  method: text('method').notNull(),
  whys: jsonb('whys').$type<string[]>().notNull().default([]),
  factors: jsonb('factors').$type<RootCauseFactorRow[]>().notNull().default([]),
  statement: text('statement').notNull().default(''),
  completed: boolean('completed').notNull().default(false),
  completedAt: ts('completed_at'),
  /** Optimistic concurrency: bumped on every save. */
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by').references(() => people.id),
  updatedAt: ts('updated_at').notNull(),
});

/** Every save of a root-cause analysis, with who and when (the analysis' history). */
export const incidentRootCauseRevisions = pgTable(
  'incident_root_cause_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    method: text('method').notNull(),
    whys: jsonb('whys').$type<string[]>().notNull(),
    factors: jsonb('factors').$type<RootCauseFactorRow[]>().notNull(),
    statement: text('statement').notNull(),
    completed: boolean('completed').notNull(),
    savedBy: uuid('saved_by').references(() => people.id),
    savedAt: ts('saved_at').notNull(),
  },
  (t) => [index('incident_root_cause_revisions_incident_idx').on(t.incidentId, t.version)],
);

/** The last corrective-action number handed out per calendar year (Japan): CA-2026-0001, CA-2026-0002… */
export const capaRefCounters = pgTable('capa_ref_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});
