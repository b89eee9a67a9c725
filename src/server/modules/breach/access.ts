import type { Role } from '../../../shared/roles.js';
import { ROLES } from '../../../shared/roles.js';
import { SIGNED_IN, only, type Access, type RouteAccess, type TargetScope } from '../../authz/access-table.js';

/**
 * Breach assessment and clocks (APPI Art. 26). An incident is seen as src/server/authz/scopes/incidents.ts says: the
 * manager and the data center see all of them; anyone else the incidents they reported, are
 * assigned to or investigate, their unit's, and their institution's as its site coordinator. The
 * fixtures' "own" incident is one the actor reported, at institution A / the actor's unit; "other"
 * one at B reported by someone else. Out of sight it answers 404. Assessing, working the clocks and
 * the draft PPC report need incident.manage (the manager and the data center; everyone else 403
 * before anything is looked up); the clock settings and clock waivers are the manager's.
 */
const table = (f: (role: Role) => Record<TargetScope, Access>): RouteAccess => ({
  public: false,
  roles: Object.fromEntries(ROLES.map((r) => [r, f(r)])) as unknown as Extract<RouteAccess, { public: false }>['roles'],
});
const DESK: readonly Role[] = ['security_manager', 'data_center_staff'];

/** Reading an incident's assessment or clocks: whoever sees the incident. */
const READ = table((r) => (DESK.includes(r) ? { own: 'allow', other: 'allow' } : { own: 'allow', other: 'hide' }));
const MANAGE = only(DESK);

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/incidents/:id/assessment': READ,
  'PUT /api/incidents/:id/assessment': MANAGE,
  'GET /api/incidents/:id/clocks': READ,
  'POST /api/incidents/:id/clocks/:kind': MANAGE,
  // waiving a pending clock and withdrawing a waiver: the manager only (breach.waive)
  'POST /api/incidents/:id/clocks/:kind/waiver': only(['security_manager']),
  'DELETE /api/incidents/:id/clocks/:kind/waiver': only(['security_manager']),
  'GET /api/incidents/:id/ppc-report': MANAGE,
  'GET /api/breach/board': SIGNED_IN, // the clocks of the incidents the caller sees (tested in breach.test.ts)
  'GET /api/breach/settings': only(['security_manager']),
  'PUT /api/breach/settings': only(['security_manager']),
};
