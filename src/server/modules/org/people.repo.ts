import { and, asc, desc, eq, exists, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { ListPeopleQuery } from '../../../shared/org.js';
import { queryRows, type Conn } from '../../db/client.js';
import type {
  committees,
  institutions,
  researchGroups} from '../../db/schema/index.js';
import {
  people,
  personCommittees,
  personInstitutions,
  personResearchGroups,
  roleAssignments,
  units,
} from '../../db/schema/index.js';

type Ref = { id: string; code: string; nameJa: string; nameEn: string };

const sortCols = { familyNameKana: people.familyNameKana, familyNameEn: people.familyNameEn, email: people.email, updatedAt: people.updatedAt };

/** One page of people matching the filters within the actor's scope (authz/scopes/people.ts: a condition over `people`, undefined for all). */
export async function listPeople(conn: Conn, q: ListPeopleQuery, scope: SQL | undefined) {
  const where: SQL[] = [];
  if (!q.includeInactive) where.push(eq(people.active, true));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const name = or(
      ilike(people.email, like),
      ilike(people.familyNameJa, like),
      ilike(people.givenNameJa, like),
      ilike(people.familyNameKana, like),
      ilike(people.givenNameKana, like),
      ilike(people.familyNameEn, like),
      ilike(people.givenNameEn, like),
      ilike(sql`${people.familyNameJa} || ${people.givenNameJa}`, like),
      ilike(sql`${people.givenNameEn} || ' ' || ${people.familyNameEn}`, like),
    );
    if (name) where.push(name);
  }
  const inInstitutions = (ids: string[]) =>
    exists(conn.select({ x: sql`1` }).from(personInstitutions).where(and(eq(personInstitutions.personId, people.id), inArray(personInstitutions.institutionId, ids))));
  const inGroups = (ids: string[]) =>
    exists(conn.select({ x: sql`1` }).from(personResearchGroups).where(and(eq(personResearchGroups.personId, people.id), inArray(personResearchGroups.researchGroupId, ids))));
  if (q.institutionId) where.push(inInstitutions([q.institutionId]));
  if (q.researchGroupId) where.push(inGroups([q.researchGroupId]));
  if (q.unitId) where.push(eq(people.unitId, q.unitId));
  if (q.role) where.push(exists(conn.select({ x: sql`1` }).from(roleAssignments).where(and(eq(roleAssignments.personId, people.id), eq(roleAssignments.role, q.role)))));
  if (scope) where.push(scope);
  const cond = and(...where);
  const sortCol = sortCols[q.sort];
  const [rows, [count]] = await Promise.all([
    conn
      .select()
      .from(people)
      .where(cond)
      .orderBy(q.dir === 'desc' ? desc(sortCol) : asc(sortCol), asc(people.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    conn.select({ n: sql<number>`count(*)::int` }).from(people).where(cond),
  ]);
  return { rows, total: count?.n ?? 0 };
}

export type PersonRow = typeof people.$inferSelect;

type RoleRow = { id: string; personId: string; role: string; institutionId: string | null; researchGroupId: string | null; unitId: string | null; committeeId: string | null };
type AffiliationRow = { id: string; inst: Ref[] | string; groups: Ref[] | string; comms: Ref[] | string; roles: RoleRow[] | string };
const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

/**
 * Affiliations and roles for a set of people in one query however many people: a page of
 * people costs one round trip here instead of one per kind of affiliation.
 */
export async function loadAffiliations(conn: Conn, ids: string[]) {
  const out = { inst: new Map<string, Ref[]>(), groups: new Map<string, Ref[]>(), comms: new Map<string, Ref[]>(), roles: new Map<string, RoleRow[]>() };
  if (ids.length === 0) return out;
  const ref = (t: string) => sql.raw(`json_build_object('id', ${t}.id, 'code', ${t}.code, 'nameJa', ${t}.name_ja, 'nameEn', ${t}.name_en)`);
  const rows = await queryRows<AffiliationRow>(conn, sql`
    select p.id,
      coalesce((select json_agg(${ref('i')} order by i.code) from person_institutions x join institutions i on i.id = x.institution_id where x.person_id = p.id), '[]'::json) as inst,
      coalesce((select json_agg(${ref('g')} order by g.code) from person_research_groups x join research_groups g on g.id = x.research_group_id where x.person_id = p.id), '[]'::json) as groups,
      coalesce((select json_agg(${ref('c')} order by c.code) from person_committees x join committees c on c.id = x.committee_id where x.person_id = p.id), '[]'::json) as comms,
      coalesce((select json_agg(json_build_object('id', r.id, 'personId', r.person_id, 'role', r.role, 'institutionId', r.institution_id,
                 'researchGroupId', r.research_group_id, 'unitId', r.unit_id, 'committeeId', r.committee_id) order by r.created_at, r.id)
                from role_assignments r where r.person_id = p.id), '[]'::json) as roles
    from people p where p.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  for (const r of rows) {
    out.inst.set(r.id, parsed(r.inst));
    out.groups.set(r.id, parsed(r.groups));
    out.comms.set(r.id, parsed(r.comms));
    out.roles.set(r.id, parsed(r.roles));
  }
  return out;
}

export async function unitRefs(conn: Conn, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (!wanted.length) return new Map<string, Ref>();
  const rows = await conn.select({ id: units.id, code: units.code, nameJa: units.nameJa, nameEn: units.nameEn }).from(units).where(inArray(units.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Replaces a person's affiliations of one kind. */
export async function replaceLinks(conn: Conn, personId: string, kind: 'institutions' | 'researchGroups' | 'committees', ids: string[]) {
  const unique = [...new Set(ids)];
  if (kind === 'institutions') {
    await conn.delete(personInstitutions).where(eq(personInstitutions.personId, personId));
    if (unique.length) await conn.insert(personInstitutions).values(unique.map((institutionId) => ({ personId, institutionId })));
  } else if (kind === 'researchGroups') {
    await conn.delete(personResearchGroups).where(eq(personResearchGroups.personId, personId));
    if (unique.length) await conn.insert(personResearchGroups).values(unique.map((researchGroupId) => ({ personId, researchGroupId })));
  } else {
    await conn.delete(personCommittees).where(eq(personCommittees.personId, personId));
    if (unique.length) await conn.insert(personCommittees).values(unique.map((committeeId) => ({ personId, committeeId })));
  }
}

/** Which of the given ids exist in a table (for reference checks). */
export async function existingIds(conn: Conn, table: typeof institutions | typeof researchGroups | typeof committees | typeof units, ids: string[]) {
  if (!ids.length) return new Set<string>();
  const rows = await conn.select({ id: table.id }).from(table).where(inArray(table.id, [...new Set(ids)]));
  return new Set(rows.map((r) => r.id));
}
