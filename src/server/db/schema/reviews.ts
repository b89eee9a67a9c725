import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { institutions, people, researchGroups, units } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An access-review campaign: who started it, its scope and due date, and where its jobs are. */
export const accessReviewCampaigns = pgTable('access_review_campaigns', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  /** The due date as chosen (YYYY-MM-DD, Japan time) and the instant it ends. */
  dueDate: text('due_date').notNull(),
  dueAt: ts('due_at').notNull(),
  /** Null = every institution; otherwise the chosen institutions. */
  institutionIds: jsonb('institution_ids').$type<string[] | null>(),
  includeStaff: boolean('include_staff').notNull(),
  /** Reviewers with open items are reminded this many days before the due date (once). */
  reminderDays: integer('reminder_days').notNull(),
  status: text('status').notNull().default('open'),
  startedBy: uuid('started_by').references(() => people.id),
  startedAt: ts('started_at').notNull(),
  remindedAt: ts('reminded_at'),
  escalatedAt: ts('escalated_at'),
  closedBy: uuid('closed_by').references(() => people.id),
  closedAt: ts('closed_at'),
});

/**
 * One person's role to be confirmed or removed. Names are copied at generation so the report shows
 * whom the reviewer saw, even after a later name change.
 */
export const accessReviewItems = pgTable(
  'access_review_items',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    campaignId: uuid('campaign_id').notNull().references(() => accessReviewCampaigns.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    personNameJa: text('person_name_ja').notNull(),
    personNameEn: text('person_name_en').notNull(),
    personEmail: text('person_email').notNull(),
    role: text('role').notNull(),
    institutionId: uuid('institution_id').references(() => institutions.id),
    researchGroupId: uuid('research_group_id').references(() => researchGroups.id),
    unitId: uuid('unit_id').references(() => units.id),
    /** site_coordinator: the institution's site coordinators decide; data_center: the data center. */
    reviewer: text('reviewer').notNull(),
    /** The institution has no site coordinator, so the data center reviews its researchers. */
    flagged: boolean('flagged').notNull().default(false),
    /** open → confirmed | removed | not_reviewed (at closing) */
    status: text('status').notNull().default('open'),
    escalated: boolean('escalated').notNull().default(false),
    decidedBy: uuid('decided_by').references(() => people.id),
    decidedAt: ts('decided_at'),
    reason: text('reason'),
  },
  (t) => [index('access_review_items_campaign_idx').on(t.campaignId, t.institutionId, t.status)],
);
