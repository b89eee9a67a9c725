import { z } from 'zod';
import { Role } from './roles.js';

/**
 * Coverage of the policy library and training (P32-6): who has acknowledged each current document
 * version and completed each published course's current cycle, by institution, research group,
 * unit and role; the "my tasks" list of one person; the yearly education report.
 *
 * Counted over people whose account is active (not deactivated, account status active) and rows
 * that are not cancelled. Overdue = not done and the due day has passed (Japan time).
 */

/** `doc:<document id>` (its current published version) or `course:<course id>` (its current cycle). */
export const CoverageItemKey = z.string().regex(/^(doc|course):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'doc:<id> or course:<id>');
export type CoverageItemKey = z.infer<typeof CoverageItemKey>;

export const COVERAGE_DIMENSIONS = ['institution', 'research_group', 'unit', 'role'] as const;
export const CoverageDimension = z.enum(COVERAGE_DIMENSIONS);
export type CoverageDimension = z.infer<typeof CoverageDimension>;

export const COVERAGE_STATUSES = ['done', 'pending', 'overdue'] as const;
export const CoverageStatus = z.enum(COVERAGE_STATUSES);
export type CoverageStatus = z.infer<typeof CoverageStatus>;

/** assigned = done + pending; overdue ⊆ pending; percentage = done / assigned (0 when nothing is assigned), one decimal. */
export const CoverageCounts = z.object({
  assigned: z.number().int(),
  done: z.number().int(),
  pending: z.number().int(),
  overdue: z.number().int(),
  percentage: z.number(),
});
export type CoverageCounts = z.infer<typeof CoverageCounts>;

export const CoverageItem = z.object({
  key: z.string(),
  kind: z.enum(['document', 'course']),
  id: z.uuid(),
  code: z.string(),
  titleJa: z.string(),
  titleEn: z.string(),
  /** Documents: the current version ("2.0"); courses: the current cycle ("once", "FY2026"). */
  version: z.string(),
  versionId: z.uuid().nullable(),
  counts: CoverageCounts,
});
export type CoverageItem = z.infer<typeof CoverageItem>;

export const CoverageSummary = z.object({
  /** Japan date the numbers were computed for. */
  today: z.string(),
  /** Null: the whole organization; else the institutions the numbers are limited to (a site coordinator's). */
  institutionIds: z.array(z.uuid()).nullable(),
  items: z.array(CoverageItem),
});
export type CoverageSummary = z.infer<typeof CoverageSummary>;

export const BreakdownQuery = z.object({ item: CoverageItemKey, by: CoverageDimension.default('institution') });
export type BreakdownQuery = z.infer<typeof BreakdownQuery>;

export const BreakdownRow = z.object({
  /** Institution, research group or unit id, role name; null = people without one. */
  id: z.string().nullable(),
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  counts: CoverageCounts,
});
export type BreakdownRow = z.infer<typeof BreakdownRow>;

export const CoverageBreakdown = z.object({
  item: CoverageItem,
  by: CoverageDimension,
  /** A person in two groups (two institutions, two roles) counts in both: the rows may add up to more than the total. */
  rows: z.array(BreakdownRow),
  institutionIds: z.array(z.uuid()).nullable(),
});
export type CoverageBreakdown = z.infer<typeof CoverageBreakdown>;

export const CoveragePeopleQuery = z.object({
  item: CoverageItemKey,
  institutionId: z.uuid().optional(),
  researchGroupId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  role: Role.optional(),
  status: CoverageStatus.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CoveragePeopleQuery = z.infer<typeof CoveragePeopleQuery>;
export type CoveragePeopleQueryInput = z.input<typeof CoveragePeopleQuery>;

export const CoveragePerson = z.object({
  personId: z.uuid(),
  nameJa: z.string(),
  nameEn: z.string(),
  email: z.string(),
  institutions: z.array(z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string() })),
  status: CoverageStatus,
  dueOn: z.string(),
  doneAt: z.string().nullable(),
});
export type CoveragePerson = z.infer<typeof CoveragePerson>;

export const CoveragePeoplePage = z.object({ items: z.array(CoveragePerson), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type CoveragePeoplePage = z.infer<typeof CoveragePeoplePage>;

export const CoverageExportQuery = z.object({
  item: CoverageItemKey,
  /** A breakdown, or `people`: every person with their state (needs the drill-down permission). */
  by: z.enum([...COVERAGE_DIMENSIONS, 'people']).default('institution'),
  format: z.enum(['csv', 'xlsx', 'pdf']),
  lang: z.enum(['ja', 'en']).default('ja'),
});
export type CoverageExportQuery = z.infer<typeof CoverageExportQuery>;

export const EducationReportQuery = z.object({
  fy: z.coerce.number().int().min(2000).max(2100),
  lang: z.enum(['ja', 'en']).default('ja'),
});
export type EducationReportQuery = z.infer<typeof EducationReportQuery>;

// ---- my tasks ----------------------------------------------------------------------------------

export const MyReadTask = z.object({
  kind: z.literal('read'),
  id: z.uuid(),
  documentId: z.uuid(),
  versionId: z.uuid(),
  code: z.string(),
  titleJa: z.string(),
  titleEn: z.string(),
  version: z.string(),
  dueOn: z.string(),
  overdue: z.boolean(),
  link: z.string(),
});
export const MyTakeTask = z.object({
  kind: z.literal('take'),
  id: z.uuid(),
  courseId: z.uuid(),
  code: z.string(),
  titleJa: z.string(),
  titleEn: z.string(),
  cycle: z.string(),
  dueOn: z.string(),
  overdue: z.boolean(),
  attempts: z.number().int(),
  /** Null: unlimited. */
  attemptsLeft: z.number().int().nullable(),
  link: z.string(),
});
export const MyTask = z.discriminatedUnion('kind', [MyReadTask, MyTakeTask]);
export type MyTask = z.infer<typeof MyTask>;

export const MyHistoryEntry = z.object({
  kind: z.enum(['acknowledged', 'completed']),
  id: z.uuid(),
  code: z.string(),
  titleJa: z.string(),
  titleEn: z.string(),
  /** Document version or course cycle. */
  version: z.string(),
  at: z.string(),
  /** Course completions: the certificate's number and download link. */
  certificateNo: z.string().nullable(),
  certificateUrl: z.string().nullable(),
  bestScore: z.number().int().nullable(),
});
export type MyHistoryEntry = z.infer<typeof MyHistoryEntry>;

export const MyTaskList = z.object({ today: z.string(), tasks: z.array(MyTask), history: z.array(MyHistoryEntry) });
export type MyTaskList = z.infer<typeof MyTaskList>;

// ---- dates -------------------------------------------------------------------------------------

/** The Japanese fiscal year (April–March) a Japan date (YYYY-MM-DD) falls in: 2027-03-31 → 2026. */
export function fiscalYearOf(date: string): number {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 4 ? y : y - 1;
}
/** First and last day of a fiscal year. */
export const fiscalYearRange = (fy: number) => ({ from: `${fy}-04-01`, to: `${fy + 1}-03-31` });
/** The cycle a course is in on a Japan date: "once", or "FY2026" for courses repeated every fiscal year. */
export const currentCycle = (recurrence: string, today: string) => (recurrence === 'fiscal_year' ? `FY${fiscalYearOf(today)}` : 'once');
/** done / assigned as a percentage with one decimal. */
export const percentOf = (done: number, assigned: number) => (assigned ? Math.round((done / assigned) * 1000) / 10 : 0);
