import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../authz/actor.js';
import { coordinates } from '../../authz/policy.js';
import { incidentInvestigators, incidents } from '../../db/schema/index.js';

/** Roles that see and work on every incident (P32-2.1.1: reports go to the manager; the data center responds). */
export const INCIDENT_DESK_ROLES = ['security_manager', 'data_center_staff'] as const;

/**
 * The incidents an actor may see, as a condition over `incidents` (undefined: all of them): the
 * manager and the data center see every incident; anyone else sees what they reported, what they
 * are assigned to or investigate, their unit's incidents (central staff), and their institution's
 * incidents when they are its site coordinator. Everything else answers 404.
 * Used by every module that reads an incident or something attached to it (breach clocks,
 * corrective actions, reports).
 */
export function incidentVisibility(actor: Actor): SQL | undefined {
  if (actor.kind === 'system') return undefined;
  if (actor.roles.some((r) => (INCIDENT_DESK_ROLES as readonly string[]).includes(r.role))) return undefined;
  const me = actor.personId ?? '00000000-0000-0000-0000-000000000000';
  const parts: SQL[] = [
    sql`${incidents.reportedBy} = ${me}`,
    sql`${incidents.assigneeId} = ${me}`,
    sql`exists (select 1 from ${incidentInvestigators} where ${incidentInvestigators.incidentId} = ${incidents.id} and ${incidentInvestigators.personId} = ${me})`,
  ];
  const staffUnits = actor.roles.filter((r) => (r.role === 'operations_office_staff' || r.role === 'study_office_staff') && r.unitId).map((r) => r.unitId as string);
  if (staffUnits.length) parts.push(sql`${incidents.unitId} in (${sql.join(staffUnits.map((u) => sql`${u}`), sql`, `)})`);
  const sites = coordinates(actor);
  if (sites.length) parts.push(sql`${incidents.institutionId} in (${sql.join(sites.map((u) => sql`${u}`), sql`, `)})`);
  return sql`(${sql.join(parts, sql` or `)})`;
}
