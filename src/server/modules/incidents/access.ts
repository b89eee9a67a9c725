import type { Role } from '../../../shared/roles.js';
import { ROLES } from '../../../shared/roles.js';
import { SIGNED_IN, only, type Access, type RouteAccess, type TargetScope } from '../../authz/access-table.js';
import { INCIDENT_DESK_ROLES } from '../../authz/scopes/incidents.js';

/**
 * Incidents (P32-2.1.1, P32-4). Everyone signed in reports and lists what they may see
 * (src/server/authz/scopes/incidents.ts). "Own" is an incident the actor reported (at institution A), "other" one
 * someone else reported at institution B: the desk (manager, data center) sees both, everyone else
 * only their own — out of sight is 404. Working on an incident (status, severity, assignee, links,
 * investigators, removing files) and the dashboard are the desk's: everyone else is refused (403)
 * before anything is looked up. Timeline entries and attachments: the desk, or the incident's
 * reporter, assignee or investigators.
 */
const table = (f: (role: Role) => Record<TargetScope, Access>): RouteAccess => ({
  public: false,
  roles: Object.fromEntries(ROLES.map((r) => [r, f(r)])) as unknown as Extract<RouteAccess, { public: false }>['roles'],
});
const DESK: readonly Role[] = INCIDENT_DESK_ROLES;
const SEEN = table((r) => (DESK.includes(r) ? { own: 'allow', other: 'allow' } : { own: 'allow', other: 'hide' }));
const MANAGE = only(DESK);

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'POST /api/incidents': SIGNED_IN,
  'GET /api/incidents': SIGNED_IN, // filtered to what the caller sees
  'GET /api/incidents/dashboard': MANAGE,
  'GET /api/incidents/:id': SEEN,
  'PATCH /api/incidents/:id': MANAGE,
  'POST /api/incidents/:id/status': MANAGE,
  'POST /api/incidents/:id/events': SEEN, // the reporter, assignee, investigators, the desk
  'POST /api/incidents/:id/links': MANAGE,
  'DELETE /api/incidents/:id/links/:kind/:targetId': MANAGE,
  'POST /api/incidents/:id/investigators': MANAGE,
  'DELETE /api/incidents/:id/investigators/:personId': MANAGE,
  'POST /api/incidents/:id/attachments': SEEN, // the reporter, assignee, investigators, the desk
  'GET /api/incidents/:id/attachments/:attachmentId': SEEN,
  'DELETE /api/incidents/:id/attachments/:attachmentId': MANAGE,
};
