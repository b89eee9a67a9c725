import type { Role } from '../../../shared/roles.js';
import { ROLES } from '../../../shared/roles.js';
import { SIGNED_IN, only, type Access, type RouteAccess, type TargetScope } from '../../authz/access-table.js';

/**
 * Risks (P32-4). A risk is seen by whoever may see one of its assets (assets/access.ts): "own" is
 * a risk on an asset at institution A / group A owned by the actor's unit, "other" one on an asset
 * at B owned by another unit. Out of sight it answers 404. The manager and data center /
 * operations office staff manage risks and the catalogue; only the manager accepts risks and
 * changes the matrix; every other role is refused (403) before anything is looked up.
 */
const table = (f: (role: Role) => Record<TargetScope, Access>): RouteAccess => ({
  public: false,
  roles: Object.fromEntries(ROLES.map((r) => [r, f(r)])) as unknown as Extract<RouteAccess, { public: false }>['roles'],
});
const ALL: readonly Role[] = ['security_manager', 'system_admin'];
const SEE_OWN: readonly Role[] = ['data_center_staff', 'operations_office_staff', 'study_office_staff', 'researcher', 'site_coordinator'];
const MANAGERS: readonly Role[] = ['security_manager', 'data_center_staff', 'operations_office_staff'];

/** Reading one risk (or an asset's proposals). */
const READ = table((r) => (ALL.includes(r) ? { own: 'allow', other: 'allow' } : SEE_OWN.includes(r) ? { own: 'allow', other: 'hide' } : { own: 'hide', other: 'hide' }));
/** Changing one risk: the manager anywhere; unit staff in sight (404 out of it); everyone else 403. */
const MANAGE = table((r) => (r === 'security_manager' ? { own: 'allow', other: 'allow' } : MANAGERS.includes(r) ? { own: 'allow', other: 'hide' } : { own: 'deny', other: 'deny' }));
const CATALOGUE = only(MANAGERS);
const MANAGER_ONLY = only(['security_manager']);

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/risk-matrix': SIGNED_IN,
  'PUT /api/risk-matrix': MANAGER_ONLY,
  'GET /api/threats': SIGNED_IN,
  'POST /api/threats': CATALOGUE,
  'PATCH /api/threats/:id': CATALOGUE,
  'GET /api/vulnerabilities': SIGNED_IN,
  'POST /api/vulnerabilities': CATALOGUE,
  'PATCH /api/vulnerabilities/:id': CATALOGUE,
  'GET /api/risks': SIGNED_IN, // filtered to the risks of the assets the caller may see
  'GET /api/risks/heatmap': SIGNED_IN, // counts of those
  'GET /api/risks/owners': SIGNED_IN,
  'POST /api/risks': CATALOGUE, // on assets the caller sees (others are "not found" in the body: tested in risks.test.ts)
  'GET /api/risks/:id': READ,
  'PATCH /api/risks/:id': MANAGE,
  'POST /api/risks/:id/assessments': MANAGE,
  'PUT /api/risks/:id/controls': MANAGE,
  'POST /api/risks/:id/accept': MANAGER_ONLY,
  'GET /api/assets/:id/risk-proposals': READ,
  'POST /api/assets/:id/risk-proposals/:threatId/accept': MANAGE,
};
