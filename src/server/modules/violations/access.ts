import { ROLES } from '../../../shared/roles.js';
import { SIGNED_IN, only, type RoleAccess, type RouteAccess } from '../../authz/access-table.js';

/**
 * Violation cases (P32-7) are restricted records. "Own" is a case naming the actor as an
 * investigator, "other" a case that does not. The information security manager sees and changes
 * every case. Anyone else (the data center, the system administrator, the subject, other
 * managers' roles alike) sees only the cases naming them, and is answered 404 for every other
 * one; the list shows them only those. Opening, editing, naming investigators, deciding, recording
 * an appeal and keeping the sanction list are the manager's alone: every other role is refused
 * (403) before anything is looked up, so the refusal says nothing about a case.
 */
const INVESTIGATE: RouteAccess = {
  public: false,
  roles: Object.fromEntries(ROLES.map((r) => [r, r === 'security_manager' ? { own: 'allow', other: 'allow' } : { own: 'allow', other: 'hide' }])) as unknown as RoleAccess,
};
const MANAGER_ONLY = only(['security_manager']);

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/violations': SIGNED_IN, // the cases the caller may see (none, for most people)
  'POST /api/violations': MANAGER_ONLY,
  'GET /api/violations/:id': INVESTIGATE,
  'PATCH /api/violations/:id': MANAGER_ONLY,
  'PUT /api/violations/:id/investigators': MANAGER_ONLY,
  'POST /api/violations/:id/notes': INVESTIGATE,
  'POST /api/violations/:id/evidence': INVESTIGATE,
  'GET /api/violations/:id/evidence/:evidenceId/download': INVESTIGATE,
  'POST /api/violations/:id/decision': MANAGER_ONLY,
  'POST /api/violations/:id/appeal': MANAGER_ONLY,
  'GET /api/sanction-types': MANAGER_ONLY,
  'PUT /api/sanction-types': MANAGER_ONLY,
};
