import { bigint, bigserial, index, inet, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Server-side sessions. The id is SHA-256 of the cookie token, so a database read never yields a usable token. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    personId: uuid('person_id').notNull().references(() => people.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    endedAt: ts('ended_at'),
    endReason: text('end_reason'),
    /** 'full', or 'mfa' while the second factor is still to be given (only the MFA step is reachable). */
    stage: text('stage').notNull().default('full'),
  },
  (t) => [index('sessions_person_idx').on(t.personId)],
);

/** One-time setup links that create the first information security manager. Only the hash is stored. */
export const setupTokens = pgTable('setup_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
});

/**
 * Every email Mamori sends, written in the same transaction as the change that caused it (so an
 * acknowledged change never loses its email) and delivered afterwards. Without SMTP_URL the rows
 * stay here as the outbox administrators read in the UI.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    toAddress: text('to_address').notNull(),
    personId: uuid('person_id').references(() => people.id),
    language: text('language').notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** queued → sending → sent | failed (back to queued after a failed attempt); held = no SMTP server is configured. */
    status: text('status').notNull().default('queued'),
    /** When a deliverer claimed the message; a claim older than ten minutes (a crashed process) is taken over. */
    claimedAt: ts('claimed_at'),
    attempts: jsonb('attempts').$type<{ at: string; error: string }[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [index('mail_outbox_status_idx').on(t.status, t.id), index('mail_outbox_person_idx').on(t.personId)],
);

/** When each scheduled job last ran, so a restart does not run everything again at once. */
/**
 * One row per scheduled job: its last successful run, its last failure, and the claim of the node
 * running it now. A node runs a job only after claiming it here (one atomic statement), so with
 * several nodes on one database each due run happens once; a claim expires, so a node that died
 * mid-run does not hold the job for ever.
 */
export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  /** Null until the job first succeeds. */
  lastRunAt: ts('last_run_at'),
  lastResult: jsonb('last_result'),
  lastNode: text('last_node'),
  lastFailedAt: ts('last_failed_at'),
  lastError: text('last_error'),
  claimedBy: text('claimed_by'),
  claimedUntil: ts('claimed_until'),
});

/**
 * Request counts for the per-client rate limits (@fastify/rate-limit), kept in the database so the
 * limits hold across every node. One row per route and client key, reset when its window ends.
 */
export const rateLimitHits = pgTable('rate_limit_hits', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  resetsAt: ts('resets_at').notNull(),
});

/**
 * Backups, restores and restore drills (P32-1.2.3): one row per run, whoever started it (the
 * nightly job, `mamori backup`, `mamori restore --drill`).
 */
export const backupRuns = pgTable(
  'backup_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['backup', 'drill', 'restore'] }).notNull(),
    status: text('status', { enum: ['running', 'succeeded', 'failed'] }).notNull(),
    /** The backup's name (its folder). */
    backup: text('backup'),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    durationMs: integer('duration_ms'),
    bytes: bigint('bytes', { mode: 'number' }),
    node: text('node'),
    details: jsonb('details'),
    error: text('error'),
  },
  (t) => [index('backup_runs_kind_started_idx').on(t.kind, t.startedAt)],
);
