import { sql, type SQL } from 'drizzle-orm';
import type { Audience } from '../../../shared/audience.js';
import { queryRows, type Conn } from '../../db/client.js';
import { audienceCondition } from '../../db/audience.js';

const DAY = 86_400_000;

/** Today's date in Japan (YYYY-MM-DD): due dates, review dates and "in force" days are calendar days there. */
export const tokyoToday = (now: Date) => new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
/** A calendar day `days` after `date` (YYYY-MM-DD). */
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
/** The same day `months` later (the month's last day when it is shorter: 2026-01-31 + 1 = 2026-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total % 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Whether one person is in each of these audiences (one round trip for any number of documents). */
export async function membership(conn: Conn, personId: string | null, audiences: Audience[]): Promise<boolean[]> {
  if (!personId || audiences.length === 0) return audiences.map(() => false);
  const cols: SQL[] = audiences.map((a, i) => sql`exists (select 1 from people p where p.id = ${personId} and ${audienceCondition(a)}) as ${sql.raw(`m${i}`)}`);
  const [row] = await queryRows<Record<string, boolean>>(conn, sql`select ${sql.join(cols, sql`, `)}`);
  return audiences.map((_, i) => row?.[`m${i}`] === true);
}
