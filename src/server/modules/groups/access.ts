import { PUBLIC, REGISTRY, REGISTRY_ADMINS, SIGNED_IN, scoped, type RouteAccess } from '../../authz/access-table.js';

/**
 * Group IDs and member-only content (P32-2.1.3d, e). "own" is research group A (every matrix actor
 * belongs to it; the site coordinator is scoped to it), "other" is group B.
 */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  // everyone signed in sees the status of their own groups (empty for people in none)
  'GET /api/group-ids/mine': SIGNED_IN,
  // only the group's researchers and its site coordinators; never the data center or the manager
  // a refusal answers 404 as for an unknown group (still audited authz.denied), so group ids cannot be probed
  'POST /api/group-ids/:groupId/reveal': scoped({ anywhere: [], ownScope: ['researcher', 'site_coordinator'], refuse: 'hide' }),
  // a site coordinator, for researchers of their own site in their group (P32-2.1.3e)
  'GET /api/group-ids/:groupId/resend-candidates': scoped({ anywhere: [], ownScope: ['site_coordinator'], refuse: 'hide' }),
  'POST /api/group-ids/:groupId/resend': scoped({ anywhere: [], ownScope: ['site_coordinator'] }),

  // the data center rotates, schedules and reads rosters, without ever seeing a password
  'GET /api/group-credentials': REGISTRY,
  'GET /api/group-credentials/:groupId': REGISTRY,
  'POST /api/group-credentials/:groupId/rotate': REGISTRY,
  'PATCH /api/group-credentials/:groupId/schedule': REGISTRY,
  'GET /api/group-rotation-proposals': REGISTRY,
  'POST /api/group-rotation-proposals/:id/accept': REGISTRY,
  'POST /api/group-rotation-proposals/:id/dismiss': REGISTRY,

  // signing in with a group ID opens a read-only session for that group's content
  'POST /api/group-access/sign-in': PUBLIC,
  'GET /api/group-access/session': PUBLIC,
  'POST /api/group-access/sign-out': PUBLIC,

  // members read their group's content (a group session reaches it too: see groups tests); administrators read every group's
  // (another group's content answers 404, as an unknown group does)
  'GET /api/group-content/:groupId': scoped({ anywhere: REGISTRY_ADMINS, ownScope: 'all', refuse: 'hide' }),
  'GET /api/group-content/:groupId/items/:itemId': scoped({ anywhere: REGISTRY_ADMINS, ownScope: 'all', refuse: 'hide' }),
  'GET /api/group-content/:groupId/items/:itemId/file': scoped({ anywhere: REGISTRY_ADMINS, ownScope: 'all', refuse: 'hide' }),
  // administrators publish for any group; a study office only for the groups it belongs to
  'POST /api/group-content/:groupId/notices': scoped({ anywhere: REGISTRY_ADMINS, ownScope: ['study_office_staff'] }),
  'POST /api/group-content/:groupId/documents': scoped({ anywhere: REGISTRY_ADMINS, ownScope: ['study_office_staff'] }),
  'PATCH /api/group-content/:groupId/items/:itemId': scoped({ anywhere: REGISTRY_ADMINS, ownScope: ['study_office_staff'] }),
  'POST /api/group-content/:groupId/items/:itemId/withdraw': scoped({ anywhere: REGISTRY_ADMINS, ownScope: ['study_office_staff'] }),
};
