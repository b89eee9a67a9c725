import { SIGNED_IN, type RouteAccess } from '../../authz/access-table.js';

/** Every signed-in person has a home page; the answer lists only the kinds their permissions allow. */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  'GET /api/me/tasks': SIGNED_IN,
};
