import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const common = {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  active: boolean('active').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
};

export const units = pgTable('units', {
  ...common,
  code: text('code').notNull().unique(),
  kind: text('kind', { enum: ['data_center', 'operations_office', 'study_office', 'other'] }).notNull(),
  nameJa: text('name_ja').notNull(),
  nameEn: text('name_en').notNull(),
});

export const institutions = pgTable(
  'institutions',
  {
    ...common,
    code: text('code').notNull().unique(),
    nameJa: text('name_ja').notNull(),
    nameEn: text('name_en').notNull(),
    prefecture: text('prefecture').notNull(),
  },
  (t) => [index('institutions_name_en_idx').on(t.nameEn)],
);

export const researchGroups = pgTable('research_groups', {
  ...common,
  code: text('code').notNull().unique(),
  nameJa: text('name_ja').notNull(),
  nameEn: text('name_en').notNull(),
});

export const studies = pgTable('studies', {
  ...common,
  code: text('code').notNull().unique(),
  titleJa: text('title_ja').notNull(),
  titleEn: text('title_en').notNull(),
  researchGroupId: uuid('research_group_id').notNull().references(() => researchGroups.id),
  studyOfficeUnitId: uuid('study_office_unit_id').references(() => units.id),
});

export const committees = pgTable('committees', {
  ...common,
  code: text('code').notNull().unique(),
  kind: text('kind', { enum: ['steering', 'other'] }).notNull(),
  nameJa: text('name_ja').notNull(),
  nameEn: text('name_en').notNull(),
});

export const people = pgTable(
  'people',
  {
    ...common,
    familyNameJa: text('family_name_ja').notNull(),
    givenNameJa: text('given_name_ja').notNull().default(''),
    familyNameKana: text('family_name_kana').notNull().default(''),
    givenNameKana: text('given_name_kana').notNull().default(''),
    familyNameEn: text('family_name_en').notNull(),
    givenNameEn: text('given_name_en').notNull().default(''),
    email: text('email').notNull(),
    unitId: uuid('unit_id').references(() => units.id),
    note: text('note'),
    passwordHash: text('password_hash'),
    deactivatedAt: ts('deactivated_at'),
    lastSignInAt: ts('last_sign_in_at'),
    // ---- the personal account (P32-2.1.3): see src/shared/account.ts for the states -----------
    accountStatus: text('account_status').notNull().default('none'),
    /** Why the account is suspended: manual, dormant, expired. */
    suspendedReason: text('suspended_reason'),
    /** Contractors and external members: sign-in refused from this moment. */
    accountExpiresAt: ts('account_expires_at'),
    /** Set after a credential loss or an administrator's reset: the next sign-in must choose a new password. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    passwordChangedAt: ts('password_changed_at'),
    /** When a TOTP authenticator was confirmed; null = not enrolled. */
    mfaEnrolledAt: ts('mfa_enrolled_at'),
    /** The onboarding pledge version this person last signed (history in pledge_signatures). */
    pledgeVersion: text('pledge_version'),
    /** Emails go out in this language. */
    language: text('language').notNull().default('ja'),
  },
  (t) => [
    uniqueIndex('people_email_key').on(t.email),
    // One index per sort key with the id tie-breaker, so a page is read in order instead of sorted.
    index('people_family_name_kana_idx').on(t.familyNameKana, t.id),
    index('people_family_name_en_idx').on(t.familyNameEn, t.id),
    index('people_email_id_idx').on(t.email, t.id),
    index('people_updated_at_idx').on(t.updatedAt, t.id),
  ],
);

export const personInstitutions = pgTable(
  'person_institutions',
  {
    personId: uuid('person_id').notNull().references(() => people.id),
    institutionId: uuid('institution_id').notNull().references(() => institutions.id),
  },
  (t) => [primaryKey({ columns: [t.personId, t.institutionId] }), index('person_institutions_institution_idx').on(t.institutionId)],
);

export const personResearchGroups = pgTable(
  'person_research_groups',
  {
    personId: uuid('person_id').notNull().references(() => people.id),
    researchGroupId: uuid('research_group_id').notNull().references(() => researchGroups.id),
  },
  (t) => [primaryKey({ columns: [t.personId, t.researchGroupId] }), index('person_research_groups_group_idx').on(t.researchGroupId)],
);

export const personCommittees = pgTable(
  'person_committees',
  {
    personId: uuid('person_id').notNull().references(() => people.id),
    committeeId: uuid('committee_id').notNull().references(() => committees.id),
  },
  (t) => [primaryKey({ columns: [t.personId, t.committeeId] })],
);

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    personId: uuid('person_id').notNull().references(() => people.id),
    role: text('role').notNull(),
    institutionId: uuid('institution_id').references(() => institutions.id),
    researchGroupId: uuid('research_group_id').references(() => researchGroups.id),
    unitId: uuid('unit_id').references(() => units.id),
    committeeId: uuid('committee_id').references(() => committees.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('role_assignments_person_idx').on(t.personId), index('role_assignments_role_idx').on(t.role)],
);
