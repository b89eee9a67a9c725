import { sql } from 'drizzle-orm';
import { boolean, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { laws } from './laws.js';
import { people, units } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; default: false }>({
  dataType: () => 'bytea',
  // PGlite hands back a Uint8Array, node-postgres a Buffer: one type for the code.
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array)),
});

/**
 * The control catalogue in the four families of P32-5 (physical, human, technical, operational =
 * the ISO/IEC 27002:2022 themes), and its statement of applicability: each control says whether it
 * applies and why, how far it is implemented, and who owns it.
 */
export const controls = pgTable(
  'controls',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** Our own identifier, e.g. "TEC-03". */
    code: text('code').notNull().unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** physical | human | technical | operational */
    family: text('family').notNull().default('operational'),
    titleJa: text('title_ja').notNull().default(''),
    titleEn: text('title_en').notNull().default(''),
    descriptionJa: text('description_ja').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    /** ISO/IEC 27002:2022 control numbers this control answers (references only). */
    isoRefs: jsonb('iso_refs').$type<string[]>().notNull().default([]),
    ownerUnitId: uuid('owner_unit_id').references(() => units.id),
    ownerPersonId: uuid('owner_person_id').references(() => people.id),
    /** A pre-filled control's suggested owner (data_center | operations_office) until one is set. */
    defaultOwnerKind: text('default_owner_kind'),
    /** not_started | planned | partial | implemented | not_applicable */
    status: text('status').notNull().default('not_started'),
    applicable: boolean('applicable').notNull().default(true),
    justificationJa: text('justification_ja').notNull().default(''),
    justificationEn: text('justification_en').notNull().default(''),
    /** Came from the pre-filled catalogue (its code is the seed's key). */
    seeded: boolean('seeded').notNull().default(false),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => people.id),
  },
  (t) => [index('controls_family_idx').on(t.family, t.code), index('controls_owner_unit_idx').on(t.ownerUnitId)],
);

/** Which clauses of Policy No. 32 (src/shared/clauses.ts ids) a control helps meet. */
export const controlClauses = pgTable(
  'control_clauses',
  {
    controlId: uuid('control_id')
      .notNull()
      .references(() => controls.id, { onDelete: 'cascade' }),
    clauseId: text('clause_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.controlId, t.clauseId] }), index('control_clauses_clause_idx').on(t.clauseId)],
);

/** Which laws and norms (P32-1.3) a control helps comply with. */
export const controlLaws = pgTable(
  'control_laws',
  {
    controlId: uuid('control_id')
      .notNull()
      .references(() => controls.id, { onDelete: 'cascade' }),
    lawId: uuid('law_id')
      .notNull()
      .references(() => laws.id),
  },
  (t) => [primaryKey({ columns: [t.controlId, t.lawId] }), index('control_laws_law_idx').on(t.lawId)],
);

/**
 * Evidence that a control works: a file with a description and, when it goes stale (a certificate,
 * a yearly drill report), a valid-until date. Owners are emailed 30 days before it ends and when it
 * has ended, once each. The file itself is in control_evidence_files.
 */
export const controlEvidence = pgTable(
  'control_evidence',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    controlId: uuid('control_id')
      .notNull()
      .references(() => controls.id),
    /** The uploaded name, cleaned; shown and offered on download, never used as a path. */
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    description: text('description').notNull().default(''),
    /** The last day (Japan time) the evidence is good for; null = does not expire. */
    validUntil: date('valid_until', { mode: 'string' }),
    uploadedBy: uuid('uploaded_by').references(() => people.id),
    uploadedAt: ts('uploaded_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    /** When the owners were told it expires soon, and that it has expired (each once per valid-until date). */
    expiringNotifiedAt: ts('expiring_notified_at'),
    expiredNotifiedAt: ts('expired_notified_at'),
  },
  (t) => [index('control_evidence_control_idx').on(t.controlId), index('control_evidence_valid_until_idx').on(t.validUntil)],
);

/**
 * The evidence files, sealed with AES-256-GCM under a key derived from the master key. Kept in
 * the database rather than under DATA_DIR: they are small (10 MB at most), they commit or roll back
 * with their metadata and audit entry, they travel with database backups, and several app nodes
 * sharing one PostgreSQL see the same files.
 */
export const controlEvidenceFiles = pgTable('control_evidence_files', {
  evidenceId: uuid('evidence_id')
    .primaryKey()
    .references(() => controlEvidence.id, { onDelete: 'cascade' }),
  sealed: bytea('sealed').notNull(),
});

/** Versions of the pre-filled catalogue already applied, so a control someone deleted never comes back. */
export const controlCatalogueSeeds = pgTable('control_catalogue_seeds', {
  version: integer('version').primaryKey(),
  seededAt: ts('seeded_at').notNull(),
  controls: integer('controls').notNull(),
});
