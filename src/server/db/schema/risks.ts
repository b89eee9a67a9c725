import { sql } from 'drizzle-orm';
import { bigserial, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { assets } from './assets.js';
import { controls } from './controls.js';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One named step of the likelihood or impact scale. */
export interface MatrixStepRow {
  value: number;
  nameJa: string;
  nameEn: string;
  descriptionJa?: string;
  descriptionEn?: string;
}
/** One risk level (low, medium…), ordered by rank (1 = lowest). */
export interface MatrixLevelRow {
  key: string;
  nameJa: string;
  nameEn: string;
  color: string;
  rank: number;
}

/**
 * The risk matrix (P32-4), as data: the likelihood and impact scales, the levels, and the level of
 * every cell (`cells[likelihood - 1][impact - 1]`). One row (id 'default'); changing it recomputes
 * the stored level of every risk.
 */
export const riskMatrix = pgTable('risk_matrix', {
  id: text('id').primaryKey(),
  likelihood: jsonb('likelihood').$type<MatrixStepRow[]>().notNull(),
  impact: jsonb('impact').$type<MatrixStepRow[]>().notNull(),
  levels: jsonb('levels').$type<MatrixLevelRow[]>().notNull(),
  cells: jsonb('cells').$type<string[][]>().notNull(),
  /** Bumped on every change (the page warns when someone else changed it meanwhile). */
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  updatedBy: uuid('updated_by').references(() => people.id),
});

/** Catalogue entries pre-filled by the product carry a seed key; retired entries leave the pickers. */
const catalogue = () => ({
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  seedKey: text('seed_key').unique(),
  /** Our own short id, e.g. "T-07", "V-12". */
  code: text('code').notNull().unique(),
  nameJa: text('name_ja').notNull(),
  nameEn: text('name_en').notNull(),
  descriptionJa: text('description_ja'),
  descriptionEn: text('description_en'),
  /** Asset kinds / types / categories this usually applies to; empty = any. */
  assetKinds: jsonb('asset_kinds').$type<string[]>().notNull().default([]),
  assetTypes: jsonb('asset_types').$type<string[]>().notNull().default([]),
  assetCategories: jsonb('asset_categories').$type<string[]>().notNull().default([]),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  retiredAt: ts('retired_at'),
});

/** What can go wrong: misdelivered email, a lost USB memory, ransomware… */
export const threats = pgTable('threats', {
  ...catalogue(),
  /** human_error | malicious | environmental | technical | third_party */
  source: text('source').notNull(),
  /** Which of c, i, a it harms. */
  affects: jsonb('affects').$type<string[]>().notNull().default([]),
  /** The likelihood and impact a proposal starts from. */
  defaultLikelihood: integer('default_likelihood').notNull().default(3),
  defaultImpact: integer('default_impact').notNull().default(3),
});

/** What makes a threat more likely or worse: unencrypted media, no MFA, no backup… */
export const vulnerabilities = pgTable('vulnerabilities', {
  ...catalogue(),
});

/** The vulnerabilities a threat usually exploits (a proposal suggests them). */
export const threatVulnerabilities = pgTable(
  'threat_vulnerabilities',
  {
    threatId: uuid('threat_id')
      .notNull()
      .references(() => threats.id, { onDelete: 'cascade' }),
    vulnerabilityId: uuid('vulnerability_id')
      .notNull()
      .references(() => vulnerabilities.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.threatId, t.vulnerabilityId] })],
);

/**
 * A risk: asset(s) × threat × vulnerability(ies), assessed as likelihood × impact on the matrix
 * (inherent), treated (reduce, accept, avoid, transfer) with controls, and assessed again after
 * treatment (residual). Levels are stored so lists filter and sort on them; a matrix change
 * recomputes them.
 */
export const risks = pgTable(
  'risks',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** Shown as R-000123. */
    number: serial('number').notNull().unique(),
    threatId: uuid('threat_id')
      .notNull()
      .references(() => threats.id),
    /** Optional; the threat's name and the assets' names describe the risk otherwise. */
    title: text('title'),
    description: text('description'),
    ownerPersonId: uuid('owner_person_id').references(() => people.id),
    inherentLikelihood: integer('inherent_likelihood').notNull(),
    inherentImpact: integer('inherent_impact').notNull(),
    inherentLevel: text('inherent_level').notNull(),
    /** reduce | accept | avoid | transfer; null until decided. */
    treatment: text('treatment'),
    treatmentPlan: text('treatment_plan'),
    residualLikelihood: integer('residual_likelihood'),
    residualImpact: integer('residual_impact'),
    residualLevel: text('residual_level'),
    /** The residual level once assessed, else the inherent one: what "current" filters on. */
    currentLevel: text('current_level').notNull(),
    /**
     * Sort keys: the level's rank × 100 + likelihood × impact, so lists sort by level (then score)
     * through an index. Kept with the levels, recomputed when the matrix changes.
     */
    inherentSort: integer('inherent_sort').notNull(),
    residualSort: integer('residual_sort'),
    currentSort: integer('current_sort').notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    nextReviewDate: date('next_review_date', { mode: 'string' }),
    /** open | in_treatment | accepted | needs_review | closed */
    status: text('status').notNull().default('open'),
    acceptedBy: uuid('accepted_by').references(() => people.id),
    acceptedAt: ts('accepted_at'),
    acceptanceRationale: text('acceptance_rationale'),
    acceptanceExpiresOn: date('acceptance_expires_on', { mode: 'string' }),
    /** manual | proposal */
    source: text('source').notNull().default('manual'),
    createdBy: uuid('created_by').references(() => people.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** Characters and pairs of the title and description (asset_search_grams, migration 0010), GIN-indexed for search. */
    searchGrams: text('search_grams')
      .array()
      .generatedAlwaysAs(sql`asset_search_grams(coalesce(title, '') || ' ' || coalesce(description, ''))`),
  },
  (t) => [
    index('risks_inherent_cell_idx').on(t.inherentLikelihood, t.inherentImpact),
    index('risks_residual_cell_idx').on(t.residualLikelihood, t.residualImpact),
    // the heat map counts cells from the index alone
    index('risks_heatmap_idx').on(t.status, t.inherentLikelihood, t.inherentImpact, t.residualLikelihood, t.residualImpact),
    index('risks_current_sort_idx').on(t.currentSort, t.number),
    index('risks_inherent_sort_idx').on(t.inherentSort, t.number),
    index('risks_residual_sort_idx').on(t.residualSort.desc().nullsLast(), t.number.desc().nullsFirst()),
    index('risks_current_level_idx').on(t.currentLevel),
    index('risks_search_grams_idx').using('gin', t.searchGrams),
    index('risks_status_idx').on(t.status, t.acceptanceExpiresOn),
    index('risks_owner_idx').on(t.ownerPersonId),
    index('risks_review_idx').on(t.nextReviewDate),
    index('risks_threat_idx').on(t.threatId),
  ],
);

/** The assets a risk concerns (one or more). */
export const riskAssets = pgTable(
  'risk_assets',
  {
    riskId: uuid('risk_id')
      .notNull()
      .references(() => risks.id, { onDelete: 'cascade' }),
    assetId: uuid('asset_id')
      .notNull()
      .references(() => assets.id),
  },
  (t) => [primaryKey({ columns: [t.riskId, t.assetId] }), index('risk_assets_asset_idx').on(t.assetId, t.riskId)],
);

export const riskVulnerabilities = pgTable(
  'risk_vulnerabilities',
  {
    riskId: uuid('risk_id')
      .notNull()
      .references(() => risks.id, { onDelete: 'cascade' }),
    vulnerabilityId: uuid('vulnerability_id')
      .notNull()
      .references(() => vulnerabilities.id),
  },
  (t) => [primaryKey({ columns: [t.riskId, t.vulnerabilityId] })],
);

/** The controls that treat a risk (the controls module reads this for a control's risks). */
export const riskControls = pgTable(
  'risk_controls',
  {
    riskId: uuid('risk_id')
      .notNull()
      .references(() => risks.id, { onDelete: 'cascade' }),
    controlId: uuid('control_id')
      .notNull()
      .references(() => controls.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    createdBy: uuid('created_by').references(() => people.id),
  },
  (t) => [primaryKey({ columns: [t.riskId, t.controlId] }), index('risk_controls_control_idx').on(t.controlId)],
);

/**
 * Every assessment of a risk, as it was: who, when, why (an assessment, an acceptance, an expiry,
 * a matrix change) and the values and levels at that moment.
 */
export const riskAssessments = pgTable(
  'risk_assessments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    riskId: uuid('risk_id')
      .notNull()
      .references(() => risks.id, { onDelete: 'cascade' }),
    /** created | assessed | accepted | acceptance_expired | matrix_changed */
    kind: text('kind').notNull(),
    assessedBy: uuid('assessed_by').references(() => people.id),
    assessedAt: ts('assessed_at').notNull(),
    inherentLikelihood: integer('inherent_likelihood').notNull(),
    inherentImpact: integer('inherent_impact').notNull(),
    inherentLevel: text('inherent_level').notNull(),
    treatment: text('treatment'),
    residualLikelihood: integer('residual_likelihood'),
    residualImpact: integer('residual_impact'),
    residualLevel: text('residual_level'),
    status: text('status').notNull(),
    note: text('note'),
    /** The order the rows were written in (several may share a moment). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [index('risk_assessments_risk_idx').on(t.riskId, t.seq)],
);
