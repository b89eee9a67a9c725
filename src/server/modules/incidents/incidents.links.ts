import { and, eq } from 'drizzle-orm';
import type { AddIncidentLink, IncidentLinkKind } from '../../../shared/incidents.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { Clock } from '../../clock.js';
import type { Conn } from '../../db/client.js';
import { incidentInvestigators, incidentLinks, incidents } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { checkPerson, missingTargets, recordEvent, visibleIncidentRow } from './incidents.checks.js';

/**
 * An incident's links and investigators, changed by the desk inside the caller's transaction:
 * each change writes a timeline entry and an audit entry, and touches the incident's updatedAt.
 */

/** Links a study, asset, risk, law, institution or person the actor may see (once). */
export async function linkTarget(tx: Conn, clock: Clock, actor: Actor, id: string, input: AddIncidentLink): Promise<void> {
  const row = await visibleIncidentRow(tx, actor, id, true);
  const missing = await missingTargets(tx, actor, input.kind, [input.targetId], 'targetId');
  if (missing.length) throw new AppError(422, 'INCIDENT_LINK_INVALID', `No ${input.kind} with this id that you may see.`, missing);
  const now = clock.now();
  const added = await tx.insert(incidentLinks).values({ incidentId: id, targetKind: input.kind, targetId: input.targetId, addedAt: now }).onConflictDoNothing().returning();
  if (!added.length) return;
  await recordEvent(tx, clock, actor, id, 'link_added', now, '', { kind: input.kind, targetId: input.targetId });
  await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
  await appendAudit(tx, clock, actor, { action: 'incident.linked', targetType: 'incident', targetId: id, details: { ref: row.ref, kind: input.kind, targetId: input.targetId } });
}

/** Removes a link (404 when there is none). */
export async function unlinkTarget(tx: Conn, clock: Clock, actor: Actor, id: string, kind: IncidentLinkKind, targetId: string): Promise<void> {
  const row = await visibleIncidentRow(tx, actor, id, true);
  const gone = await tx
    .delete(incidentLinks)
    .where(and(eq(incidentLinks.incidentId, id), eq(incidentLinks.targetKind, kind), eq(incidentLinks.targetId, targetId)))
    .returning();
  if (!gone.length) throw new NotFoundError('Link');
  const now = clock.now();
  await recordEvent(tx, clock, actor, id, 'link_removed', now, '', { kind, targetId });
  await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
  await appendAudit(tx, clock, actor, { action: 'incident.unlinked', targetType: 'incident', targetId: id, details: { ref: row.ref, kind, targetId } });
}

/** Names an active person as an investigator (once). */
export async function addInvestigatorTx(tx: Conn, clock: Clock, actor: Actor, id: string, personId: string): Promise<void> {
  const row = await visibleIncidentRow(tx, actor, id, true);
  await checkPerson(tx, personId, 'personId');
  const now = clock.now();
  const added = await tx.insert(incidentInvestigators).values({ incidentId: id, personId, addedAt: now }).onConflictDoNothing().returning();
  if (!added.length) return;
  await recordEvent(tx, clock, actor, id, 'note', now, '', { investigatorAdded: personId });
  await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
  await appendAudit(tx, clock, actor, { action: 'incident.investigator_added', targetType: 'incident', targetId: id, details: { ref: row.ref, personId } });
}

/** Removes an investigator (404 when not one). */
export async function removeInvestigatorTx(tx: Conn, clock: Clock, actor: Actor, id: string, personId: string): Promise<void> {
  const row = await visibleIncidentRow(tx, actor, id, true);
  const gone = await tx
    .delete(incidentInvestigators)
    .where(and(eq(incidentInvestigators.incidentId, id), eq(incidentInvestigators.personId, personId)))
    .returning();
  if (!gone.length) throw new NotFoundError('Investigator');
  const now = clock.now();
  await recordEvent(tx, clock, actor, id, 'note', now, '', { investigatorRemoved: personId });
  await tx.update(incidents).set({ updatedAt: now }).where(eq(incidents.id, id));
  await appendAudit(tx, clock, actor, { action: 'incident.investigator_removed', targetType: 'incident', targetId: id, details: { ref: row.ref, personId } });
}
