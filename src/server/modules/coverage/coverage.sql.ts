import { sql, type SQL } from 'drizzle-orm';
import type { CoverageDimension, CoverageStatus } from '../../../shared/coverage.js';

/**
 * The SQL of the coverage report, aggregated in the database with GROUP BY over the assignment
 * tables (document_acknowledgments, course_assignments), or over their running totals
 * (coverage_tallies) for the organization-wide summary. Shared by the service and the benchmark.
 *
 * A counted row: not cancelled, of a person whose account is active now (people p), for the
 * item's current version (documents) or current cycle (courses). Done = acknowledged / completed;
 * overdue = not done and due before `today` (Japan date).
 */

/** One item to count: a document's current version, or a course's current cycle. */
export type CoverageTarget = { kind: 'document'; versionId: string } | { kind: 'course'; courseId: string; cycle: string };

const uuids = (ids: readonly string[]) => sql`array[${sql.join(
  ids.map((id) => sql`${id}`),
  sql`, `,
)}]::uuid[]`;

/** The active-person condition on `people p`. */
export const ACTIVE = sql`p.deactivated_at is null and p.account_status = 'active'`;
/**
 * The same condition on rows `a` without joining people: the few people whose account is not
 * active are excluded through a hashed subplan, which scans the assignments about twice as fast
 * as a join to every person (measured in bench/training.bench.ts).
 */
export const OF_ACTIVE = sql`a.person_id not in (select ip.id from people ip where ip.deactivated_at is not null or ip.account_status <> 'active')`;

/**
 * Limits rows (alias a) to people affiliated with one of these institutions (null = no limit). The
 * people are listed first and their rows found through the person index: a site coordinator's few
 * hundred people, not a scan of every assignment (measured in bench/training.bench.ts).
 */
export function institutionScope(institutionIds: readonly string[] | null): SQL {
  if (!institutionIds) return sql`true`;
  if (!institutionIds.length) return sql`false`;
  return sql`a.person_id = any(array(select spi.person_id from person_institutions spi where spi.institution_id = any(${uuids(institutionIds)})))`;
}

interface Source {
  table: SQL;
  doneAt: SQL;
}
const DOCS: Source = { table: sql.raw('document_acknowledgments'), doneAt: sql.raw('a.acknowledged_at') };
const COURSES: Source = { table: sql.raw('course_assignments'), doneAt: sql.raw('a.completed_at') };
const source = (t: CoverageTarget) => (t.kind === 'document' ? DOCS : COURSES);
const targetCondition = (t: CoverageTarget) => (t.kind === 'document' ? sql`a.version_id = ${t.versionId}` : sql`a.course_id = ${t.courseId} and a.cycle = ${t.cycle}`);

const counts = (doneAt: SQL, today: string) =>
  sql`count(*)::int as assigned, count(${doneAt})::int as done, (count(*) filter (where ${doneAt} is null and a.due_on < ${today}))::int as overdue`;

/**
 * The summary: one grouped query per kind. Documents → rows (k = version id); courses → rows
 * (k = course id, with its cycle in the IN list). Organization-wide (no institution scope) it reads
 * the running totals in coverage_tallies, a few rows per item; limited to some institutions it
 * counts the assignments themselves (`summaryScanQueries`).
 */
export function summaryQueries(
  targets: readonly CoverageTarget[],
  today: string,
  institutionIds: readonly string[] | null,
): { documents: SQL | null; courses: SQL | null } {
  if (institutionIds) return summaryScanQueries(targets, today, institutionIds);
  const docs = targets.filter((t): t is Extract<CoverageTarget, { kind: 'document' }> => t.kind === 'document');
  const courses = targets.filter((t): t is Extract<CoverageTarget, { kind: 'course' }> => t.kind === 'course');
  const tallied = (kind: 'document' | 'course', keys: SQL[]) =>
    sql`select t.target_id::text as k, coalesce(sum(t.assigned), 0)::int as assigned, coalesce(sum(t.done), 0)::int as done,
               coalesce(sum(t.assigned - t.done) filter (where t.due_on < ${today}), 0)::int as overdue
        from coverage_tallies t
        where t.kind = ${kind} and (t.target_id, t.cycle) in (${sql.join(keys, sql`, `)})
        group by t.target_id`;
  return {
    documents: docs.length ? tallied('document', docs.map((d) => sql`(${d.versionId}::uuid, '')`)) : null,
    courses: courses.length ? tallied('course', courses.map((c) => sql`(${c.courseId}::uuid, ${c.cycle}::text)`)) : null,
  };
}

/** The summary counted from the assignments themselves (what the tallies keep, and how a scoped summary is made). */
export function summaryScanQueries(
  targets: readonly CoverageTarget[],
  today: string,
  institutionIds: readonly string[] | null,
): { documents: SQL | null; courses: SQL | null } {
  const docs = targets.filter((t): t is Extract<CoverageTarget, { kind: 'document' }> => t.kind === 'document');
  const courses = targets.filter((t): t is Extract<CoverageTarget, { kind: 'course' }> => t.kind === 'course');
  const scope = institutionScope(institutionIds);
  return {
    documents: docs.length
      ? sql`select a.version_id::text as k, ${counts(DOCS.doneAt, today)}
            from document_acknowledgments a
            where a.version_id = any(${uuids(docs.map((d) => d.versionId))}) and a.cancelled_at is null and ${OF_ACTIVE} and ${scope}
            group by a.version_id`
      : null,
    courses: courses.length
      ? sql`select a.course_id::text as k, ${counts(COURSES.doneAt, today)}
            from course_assignments a
            where (a.course_id, a.cycle) in (${sql.join(
              courses.map((c) => sql`(${c.courseId}::uuid, ${c.cycle}::text)`),
              sql`, `,
            )}) and a.cancelled_at is null and ${OF_ACTIVE} and ${scope}
            group by a.course_id`
      : null,
  };
}

/**
 * One item's numbers per institution, research group, unit or role (k = the group's id or role;
 * null = people without one). A person in two groups counts in both. With an institution scope,
 * the institution breakdown shows only those institutions.
 */
export function breakdownQuery(target: CoverageTarget, by: CoverageDimension, today: string, institutionIds: readonly string[] | null): SQL {
  const s = source(target);
  const rows =
    by === 'unit'
      ? sql`select a.person_id, p.unit_id, ${s.doneAt} is not null as done, (${s.doneAt} is null and a.due_on < ${today}) as overdue
            from ${s.table} a join people p on p.id = a.person_id
            where ${targetCondition(target)} and a.cancelled_at is null and ${ACTIVE} and ${institutionScope(institutionIds)}`
      : sql`select a.person_id, ${s.doneAt} is not null as done, (${s.doneAt} is null and a.due_on < ${today}) as overdue
            from ${s.table} a
            where ${targetCondition(target)} and a.cancelled_at is null and ${OF_ACTIVE} and ${institutionScope(institutionIds)}`;
  const group: Record<CoverageDimension, { join: SQL; key: SQL; where?: SQL }> = {
    institution: {
      join: sql`left join person_institutions g on g.person_id = r.person_id`,
      key: sql`g.institution_id::text`,
      where: institutionIds ? sql`g.institution_id = any(${uuids(institutionIds)})` : undefined,
    },
    research_group: { join: sql`left join person_research_groups g on g.person_id = r.person_id`, key: sql`g.research_group_id::text` },
    unit: { join: sql``, key: sql`r.unit_id::text` },
    role: { join: sql`left join (select distinct person_id, role from role_assignments) g on g.person_id = r.person_id`, key: sql`g.role` },
  };
  const g = group[by];
  return sql`with r as (${rows})
             select ${g.key} as k, count(*)::int as assigned, (count(*) filter (where r.done))::int as done, (count(*) filter (where r.overdue))::int as overdue
             from r ${g.join}
             ${g.where ? sql`where ${g.where}` : sql``}
             group by 1`;
}

export interface PeopleFilter {
  institutionId?: string;
  researchGroupId?: string;
  unitId?: string;
  role?: string;
  status?: CoverageStatus;
}

/** The rows of the drill-down (people with their state for the item), filtered; `select` decides page vs count. */
export function peopleWhere(target: CoverageTarget, f: PeopleFilter, today: string, institutionIds: readonly string[] | null): SQL {
  const s = source(target);
  const parts: SQL[] = [targetCondition(target), sql`a.cancelled_at is null`, ACTIVE, institutionScope(institutionIds)];
  if (f.institutionId) parts.push(sql`exists (select 1 from person_institutions fi where fi.person_id = a.person_id and fi.institution_id = ${f.institutionId})`);
  if (f.researchGroupId) parts.push(sql`exists (select 1 from person_research_groups fg where fg.person_id = a.person_id and fg.research_group_id = ${f.researchGroupId})`);
  if (f.unitId) parts.push(sql`p.unit_id = ${f.unitId}`);
  if (f.role) parts.push(sql`exists (select 1 from role_assignments fr where fr.person_id = a.person_id and fr.role = ${f.role})`);
  if (f.status === 'done') parts.push(sql`${s.doneAt} is not null`);
  if (f.status === 'pending') parts.push(sql`${s.doneAt} is null`);
  if (f.status === 'overdue') parts.push(sql`${s.doneAt} is null and a.due_on < ${today}`);
  return sql`from ${s.table} a join people p on p.id = a.person_id where ${sql.join(parts, sql` and `)}`;
}

export function peopleQueries(target: CoverageTarget, f: PeopleFilter, today: string, institutionIds: readonly string[] | null, page: number, pageSize: number) {
  const s = source(target);
  const from = peopleWhere(target, f, today, institutionIds);
  return {
    page: sql`select p.id::text as id, p.family_name_ja as fj, p.given_name_ja as gj, p.family_name_en as fe, p.given_name_en as ge, p.email,
                     a.due_on::text as due_on, ${s.doneAt} as done_at
              ${from}
              order by p.family_name_kana, p.family_name_en, p.id
              limit ${pageSize} offset ${(page - 1) * pageSize}`,
    total: sql`select count(*)::int as n ${from}`,
    all: sql`select p.id::text as id, p.family_name_ja as fj, p.given_name_ja as gj, p.family_name_en as fe, p.given_name_en as ge, p.email,
                    a.due_on::text as due_on, ${s.doneAt} as done_at
             ${from}
             order by p.family_name_kana, p.family_name_en, p.id`,
  };
}
