import type { Role } from '../../../shared/roles.js';
import { ROLES } from '../../../shared/roles.js';
import { SIGNED_IN, only, type Access, type RouteAccess, type TargetScope } from '../../authz/access-table.js';

/**
 * The asset register (item 9). "Own" is an asset at institution A / research group A owned by the
 * actor's unit (the data center when the actor has none); "other" is one at institution B / group
 * B owned by another unit. Reading: the manager and the administrator see everything, unit staff
 * what their unit owns, researchers, site coordinators and study offices what is scoped to their
 * institution or group; what one may not see answers 404. Changing: the manager, the administrator
 * and data center / operations office staff (their unit's assets); every other role 403.
 */
const ALL: readonly Role[] = ['security_manager', 'system_admin'];
const UNIT_STAFF: readonly Role[] = ['data_center_staff', 'operations_office_staff'];

const table = (f: (role: Role) => Record<TargetScope, Access>): RouteAccess => ({
  public: false,
  roles: Object.fromEntries(ROLES.map((r) => [r, f(r)])) as unknown as Extract<RouteAccess, { public: false }>['roles'],
});

/** Seeing one asset. */
const READ = table((r) =>
  ALL.includes(r) ? { own: 'allow', other: 'allow' } : [...UNIT_STAFF, 'study_office_staff', 'researcher', 'site_coordinator'].includes(r) ? { own: 'allow', other: 'hide' } : { own: 'hide', other: 'hide' },
);
/** Changing one asset: out of sight 404, in sight but not theirs 403 (never reached: unit staff see only what they own among the fixtures). */
const MANAGE = table((r) => (ALL.includes(r) ? { own: 'allow', other: 'allow' } : UNIT_STAFF.includes(r) ? { own: 'allow', other: 'hide' } : { own: 'deny', other: 'deny' }));
/** Registering an asset owned by one's own unit (own) or by another unit (other). */
const CREATE = table((r) => (ALL.includes(r) ? { own: 'allow', other: 'allow' } : UNIT_STAFF.includes(r) ? { own: 'allow', other: 'deny' } : { own: 'deny', other: 'deny' }));
/** One's own saved view (own) or someone else's (other, 404). */
const MY_VIEW = table(() => ({ own: 'allow', other: 'hide' }));

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/assets': SIGNED_IN, // filtered to what the caller may see
  'POST /api/assets': CREATE,
  'GET /api/assets/dashboard': SIGNED_IN, // counts of what the caller may see
  'GET /api/assets/settings': SIGNED_IN,
  'PUT /api/assets/settings': only(['security_manager']),
  'GET /api/assets/views': SIGNED_IN, // one's own
  'POST /api/assets/views': SIGNED_IN,
  'DELETE /api/assets/views/:id': MY_VIEW,
  'GET /api/assets/export': only(['security_manager', 'data_center_staff']),
  'GET /api/assets/:id': READ,
  'GET /api/assets/:id/history': READ,
  'PATCH /api/assets/:id': MANAGE,
  'POST /api/assets/:id/dispose': MANAGE,
  'PUT /api/assets/:id/parent': MANAGE,
  'PUT /api/assets/:id/laws/:lawId': MANAGE,
  'DELETE /api/assets/:id/laws/:lawId': MANAGE,
  'PUT /api/assets/:id/studies/:studyId': MANAGE,
  'DELETE /api/assets/:id/studies/:studyId': MANAGE,
};
