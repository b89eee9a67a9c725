import { sql } from 'drizzle-orm';
import { formatIncidentRef } from '../../../shared/incidents.js';
import type { Conn } from '../../db/client.js';
import { referenceCounters } from '../../db/schema/index.js';

/** The calendar year in Japan of an instant. */
export const tokyoYear = (at: Date) => new Date(at.getTime() + 9 * 3_600_000).getUTCFullYear();

/**
 * Takes the next number of a series for the year, inside the caller's transaction. The upsert
 * locks the year's counter row until the transaction ends: concurrent callers queue behind it, and
 * a rolled-back transaction releases its number unused. No gaps, no duplicates.
 */
export async function nextNumber(conn: Conn, series: string, year: number): Promise<number> {
  const [row] = await conn
    .insert(referenceCounters)
    .values({ series, year, last: 1 })
    .onConflictDoUpdate({ target: [referenceCounters.series, referenceCounters.year], set: { last: sql`${referenceCounters.last} + 1` } })
    .returning({ last: referenceCounters.last });
  return row!.last;
}

/** The next incident reference ("INC-2026-0042"), by the year of `at` in Japan. */
export async function nextIncidentRef(conn: Conn, at: Date): Promise<string> {
  const year = tokyoYear(at);
  return formatIncidentRef(year, await nextNumber(conn, 'INC', year));
}
