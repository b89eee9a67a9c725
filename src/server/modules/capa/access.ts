import type { Role } from '../../../shared/roles.js';
import { ROLES } from '../../../shared/roles.js';
import { SIGNED_IN, only, type Access, type RouteAccess, type TargetScope } from '../../authz/access-table.js';

/**
 * Root cause and corrective actions (P32-4). "Own": an incident the actor reported at institution
 * A (an action on it owned by the actor); "other": an incident at B reported by someone else (an
 * action owned by someone else). The desk (manager, data center) sees and works on every incident;
 * anyone else sees their own and gets 404 for the rest. The desk analyses, creates actions and
 * checks them; an action's owner moves it along.
 */
const DESK: readonly Role[] = ['security_manager', 'data_center_staff'];
const table = (f: (role: Role) => Record<TargetScope, Access>): RouteAccess => ({
  public: false,
  roles: Object.fromEntries(ROLES.map((r) => [r, f(r)])) as unknown as Extract<RouteAccess, { public: false }>['roles'],
});
/** Reading an incident's analysis or actions, or moving one's own action along: the desk anywhere, others in sight. */
const IN_SIGHT = table((r) => (DESK.includes(r) ? { own: 'allow', other: 'allow' } : { own: 'allow', other: 'hide' }));
const DESK_ONLY = only(DESK);

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/incidents/:id/root-cause': IN_SIGHT,
  'PUT /api/incidents/:id/root-cause': DESK_ONLY,
  'GET /api/incidents/:id/actions': IN_SIGHT,
  'POST /api/incidents/:id/actions': DESK_ONLY,
  'GET /api/incident-actions': SIGNED_IN, // filtered to the actions the caller may see
  'PATCH /api/incident-actions/:id': IN_SIGHT, // the owner's progress; the desk's edits (a non-owner in sight: 403, tested in capa.test.ts)
  'POST /api/incident-actions/:id/check': DESK_ONLY, // never by the action's owner (tested in capa.test.ts)
};
