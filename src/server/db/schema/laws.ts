import { sql } from 'drizzle-orm';
import { type AnyPgColumn, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Laws and norms the group follows (P32-1.3), linkable from assets, controls and incidents (their
 * modules own the link tables). Entries the product pre-fills carry a `seed_key`, so the seed
 * never adds them twice and never brings back one the manager retired.
 */
export const laws = pgTable(
  'laws',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Stable key of a pre-filled entry (e.g. "appi"); null for entries people added. */
    seedKey: text('seed_key').unique(),
    shortNameJa: text('short_name_ja'),
    shortNameEn: text('short_name_en'),
    /** law | ordinance | guideline | norm | internal_policy */
    kind: text('kind').notNull().default('law'),
    issuerJa: text('issuer_ja'),
    issuerEn: text('issuer_en'),
    /** The official number, e.g. 平成15年法律第57号. */
    referenceNumber: text('reference_number'),
    /** Latest revision: YYYY, YYYY-MM or YYYY-MM-DD (as precisely as it is known); null until someone confirms it. */
    lastRevisedOn: text('last_revised_on'),
    /** When someone last confirmed this entry reflects the latest revision ("always the latest revision", P32-1.3). */
    verifiedOn: date('verified_on', { mode: 'string' }),
    url: text('url'),
    summaryJa: text('summary_ja'),
    summaryEn: text('summary_en'),
    /** in_force | superseded */
    status: text('status').notNull().default('in_force'),
    /** What replaced a superseded entry (e.g. the merged ethical guidelines of 2021). */
    replacedById: uuid('replaced_by_id').references((): AnyPgColumn => laws.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => people.id),
    /** Retired entries stay for the links and the history, but leave the register. */
    retiredAt: ts('retired_at'),
  },
  (t) => [index('laws_kind_idx').on(t.kind, t.status)],
);

/** A law's revision history: when, and what changed (in our words). */
export const lawRevisions = pgTable(
  'law_revisions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    lawId: uuid('law_id')
      .notNull()
      .references(() => laws.id, { onDelete: 'cascade' }),
    /** YYYY, YYYY-MM or YYYY-MM-DD. */
    revisedOn: text('revised_on').notNull(),
    noteJa: text('note_ja'),
    noteEn: text('note_en'),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => people.id),
  },
  (t) => [index('law_revisions_law_idx').on(t.lawId, t.revisedOn)],
);
