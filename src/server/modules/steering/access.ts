import { only, type RouteAccess } from '../../authz/access-table.js';

/**
 * The steering committee report (P32-7, P32-3). The information security manager reads and
 * downloads it, naming the subjects of sanctions or not as they choose. Steering committee members
 * may read and download the anonymized version themselves (`names=anonymized`, the default): the
 * committee is who the report is for, and without names it holds only counts, incident references
 * and kinds (no free-text titles) and numbered subjects. Asking for `names=named` is refused to them
 * (403, tested in steering.test.ts). Every other role is refused.
 */
const READERS = only(['security_manager', 'steering_committee_member']);

export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/steering-report': READERS,
  'GET /api/steering-report/pdf': READERS,
};
