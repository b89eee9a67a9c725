import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The information asset register (P32-1.1, 1.4): information, systems, media and places.
 * Risks (risks.ts) and controls (controls.ts) link to assets by id.
 */
export const assets = pgTable('assets', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});
