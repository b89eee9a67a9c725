import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Laws and norms the group follows (P32-1.3), linkable from assets, controls and incidents. */
export const laws = pgTable('laws', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  titleJa: text('title_ja').notNull(),
  titleEn: text('title_en').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});
