import { and, asc, count, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { UNFINISHED_ACTION_STATUSES, WORKING_ACTION_STATUSES, type ActionDto, type ActionPage, type ActionStatus, type ListActionsQuery, type RootCauseDto } from '../../../shared/capa.js';
import { formatRiskRef } from '../../../shared/risks.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import type { Conn } from '../../db/client.js';
import { incidentActions, incidentRootCauseRevisions, incidentRootCauses, incidents, risks, threats } from '../../db/schema/index.js';
import { NotFoundError } from '../../errors.js';
import { incidentScope } from '../../authz/scopes/incidents.js';
import { riskScope } from '../../authz/scopes/risks.js';
import { actionScope } from '../../authz/scopes/capa.js';
import { personRefs } from '../../db/person-refs.js';

export type ActionRow = typeof incidentActions.$inferSelect;
export interface ActionWithIncident {
  a: ActionRow;
  incidentRef: string;
  incidentTitle: string;
}

const NOBODY = '00000000-0000-0000-0000-000000000000';
const TERMINAL: readonly string[] = ['verified', 'accepted', 'cancelled'];

/** The incident if the actor may see it; 404 otherwise. */
export async function visibleIncident(conn: Conn, actor: Actor, id: string, lock = false) {
  const q = conn.select().from(incidents).where(and(eq(incidents.id, id), incidentScope.filter(actor)));
  const [row] = lock ? await q.for('update', { of: incidents }) : await q;
  if (!row) throw new NotFoundError('Incident');
  return row;
}

const withIncident = { a: incidentActions, incidentRef: incidents.ref, incidentTitle: incidents.title };

/** One action if the actor may see it (its incident, or they own it); 404 otherwise. */
export async function visibleAction(conn: Conn, actor: Actor, id: string, lock = false): Promise<ActionWithIncident> {
  const q = conn
    .select(withIncident)
    .from(incidentActions)
    .innerJoin(incidents, eq(incidents.id, incidentActions.incidentId))
    .where(and(eq(incidentActions.id, id), actionScope.filter(actor)));
  const [row] = lock ? await q.for('update', { of: incidentActions }) : await q;
  if (!row) throw new NotFoundError('Action');
  return row;
}

/** The actions of one incident, oldest first (the caller has checked the incident is visible). */
export async function actionsOfIncident(conn: Conn, incidentId: string): Promise<ActionWithIncident[]> {
  return conn
    .select(withIncident)
    .from(incidentActions)
    .innerJoin(incidents, eq(incidents.id, incidentActions.incidentId))
    .where(eq(incidentActions.incidentId, incidentId))
    .orderBy(asc(incidentActions.createdAt), asc(incidentActions.ref));
}

/** The condition of the action list (GET /api/incident-actions). */
export function listCondition(actor: Actor, q: ListActionsQuery, today: string): SQL | undefined {
  const statuses = q.overdue ? [...WORKING_ACTION_STATUSES] : (q.status ?? [...UNFINISHED_ACTION_STATUSES]);
  return and(
    actionScope.filter(actor),
    q.scope === 'mine' ? eq(incidentActions.ownerId, actor.personId ?? NOBODY) : undefined,
    inArray(incidentActions.status, statuses),
    q.overdue ? lt(incidentActions.dueOn, today) : undefined,
  );
}

export async function listActions(conn: Conn, actor: Actor, q: ListActionsQuery, today: string): Promise<ActionPage> {
  const where = listCondition(actor, q, today);
  const [rows, [total]] = await Promise.all([
    conn
      .select(withIncident)
      .from(incidentActions)
      .innerJoin(incidents, eq(incidents.id, incidentActions.incidentId))
      .where(where)
      .orderBy(asc(incidentActions.dueOn), asc(incidentActions.ref))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    conn.select({ n: count() }).from(incidentActions).innerJoin(incidents, eq(incidents.id, incidentActions.incidentId)).where(where),
  ]);
  return { items: await toDtos(conn, actor, rows, today), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

/** Whether a working action is past its due day (Japan). */
export const isOverdue = (a: Pick<ActionRow, 'status' | 'dueOn'>, today: string) => (WORKING_ACTION_STATUSES as readonly string[]).includes(a.status) && a.dueOn < today;

/** The DTOs of some actions for one actor (names, the linked risk when the actor may see it, what they may do). */
export async function toDtos(conn: Conn, actor: Actor, rows: ActionWithIncident[], today: string): Promise<ActionDto[]> {
  if (!rows.length) return [];
  const names = await personRefs(
    conn,
    rows.flatMap((r) => [r.a.ownerId, r.a.checkedBy]),
  );
  const riskIds = [...new Set(rows.map((r) => r.a.riskId).filter((x): x is string => !!x))];
  const riskRefs = new Map<string, { id: string; ref: string; nameJa: string; nameEn: string }>();
  if (riskIds.length) {
    const found = await conn
      .select({ id: risks.id, number: risks.number, title: risks.title, tj: threats.nameJa, te: threats.nameEn })
      .from(risks)
      .innerJoin(threats, eq(threats.id, risks.threatId))
      .where(and(inArray(risks.id, riskIds), riskScope.filter(actor)));
    for (const r of found) riskRefs.set(r.id, { id: r.id, ref: formatRiskRef(r.number), nameJa: r.title ?? r.tj, nameEn: r.title ?? r.te });
  }
  const manage = can(actor, 'incident.manage');
  const accept = can(actor, 'incident_action.accept');
  return rows.map(({ a, incidentRef, incidentTitle }) => {
    const terminal = TERMINAL.includes(a.status);
    return {
      id: a.id,
      ref: a.ref,
      incidentId: a.incidentId,
      incidentRef,
      incidentTitle,
      kind: a.kind as ActionDto['kind'],
      title: a.title,
      description: a.description,
      owner: a.ownerId ? (names.get(a.ownerId) ?? null) : null,
      dueOn: a.dueOn,
      status: a.status as ActionStatus,
      overdue: isOverdue(a, today),
      effectiveness: (a.effectiveness as ActionDto['effectiveness']) ?? null,
      effectivenessNote: a.effectivenessNote,
      checkedBy: a.checkedBy ? (names.get(a.checkedBy) ?? null) : null,
      checkedAt: a.checkedAt?.toISOString() ?? null,
      closeReason: a.closeReason,
      risk: a.riskId ? (riskRefs.get(a.riskId) ?? null) : null,
      riskChange: a.riskChange ?? null,
      closedAt: a.closedAt?.toISOString() ?? null,
      version: a.version,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
      may: {
        edit: manage && !terminal,
        progress: !terminal && a.status !== 'verified' && can(actor, 'incident_action.progress', { personId: a.ownerId ?? undefined }),
        check: manage && a.status === 'done' && a.ownerId !== actor.personId,
        accept: accept && !terminal,
      },
    };
  });
}

/** An incident's root-cause analysis with its revisions (visibility checked by the caller). */
export async function rootCauseDto(conn: Conn, incidentId: string): Promise<RootCauseDto> {
  const [rc] = await conn.select().from(incidentRootCauses).where(eq(incidentRootCauses.incidentId, incidentId));
  const revs = await conn.select().from(incidentRootCauseRevisions).where(eq(incidentRootCauseRevisions.incidentId, incidentId)).orderBy(desc(incidentRootCauseRevisions.version));
  const names = await personRefs(conn, [rc?.updatedBy, ...revs.map((r) => r.savedBy)]);
  const ref = (id: string | null | undefined) => (id ? (names.get(id) ?? null) : null);
  return {
    incidentId,
    method: (rc?.method as RootCauseDto['method']) ?? 'five_whys',
    whys: rc?.whys ?? [],
    factors: (rc?.factors ?? []) as RootCauseDto['factors'],
    statement: rc?.statement ?? '',
    completed: rc?.completed ?? false,
    completedAt: rc?.completedAt?.toISOString() ?? null,
    version: rc?.version ?? 0,
    updatedAt: rc?.updatedAt.toISOString() ?? null,
    updatedBy: ref(rc?.updatedBy),
    history: revs.map((r) => ({
      version: r.version,
      at: r.savedAt.toISOString(),
      by: ref(r.savedBy),
      method: r.method as RootCauseDto['method'],
      completed: r.completed,
      statement: r.statement,
      whys: r.whys.length,
      factors: r.factors.length,
    })),
  };
}
