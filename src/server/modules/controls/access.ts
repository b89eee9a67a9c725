import type { Role } from '../../../shared/roles.js';
import { only, type RouteAccess } from '../../authz/access-table.js';

/** Who reads the control catalogue, its evidence, the SoA and the clause map: central staff, the manager and the steering committee. */
const READERS: Role[] = ['security_manager', 'system_admin', 'data_center_staff', 'operations_office_staff', 'study_office_staff', 'steering_committee_member'];
/** Who keeps the controls (P32-5: the data center and the operations office, under the manager). */
const KEEPERS: Role[] = ['security_manager', 'data_center_staff', 'operations_office_staff'];
/** Who may take the SoA out of the system (auditors' copies, reports to the steering committee). */
const EXPORTERS: Role[] = ['security_manager', 'data_center_staff', 'operations_office_staff', 'steering_committee_member'];

/**
 * The control catalogue (P32-5). Controls are group-wide, not scoped to an institution, so "own"
 * and "other" are the same; researchers, site coordinators, committee members and contractors are
 * refused everything.
 */
export const ROUTE_ACCESS: Record<string, RouteAccess> = {
  'GET /api/controls': only(READERS),
  'POST /api/controls': only(KEEPERS),
  'POST /api/controls/assign-owners': only(KEEPERS),
  'GET /api/controls/:id': only(READERS),
  'PATCH /api/controls/:id': only(KEEPERS),
  'DELETE /api/controls/:id': only(KEEPERS),
  'POST /api/controls/:id/evidence': only(KEEPERS),
  'PATCH /api/controls/:id/evidence/:evidenceId': only(KEEPERS),
  'DELETE /api/controls/:id/evidence/:evidenceId': only(KEEPERS),
  'GET /api/controls/:id/evidence/:evidenceId/download': only(READERS),
  'GET /api/soa': only(READERS),
  'GET /api/soa/export': only(EXPORTERS),
  'GET /api/clause-map': only(READERS),
};
