import { SIGNED_IN, only, type RouteAccess } from '../../authz/access-table.js';

/** Laws and norms (P32-1.3): everyone signed in reads the register; the manager and the data center keep it. */
const KEEPERS = only(['security_manager', 'data_center_staff']);

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/laws': SIGNED_IN,
  'GET /api/laws/:id': SIGNED_IN,
  'POST /api/laws': KEEPERS,
  'PATCH /api/laws/:id': KEEPERS,
  'POST /api/laws/:id/revisions': KEEPERS,
  'DELETE /api/laws/:id/revisions/:revisionId': KEEPERS,
};
