import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, inet, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { people, researchGroups } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One group ID per research group (P32-2.1.3d): its login and which password version is current.
 * The passwords themselves live encrypted in group_credential_versions.
 */
export const groupCredentials = pgTable('group_credentials', {
  researchGroupId: uuid('research_group_id')
    .primaryKey()
    .references(() => researchGroups.id),
  /** The login name typed on /group (derived from the group's code, lower case). */
  login: text('login').notNull().unique(),
  currentVersion: integer('current_version').notNull(),
  rotatedAt: ts('rotated_at').notNull(),
  /** Scheduled rotation every N days; null = only on demand or by proposal. */
  rotationIntervalDays: integer('rotation_interval_days'),
  nextRotationAt: ts('next_rotation_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * Every version of every group password, AES-256-GCM under a key derived from the master key. The
 * current one is shown to members; retired ones are kept (who held what) but never shown again.
 */
export const groupCredentialVersions = pgTable(
  'group_credential_versions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    researchGroupId: uuid('research_group_id')
      .notNull()
      .references(() => researchGroups.id),
    version: integer('version').notNull(),
    /** base64url(iv) "." base64url(ciphertext) "." base64url(tag) */
    sealed: text('sealed').notNull(),
    reason: text('reason').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => people.id),
    retiredAt: ts('retired_at'),
  },
  (t) => [uniqueIndex('group_credential_versions_group_version_key').on(t.researchGroupId, t.version)],
);

/** Who was given which version, and how (revealed, re-sent by a site coordinator, told at rotation). */
export const groupCredentialRoster = pgTable(
  'group_credential_roster',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    researchGroupId: uuid('research_group_id')
      .notNull()
      .references(() => researchGroups.id),
    version: integer('version').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    method: text('method').notNull(),
    byPersonId: uuid('by_person_id').references(() => people.id),
    at: ts('at').notNull(),
  },
  (t) => [index('group_credential_roster_group_idx').on(t.researchGroupId, t.id), index('group_credential_roster_person_idx').on(t.personId)],
);

/** Rotations proposed automatically (a member left, a loss was reported); at most one open per group. */
export const groupRotationProposals = pgTable(
  'group_rotation_proposals',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    researchGroupId: uuid('research_group_id')
      .notNull()
      .references(() => researchGroups.id),
    reason: text('reason').notNull(),
    status: text('status').notNull().default('open'),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by').references(() => people.id),
    /** Reasons seen while the proposal was open (a second leaver adds to the open one). */
    occurrences: jsonb('occurrences').$type<{ reason: string; at: string; by: string | null }[]>().notNull().default([]),
    decidedAt: ts('decided_at'),
    decidedBy: uuid('decided_by').references(() => people.id),
    decisionReason: text('decision_reason'),
    resultingVersion: integer('resulting_version'),
  },
  (t) => [
    uniqueIndex('group_rotation_proposals_open_key')
      .on(t.researchGroupId)
      .where(sql`status = 'open'`),
    index('group_rotation_proposals_status_idx').on(t.status, t.createdAt),
  ],
);

/** Read-only sessions opened with a group ID. The id is SHA-256 of the cookie token. */
export const groupSessions = pgTable(
  'group_sessions',
  {
    id: text('id').primaryKey(),
    researchGroupId: uuid('research_group_id')
      .notNull()
      .references(() => researchGroups.id),
    credentialVersion: integer('credential_version').notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
  },
  (t) => [index('group_sessions_group_idx').on(t.researchGroupId, t.credentialVersion)],
);

/** Member-only content of a research group: notices (ja/en text) and documents (a stored file). */
export const groupContentItems = pgTable(
  'group_content_items',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    researchGroupId: uuid('research_group_id')
      .notNull()
      .references(() => researchGroups.id),
    kind: text('kind').notNull(),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    bodyJa: text('body_ja').notNull().default(''),
    bodyEn: text('body_en').notNull().default(''),
    fileName: text('file_name'),
    contentType: text('content_type'),
    size: bigint('size', { mode: 'number' }),
    sha256: text('sha256'),
    /** Path under DATA_DIR/files/ (never a client-supplied name). */
    storageKey: text('storage_key'),
    publishedAt: ts('published_at').notNull(),
    publishedBy: uuid('published_by').references(() => people.id),
    updatedAt: ts('updated_at').notNull(),
    withdrawnAt: ts('withdrawn_at'),
    withdrawnBy: uuid('withdrawn_by').references(() => people.id),
    withdrawReason: text('withdraw_reason'),
  },
  (t) => [index('group_content_items_group_idx').on(t.researchGroupId, t.publishedAt)],
);
