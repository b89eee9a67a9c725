import { sql } from 'drizzle-orm';
import { boolean, index, inet, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One-time links sent by email: an invitation, a password reset, the confirmation of a lost-credential
 * report. Only the SHA-256 of the token is stored; a link works once, until it expires, and issuing
 * a new link of the same purpose revokes the older ones.
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    personId: uuid('person_id').notNull().references(() => people.id),
    /** invitation | password_reset | lost_confirm */
    purpose: text('purpose').notNull(),
    /** For lost_confirm: what was reported lost, and the reporter's IP and user agent. */
    payload: jsonb('payload').$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('account_tokens_person_idx').on(t.personId, t.purpose)],
);

/** Account facts that are not on `people`: when the account last became active (the dormancy clock starts there). */
export const accountStates = pgTable('account_states', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id),
  /** Activation or the latest reactivation; dormancy counts from this or the last sign-in, whichever is later. */
  activeSince: ts('active_since').notNull(),
});

/** Warnings already sent (dormancy, expiry), so each goes out once for a given deadline. */
export const accountNotices = pgTable(
  'account_notices',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    kind: text('kind').notNull(),
    /** The deadline and the days-before the warning is for, e.g. `2026-10-01T00:00:00.000Z/14`. */
    key: text('key').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.kind, t.key] })],
);

/** Each signature of the onboarding pledge: who, which version, in which language, and the hash of the exact text shown. */
export const pledgeSignatures = pgTable(
  'pledge_signatures',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    version: text('version').notNull(),
    language: text('language').notNull(),
    textSha256: text('text_sha256').notNull(),
    signedAt: ts('signed_at').notNull(),
    ip: inet('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('pledge_signatures_person_idx').on(t.personId, t.signedAt)],
);

/** A lost-credential report (P32-2.1.3b) the data center works through and closes. */
export const credentialLosses = pgTable(
  'credential_losses',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    lost: jsonb('lost').$type<string[]>().notNull(),
    /** sign_in_page (confirmed by email) | signed_in */
    reportedVia: text('reported_via').notNull(),
    reportedAt: ts('reported_at').notNull(),
    note: text('note'),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    /** open | closed */
    status: text('status').notNull().default('open'),
    mfaResetPending: boolean('mfa_reset_pending').notNull().default(false),
    mfaResetAt: ts('mfa_reset_at'),
    mfaResetBy: uuid('mfa_reset_by').references(() => people.id),
    closedAt: ts('closed_at'),
    closedBy: uuid('closed_by').references(() => people.id),
    closeNote: text('close_note'),
  },
  (t) => [index('credential_losses_status_idx').on(t.status, t.reportedAt), index('credential_losses_person_idx').on(t.personId)],
);
