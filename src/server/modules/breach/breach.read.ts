import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { BoardDto, BoardQuery } from '../../../shared/breach.js';
import type { Actor } from '../../authz/actor.js';
import { incidentScope } from '../../authz/scopes/incidents.js';
import type { Conn } from '../../db/client.js';
import { personRefs } from '../../db/person-refs.js';
import { incidentClocks, incidents } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import { END_OF_DAY_MS, endOfJapanDay } from './breach.deadlines.js';
import { clockDto, type IncidentRow } from './breach.dto.js';

const DAY = 86_400_000;

/** The incident, if the actor may see it (else 404: its existence is not revealed). */
export async function visibleIncident(conn: Conn, actor: Actor, id: string, lock = false): Promise<IncidentRow> {
  const vis = incidentScope.filter(actor);
  const q = conn
    .select()
    .from(incidents)
    .where(vis ? and(eq(incidents.id, id), vis) : eq(incidents.id, id));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new NotFoundError('Incident');
  return row;
}

/** A condition over incident_clocks: not done and not waived (matches the partial index). */
const OPEN = sql`${incidentClocks.doneAt} is null and not ${incidentClocks.waived}`;

/**
 * Every open clock of the incidents the caller sees, soonest first, with its state; or, with
 * state=done, the clocks done or not needed. The state filter is a range on due_at / overdue_at
 * (see breach.deadlines.ts) so the partial index on open clocks serves it.
 */
export async function clockBoard(conn: Conn, actor: Actor, q: BoardQuery, now: Date): Promise<BoardDto> {
  const vis = incidentScope.filter(actor);
  const soon = new Date(now.getTime() + END_OF_DAY_MS); // due_at up to here: due (the due day has begun)
  const later = new Date(now.getTime() + DAY + END_OF_DAY_MS); // up to here: due soon
  const stateCond: Record<string, SQL> = {
    overdue: sql`${incidentClocks.overdueAt} < ${now}`,
    due: sql`${incidentClocks.overdueAt} >= ${now} and ${incidentClocks.dueAt} <= ${soon}`,
    due_soon: sql`${incidentClocks.dueAt} > ${soon} and ${incidentClocks.dueAt} <= ${later}`,
    upcoming: sql`${incidentClocks.dueAt} > ${later}`,
  };
  const conds: SQL[] = [];
  if (vis) conds.push(vis);
  if (q.kind) conds.push(eq(incidentClocks.kind, q.kind));
  if (q.state === 'done') conds.push(sql`(${incidentClocks.doneAt} is not null or ${incidentClocks.waived})`);
  else conds.push(OPEN);
  if (q.state !== 'done' && q.state !== 'open') conds.push(stateCond[q.state]!);
  const rows = await conn
    .select({ c: incidentClocks, i: { id: incidents.id, ref: incidents.ref, title: incidents.title, status: incidents.status, severity: incidents.severity } })
    .from(incidentClocks)
    .innerJoin(incidents, eq(incidents.id, incidentClocks.incidentId))
    .where(and(...conds))
    .orderBy(q.state === 'done' ? desc(incidentClocks.dueAt) : asc(incidentClocks.dueAt), asc(incidents.ref))
    .limit(q.limit + 1);
  const countConds: SQL[] = [OPEN];
  if (vis) countConds.push(vis);
  if (q.kind) countConds.push(eq(incidentClocks.kind, q.kind));
  const [counts] = await conn
    .select({
      overdue: sql<number>`count(*) filter (where ${stateCond.overdue})::int`,
      due: sql<number>`count(*) filter (where ${stateCond.due})::int`,
      due_soon: sql<number>`count(*) filter (where ${stateCond.due_soon})::int`,
      upcoming: sql<number>`count(*) filter (where ${stateCond.upcoming})::int`,
    })
    .from(incidentClocks)
    .innerJoin(incidents, eq(incidents.id, incidentClocks.incidentId))
    .where(and(...countConds));
  const page = rows.slice(0, q.limit);
  const people = await personRefs(conn, page.flatMap((r) => [r.c.doneBy, r.c.waivedBy]));
  return {
    items: page.map((r) => ({ ...clockDto(r.c, now, people), incident: r.i })),
    counts: { overdue: Number(counts?.overdue ?? 0), due: Number(counts?.due ?? 0), due_soon: Number(counts?.due_soon ?? 0), upcoming: Number(counts?.upcoming ?? 0) },
    truncated: rows.length > q.limit,
    now: now.toISOString(),
  };
}

/**
 * For the home page: open clocks due within the next 7 Japan calendar days, or already past
 * their due day, of the incidents the actor may see.
 */
export async function countClocksDueSoon(conn: Conn, actor: Actor, now: Date): Promise<number> {
  const vis = incidentScope.filter(actor);
  const horizon = endOfJapanDay(now, 7);
  const [row] = await conn
    .select({ n: sql<number>`count(*)::int` })
    .from(incidentClocks)
    .innerJoin(incidents, eq(incidents.id, incidentClocks.incidentId))
    .where(and(isNull(incidentClocks.doneAt), sql`not ${incidentClocks.waived}`, sql`${incidentClocks.dueAt} <= ${horizon}`, ...(vis ? [vis] : [])));
  return Number(row?.n ?? 0);
}
