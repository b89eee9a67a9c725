import { sql } from 'drizzle-orm';
import { fiscalYearRange, percentOf } from '../../../shared/coverage.js';
import { queryRows, type Conn } from '../../db/client.js';

/**
 * The numbers of the yearly education report (P32-6) for one Japanese fiscal year: per course and
 * per document requiring acknowledgment, the audience (non-cancelled assignments of the year),
 * completed, %, overdue, the previous year's % and the institutions with the highest and lowest
 * completion.
 *
 * A course's rows of fiscal year N: cycle "FYN" (yearly courses) or, for one-time courses, rows
 * assigned during the year (Japan time). A document's: acknowledgments assigned during the year.
 * Everyone assigned counts, including people who have left since (they were that year's audience).
 */
export interface ReportInstitution {
  id: string;
  nameJa: string;
  nameEn: string;
  audience: number;
  completed: number;
  percentage: number;
}
export interface ReportItem {
  kind: 'course' | 'document';
  id: string;
  code: string;
  titleJa: string;
  titleEn: string;
  audience: number;
  completed: number;
  percentage: number;
  overdue: number;
  previous: { audience: number; completed: number; percentage: number } | null;
  top: ReportInstitution[];
  bottom: ReportInstitution[];
}
export interface EducationReportData {
  fy: number;
  from: string;
  to: string;
  items: ReportItem[];
}

/** UTC instants bounding a fiscal year in Japan: [April 1 00:00 JST, next April 1 00:00 JST). */
const bounds = (fy: number) => ({ start: `${fy}-04-01T00:00:00+09:00`, end: `${fy + 1}-04-01T00:00:00+09:00` });

type Row = { kind: 'course' | 'document'; item: string; inst: string | null; assigned: number; done: number; overdue: number };

/** Counts per item (inst null) and per item × institution for one fiscal year, in one statement. */
function yearQuery(fy: number, today: string, perInstitution: boolean) {
  const b = bounds(fy);
  const rows = sql`
    select 'course' as kind, a.course_id as item, a.person_id, a.completed_at is not null as done, (a.completed_at is null and a.due_on < ${today}) as overdue
    from course_assignments a
    where a.cancelled_at is null
      and (a.cycle = ${`FY${fy}`} or (a.cycle = 'once' and a.assigned_at >= ${b.start}::timestamptz and a.assigned_at < ${b.end}::timestamptz))
    union all
    select 'document', a.document_id, a.person_id, a.acknowledged_at is not null, (a.acknowledged_at is null and a.due_on < ${today})
    from document_acknowledgments a join documents d on d.id = a.document_id
    where a.cancelled_at is null and d.requires_ack and a.assigned_at >= ${b.start}::timestamptz and a.assigned_at < ${b.end}::timestamptz`;
  return perInstitution
    ? sql`with r as (${rows})
          select r.kind, r.item::text as item, pi.institution_id::text as inst, count(*)::int as assigned, (count(*) filter (where r.done))::int as done, (count(*) filter (where r.overdue))::int as overdue
          from r join person_institutions pi on pi.person_id = r.person_id
          group by r.kind, r.item, pi.institution_id`
    : sql`with r as (${rows})
          select r.kind, r.item::text as item, null as inst, count(*)::int as assigned, (count(*) filter (where r.done))::int as done, (count(*) filter (where r.overdue))::int as overdue
          from r group by r.kind, r.item`;
}

export async function educationReportData(conn: Conn, fy: number, today: string, topN = 3): Promise<EducationReportData> {
  const [now, prev, inst] = await Promise.all([
    queryRows<Row>(conn, yearQuery(fy, today, false)),
    queryRows<Row>(conn, yearQuery(fy - 1, today, false)),
    queryRows<Row>(conn, yearQuery(fy, today, true)),
  ]);
  const courseIds = now.filter((r) => r.kind === 'course').map((r) => r.item);
  const docIds = now.filter((r) => r.kind === 'document').map((r) => r.item);
  const list = (ids: string[]) => sql`array[${sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  )}]::uuid[]`;
  const names = new Map<string, { code: string; ja: string; en: string }>();
  if (courseIds.length)
    for (const c of await queryRows<{ id: string; code: string; title_ja: string; title_en: string }>(conn, sql`select id::text as id, code, title_ja, title_en from courses where id = any(${list(courseIds)})`))
      names.set(`course:${c.id}`, { code: c.code, ja: c.title_ja, en: c.title_en });
  if (docIds.length)
    for (const d of await queryRows<{ id: string; code: string; title_ja: string; title_en: string }>(conn, sql`select id::text as id, code, title_ja, title_en from documents where id = any(${list(docIds)})`))
      names.set(`document:${d.id}`, { code: d.code, ja: d.title_ja, en: d.title_en });
  const instIds = [...new Set(inst.map((r) => r.inst).filter((x): x is string => !!x))];
  const instNames = new Map<string, { ja: string; en: string }>();
  if (instIds.length)
    for (const i of await queryRows<{ id: string; name_ja: string; name_en: string }>(conn, sql`select id::text as id, name_ja, name_en from institutions where id = any(${list(instIds)})`))
      instNames.set(i.id, { ja: i.name_ja, en: i.name_en });

  const items: ReportItem[] = now.map((r) => {
    const n = names.get(`${r.kind}:${r.item}`) ?? { code: '', ja: '', en: '' };
    const p = prev.find((x) => x.kind === r.kind && x.item === r.item);
    const perInst: ReportInstitution[] = inst
      .filter((x) => x.kind === r.kind && x.item === r.item && x.inst)
      .map((x) => ({ id: x.inst!, nameJa: instNames.get(x.inst!)?.ja ?? '', nameEn: instNames.get(x.inst!)?.en ?? '', audience: Number(x.assigned), completed: Number(x.done), percentage: percentOf(Number(x.done), Number(x.assigned)) }))
      .sort((a, b) => b.percentage - a.percentage || b.audience - a.audience || a.nameEn.localeCompare(b.nameEn));
    const top = perInst.slice(0, topN);
    const bottom = perInst.length > topN ? perInst.slice(-Math.min(topN, perInst.length - topN)).reverse() : [];
    return {
      kind: r.kind,
      id: r.item,
      code: n.code,
      titleJa: n.ja,
      titleEn: n.en,
      audience: Number(r.assigned),
      completed: Number(r.done),
      percentage: percentOf(Number(r.done), Number(r.assigned)),
      overdue: Number(r.overdue),
      previous: p ? { audience: Number(p.assigned), completed: Number(p.done), percentage: percentOf(Number(p.done), Number(p.assigned)) } : null,
      top,
      bottom,
    };
  });
  items.sort((a, b) => (a.kind === b.kind ? a.code.localeCompare(b.code) : a.kind === 'course' ? -1 : 1));
  const { from, to } = fiscalYearRange(fy);
  return { fy, from, to, items };
}
