import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Audience } from '../../../shared/audience.js';
import { queryRows, type Conn } from '../../db/client.js';
import { documentAcknowledgments, documents, documentVersions } from '../../db/schema/index.js';
import { audienceCondition } from '../../db/audience.js';
import { addDays, tokyoToday } from './documents.common.js';

/** A document whose current version must be acknowledged by its audience. */
export interface AckTarget {
  documentId: string;
  versionId: string;
  audience: Audience;
  ackDueDays: number;
}

const count = async (conn: Conn, q: ReturnType<typeof sql>) => Number((await queryRows<{ n: number | string }>(conn, q))[0]?.n ?? 0);

/**
 * Assigns the version to every active person in the audience who has no row for it yet, in ONE
 * insert … select (50,000 people: one statement, no per-person work). With `personId`, only that
 * person (activation). Returns how many rows it added.
 */
export function assignAudience(conn: Conn, t: AckTarget, now: Date, personId?: string): Promise<number> {
  const due = addDays(tokyoToday(now), t.ackDueDays);
  const only = personId ? sql` and p.id = ${personId}::uuid` : sql``;
  return count(
    conn,
    sql`with ins as (
      insert into document_acknowledgments (document_id, version_id, person_id, assigned_at, due_on)
      select ${t.documentId}::uuid, ${t.versionId}::uuid, p.id, ${now.toISOString()}::timestamptz, ${due}::date
      from people p where ${audienceCondition(t.audience)}${only}
      on conflict (version_id, person_id) do nothing
      returning 1)
    select count(*)::int as n from ins`,
  );
}

/**
 * Brings the current version's rows in line with the audience as it is today: people who came
 * into it (role or institution changed, account activated) get a row, or their cancelled open row
 * back; people who left it (or whose account is no longer active) have their open rows cancelled.
 * Acknowledged rows are never touched.
 */
export async function reconcileTarget(conn: Conn, t: AckTarget, now: Date): Promise<{ assigned: number; restored: number; cancelled: number }> {
  const inAudience = sql`exists (select 1 from people p where p.id = a.person_id and ${audienceCondition(t.audience)})`;
  const restored = await count(
    conn,
    sql`with u as (update document_acknowledgments a set cancelled_at = null
      where a.version_id = ${t.versionId}::uuid and a.cancelled_at is not null and a.acknowledged_at is null and ${inAudience}
      returning 1) select count(*)::int as n from u`,
  );
  const cancelled = await count(
    conn,
    sql`with u as (update document_acknowledgments a set cancelled_at = ${now.toISOString()}::timestamptz
      where a.version_id = ${t.versionId}::uuid and a.cancelled_at is null and a.acknowledged_at is null and not ${inAudience}
      returning 1) select count(*)::int as n from u`,
  );
  const assigned = await assignAudience(conn, t, now);
  return { assigned, restored, cancelled };
}

/** Open rows of the document's other versions are cancelled: the new version's rows replace them. */
export async function cancelOtherVersions(conn: Conn, documentId: string, keepVersionId: string, now: Date): Promise<number> {
  const rows = await conn
    .update(documentAcknowledgments)
    .set({ cancelledAt: now })
    .where(
      and(
        eq(documentAcknowledgments.documentId, documentId),
        ne(documentAcknowledgments.versionId, keepVersionId),
        isNull(documentAcknowledgments.acknowledgedAt),
        isNull(documentAcknowledgments.cancelledAt),
      ),
    )
    .returning({ id: documentAcknowledgments.id });
  return rows.length;
}

/** Every open row of the document (it was retired, or stopped requiring acknowledgment). */
export async function cancelAllOpen(conn: Conn, documentId: string, now: Date): Promise<number> {
  return count(
    conn,
    sql`with u as (update document_acknowledgments set cancelled_at = ${now.toISOString()}::timestamptz
      where document_id = ${documentId}::uuid and acknowledged_at is null and cancelled_at is null returning 1)
      select count(*)::int as n from u`,
  );
}

/** The documents whose current (published, not superseded) version is to be acknowledged now. */
export async function ackTargets(conn: Conn, documentId?: string): Promise<AckTarget[]> {
  const rows = await conn
    .select({ documentId: documents.id, versionId: documentVersions.id, audience: documents.audience, ackDueDays: documents.ackDueDays })
    .from(documents)
    .innerJoin(documentVersions, eq(documentVersions.documentId, documents.id))
    .where(
      and(
        eq(documentVersions.status, 'published'),
        eq(documentVersions.historical, false),
        eq(documents.requiresAck, true),
        isNull(documents.retiredAt),
        documentId ? eq(documents.id, documentId) : undefined,
      ),
    );
  return rows;
}

/**
 * What a person still has to acknowledge (for the home page): open rows of current versions.
 * Rows of superseded versions are cancelled when the new version is published, so "open" is enough.
 */
export async function countAcknowledgmentsToDo(conn: Conn, personId: string): Promise<number> {
  const [row] = await conn
    .select({ n: sql<number>`count(*)::int` })
    .from(documentAcknowledgments)
    .where(and(eq(documentAcknowledgments.personId, personId), isNull(documentAcknowledgments.acknowledgedAt), isNull(documentAcknowledgments.cancelledAt)));
  return Number(row?.n ?? 0);
}
