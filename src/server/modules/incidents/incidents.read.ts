import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { formatAssetRef } from '../../../shared/assets.js';
import {
  canTransition,
  INCIDENT_TRANSITIONS,
  IncidentKind,
  OPEN_INCIDENT_STATUSES,
  type ClockKind,
  type IncidentDashboardDto,
  type IncidentDto,
  type IncidentEventType,
  type IncidentLinkKind,
  type IncidentPage,
  type IncidentSeverity,
  type IncidentStatus,
  type IncidentSummaryDto,
  type ListIncidentsQuery,
  type PersonalInfoAnswer,
} from '../../../shared/incidents.js';
import { formatRiskRef } from '../../../shared/risks.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import type { Conn } from '../../db/client.js';
import {
  assets,
  incidentAttachments,
  incidentClocks,
  incidentEvents,
  incidentInvestigators,
  incidentLinks,
  incidents,
  institutions,
  laws,
  risks,
  studies,
  threats,
  units,
} from '../../db/schema/index.js';
import { personRefs, type PersonRef } from '../../db/person-refs.js';
import { incidentScope } from '../../authz/scopes/incidents.js';
import { collectCloseBlockers } from './incident-hooks.js';
import type { IncidentRow } from './incidents.open.js';

const DAY = 86_400_000;
const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * How many incidents wait for triage (status "reported") among those the actor sees, for the home
 * page's "needs your attention"; 0 for anyone who may not manage incidents.
 */
export async function countIncidentsToTriage(conn: Conn, actor: Actor): Promise<number> {
  if (!can(actor, 'incident.manage')) return 0;
  const [r] = await conn
    .select({ n: count() })
    .from(incidents)
    .where(and(eq(incidents.status, 'reported'), incidentScope.filter(actor)));
  return Number(r?.n ?? 0);
}

/** The people working on an incident: its reporter, assignee and investigators. */
export async function membersOf(conn: Conn, row: IncidentRow): Promise<string[]> {
  const inv = await conn.select({ id: incidentInvestigators.personId }).from(incidentInvestigators).where(eq(incidentInvestigators.incidentId, row.id));
  return [row.reportedBy, row.assigneeId, ...inv.map((i) => i.id)].filter((x): x is string => !!x);
}

/** The list's filters as a condition over `incidents` (visibility is added by the caller). */
export function incidentFilter(actor: Actor, q: Partial<ListIncidentsQuery>): SQL | undefined {
  const me = actor.personId ?? '00000000-0000-0000-0000-000000000000';
  const words = (q.q ?? '').split(/\s+/u).filter(Boolean).slice(0, 8);
  const refLike = words.length === 1 && /^inc-?\d{0,4}-?\d*$/i.test(words[0]!);
  return and(
    q.status?.length ? inArray(incidents.status, q.status) : undefined,
    q.open ? inArray(incidents.status, [...OPEN_INCIDENT_STATUSES]) : undefined,
    q.kind?.length ? inArray(incidents.kind, q.kind) : undefined,
    q.severity?.length ? inArray(incidents.severity, q.severity) : undefined,
    q.mine
      ? or(
          eq(incidents.reportedBy, me),
          eq(incidents.assigneeId, me),
          sql`exists (select 1 from ${incidentInvestigators} where ${incidentInvestigators.incidentId} = ${incidents.id} and ${incidentInvestigators.personId} = ${me})`,
        )
      : undefined,
    refLike ? ilike(incidents.ref, like(words[0]!)) : and(...words.map((w) => or(ilike(incidents.title, like(w)), ilike(incidents.ref, like(w))))),
  );
}

const SEVERITY_RANK = sql`case ${incidents.severity} when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end`;
const STATUS_RANK = sql`case ${incidents.status} when 'reported' then 1 when 'triaged' then 2 when 'contained' then 3 when 'investigating' then 4 when 'resolved' then 5 when 'closed' then 6 else 7 end`;

/** Reading incidents: the list, one incident with everything on its page, the dashboard. */
export class IncidentReader {
  constructor(private readonly conn: Conn) {}

  async page(actor: Actor, q: ListIncidentsQuery): Promise<IncidentPage> {
    const where = and(incidentScope.filter(actor), incidentFilter(actor, q));
    const d = q.dir === 'asc' ? asc : desc;
    const order: SQL[] =
      q.sort === 'awareAt'
        ? [d(incidents.awareAt), d(incidents.id)]
        : q.sort === 'ref'
          ? [d(incidents.ref)]
          : q.sort === 'severity'
            ? [sql`${SEVERITY_RANK} ${sql.raw(q.dir)}`, desc(incidents.reportedAt)]
            : q.sort === 'status'
              ? [sql`${STATUS_RANK} ${sql.raw(q.dir)}`, desc(incidents.reportedAt)]
              : q.sort === 'updatedAt'
                ? [d(incidents.updatedAt), d(incidents.id)]
                : [d(incidents.reportedAt), d(incidents.id)];
    const [rows, [total]] = await Promise.all([
      this.conn
        .select()
        .from(incidents)
        .where(where)
        .orderBy(...order)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.conn.select({ n: count() }).from(incidents).where(where),
    ]);
    return { items: await this.summaries(rows), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
  }

  private async orgRefs(rows: IncidentRow[]) {
    const instIds = [...new Set(rows.map((r) => r.institutionId).filter((x): x is string => !!x))];
    const unitIds = [...new Set(rows.map((r) => r.unitId).filter((x): x is string => !!x))];
    const [insts, us] = await Promise.all([
      instIds.length ? this.conn.select({ id: institutions.id, code: institutions.code, nameJa: institutions.nameJa, nameEn: institutions.nameEn }).from(institutions).where(inArray(institutions.id, instIds)) : [],
      unitIds.length ? this.conn.select({ id: units.id, code: units.code, nameJa: units.nameJa, nameEn: units.nameEn }).from(units).where(inArray(units.id, unitIds)) : [],
    ]);
    return { insts: new Map(insts.map((i) => [i.id, i])), units: new Map(us.map((u) => [u.id, u])) };
  }

  async summaries(rows: IncidentRow[]): Promise<IncidentSummaryDto[]> {
    const [names, orgs] = await Promise.all([personRefs(this.conn, rows.flatMap((r) => [r.assigneeId, r.reportedBy])), this.orgRefs(rows)]);
    return rows.map((r) => this.summary(r, names, orgs.insts));
  }

  private summary(r: IncidentRow, names: Map<string, PersonRef>, insts: Map<string, { id: string; code: string; nameJa: string; nameEn: string }>): IncidentSummaryDto {
    return {
      id: r.id,
      ref: r.ref,
      kind: r.kind as IncidentSummaryDto['kind'],
      title: r.title,
      status: r.status as IncidentStatus,
      severity: (r.severity as IncidentSeverity | null) ?? null,
      personalInfo: r.personalInfo as PersonalInfoAnswer,
      reportedAt: r.reportedAt.toISOString(),
      awareAt: r.awareAt.toISOString(),
      institution: (r.institutionId && insts.get(r.institutionId)) || null,
      assignee: (r.assigneeId && names.get(r.assigneeId)) || null,
      reportedBy: (r.reportedBy && names.get(r.reportedBy)) || null,
    };
  }

  /** The labels of links, in both languages (also for targets the reader could not pick). */
  async linkLabels(links: { kind: string; targetId: string }[]): Promise<Map<string, { ja: string; en: string }>> {
    const out = new Map<string, { ja: string; en: string }>();
    const idsOf = (k: IncidentLinkKind) => links.filter((l) => l.kind === k).map((l) => l.targetId);
    const put = (k: IncidentLinkKind, id: string, ja: string, en: string) => out.set(`${k}:${id}`, { ja, en });
    const a = idsOf('asset');
    if (a.length) for (const r of await this.conn.select({ id: assets.id, n: assets.refNo, name: assets.name }).from(assets).where(inArray(assets.id, a))) put('asset', r.id, `${formatAssetRef(r.n)} ${r.name}`, `${formatAssetRef(r.n)} ${r.name}`);
    const rk = idsOf('risk');
    if (rk.length)
      for (const r of await this.conn.select({ id: risks.id, n: risks.number, title: risks.title, tj: threats.nameJa, te: threats.nameEn }).from(risks).innerJoin(threats, eq(threats.id, risks.threatId)).where(inArray(risks.id, rk)))
        put('risk', r.id, `${formatRiskRef(r.n)} ${r.title ?? r.tj}`, `${formatRiskRef(r.n)} ${r.title ?? r.te}`);
    const st = idsOf('study');
    if (st.length) for (const r of await this.conn.select().from(studies).where(inArray(studies.id, st))) put('study', r.id, `${r.code} ${r.titleJa}`, `${r.code} ${r.titleEn}`);
    const lw = idsOf('law');
    if (lw.length) for (const r of await this.conn.select().from(laws).where(inArray(laws.id, lw))) put('law', r.id, r.shortNameJa ?? r.titleJa, r.shortNameEn ?? r.titleEn);
    const ins = idsOf('institution');
    if (ins.length) for (const r of await this.conn.select().from(institutions).where(inArray(institutions.id, ins))) put('institution', r.id, `${r.code} ${r.nameJa}`, `${r.code} ${r.nameEn}`);
    const pp = idsOf('person');
    if (pp.length) for (const r of (await personRefs(this.conn, pp)).values()) put('person', r.id, r.nameJa, r.nameEn);
    return out;
  }

  /** One incident with its timeline, links, investigators and attachments (visibility checked by the caller). */
  async detail(actor: Actor, r: IncidentRow, members: string[]): Promise<IncidentDto> {
    const [events, links, inv, files, orgs] = await Promise.all([
      this.conn.select().from(incidentEvents).where(eq(incidentEvents.incidentId, r.id)).orderBy(asc(incidentEvents.at), asc(incidentEvents.id)),
      this.conn.select().from(incidentLinks).where(eq(incidentLinks.incidentId, r.id)).orderBy(asc(incidentLinks.targetKind), asc(incidentLinks.addedAt)),
      this.conn.select().from(incidentInvestigators).where(eq(incidentInvestigators.incidentId, r.id)).orderBy(asc(incidentInvestigators.addedAt)),
      this.conn.select().from(incidentAttachments).where(eq(incidentAttachments.incidentId, r.id)).orderBy(asc(incidentAttachments.uploadedAt)),
      this.orgRefs([r]),
    ]);
    const names = await personRefs(this.conn, [r.assigneeId, r.reportedBy, ...events.map((e) => e.actorId), ...inv.map((i) => i.personId), ...files.map((f) => f.uploadedBy)]);
    const labels = await this.linkLabels(links.map((l) => ({ kind: l.targetKind, targetId: l.targetId })));
    const canManage = can(actor, 'incident.manage');
    const status = r.status as IncidentStatus;
    const nextStatuses = canManage ? INCIDENT_TRANSITIONS[status].filter((to) => canTransition(status, to)) : [];
    // Shown before anyone tries: what keeps the incident from closing (the same checks as changeStatus).
    let closeBlockers: IncidentDto['closeBlockers'] = null;
    if (nextStatuses.includes('closed')) {
      const b = await collectCloseBlockers(this.conn, r.id);
      if (b.openActions > 0 || b.pendingClocks.length) closeBlockers = b;
    }
    return {
      ...this.summary(r, names, orgs.insts),
      description: r.description,
      occurredAt: iso(r.occurredAt),
      location: r.location,
      unit: (r.unitId && orgs.units.get(r.unitId)) || null,
      peopleAffected: r.peopleAffected,
      specialCare: r.specialCare,
      encrypted: r.encrypted,
      keySafe: r.keySafe,
      credentialLossId: r.credentialLossId,
      dismissedReason: r.dismissedReason,
      triagedAt: iso(r.triagedAt),
      containedAt: iso(r.containedAt),
      resolvedAt: iso(r.resolvedAt),
      closedAt: iso(r.closedAt),
      version: r.version,
      updatedAt: r.updatedAt.toISOString(),
      investigators: inv.map((i) => names.get(i.personId) ?? { id: i.personId, nameJa: '', nameEn: '' }),
      links: links.map((l) => {
        const lab = labels.get(`${l.targetKind}:${l.targetId}`) ?? { ja: '（削除済み）', en: '(deleted)' };
        return { kind: l.targetKind as IncidentLinkKind, targetId: l.targetId, labelJa: lab.ja, labelEn: lab.en, addedAt: l.addedAt.toISOString() };
      }),
      events: events.map((e) => ({
        id: e.id,
        type: e.type as IncidentEventType,
        at: e.at.toISOString(),
        recordedAt: e.recordedAt.toISOString(),
        actor: (e.actorId && names.get(e.actorId)) || null,
        text: e.text,
        data: e.data,
      })),
      attachments: files.map((f) => ({
        id: f.id,
        fileName: f.fileName,
        contentType: f.contentType,
        size: f.size,
        sha256: f.sha256,
        uploadedBy: (f.uploadedBy && names.get(f.uploadedBy)) || null,
        uploadedAt: f.uploadedAt.toISOString(),
      })),
      canManage,
      canContribute: can(actor, 'incident.contribute', { memberIds: members }),
      nextStatuses,
      closeBlockers,
    };
  }

  /**
   * The dashboard, in five small queries (each on an index): open incidents by status and
   * severity; clocks due within 7 days or past due; reports per month and kind over 12 months
   * (Japan time); mean hours to triage and to close over the same 12 months.
   */
  dashboardQueries(now: Date) {
    const soon = new Date(now.getTime() + 7 * DAY);
    const jst = new Date(now.getTime() + 9 * 3_600_000);
    // the first day of the month 11 months ago, 00:00 in Japan
    const start = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - 11, 1) - 9 * 3_600_000);
    const month = sql<string>`to_char((${incidents.reportedAt} at time zone 'UTC') + interval '9 hours', 'YYYY-MM')`;
    const nowTs = sql`${now.toISOString()}::timestamptz`;
    const startTs = sql`${start.toISOString()}::timestamptz`;
    const openClock = sql`${incidentClocks.doneAt} is null and not ${incidentClocks.waived}`;
    return {
      start,
      open: this.conn
        .select({ status: incidents.status, severity: incidents.severity, n: count() })
        .from(incidents)
        .where(inArray(incidents.status, [...OPEN_INCIDENT_STATUSES]))
        .groupBy(incidents.status, incidents.severity),
      clocks: this.conn
        .select({ incidentId: incidentClocks.incidentId, ref: incidents.ref, title: incidents.title, kind: incidentClocks.kind, dueAt: incidentClocks.dueAt, overdueAt: incidentClocks.overdueAt })
        .from(incidentClocks)
        .innerJoin(incidents, eq(incidents.id, incidentClocks.incidentId))
        .where(and(openClock, lt(incidentClocks.dueAt, soon)))
        .orderBy(asc(incidentClocks.dueAt))
        .limit(50),
      clockCounts: this.conn
        .select({
          soon: sql<string>`count(*) filter (where ${incidentClocks.dueAt} >= ${nowTs})`,
          overdue: sql<string>`count(*) filter (where ${incidentClocks.dueAt} < ${nowTs})`,
        })
        .from(incidentClocks)
        .where(and(openClock, lt(incidentClocks.dueAt, soon))),
      trend: this.conn
        .select({ month, kind: incidents.kind, n: count() })
        .from(incidents)
        .where(gte(incidents.reportedAt, start))
        .groupBy(month, incidents.kind),
      means: this.conn
        .select({
          triageHours: sql<string | null>`avg(extract(epoch from (${incidents.triagedAt} - ${incidents.reportedAt})) / 3600) filter (where ${incidents.reportedAt} >= ${startTs} and ${incidents.triagedAt} is not null)`,
          triaged: sql<string>`count(*) filter (where ${incidents.reportedAt} >= ${startTs} and ${incidents.triagedAt} is not null)`,
          closeHours: sql<string | null>`avg(extract(epoch from (${incidents.closedAt} - ${incidents.reportedAt})) / 3600) filter (where ${incidents.closedAt} >= ${startTs})`,
          closed: sql<string>`count(*) filter (where ${incidents.closedAt} >= ${startTs})`,
        })
        .from(incidents)
        .where(or(gte(incidents.reportedAt, start), and(isNotNull(incidents.closedAt), gte(incidents.closedAt, start)))),
    };
  }

  async dashboard(now: Date): Promise<IncidentDashboardDto> {
    const q = this.dashboardQueries(now);
    const [open, clocks, [clockCounts], trend, [means]] = await Promise.all([q.open, q.clocks, q.clockCounts, q.trend, q.means]);
    const months: string[] = [];
    const jst = new Date(now.getTime() + 9 * 3_600_000);
    for (let i = 11; i >= 0; i--) months.push(new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - i, 1)).toISOString().slice(0, 7));
    const series = new Map<string, number[]>();
    for (const t of trend) {
      const idx = months.indexOf(t.month);
      if (idx < 0) continue;
      const arr = series.get(t.kind) ?? months.map(() => 0);
      arr[idx] = Number(t.n);
      series.set(t.kind, arr);
    }
    const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Math.round(Number(v) * 100) / 100);
    return {
      open: open.map((o) => ({ status: o.status as IncidentStatus, severity: (o.severity as IncidentSeverity | null) ?? null, count: Number(o.n) })),
      openTotal: open.reduce((s, o) => s + Number(o.n), 0),
      clocksDueSoon: Number(clockCounts?.soon ?? 0),
      clocksOverdue: Number(clockCounts?.overdue ?? 0),
      clocks: clocks.map((c) => ({ incidentId: c.incidentId, ref: c.ref, title: c.title, kind: c.kind as ClockKind, dueAt: c.dueAt.toISOString(), overdueAt: c.overdueAt.toISOString() })),
      months,
      trend: IncidentKind.options.filter((k) => series.has(k)).map((k) => ({ kind: k, counts: series.get(k)! })),
      meanHoursToTriage: num(means?.triageHours),
      triagedCount: Number(means?.triaged ?? 0),
      meanHoursToClose: num(means?.closeHours),
      closedCount: Number(means?.closed ?? 0),
    };
  }
}


