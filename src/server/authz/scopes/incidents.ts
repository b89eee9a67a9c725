import { inArray, or, sql, eq } from 'drizzle-orm';
import type { Role } from '../../../shared/roles.js';
import { incidentInvestigators, incidents } from '../../db/schema/index.js';
import type { Actor } from '../actor.js';
import { coordinates } from '../policy.js';
import { hasRole, NOBODY, oneOf, roleScopes, type Scope } from './scope.js';

/** Roles that see and work on every incident (P32-2.1.1: reports go to the manager; the data center responds). */
export const INCIDENT_DESK_ROLES: readonly Role[] = ['security_manager', 'data_center_staff'];

/** What decides an incident's visibility: the people on it and where it happened. */
export interface IncidentScopeRow {
  reportedBy: string | null;
  assigneeId: string | null;
  investigatorIds: readonly string[];
  unitId: string | null;
  institutionId: string | null;
}

type Reach = 'all' | { personId: string; unitIds: string[]; institutionIds: string[] };

function reach(actor: Actor): Reach {
  if (actor.kind === 'system' || hasRole(actor, ...INCIDENT_DESK_ROLES)) return 'all';
  return {
    personId: actor.personId ?? NOBODY,
    unitIds: roleScopes(actor, ['operations_office_staff', 'study_office_staff'], 'unitId'),
    institutionIds: coordinates(actor),
  };
}

/**
 * The incidents an actor may see: the manager and the data center see every incident; anyone
 * else sees what they reported, what they are assigned to or investigate, their unit's incidents
 * (central staff), and their institution's incidents when they are its site coordinator.
 * Everything else answers 404. Used by every module that reads an incident or something attached
 * to it (breach clocks, corrective actions, reports).
 */
export const incidentScope: Scope<IncidentScopeRow> = {
  allows(actor, i) {
    const r = reach(actor);
    if (r === 'all') return true;
    return (
      i.reportedBy === r.personId ||
      i.assigneeId === r.personId ||
      i.investigatorIds.includes(r.personId) ||
      oneOf(i.unitId, r.unitIds) ||
      oneOf(i.institutionId, r.institutionIds)
    );
  },
  filter(actor) {
    const r = reach(actor);
    if (r === 'all') return undefined;
    return or(
      eq(incidents.reportedBy, r.personId),
      eq(incidents.assigneeId, r.personId),
      sql`exists (select 1 from ${incidentInvestigators} where ${incidentInvestigators.incidentId} = ${incidents.id} and ${incidentInvestigators.personId} = ${r.personId})`,
      r.unitIds.length ? inArray(incidents.unitId, r.unitIds) : undefined,
      r.institutionIds.length ? inArray(incidents.institutionId, r.institutionIds) : undefined,
    );
  },
};
