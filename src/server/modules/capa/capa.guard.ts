import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { incidentActions } from '../../db/schema/index.js';

/** Action statuses that still need work (an incident cannot close while it has any). */
export const UNFINISHED_ACTION_STATUSES = ['open', 'in_progress', 'done'] as const;

/** How many of an incident's corrective/preventive actions are neither closed nor accepted (P32-4). */
export async function actionsBlockingClose(conn: Conn, incidentId: string): Promise<number> {
  const [row] = await conn
    .select({ n: sql<number>`count(*)::int` })
    .from(incidentActions)
    .where(and(eq(incidentActions.incidentId, incidentId), inArray(incidentActions.status, [...UNFINISHED_ACTION_STATUSES])));
  return row?.n ?? 0;
}
