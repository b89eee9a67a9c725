import { eq, or } from 'drizzle-orm';
import { incidentActions } from '../../db/schema/index.js';
import { incidentScope, type IncidentScopeRow } from './incidents.js';
import { NOBODY, type Scope } from './scope.js';

/** What decides a corrective action's visibility: its owner and its incident. */
export interface ActionScopeRow {
  ownerId: string | null;
  incident: IncidentScopeRow;
}

/**
 * The corrective actions an actor sees (P32-4): those of the incidents they see (incidents.ts) and
 * those they own. The condition is over `incident_actions` joined with `incidents`.
 */
export const actionScope: Scope<ActionScopeRow> = {
  allows: (actor, a) => incidentScope.allows(actor, a.incident) || a.ownerId === (actor.personId ?? NOBODY),
  filter(actor) {
    const seen = incidentScope.filter(actor);
    if (!seen) return undefined;
    return or(seen, eq(incidentActions.ownerId, actor.personId ?? NOBODY));
  },
};
