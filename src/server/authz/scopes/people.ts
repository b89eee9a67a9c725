import { and, eq, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { people, personInstitutions, personResearchGroups } from '../../db/schema/index.js';
import type { Actor } from '../actor.js';
import { can, DIRECTORY } from '../policy.js';
import { hasRole, NONE, overlaps, type Scope } from './scope.js';

/** What decides whether a person is visible: who they are and where they belong. */
export interface PersonScopeRow {
  id: string;
  institutionIds: readonly string[];
  researchGroupIds: readonly string[];
}

/**
 * Which people an actor may see: everyone, or those sharing one of these institutions (people at
 * a hospital) or research groups (a study office), and themselves. The rule is policy.ts's
 * `person.read`; this is its reach, from which the list condition is built.
 */
export function personReach(actor: Actor): { all: true } | { all: false; institutionIds: string[]; researchGroupIds: string[]; selfId: string | null } {
  if (actor.kind === 'system' || hasRole(actor, ...DIRECTORY)) return { all: true };
  return {
    all: false,
    institutionIds: hasRole(actor, 'site_coordinator', 'researcher') ? actor.institutionIds : [],
    researchGroupIds: hasRole(actor, 'study_office_staff') ? actor.researchGroupIds : [],
    selfId: actor.personId,
  };
}

const inInstitutions = (ids: readonly string[]) =>
  sql`exists (select 1 from ${personInstitutions} where ${and(eq(personInstitutions.personId, people.id), inArray(personInstitutions.institutionId, [...ids]))})`;
const inGroups = (ids: readonly string[]) =>
  sql`exists (select 1 from ${personResearchGroups} where ${and(eq(personResearchGroups.personId, people.id), inArray(personResearchGroups.researchGroupId, [...ids]))})`;

/** The people directory (person.read): central staff see everyone; the rest, their colleagues and themselves. */
export const personScope: Scope<PersonScopeRow> = {
  allows: (actor, p) => can(actor, 'person.read', { personId: p.id, institutionIds: [...p.institutionIds], researchGroupIds: [...p.researchGroupIds] }),
  filter(actor) {
    const r = personReach(actor);
    if (r.all) return undefined;
    const scopes: SQL[] = [];
    if (r.selfId) scopes.push(eq(people.id, r.selfId));
    if (r.institutionIds.length) scopes.push(inInstitutions(r.institutionIds));
    if (r.researchGroupIds.length) scopes.push(inGroups(r.researchGroupIds));
    return scopes.length ? or(...scopes) : NONE;
  },
};

/** What decides whether a person may be addressed (secure exchange). */
export interface AddresseeScopeRow extends PersonScopeRow {
  unitId: string | null;
  active: boolean;
  accountStatus: string;
}

/**
 * Whom a sender may address in the secure exchange (P32-2.1.2): active accounts other than
 * themselves. Central staff may address anyone; a person at a site may address central staff
 * (anyone with a unit: the data center, the operations office, study offices) and the people they
 * may already see (colleagues at their institution; a study office, its research groups' people).
 */
export const addresseeScope: Scope<AddresseeScopeRow> = {
  allows(actor, p) {
    if (!p.active || p.accountStatus !== 'active' || p.id === actor.personId) return false;
    const r = personReach(actor);
    return r.all || p.unitId !== null || overlaps(p.institutionIds, r.institutionIds) || overlaps(p.researchGroupIds, r.researchGroupIds);
  },
  filter(actor) {
    const r = personReach(actor);
    const scopes: SQL[] = [];
    if (!r.all) {
      scopes.push(isNotNull(people.unitId));
      if (r.institutionIds.length) scopes.push(inInstitutions(r.institutionIds));
      if (r.researchGroupIds.length) scopes.push(inGroups(r.researchGroupIds));
    }
    return and(eq(people.active, true), eq(people.accountStatus, 'active'), actor.personId ? ne(people.id, actor.personId) : undefined, r.all ? undefined : or(...scopes));
  },
};
