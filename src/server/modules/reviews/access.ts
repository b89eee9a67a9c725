import { REGISTRY, REGISTRY_ADMINS, only, scoped, type RouteAccess } from '../../authz/access-table.js';

/**
 * Access reviews. The data center runs campaigns and decides any item; a site coordinator sees and
 * decides only their own institution's researchers ("own": an item at institution A, "other": at
 * B, answered 404); every other role is refused.
 */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/access-reviews': REGISTRY,
  'POST /api/access-reviews': REGISTRY,
  'GET /api/access-reviews/:id': REGISTRY,
  'POST /api/access-reviews/:id/close': REGISTRY,
  'GET /api/access-reviews/:id/report.csv': REGISTRY,
  'GET /api/access-reviews/:id/report.pdf': REGISTRY,
  'GET /api/access-reviews/tasks': only([...REGISTRY_ADMINS, 'site_coordinator']),
  'GET /api/access-reviews/:id/items': only([...REGISTRY_ADMINS, 'site_coordinator']), // filtered to what the caller reviews
  'POST /api/access-reviews/items/:id/decision': withHide(),
  'POST /api/access-reviews/items/bulk-confirm': withHide(),
};

/** Registry administrators anywhere; a site coordinator in scope, 404 out of it; everyone else 403. */
function withHide(): RouteAccess {
  const base = scoped({ anywhere: REGISTRY_ADMINS, ownScope: ['site_coordinator'] });
  if (base.public) return base;
  return { public: false, roles: { ...base.roles, site_coordinator: { own: 'allow', other: 'hide' } } };
}
