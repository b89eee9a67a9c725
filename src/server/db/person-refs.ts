import { inArray } from 'drizzle-orm';
import type { Conn } from './client.js';
import { people } from './schema/index.js';

export interface PersonRef {
  id: string;
  nameJa: string;
  nameEn: string;
}

/** Names of people by id, for "owner", "accepted by", "assessed by": one query for a page of records. */
export async function personRefs(conn: Conn, ids: (string | null | undefined)[]): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map();
  const rows = await conn
    .select({ id: people.id, fj: people.familyNameJa, gj: people.givenNameJa, fe: people.familyNameEn, ge: people.givenNameEn })
    .from(people)
    .where(inArray(people.id, wanted));
  return new Map(rows.map((p) => [p.id, { id: p.id, nameJa: `${p.fj} ${p.gj}`.trim(), nameEn: `${p.ge} ${p.fe}`.trim() }]));
}
