import type { Role } from '../../../shared/roles.js';
import { ROLES } from '../../../shared/roles.js';
import { SIGNED_IN, only, type Access, type RouteAccess, type TargetScope } from '../../authz/access-table.js';

/**
 * The policy library (P32-5, P32-6). "Own" is a document whose audience is institution A (every
 * actor of the matrix is affiliated with it), "other" one for institution B. Central staff, the
 * manager and the steering committee read every document; everyone else reads the published
 * documents that apply to them, and others answer 404. Central staff write; only the manager
 * approves, publishes and enters history. A person acknowledges only what applies to them.
 */
const table = (f: (role: Role) => Record<TargetScope, Access>): RouteAccess => ({
  public: false,
  roles: Object.fromEntries(ROLES.map((r) => [r, f(r)])) as unknown as Extract<RouteAccess, { public: false }>['roles'],
});
const OVERSEERS: readonly Role[] = ['security_manager', 'system_admin', 'data_center_staff', 'operations_office_staff', 'steering_committee_member'];
const AUTHORS: readonly Role[] = ['security_manager', 'data_center_staff', 'operations_office_staff'];

const READ = table((r) => (OVERSEERS.includes(r) ? { own: 'allow', other: 'allow' } : { own: 'allow', other: 'hide' }));
/** Seen but not theirs to acknowledge: 403 for overseers; out of sight (404) for everyone else. */
const ACKNOWLEDGE = table((r) => (OVERSEERS.includes(r) ? { own: 'allow', other: 'deny' } : { own: 'allow', other: 'hide' }));
const WRITE = only(AUTHORS);
const MANAGER = only(['security_manager']);
/** A person's acknowledgments: central staff; a site coordinator for people of their institution (another's: 404). */
const PERSON_ACKS = table((r) => (AUTHORS.includes(r) ? { own: 'allow', other: 'allow' } : r === 'site_coordinator' ? { own: 'allow', other: 'hide' } : { own: 'deny', other: 'deny' }));

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/documents': SIGNED_IN, // filtered to what the caller may read
  'POST /api/documents': WRITE,
  'GET /api/documents/in-force': SIGNED_IN, // the same filter
  'GET /api/documents/:id': READ,
  'PATCH /api/documents/:id': WRITE,
  'POST /api/documents/:id/versions': WRITE,
  'POST /api/documents/:id/history': MANAGER,
  'GET /api/document-versions/:id': READ,
  'PATCH /api/document-versions/:id': WRITE,
  'POST /api/document-versions/:id/submit': WRITE,
  'POST /api/document-versions/:id/approve': MANAGER,
  'POST /api/document-versions/:id/committee-approval': MANAGER,
  'GET /api/document-versions/:id/committee-minutes': READ,
  'POST /api/document-versions/:id/publish': MANAGER,
  'POST /api/document-versions/:id/reject': MANAGER,
  'GET /api/document-versions/:id/diff': READ,
  'GET /api/document-versions/:id/pdf': READ,
  'PUT /api/document-versions/:id/pdf': WRITE,
  'DELETE /api/document-versions/:id/pdf': WRITE,
  'POST /api/document-versions/:id/acknowledge': ACKNOWLEDGE,
  'GET /api/people/:id/acknowledgments': PERSON_ACKS,
};
