import { sql } from 'drizzle-orm';
import { type AnyPgColumn, date, index, integer, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { institutions, people, researchGroups, studies, units } from './org.js';
import { laws } from './laws.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const day = (name: string) => date(name, { mode: 'string' });

/**
 * The information asset register (P32-1.1, 1.4): information, systems, media and places.
 * Risks (risks.ts) and controls (controls.ts) link to assets by id.
 *
 * Text search: see `assetSearch` below.
 */
export const assets = pgTable(
  'assets',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** The human reference: A-000123. */
    refNo: integer('ref_no').notNull().generatedByDefaultAsIdentity(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    kind: text('kind').notNull(),
    type: text('type').notNull(),
    category: text('category').notNull(),
    classification: text('classification').notNull(),
    confidentiality: smallint('confidentiality').notNull(),
    integrity: smallint('integrity').notNull(),
    availability: smallint('availability').notNull(),
    /** max(C, I, A), kept for filtering and sorting. */
    importance: smallint('importance').notNull(),
    ownerUnitId: uuid('owner_unit_id')
      .notNull()
      .references(() => units.id),
    ownerPersonId: uuid('owner_person_id').references(() => people.id),
    custodianPersonId: uuid('custodian_person_id').references(() => people.id),
    location: text('location').notNull(),
    locationInstitutionId: uuid('location_institution_id').references(() => institutions.id),
    locationDetail: text('location_detail'),
    /** Access scope (item 9): researchers and coordinators of this institution / members of this group see the asset. */
    institutionId: uuid('institution_id').references(() => institutions.id),
    researchGroupId: uuid('research_group_id').references(() => researchGroups.id),
    parentId: uuid('parent_id').references((): AnyPgColumn => assets.id),
    retentionUntil: day('retention_until'),
    disposalMethod: text('disposal_method'),
    status: text('status').notNull().default('active'),
    // the disposal record
    disposedOn: day('disposed_on'),
    disposalPerformedBy: text('disposal_performed_by'),
    disposalCertificateNote: text('disposal_certificate_note'),
    disposalRecordedBy: uuid('disposal_recorded_by').references(() => people.id),
    disposalRecordedAt: ts('disposal_recorded_at'),
    // continuity (systems, P32-1.2.3)
    rtoHours: real('rto_hours'),
    rpoHours: real('rpo_hours'),
    backupMethod: text('backup_method'),
    lastRestoreTestOn: day('last_restore_test_on'),
    note: text('note'),
    /** Optimistic concurrency: every change of the asset's fields adds one. */
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('assets_ref_no_key').on(t.refNo),
    index('assets_status_ref_idx').on(t.status, t.refNo),
    index('assets_owner_unit_idx').on(t.ownerUnitId, t.refNo),
    index('assets_institution_idx').on(t.institutionId, t.refNo),
    index('assets_research_group_idx').on(t.researchGroupId),
    index('assets_location_idx').on(t.location, t.refNo),
    index('assets_location_institution_idx').on(t.locationInstitutionId),
    index('assets_category_idx').on(t.category, t.refNo),
    index('assets_importance_idx').on(t.importance, t.refNo),
    index('assets_retention_idx').on(t.retentionUntil),
    index('assets_updated_at_idx').on(t.updatedAt, t.refNo),
    index('assets_name_idx').on(t.name, t.refNo),
    index('assets_parent_idx').on(t.parentId),
    index('assets_owner_person_idx').on(t.ownerPersonId),
    index('assets_custodian_idx').on(t.custodianPersonId),
  ],
);

export const assetLaws = pgTable(
  'asset_laws',
  {
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    lawId: uuid('law_id')
      .notNull()
      .references(() => laws.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.lawId] }), index('asset_laws_law_idx').on(t.lawId)],
);

export const assetStudies = pgTable(
  'asset_studies',
  {
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    studyId: uuid('study_id')
      .notNull()
      .references(() => studies.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.studyId] }), index('asset_studies_study_idx').on(t.studyId)],
);

/** Every change of an asset: who, when, and each field's value before and after. */
export const assetHistory = pgTable(
  'asset_history',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
    at: ts('at').notNull(),
    actorPersonId: uuid('actor_person_id').references(() => people.id),
    /** created, updated, disposed, linked, unlinked */
    action: text('action').notNull(),
    /** The asset's version after the change. */
    version: integer('version').notNull(),
    /** [{ field, before, after }] */
    changes: jsonb('changes').notNull(),
  },
  (t) => [index('asset_history_asset_idx').on(t.assetId, t.at)],
);

/** A person's named filter sets for the asset list. */
export const assetSavedViews = pgTable(
  'asset_saved_views',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    name: text('name').notNull(),
    query: jsonb('query').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('asset_saved_views_person_name_key').on(t.personId, t.name)],
);

/** The register's settings: one row (id = 1); absent means the defaults (C/I/A scale 1–3). */
export const assetSettings = pgTable('asset_settings', {
  id: smallint('id').primaryKey().default(1),
  ciaMax: smallint('cia_max').notNull().default(3),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * Text search of the register: the distinct single characters and character pairs of each asset's
 * lower-cased name, description and note (SQL function `asset_search_grams`, migration 0010), kept
 * by a trigger on `assets` (migration 0017). A GIN index on them narrows a search to the assets
 * holding every pair of the searched words; ILIKE on the asset then checks the match. Unlike
 * pg_trgm it indexes Japanese text on PGlite too, whose C locale leaves pg_trgm without trigrams
 * for non-ASCII characters. Kept beside the assets table, not in it, so its ~80 strings per asset
 * do not widen every row that lists, filters and counts read.
 */
export const assetSearch = pgTable(
  'asset_search',
  {
    assetId: uuid('asset_id')
      .primaryKey()
      .references(() => assets.id, { onDelete: 'cascade' }),
    grams: text('grams').array().notNull(),
  },
  (t) => [index('asset_search_grams_idx').using('gin', t.grams)],
);
