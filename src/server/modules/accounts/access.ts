import { PUBLIC, REGISTRY, SIGNED_IN, type RouteAccess } from '../../authz/access-table.js';

/**
 * Accounts, the pledge and lost credentials. The console's routes are the data center's
 * (account.manage / credential_loss.manage: the registry administrators) anywhere; a person may also
 * read their own account (`GET /api/people/:id/account`, tested in accounts.test.ts). The public
 * routes need a one-time link's token, or always give the same answer (no account enumeration).
 */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'POST /api/invitations/lookup': PUBLIC,
  'POST /api/invitations/accept': PUBLIC,
  'POST /api/lost-credentials': PUBLIC,
  'POST /api/lost-credentials/confirm': PUBLIC,
  'POST /api/password-reset/request': PUBLIC,
  'POST /api/password-reset': PUBLIC,

  'GET /api/pledge': SIGNED_IN,
  'GET /api/me/pledge': SIGNED_IN,
  'POST /api/me/pledge': SIGNED_IN,
  'POST /api/me/credential-loss': SIGNED_IN,

  'GET /api/accounts': REGISTRY,
  'GET /api/accounts/summary': REGISTRY,
  'GET /api/accounts/export.csv': REGISTRY,
  'POST /api/accounts/invitations': REGISTRY,
  'GET /api/people/:id/account': REGISTRY,
  'POST /api/people/:id/account/invitation': REGISTRY,
  'POST /api/people/:id/account/suspend': REGISTRY,
  'POST /api/people/:id/account/reactivate': REGISTRY,
  'PUT /api/people/:id/account/expiry': REGISTRY,
  'POST /api/people/:id/account/offboard': REGISTRY,

  'GET /api/credential-losses': REGISTRY,
  'GET /api/credential-losses/:id': REGISTRY,
  'POST /api/credential-losses/:id/reset-mfa': REGISTRY,
  'POST /api/credential-losses/:id/close': REGISTRY,
};
