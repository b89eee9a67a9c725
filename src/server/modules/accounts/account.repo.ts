import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { accountStates, auditLog, people, personResearchGroups, roleAssignments } from '../../db/schema/index.js';
import type { Names } from './mail.js';

export type PersonRow = typeof people.$inferSelect;

/** A person's name in both languages for emails. */
export const namesOf = (p: Pick<PersonRow, 'familyNameJa' | 'givenNameJa' | 'familyNameEn' | 'givenNameEn'>): Names => ({
  ja: `${p.familyNameJa} ${p.givenNameJa}`.trim(),
  en: `${p.givenNameEn} ${p.familyNameEn}`.trim(),
});

export async function findPerson(conn: Conn, id: string): Promise<PersonRow | undefined> {
  const [p] = await conn.select().from(people).where(eq(people.id, id));
  return p;
}

/** Locks the person's row for the rest of the transaction, so two transitions cannot interleave. */
export async function lockPerson(conn: Conn, id: string): Promise<PersonRow | undefined> {
  const [p] = await conn.select().from(people).where(eq(people.id, id)).for('update');
  return p;
}

/**
 * When the dormancy clock of an account started: the later of its last sign-in and its activation
 * (or latest reactivation); accounts made active before activation was recorded fall back to the
 * last password change, then to the record's creation.
 */
export const dormancyAnchor = sql<Date>`coalesce(greatest(${people.lastSignInAt}, ${accountStates.activeSince}), ${people.passwordChangedAt}, ${people.createdAt})`;

export async function setActiveSince(conn: Conn, personId: string, at: Date): Promise<void> {
  await conn.insert(accountStates).values({ personId, activeSince: at }).onConflictDoUpdate({ target: accountStates.personId, set: { activeSince: at } });
}

export async function researchGroupIdsOf(conn: Conn, personId: string): Promise<string[]> {
  const rows = await conn.select({ id: personResearchGroups.researchGroupId }).from(personResearchGroups).where(eq(personResearchGroups.personId, personId));
  return rows.map((r) => r.id);
}

/** Everyone who should hear of a credential loss: active data center staff with an active account. */
export async function dataCenterRecipients(conn: Conn) {
  return conn
    .selectDistinct({ id: people.id, email: people.email, language: people.language })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(and(eq(roleAssignments.role, 'data_center_staff'), eq(people.active, true), eq(people.accountStatus, 'active')));
}

/** The audit actions that make up an account's history. */
const HISTORY_ACTIONS = [
  'account.invited',
  'account.invitation_resent',
  'account.activated',
  'account.suspended',
  'account.reactivated',
  'account.expiry_changed',
  'account.offboarded',
  'account.dormancy_warned',
  'account.expiry_warned',
  'account.password_reset_required',
  'account.password_reset_requested',
  'pledge.signed',
  'auth.password_changed',
  'auth.mfa_enrolled',
  'auth.mfa_reset',
  'auth.sessions_ended',
] as const;

/** An account's history, newest first, from the audit log (the log is the record; nothing is kept twice). */
export async function accountHistory(conn: Conn, personId: string, limit = 200) {
  const actor = sql<string | null>`(select ${people.familyNameJa} || ' ' || ${people.givenNameJa} || ' / ' || ${people.givenNameEn} || ' ' || ${people.familyNameEn} from ${people} where ${people.id} = ${auditLog.actorPersonId})`;
  return conn
    .select({ seq: auditLog.seq, at: auditLog.at, action: auditLog.action, actorPersonId: auditLog.actorPersonId, actorName: actor, details: auditLog.details })
    .from(auditLog)
    .where(
      or(
        and(eq(auditLog.targetType, 'person'), eq(auditLog.targetId, personId), inArray(auditLog.action, [...HISTORY_ACTIONS])),
        and(eq(auditLog.targetType, 'credential_loss'), sql`${auditLog.details}->>'personId' = ${personId}`, inArray(auditLog.action, ['credential_loss.reported', 'credential_loss.closed'])),
      ),
    )
    .orderBy(desc(auditLog.seq))
    .limit(limit);
}
