import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Import jobs (CSV or XLSX): progress and the row-by-row error report. The file itself is not kept. */
export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  kind: text('kind', { enum: ['institutions', 'people', 'assets'] }).notNull(),
  status: text('status', { enum: ['queued', 'validating', 'writing', 'succeeded', 'failed'] }).notNull(),
  fileName: text('file_name').notNull(),
  encoding: text('encoding'),
  /** csv or xlsx */
  format: text('format', { enum: ['csv', 'xlsx'] }).notNull().default('csv'),
  /** The XLSX sheet read. */
  sheet: text('sheet'),
  totalRows: integer('total_rows').notNull().default(0),
  processedRows: integer('processed_rows').notNull().default(0),
  createdCount: integer('created_count').notNull().default(0),
  updatedCount: integer('updated_count').notNull().default(0),
  errors: jsonb('errors').$type<{ row: number; column: string | null; code: string; message: string }[]>().notNull().default([]),
  createdBy: uuid('created_by').notNull().references(() => people.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});
