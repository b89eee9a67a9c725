import type { Role } from '../../../shared/roles.js';
import { ROLES } from '../../../shared/roles.js';
import { ROUTE_ACCESS as VAULT_ROUTE_ACCESS } from './vault/access.js';
import { SIGNED_IN, only, scoped, type Access, type RouteAccess, type TargetScope } from '../../authz/access-table.js';

/**
 * The secure exchange (P32-2.1.2). Everyone signed in sends and receives. A transfer belongs to its
 * sender ("own": the caller's transfer; "other": someone else's, not addressed to the caller):
 * others get 404, except the data center and the manager, who read any transfer's page and chain
 * of custody (and are refused, 403, when they try to change one). Only the sender and the
 * recipients download: nobody else, the data center included. The second approver is someone in
 * the sender's unit or with a site role at the sender's institution ("own": such a sender).
 * The vault's upload routes (X1) are described in vault/access.ts and gathered here.
 */
const MANAGERS: readonly Role[] = ['security_manager', 'data_center_staff'];
/** Roles that can be a second approver (they have a unit or a site role). */
export const APPROVER_ROLES: readonly Role[] = ['data_center_staff', 'operations_office_staff', 'study_office_staff', 'site_coordinator', 'researcher'];

const table = (f: (role: Role) => Record<TargetScope, Access>): RouteAccess => ({ public: false, roles: Object.fromEntries(ROLES.map((r) => [r, f(r)])) as never });

/** The sender's own transfer; someone else's: 403 to those who can see it (the data center), 404 to the rest. */
const SENDER_ONLY = table((r) => ({ own: 'allow', other: MANAGERS.includes(r) ? 'deny' : 'hide' }));
/** The sender (and recipients); the data center reads any. */
const READ_TRANSFER = scoped({ anywhere: MANAGERS, ownScope: 'all', refuse: 'hide' });
/** Only the sender and the recipients; everyone else 404. */
const DOWNLOAD = scoped({ anywhere: [], ownScope: 'all', refuse: 'hide' });
/** Second approval: a sender in one's unit or institution (own); elsewhere 404; roles that never approve 403. */
const APPROVE = table((r) => (APPROVER_ROLES.includes(r) ? { own: 'allow', other: 'hide' } : { own: 'deny', other: 'deny' }));
const DATA_CENTER = only(MANAGERS);

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  ...VAULT_ROUTE_ACCESS,
  'GET /api/exchange/options': SIGNED_IN,
  'GET /api/exchange/directory': SIGNED_IN,
  'GET /api/exchange/transfers': SIGNED_IN, // the caller's inbox or outbox
  'POST /api/exchange/transfers': SIGNED_IN,
  'GET /api/exchange/transfers/:id': READ_TRANSFER,
  'GET /api/exchange/transfers/:id/custody': READ_TRANSFER,
  'PATCH /api/exchange/transfers/:id': SENDER_ONLY,
  'POST /api/exchange/transfers/:id/files': SENDER_ONLY,
  'DELETE /api/exchange/transfers/:id/files/:fileId': SENDER_ONLY,
  'POST /api/exchange/transfers/:id/release': SENDER_ONLY,
  'POST /api/exchange/transfers/:id/withdraw': SENDER_ONLY,
  'POST /api/exchange/transfers/:id/waivers': SENDER_ONLY,
  'POST /api/exchange/transfers/:id/exception-requests': SENDER_ONLY,
  'GET /api/exchange/transfers/:id/files/:fileId/content': DOWNLOAD,
  'POST /api/exchange/transfers/:id/approval': APPROVE,
  'GET /api/exchange/approvals': only(APPROVER_ROLES),
  'GET /api/exchange/exceptions': DATA_CENTER,
  'POST /api/exchange/exceptions/:id/decision': DATA_CENTER,
  'GET /api/exchange/waivers': DATA_CENTER,
  'GET /api/exchange/holds': DATA_CENTER,
  'POST /api/exchange/holds': DATA_CENTER,
  'POST /api/exchange/holds/:id/release': DATA_CENTER,
  'GET /api/exchange/settings': DATA_CENTER,
  'PUT /api/exchange/settings': DATA_CENTER,
};
