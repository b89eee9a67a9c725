import { bigint, bigserial, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A person's TOTP authenticator (RFC 6238). The shared secret is stored encrypted under a key
 * derived from the master key; a row with confirmed_at null is an enrollment still to be confirmed.
 * last_step is the last accepted time step: a code of that step or an earlier one is refused (no replay).
 */
export const mfaAuthenticators = pgTable('mfa_authenticators', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id),
  secretEnc: text('secret_enc').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  confirmedAt: ts('confirmed_at'),
  lastStep: bigint('last_step', { mode: 'number' }),
});

/** Single-use recovery codes, stored as SHA-256 of the normalized code. */
export const mfaRecoveryCodes = pgTable(
  'mfa_recovery_codes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    codeHash: text('code_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    usedAt: ts('used_at'),
  },
  (t) => [index('mfa_recovery_codes_person_idx').on(t.personId)],
);

/**
 * Failed sign-in and MFA attempts, the input of throttling. account_key is the lower-cased email
 * typed (it need not exist); device_hash is set when the attempt came from a device the account
 * signed in from before, whose failures are counted apart from everyone else's.
 */
export const authFailures = pgTable(
  'auth_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(), // 'password' | 'mfa'
    accountKey: text('account_key').notNull(),
    personId: uuid('person_id').references(() => people.id),
    ip: text('ip'),
    deviceHash: text('device_hash'),
    sessionId: text('session_id'),
    at: ts('at').notNull(),
  },
  (t) => [index('auth_failures_account_idx').on(t.accountKey, t.at), index('auth_failures_ip_idx').on(t.ip, t.at)],
);

/** Browsers a person has completed sign-in from (the long-lived device cookie, stored as SHA-256). */
export const knownDevices = pgTable(
  'known_devices',
  {
    deviceHash: text('device_hash').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    userAgent: text('user_agent'),
    firstIp: text('first_ip'),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceHash, t.personId] }), index('known_devices_person_idx').on(t.personId)],
);

/** When a person was last warned about repeated failed sign-ins (at most one warning per hour). */
export const signInAlerts = pgTable('sign_in_alerts', {
  personId: uuid('person_id')
    .primaryKey()
    .references(() => people.id),
  lastFailureAlertAt: ts('last_failure_alert_at').notNull(),
});
