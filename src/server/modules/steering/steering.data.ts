import { sql } from 'drizzle-orm';
import { ClockKind, IncidentKind, IncidentSeverity } from '../../../shared/incidents.js';
import { UNASSESSED, type ClockOutcome, type ReportNames, type SteeringReportDto } from '../../../shared/steering.js';
import { queryRows, type Conn } from '../../db/client.js';
import { addDays, tokyoToday } from '../../calendar.js';
import { summaryText } from './steering.words.js';

export interface Period {
  from: string;
  to: string;
  meeting: string | null;
  previous: { from: string; to: string; meeting: string | null } | null;
}

/** The first instant of a Japan calendar day. */
export const tokyoStart = (date: string) => new Date(`${date}T00:00:00+09:00`);

/**
 * The period a report covers: `from`–`to` as asked; for a meeting alone, from the day after the
 * previous report's end (the last one taken out before the meeting) to the meeting day; without
 * either, the twelve months up to today.
 */
export async function resolvePeriod(conn: Conn, q: { from?: string; to?: string; meeting?: string }, now: Date): Promise<Period> {
  const meeting = q.meeting ?? null;
  let previous: Period['previous'] = null;
  const to = q.to ?? meeting ?? tokyoToday(now);
  let from = q.from;
  if (!from && meeting) {
    const [p] = await queryRows<{ from_date: string; to_date: string; meeting_on: string | null }>(
      conn,
      sql`select from_date::text, to_date::text, meeting_on::text from steering_reports where to_date < ${meeting}::date order by to_date desc, generated_at desc limit 1`,
    );
    if (p) {
      previous = { from: p.from_date, to: p.to_date, meeting: p.meeting_on };
      from = addDays(p.to_date, 1);
    }
  }
  from ??= addDays(addDays(to, 1), -365);
  if (from > to) from = to;
  return { from, to, meeting, previous };
}

type Affiliation = { ja: string; en: string };

/**
 * Everything the steering committee report shows, counted in SQL so a year of tens of thousands
 * of incidents stays quick. Incidents count in the period they were reported in; a breach is an
 * incident with reporting clocks (the breach assessment creates them when it finds the incident
 * reportable); corrective actions are as they stand now; sanctions are those decided in the period.
 */
export async function steeringReportData(conn: Conn, period: Period, names: ReportNames, now: Date): Promise<SteeringReportDto> {
  const start = tokyoStart(period.from);
  const end = tokyoStart(addDays(period.to, 1));
  const today = tokyoToday(now);

  const [cells, breachRows, actionRows, sanctionRows] = await Promise.all([
    queryRows<{ kind: string; severity: string; n: number | string; dismissed: number | string }>(
      conn,
      sql`select kind, coalesce(severity, ${UNASSESSED}) as severity, count(*) as n, count(*) filter (where status = 'dismissed') as dismissed
          from incidents where reported_at >= ${start} and reported_at < ${end} group by 1, 2`,
    ),
    queryRows<{ id: string; ref: string; kind: string; title: string; aware_at: Date | string; clock: string; overdue_at: Date | string; done_at: Date | string | null; waived: boolean }>(
      conn,
      sql`select i.id, i.ref, i.kind, i.title, i.aware_at, c.kind as clock, c.overdue_at, c.done_at, c.waived
          from incidents i join incident_clocks c on c.incident_id = i.id
          where i.reported_at >= ${start} and i.reported_at < ${end}
          order by i.aware_at, i.ref, c.overdue_at`,
    ),
    queryRows<{ kind: string; open: number | string; overdue: number | string; created: number | string; closed: number | string }>(
      conn,
      sql`select kind,
            count(*) filter (where status in ('open', 'in_progress', 'done')) as open,
            count(*) filter (where status in ('open', 'in_progress', 'done') and due_on < ${today}::date) as overdue,
            count(*) filter (where created_at >= ${start} and created_at < ${end}) as created,
            count(*) filter (where closed_at >= ${start} and closed_at < ${end}) as closed
          from incident_actions group by kind order by kind`,
    ),
    queryRows<{
      ref: string;
      subject_id: string;
      fj: string;
      gj: string;
      fe: string;
      ge: string;
      clause_ids: string[] | string;
      severity: string;
      sj: string;
      se: string;
      decided_on: string;
      appealed: boolean;
      inst_ja: string | null;
      inst_en: string | null;
      unit_ja: string | null;
      unit_en: string | null;
    }>(
      conn,
      sql`select v.ref, v.subject_id, p.family_name_ja as fj, p.given_name_ja as gj, p.family_name_en as fe, p.given_name_en as ge,
            v.clause_ids, v.severity, s.name_ja as sj, s.name_en as se, v.decided_on::text as decided_on, (v.appeal_received_on is not null) as appealed,
            (select i.name_ja from person_institutions pi join institutions i on i.id = pi.institution_id where pi.person_id = p.id order by i.code limit 1) as inst_ja,
            (select i.name_en from person_institutions pi join institutions i on i.id = pi.institution_id where pi.person_id = p.id order by i.code limit 1) as inst_en,
            u.name_ja as unit_ja, u.name_en as unit_en
          from violation_cases v
          join people p on p.id = v.subject_id
          join sanction_types s on s.id = v.sanction_type_id
          left join units u on u.id = p.unit_id
          where v.decided_on >= ${period.from}::date and v.decided_on <= ${period.to}::date
          order by v.decided_on, v.ref`,
    ),
  ]);

  // ---- incidents by kind and severity ----
  const byKindMap = new Map<string, { total: number; bySeverity: Record<string, number> }>();
  let total = 0;
  let dismissed = 0;
  for (const c of cells) {
    const n = Number(c.n);
    total += n;
    dismissed += Number(c.dismissed);
    const k = byKindMap.get(c.kind) ?? { total: 0, bySeverity: {} };
    k.total += n;
    k.bySeverity[c.severity] = (k.bySeverity[c.severity] ?? 0) + n;
    byKindMap.set(c.kind, k);
  }
  const kindOrder = IncidentKind.options as readonly string[];
  const byKind = [...byKindMap.entries()]
    .sort((a, b) => kindOrder.indexOf(a[0]) - kindOrder.indexOf(b[0]))
    .map(([kind, v]) => ({ kind: kind as IncidentKind, ...v }));

  // ---- breaches and their clocks ----
  const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();
  const outcome = (r: (typeof breachRows)[number]): ClockOutcome => {
    if (r.waived) return 'waived';
    const overdueAt = new Date(r.overdue_at).getTime();
    if (r.done_at) return new Date(r.done_at).getTime() <= overdueAt ? 'met' : 'missed';
    return overdueAt < now.getTime() ? 'overdue' : 'pending';
  };
  const items = new Map<string, SteeringReportDto['breaches']['items'][number]>();
  const byClock = new Map<string, { met: number; missed: number; pending: number; overdue: number; waived: number }>();
  for (const r of breachRows) {
    let b = items.get(r.id);
    if (!b) items.set(r.id, (b = { incidentId: r.id, ref: r.ref, kind: r.kind as IncidentKind, title: names === 'named' ? r.title : null, awareAt: iso(r.aware_at), clocks: [] }));
    const o = outcome(r);
    b.clocks.push({ kind: r.clock as ClockKind, overdueAt: iso(r.overdue_at), doneAt: r.done_at ? iso(r.done_at) : null, outcome: o });
    const k = byClock.get(r.clock) ?? { met: 0, missed: 0, pending: 0, overdue: 0, waived: 0 };
    k[o]++;
    byClock.set(r.clock, k);
  }
  const clockOrder = ClockKind.options as readonly string[];

  // ---- corrective actions ----
  const actions = { open: 0, overdue: 0, createdInPeriod: 0, closedInPeriod: 0, byKind: [] as { kind: string; open: number; overdue: number }[] };
  for (const a of actionRows) {
    actions.open += Number(a.open);
    actions.overdue += Number(a.overdue);
    actions.createdInPeriod += Number(a.created);
    actions.closedInPeriod += Number(a.closed);
    actions.byKind.push({ kind: a.kind, open: Number(a.open), overdue: Number(a.overdue) });
  }

  // ---- sanctions, subjects named or numbered ----
  const numbers = new Map<string, number>();
  const sanctions = sanctionRows.map((s) => {
    const aff: Affiliation = { ja: s.inst_ja ?? s.unit_ja ?? '', en: s.inst_en ?? s.unit_en ?? '' };
    if (!numbers.has(s.subject_id)) numbers.set(s.subject_id, numbers.size + 1);
    const n = numbers.get(s.subject_id)!;
    return {
      ref: s.ref,
      subjectJa: names === 'named' ? `${s.fj} ${s.gj}`.trim() : `対象者 ${n}`,
      subjectEn: names === 'named' ? `${s.ge} ${s.fe}`.trim() : `Person ${n}`,
      affiliationJa: aff.ja,
      affiliationEn: aff.en,
      clauseIds: typeof s.clause_ids === 'string' ? (JSON.parse(s.clause_ids) as string[]) : s.clause_ids,
      severity: s.severity,
      sanctionJa: s.sj,
      sanctionEn: s.se,
      decidedOn: s.decided_on,
      appealed: s.appealed,
    };
  });

  const dto: Omit<SteeringReportDto, 'summaryJa' | 'summaryEn'> = {
    from: period.from,
    to: period.to,
    meeting: period.meeting,
    previous: period.previous,
    names,
    generatedAt: now.toISOString(),
    incidents: { total, dismissed, byKind },
    breaches: {
      total: items.size,
      byClock: [...byClock.entries()].sort((a, b) => clockOrder.indexOf(a[0]) - clockOrder.indexOf(b[0])).map(([kind, v]) => ({ kind: kind as ClockKind, ...v })),
      items: [...items.values()],
    },
    actions,
    sanctions,
  };
  return { ...dto, summaryJa: summaryText(dto, 'ja'), summaryEn: summaryText(dto, 'en') };
}

/** Severity columns in the order the report shows them. */
export const SEVERITY_COLUMNS = [...IncidentSeverity.options, UNASSESSED] as const;
