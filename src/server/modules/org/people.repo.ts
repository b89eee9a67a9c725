import { and, asc, desc, eq, exists, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { ListPeopleQuery } from '../../../shared/org.js';
import type { Conn } from '../../db/client.js';
import {
  committees,
  institutions,
  people,
  personCommittees,
  personInstitutions,
  personResearchGroups,
  researchGroups,
  roleAssignments,
  units,
} from '../../db/schema/index.js';

export type Visibility = { all: true } | { all: false; institutionIds: string[]; researchGroupIds: string[]; selfId: string | null };
type Ref = { id: string; code: string; nameJa: string; nameEn: string };

const sortCols = { familyNameKana: people.familyNameKana, familyNameEn: people.familyNameEn, email: people.email, updatedAt: people.updatedAt };

/** One page of people matching the filters and the actor's visibility. */
export async function listPeople(conn: Conn, q: ListPeopleQuery, vis: Visibility) {
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
  if (!vis.all) {
    const scopes: SQL[] = [];
    if (vis.selfId) scopes.push(eq(people.id, vis.selfId));
    if (vis.institutionIds.length) scopes.push(inInstitutions(vis.institutionIds));
    if (vis.researchGroupIds.length) scopes.push(inGroups(vis.researchGroupIds));
    where.push(scopes.length ? (or(...scopes) as SQL) : sql`false`);
  }
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

/** Affiliations and roles for a set of people, in four queries however many people. */
export async function loadAffiliations(conn: Conn, ids: string[]) {
  const empty = { units: new Map<string, Ref>(), inst: new Map<string, Ref[]>(), groups: new Map<string, Ref[]>(), comms: new Map<string, Ref[]>(), roles: new Map<string, (typeof roleAssignments.$inferSelect)[]>() };
  if (ids.length === 0) return empty;
  const refCols = <T extends typeof institutions | typeof researchGroups | typeof committees>(t: T) => ({ id: t.id, code: t.code, nameJa: t.nameJa, nameEn: t.nameEn });
  // Sequential on purpose: `conn` may be a transaction, whose single client must not run queries concurrently.
  const inst = await conn.select({ personId: personInstitutions.personId, ...refCols(institutions) }).from(personInstitutions).innerJoin(institutions, eq(institutions.id, personInstitutions.institutionId)).where(inArray(personInstitutions.personId, ids)).orderBy(asc(institutions.code));
  const groups = await conn.select({ personId: personResearchGroups.personId, ...refCols(researchGroups) }).from(personResearchGroups).innerJoin(researchGroups, eq(researchGroups.id, personResearchGroups.researchGroupId)).where(inArray(personResearchGroups.personId, ids)).orderBy(asc(researchGroups.code));
  const comms = await conn.select({ personId: personCommittees.personId, ...refCols(committees) }).from(personCommittees).innerJoin(committees, eq(committees.id, personCommittees.committeeId)).where(inArray(personCommittees.personId, ids)).orderBy(asc(committees.code));
  const roles = await conn.select().from(roleAssignments).where(inArray(roleAssignments.personId, ids)).orderBy(asc(roleAssignments.createdAt));
  const group = <T extends { personId: string }>(rows: T[]) => {
    const m = new Map<string, Omit<T, 'personId'>[]>();
    for (const { personId, ...rest } of rows) {
      const list = m.get(personId) ?? [];
      list.push(rest);
      m.set(personId, list);
    }
    return m;
  };
  const roleMap = new Map<string, (typeof roleAssignments.$inferSelect)[]>();
  for (const r of roles) roleMap.set(r.personId, [...(roleMap.get(r.personId) ?? []), r]);
  return { units: empty.units, inst: group(inst) as Map<string, Ref[]>, groups: group(groups) as Map<string, Ref[]>, comms: group(comms) as Map<string, Ref[]>, roles: roleMap };
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
