import { z } from 'zod';

/** The roles of POLICY.md's vocabulary. Scoped roles carry an institution, research group, unit or committee. */
export const Role = z.enum([
  'security_manager',
  'system_admin',
  'data_center_staff',
  'operations_office_staff',
  'study_office_staff',
  'steering_committee_member',
  'committee_member',
  'site_coordinator',
  'researcher',
  'contractor',
]);
export type Role = z.infer<typeof Role>;
export const ROLES = Role.options;

/** Which scope fields each role needs when it is assigned. */
export const ROLE_SCOPE: Record<Role, readonly ('institutionId' | 'researchGroupId' | 'unitId' | 'committeeId')[]> = {
  security_manager: [],
  system_admin: [],
  data_center_staff: ['unitId'],
  operations_office_staff: ['unitId'],
  study_office_staff: ['unitId'],
  steering_committee_member: ['committeeId'],
  committee_member: ['committeeId'],
  site_coordinator: ['institutionId', 'researchGroupId'],
  researcher: ['institutionId'],
  contractor: [],
};

/** Roles whose holders work for the group centrally (not at a hospital). */
export const STAFF_ROLES: readonly Role[] = [
  'security_manager',
  'system_admin',
  'data_center_staff',
  'operations_office_staff',
  'study_office_staff',
];
