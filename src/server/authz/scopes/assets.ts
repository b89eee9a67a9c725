import { eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Role } from '../../../shared/roles.js';
import { assets } from '../../db/schema/index.js';
import type { Actor } from '../actor.js';
import { hasRole, NONE, oneOf, roleScopes, type Scope } from './scope.js';

/** What decides an asset's visibility. */
export type AssetScopeRow = Pick<typeof assets.$inferSelect, 'ownerPersonId' | 'custodianPersonId' | 'ownerUnitId' | 'location' | 'institutionId' | 'researchGroupId'>;

const MANAGER_ROLES: readonly Role[] = ['security_manager', 'system_admin'];
const UNIT_STAFF: readonly Role[] = ['data_center_staff', 'operations_office_staff', 'study_office_staff'];
const SITE: readonly Role[] = ['researcher', 'site_coordinator'];

/** The asset register's reach of one actor: every asset, none, or these owners, units, places and scopes. */
type Reach = 'all' | 'none' | { personId: string; unitIds: string[]; places: string[]; institutionIds: string[]; researchGroupIds: string[] };

function reach(actor: Actor): Reach {
  if (actor.kind === 'system') return 'all';
  if (actor.kind !== 'person' || !actor.personId) return 'none';
  if (hasRole(actor, ...MANAGER_ROLES)) return 'all';
  const places: string[] = [];
  if (hasRole(actor, 'data_center_staff')) places.push('data_center');
  if (hasRole(actor, 'operations_office_staff')) places.push('operations_office');
  const site = hasRole(actor, ...SITE);
  return {
    personId: actor.personId,
    unitIds: roleScopes(actor, UNIT_STAFF, 'unitId'),
    places,
    institutionIds: site ? [...new Set([...actor.institutionIds, ...roleScopes(actor, SITE, 'institutionId')])] : [],
    researchGroupIds: site || hasRole(actor, 'study_office_staff') ? [...new Set([...actor.researchGroupIds, ...roleScopes(actor, [...SITE, 'study_office_staff'], 'researchGroupId')])] : [],
  };
}

/**
 * The assets an actor may see (P32 item 9). Risks, controls and incidents scope their records by it.
 *
 * - the manager and the system administrator (and the system actor): all;
 * - data center / operations office staff: what their unit owns, and whatever is located at the
 *   data center / operations office respectively;
 * - study office staff: what their unit owns, and the assets of the research groups they serve;
 * - researchers and site coordinators: the assets scoped to their institutions or research groups;
 * - anyone: the assets they own or keep (owner person, custodian).
 */
export const assetScope: Scope<AssetScopeRow> & { seesAll(actor: Actor): boolean } = {
  seesAll: (actor) => reach(actor) === 'all',
  allows(actor, a) {
    const r = reach(actor);
    if (r === 'all' || r === 'none') return r === 'all';
    return (
      a.ownerPersonId === r.personId ||
      a.custodianPersonId === r.personId ||
      oneOf(a.ownerUnitId, r.unitIds) ||
      r.places.includes(a.location) ||
      oneOf(a.institutionId, r.institutionIds) ||
      oneOf(a.researchGroupId, r.researchGroupIds)
    );
  },
  filter(actor) {
    const r = reach(actor);
    if (r === 'all') return undefined;
    if (r === 'none') return NONE;
    const conds: SQL[] = [eq(assets.ownerPersonId, r.personId), eq(assets.custodianPersonId, r.personId)];
    if (r.unitIds.length) conds.push(inArray(assets.ownerUnitId, r.unitIds));
    if (r.places.length) conds.push(inArray(assets.location, r.places));
    if (r.institutionIds.length) conds.push(inArray(assets.institutionId, r.institutionIds));
    if (r.researchGroupIds.length) conds.push(inArray(assets.researchGroupId, r.researchGroupIds));
    return or(...conds);
  },
};
