import { and, asc, count, eq, exists, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { DirectoryResult, PersonRef, Recipients } from '../../../shared/exchange.js';
import type { Actor } from '../../authz/actor.js';
import { addresseeScope } from '../../authz/scopes/people.js';
import type { Conn } from '../../db/client.js';
import { institutions, people, personInstitutions, roleAssignments, units } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';

/**
 * Whom a sender may address (the addressee scope, src/server/authz/scopes/people.ts), and what a
 * unit expands to. Recipients are active accounts only.
 */

const activeAccount = and(eq(people.active, true), eq(people.accountStatus, 'active'));

/** People the actor may address (authz/scopes/people.ts). */
export const addressable = (actor: Actor): SQL | undefined => addresseeScope.filter(actor);

const fullJa = sql<string>`trim(${people.familyNameJa} || ' ' || ${people.givenNameJa})`;
const fullEn = sql<string>`trim(${people.givenNameEn} || ' ' || ${people.familyNameEn})`;

/** Names and an affiliation (their unit, else their first institution) for people, by id. */
export async function personRefs(conn: Conn, ids: readonly (string | null | undefined)[]): Promise<Map<string, PersonRef>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  const out = new Map<string, PersonRef>();
  if (!wanted.length) return out;
  const rows = await conn
    .select({ id: people.id, nameJa: fullJa, nameEn: fullEn, unitJa: units.nameJa, unitEn: units.nameEn })
    .from(people)
    .leftJoin(units, eq(units.id, people.unitId))
    .where(inArray(people.id, wanted));
  const insts = await conn
    .select({ personId: personInstitutions.personId, nameJa: institutions.nameJa, nameEn: institutions.nameEn })
    .from(personInstitutions)
    .innerJoin(institutions, eq(institutions.id, personInstitutions.institutionId))
    .where(inArray(personInstitutions.personId, wanted))
    .orderBy(asc(institutions.code));
  const firstInst = new Map<string, { nameJa: string; nameEn: string }>();
  for (const i of insts) if (!firstInst.has(i.personId)) firstInst.set(i.personId, i);
  for (const r of rows) {
    const inst = firstInst.get(r.id);
    out.set(r.id, { id: r.id, nameJa: r.nameJa, nameEn: r.nameEn, affiliationJa: r.unitJa ?? inst?.nameJa ?? null, affiliationEn: r.unitEn ?? inst?.nameEn ?? null });
  }
  return out;
}

/** The unknown person used when a reference is missing (never expected; keeps DTOs total). */
export const nobody = (id: string): PersonRef => ({ id, nameJa: '—', nameEn: '—', affiliationJa: null, affiliationEn: null });

/** The people and units matching a search, that the actor may address. */
export async function searchDirectory(conn: Conn, actor: Actor, q: string): Promise<DirectoryResult> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const match = or(
    ilike(people.email, like),
    ilike(people.familyNameJa, like),
    ilike(people.givenNameJa, like),
    ilike(people.familyNameKana, like),
    ilike(people.givenNameKana, like),
    ilike(people.familyNameEn, like),
    ilike(people.givenNameEn, like),
    ilike(sql`${people.familyNameJa} || ${people.givenNameJa}`, like),
    ilike(fullEn, like),
  );
  const found = await conn
    .select({ id: people.id })
    .from(people)
    .where(and(addressable(actor), match))
    .orderBy(asc(people.familyNameKana), asc(people.id))
    .limit(20);
  const refs = await personRefs(
    conn,
    found.map((f) => f.id),
  );
  const unitMatch = or(ilike(units.nameJa, like), ilike(units.nameEn, like), ilike(units.code, like));
  const unitRows = await conn
    .select({ id: units.id, code: units.code, kind: units.kind, nameJa: units.nameJa, nameEn: units.nameEn, members: sql<number>`(select count(*)::int from people p where p.unit_id = "units"."id" and p.active and p.account_status = 'active')` })
    .from(units)
    .where(and(eq(units.active, true), unitMatch))
    .orderBy(asc(units.code))
    .limit(10);
  return { people: found.map((f) => refs.get(f.id)!).filter(Boolean), units: unitRows.map((u) => ({ ...u, members: Number(u.members) })) };
}

/** Refuses addressees the actor may not address (422 RECIPIENT_INVALID, naming them). */
export async function checkRecipients(conn: Conn, actor: Actor, r: Recipients): Promise<void> {
  const personIds = [...new Set(r.personIds)];
  const unitIds = [...new Set(r.unitIds)];
  const problems: { path: string; message: string }[] = [];
  if (personIds.length) {
    const ok = new Set((await conn.select({ id: people.id }).from(people).where(and(inArray(people.id, personIds), addressable(actor)))).map((x) => x.id));
    personIds.forEach((id, i) => {
      if (!ok.has(id)) problems.push({ path: `recipients.personIds.${i}`, message: id === actor.personId ? 'is yourself' : 'is not an active account you may address' });
    });
  }
  if (unitIds.length) {
    const rows = await conn
      .select({ id: units.id, members: count(people.id) })
      .from(units)
      .leftJoin(people, and(eq(people.unitId, units.id), activeAccount, actor.personId ? ne(people.id, actor.personId) : undefined))
      .where(and(inArray(units.id, unitIds), eq(units.active, true)))
      .groupBy(units.id);
    const ok = new Map(rows.map((x) => [x.id, Number(x.members)]));
    unitIds.forEach((id, i) => {
      if (!ok.has(id)) problems.push({ path: `recipients.unitIds.${i}`, message: 'is not an active unit' });
      else if (!ok.get(id)) problems.push({ path: `recipients.unitIds.${i}`, message: 'has no active members' });
    });
  }
  if (problems.length) throw new AppError(422, 'RECIPIENT_INVALID', 'Some recipients cannot receive this transfer.', problems);
}

/** The people a transfer reaches at release: the named people, then each unit's active members (recorded as via the unit). */
export async function expandRecipients(conn: Conn, senderId: string, addressees: { personId: string | null; unitId: string | null }[]): Promise<{ personId: string; viaUnitId: string | null }[]> {
  const out = new Map<string, string | null>();
  const named = addressees.map((a) => a.personId).filter((x): x is string => !!x);
  if (named.length) {
    for (const p of await conn.select({ id: people.id }).from(people).where(and(inArray(people.id, named), activeAccount))) out.set(p.id, null);
  }
  const unitIds = addressees.map((a) => a.unitId).filter((x): x is string => !!x);
  if (unitIds.length) {
    const members = await conn
      .select({ id: people.id, unitId: people.unitId })
      .from(people)
      .innerJoin(units, and(eq(units.id, people.unitId), eq(units.active, true)))
      .where(and(inArray(people.unitId, unitIds), activeAccount))
      .orderBy(asc(people.familyNameKana), asc(people.id));
    for (const m of members) if (!out.has(m.id)) out.set(m.id, m.unitId);
  }
  out.delete(senderId);
  return [...out].map(([personId, viaUnitId]) => ({ personId, viaUnitId }));
}

/** The institution a site sender sends from: their first site role's institution, else their first affiliation. */
export function senderInstitution(actor: Actor): string | null {
  const site = actor.roles.find((r) => (r.role === 'site_coordinator' || r.role === 'researcher') && r.institutionId);
  return site?.institutionId ?? actor.institutionIds[0] ?? null;
}

/** Active people (not the sender) who may give the second approval: the sender's unit, or a site role at their institution. */
export async function approversFor(conn: Conn, t: { senderPersonId: string; senderUnitId: string | null; senderInstitutionId: string | null }) {
  const scopes: SQL[] = [];
  if (t.senderUnitId) scopes.push(eq(people.unitId, t.senderUnitId));
  if (t.senderInstitutionId) {
    scopes.push(
      exists(
        conn
          .select({ x: sql`1` })
          .from(roleAssignments)
          .where(and(eq(roleAssignments.personId, people.id), inArray(roleAssignments.role, ['site_coordinator', 'researcher']), eq(roleAssignments.institutionId, t.senderInstitutionId))),
      ),
    );
  }
  if (!scopes.length) return [];
  return conn
    .select({ id: people.id, email: people.email, language: people.language })
    .from(people)
    .where(and(activeAccount, ne(people.id, t.senderPersonId), or(...scopes)));
}
