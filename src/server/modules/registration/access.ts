import { REGISTRY, REGISTRY_ADMINS, SIGNED_IN, scoped, type RouteAccess } from '../../authz/access-table.js';

/**
 * Registration changes. "own"/"other" per route: submit and read — a person at institution A or at
 * B; withdraw — a request the caller submitted, or someone else's.
 */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/registration-changes': SIGNED_IN, // my own requests only
  'GET /api/registration-changes/queue': REGISTRY,
  // the person, the submitter, the data center, and the site coordinators of the person's institution
  'GET /api/registration-changes/:id': scoped({ anywhere: REGISTRY_ADMINS, ownScope: ['site_coordinator'], refuse: 'hide' }),
  // about oneself: everyone (tested in registration.test.ts); on someone's behalf: as here
  'POST /api/registration-changes': scoped({ anywhere: REGISTRY_ADMINS, ownScope: ['site_coordinator'] }),
  'POST /api/registration-changes/:id/decision': REGISTRY,
  'POST /api/registration-changes/:id/withdraw': scoped({ anywhere: [], ownScope: 'all', refuse: 'hide' }),
};
