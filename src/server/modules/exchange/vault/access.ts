import { ROLES } from '../../../../shared/roles.js';
import { SIGNED_IN, type RouteAccess, type RoleAccess } from '../../../authz/access-table.js';

/**
 * The vault's upload routes. Everyone signed in may start an upload (sending is open to every
 * account, P32-2.1.2); an upload and the file it becomes belong to the uploader alone: "own" is
 * the caller's own upload, "other" someone else's, answered 404 as if it did not exist.
 */
const OWNER_ONLY: RouteAccess = {
  public: false,
  roles: Object.fromEntries(ROLES.map((r) => [r, { own: 'allow', other: 'hide' }])) as unknown as RoleAccess,
};

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'POST /api/exchange/uploads': SIGNED_IN,
  'GET /api/exchange/uploads/:id': OWNER_ONLY,
  'PATCH /api/exchange/uploads/:id': OWNER_ONLY,
  'DELETE /api/exchange/uploads/:id': OWNER_ONLY,
};
