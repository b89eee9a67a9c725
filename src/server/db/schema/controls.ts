import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The control catalogue in the four families of P32-5 (physical, human, technical, operational). */
export const controls = pgTable('controls', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  /** Our own identifier, e.g. "TEC-03". */
  code: text('code').notNull().unique(),
  createdAt: ts('created_at').notNull().defaultNow(),
});
