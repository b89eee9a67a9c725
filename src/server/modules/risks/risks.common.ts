import { inArray } from 'drizzle-orm';
import type { Conn } from '../../db/client.js';
import { people } from '../../db/schema/index.js';

const DAY = 86_400_000;

/** Today's date in Japan (YYYY-MM-DD): review dates and acceptance expiry are calendar days there. */
export const tokyoToday = (now: Date) => new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
/** A calendar day `days` after `date` (YYYY-MM-DD). */
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

export interface PersonRef {
  id: string;
  nameJa: string;
  nameEn: string;
}

/** Names of people by id, for "owner", "accepted by", "assessed by". */
export async function personRefs(conn: Conn, ids: (string | null | undefined)[]): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await conn
    .select({ id: people.id, fj: people.familyNameJa, gj: people.givenNameJa, fe: people.familyNameEn, ge: people.givenNameEn })
    .from(people)
    .where(inArray(people.id, wanted));
  return new Map(rows.map((p) => [p.id, { id: p.id, nameJa: `${p.fj} ${p.gj}`.trim(), nameEn: `${p.ge} ${p.fe}`.trim() }]));
}

/** The fields a PATCH sent (undefined = unchanged, null = cleared). */
export function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
