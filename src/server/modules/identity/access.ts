import { PUBLIC, REGISTRY_ADMINS, SIGNED_IN, only, type RouteAccess } from '../../authz/access-table.js';

/** Expected access of the identity routes (the session, sign-in and first-run setup are in authz/route-access.ts). */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  // The second sign-in step: any session may post; only an MFA-stage one completes it (a full one gets 409).
  'POST /api/auth/mfa': SIGNED_IN,
  // one's own security settings and sessions
  'GET /api/me/security': SIGNED_IN,
  'POST /api/me/password': SIGNED_IN,
  'POST /api/me/mfa/enroll': SIGNED_IN,
  'POST /api/me/mfa/confirm': SIGNED_IN,
  'POST /api/me/mfa/recovery-codes': SIGNED_IN,
  'POST /api/me/mfa/replace': SIGNED_IN,
  'GET /api/me/sessions': SIGNED_IN,
  'POST /api/me/sessions/:id/end': SIGNED_IN,
  'POST /api/me/sessions/end-others': SIGNED_IN,
  // administrators (P32-2.1.3: the data center manages accounts)
  'POST /api/people/:id/sessions/end': only(REGISTRY_ADMINS),
  'POST /api/sessions/end-all': only(['security_manager', 'system_admin']),
  // accounts that look shared (P32-2.1.3a): IP addresses of other people's sessions
  'GET /api/accounts/sharing-signals': only(REGISTRY_ADMINS),
};
void PUBLIC;
