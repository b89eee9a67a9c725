import { SIGNED_IN, only, scoped, type RouteAccess } from '../../authz/access-table.js';

/**
 * Coverage (P32-6). The manager, data center and operations office staff see every number and
 * name; a site coordinator sees the numbers and names of the institution(s) they coordinate (an
 * institution filter outside them is refused, 403); every other role is refused (403). The yearly
 * education report holds no names: the steering committee's members may download it too. Every
 * signed-in person has their own "my tasks".
 */
const CENTRAL = ['security_manager', 'data_center_staff', 'operations_office_staff'] as const;
const COVERAGE = only([...CENTRAL, 'site_coordinator']);

export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  'GET /api/my-tasks': SIGNED_IN,
  'GET /api/coverage': COVERAGE,
  'GET /api/coverage/breakdown': COVERAGE,
  'GET /api/coverage/people': scoped({ anywhere: CENTRAL, ownScope: ['site_coordinator'], refuse: 'deny' }),
  'GET /api/coverage/export': COVERAGE,
  'GET /api/education-report': only([...CENTRAL, 'steering_committee_member']),
};
