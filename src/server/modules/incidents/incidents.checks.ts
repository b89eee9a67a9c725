import { and, eq, inArray } from 'drizzle-orm';
import type { IncidentLinkKind } from '../../../shared/incidents.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import { assetScope } from '../../authz/scopes/assets.js';
import { incidentScope } from '../../authz/scopes/incidents.js';
import { riskScope } from '../../authz/scopes/risks.js';
import type { Clock } from '../../clock.js';
import type { Conn } from '../../db/client.js';
import { assets, incidentEvents, incidents, institutions, laws, people, risks, studies, units } from '../../db/schema/index.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.js';
import type { IncidentRow } from './incidents.open.js';
import { membersOf } from './incidents.read.js';

/**
 * What every change to an incident shares: finding the row the actor may see (locked, at the
 * version the change was based on), the checks of times, places, people and link targets, and
 * writing a timeline entry. Used by the workflow (incidents.service.ts) and the attachments
 * (incidents.attachments.ts).
 */

export type Problem = { path: string; message: string };
/** How far in the future a time may be (clock skew between a phone and the server). */
export const SKEW_MS = 5 * 60_000;

/** The incident if the actor may see it (404 otherwise); locked for update when asked. */
export async function visibleIncidentRow(conn: Conn, actor: Actor, id: string, lock = false): Promise<IncidentRow> {
  const q = conn
    .select()
    .from(incidents)
    .where(and(eq(incidents.id, id), incidentScope.filter(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('Incident');
  return row;
}

/** Inside the transaction: still a contributor (membership may have changed since mayContribute). */
export async function stillContributes(tx: Conn, actor: Actor, row: IncidentRow) {
  if (!can(actor, 'incident.contribute', { memberIds: await membersOf(tx, row) })) throw new ForbiddenError('incident.contribute');
}

/** Locks the incident (404 out of sight) and checks the version the change was based on. */
export async function lockCurrent(tx: Conn, actor: Actor, id: string, version: number): Promise<IncidentRow> {
  const row = await visibleIncidentRow(tx, actor, id, true);
  if (row.version !== version)
    throw new AppError(409, 'INCIDENT_VERSION_CONFLICT', 'Someone else changed this incident meanwhile. Reload it and try again.', { currentVersion: row.version });
  return row;
}

/** Writes a timeline entry (recorded now, by the actor); returns its id. */
export async function recordEvent(tx: Conn, clock: Clock, actor: Actor, incidentId: string, type: string, at: Date, text: string, data: Record<string, unknown>): Promise<number> {
  const [e] = await tx
    .insert(incidentEvents)
    .values({ incidentId, type, at, recordedAt: clock.now(), actorId: actor.personId, text, data })
    .returning({ id: incidentEvents.id });
  return e!.id;
}

/** The institution and unit, when given, exist (400 otherwise). */
export async function checkPlace(tx: Conn, institutionId: string | null, unitId: string | null) {
  const p: Problem[] = [];
  if (institutionId) {
    const [i] = await tx.select({ id: institutions.id }).from(institutions).where(eq(institutions.id, institutionId));
    if (!i) p.push({ path: 'institutionId', message: 'does not exist' });
  }
  if (unitId) {
    const [u] = await tx.select({ id: units.id }).from(units).where(eq(units.id, unitId));
    if (!u) p.push({ path: 'unitId', message: 'does not exist' });
  }
  if (p.length) throw new ValidationError('Some fields are invalid.', p);
}

/** The person is active (400 on `path` otherwise). */
export async function checkPerson(tx: Conn, personId: string, path: string) {
  const [p] = await tx.select({ id: people.id }).from(people).where(and(eq(people.id, personId), eq(people.active, true)));
  if (!p) throw new ValidationError('Some fields are invalid.', [{ path, message: 'no active person with this id' }]);
}

/** The ids among `ids` that do not exist, or (assets, risks) that the actor may not see, as problems. */
export async function missingTargets(tx: Conn, actor: Actor, kind: IncidentLinkKind, ids: string[], path: string): Promise<Problem[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return [];
  let found: { id: string }[];
  if (kind === 'asset') found = await tx.select({ id: assets.id }).from(assets).where(and(inArray(assets.id, wanted), assetScope.filter(actor)));
  else if (kind === 'risk') found = await tx.select({ id: risks.id }).from(risks).where(and(inArray(risks.id, wanted), riskScope.filter(actor)));
  else if (kind === 'study') found = await tx.select({ id: studies.id }).from(studies).where(inArray(studies.id, wanted));
  else if (kind === 'law') found = await tx.select({ id: laws.id }).from(laws).where(inArray(laws.id, wanted));
  else if (kind === 'institution') found = await tx.select({ id: institutions.id }).from(institutions).where(inArray(institutions.id, wanted));
  else found = await tx.select({ id: people.id }).from(people).where(inArray(people.id, wanted));
  const ok = new Set(found.map((f) => f.id));
  return ids.flatMap((x, i) => (ok.has(x) ? [] : [{ path: ids.length === 1 && path === 'targetId' ? path : `${path}.${i}`, message: 'not found' }]));
}

/** When it happened and when it was noticed: not in the future, and not noticed before it happened. */
export function timeProblems(now: Date, t: { awareAt: Date; occurredAt: Date | null }): Problem[] {
  const p: Problem[] = [];
  const limit = now.getTime() + SKEW_MS;
  if (t.awareAt.getTime() > limit) p.push({ path: 'awareAt', message: 'must not be in the future' });
  if (t.occurredAt && t.occurredAt.getTime() > limit) p.push({ path: 'occurredAt', message: 'must not be in the future' });
  if (t.occurredAt && t.occurredAt.getTime() > t.awareAt.getTime()) p.push({ path: 'occurredAt', message: 'must not be after it was noticed' });
  return p;
}
