import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Registration-change requests (P32-2.1.3f). The request record and the audit trail together are
 * the change's history: what was asked, by whom, who decided, and the registration before it.
 */
export const registrationChanges = pgTable(
  'registration_changes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** Whom the change is about. */
    personId: uuid('person_id').notNull().references(() => people.id),
    /** Who submitted it: the person, or a site coordinator / the data center on their behalf. */
    submittedBy: uuid('submitted_by').references(() => people.id),
    kind: text('kind').notNull(),
    /** The requested change (src/shared/registration.ts RegistrationChangePayload). */
    change: jsonb('change').notNull(),
    note: text('note'),
    /** pending → approved | rejected | withdrawn */
    status: text('status').notNull().default('pending'),
    /** The person's registration just before the change was applied (approval) or when submitted. */
    before: jsonb('before'),
    decidedBy: uuid('decided_by').references(() => people.id),
    decidedAt: ts('decided_at'),
    decisionReason: text('decision_reason'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('registration_changes_person_idx').on(t.personId, t.createdAt), index('registration_changes_status_idx').on(t.status, t.createdAt)],
);
