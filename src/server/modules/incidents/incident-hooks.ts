import type { IncidentDto } from '../../../shared/incidents.js';
import type { Actor } from '../../authz/actor.js';
import type { Conn } from '../../db/client.js';

/** What keeps an incident from closing: corrective actions still open, reporting clocks pending. */
export type CloseBlockers = NonNullable<IncidentDto['closeBlockers']>;

/** A timeline entry, and details for the change's audit entry, that another module adds to an incident's change. */
export interface IncidentChangeNote {
  event: { type: string; text: string; data: Record<string, unknown> };
  details: Record<string, unknown>;
}

/**
 * What other modules contribute to an incident's workflow, so that the incidents module never
 * imports the modules that build on it (they are called, they do not call back): CAPA counts the
 * actions that keep an incident open; breach reporting its pending clocks, and moves them when
 * the awareness date is corrected. Declared in a module's manifest (`incidentHooks`) and
 * registered by name by the composition root, like the account-activation event.
 */
export interface IncidentHooks {
  /** This module's part of what keeps the incident from closing (in the caller's transaction when given one). */
  readonly closeBlockers?: (conn: Conn, incidentId: string) => Promise<Partial<CloseBlockers>>;
  /** After the awareness date is corrected, in the change's transaction: what moved, if anything. */
  readonly awarenessCorrected?: (tx: Conn, incident: { id: string; awareAt: Date }, now: Date, actor: Actor) => Promise<IncidentChangeNote | null>;
}

const hooks = new Map<string, IncidentHooks>();

/** Registers a module's hooks (by name: registering the same module twice keeps one). */
export function onIncident(name: string, h: IncidentHooks): void {
  hooks.set(name, h);
}

/** Everything that keeps the incident from closing, as every module with hooks reports it. */
export async function collectCloseBlockers(conn: Conn, incidentId: string): Promise<CloseBlockers> {
  const out: CloseBlockers = { openActions: 0, pendingClocks: [] };
  for (const h of hooks.values()) {
    if (!h.closeBlockers) continue;
    const b = await h.closeBlockers(conn, incidentId);
    out.openActions += b.openActions ?? 0;
    out.pendingClocks.push(...(b.pendingClocks ?? []));
  }
  return out;
}

/** Tells every module with hooks that the incident's awareness date was corrected; returns their notes. */
export async function runAwarenessCorrected(tx: Conn, incident: { id: string; awareAt: Date }, now: Date, actor: Actor): Promise<IncidentChangeNote[]> {
  const notes: IncidentChangeNote[] = [];
  for (const h of hooks.values()) {
    const n = await h.awarenessCorrected?.(tx, incident, now, actor);
    if (n) notes.push(n);
  }
  return notes;
}
