import { z } from 'zod';
import { ClockKind, IncidentKind } from './incidents.js';

/**
 * The steering committee report (P32-7, P32-3): for a period (or a meeting, counted from the
 * previous report), incidents by kind and severity, reportable breaches and whether each deadline
 * was met, corrective actions open and overdue, and the sanctions decided, with the subjects
 * named or anonymized as the manager chooses.
 */

export const ReportNames = z.enum(['named', 'anonymized']);
export type ReportNames = z.infer<typeof ReportNames>;

const dateOnly = z.iso.date();

/** `from`/`to` (inclusive, Japan calendar days), or `meeting` alone: from the day after the previous report's end to the meeting day. */
export const SteeringReportQuery = z
  .object({
    from: dateOnly.optional(),
    to: dateOnly.optional(),
    meeting: dateOnly.optional(),
    names: ReportNames.default('anonymized'),
  })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { path: ['from'], message: 'must not be after to' });
export type SteeringReportQuery = z.infer<typeof SteeringReportQuery>;

export const SteeringReportPdfQuery = z
  .object({
    from: dateOnly.optional(),
    to: dateOnly.optional(),
    meeting: dateOnly.optional(),
    lang: z.enum(['ja', 'en']).default('ja'),
    names: ReportNames.default('anonymized'),
  })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { path: ['from'], message: 'must not be after to' });
export type SteeringReportPdfQuery = z.infer<typeof SteeringReportPdfQuery>;

/** The severity column of an incident not yet assessed. */
export const UNASSESSED = 'unassessed';

/** A clock's state at the report's time: done by its overdue time, done later, still open, open and late, waived. */
export const ClockOutcome = z.enum(['met', 'missed', 'pending', 'overdue', 'waived']);
export type ClockOutcome = z.infer<typeof ClockOutcome>;

export const SteeringReportDto = z.object({
  from: z.string(),
  to: z.string(),
  meeting: z.string().nullable(),
  /** The previous report the period follows on from (meeting mode). */
  previous: z.object({ from: z.string(), to: z.string(), meeting: z.string().nullable() }).nullable(),
  names: ReportNames,
  generatedAt: z.string(),
  incidents: z.object({
    total: z.number().int(),
    dismissed: z.number().int(),
    /** kind → severity (or `unassessed`) → count; only non-zero cells. */
    byKind: z.array(z.object({ kind: IncidentKind, total: z.number().int(), bySeverity: z.record(z.string(), z.number().int()) })),
  }),
  breaches: z.object({
    total: z.number().int(),
    /** Per clock kind: how many were met, missed, pending, overdue, waived. */
    byClock: z.array(z.object({ kind: ClockKind, met: z.number().int(), missed: z.number().int(), pending: z.number().int(), overdue: z.number().int(), waived: z.number().int() })),
    items: z.array(
      z.object({
        incidentId: z.uuid(),
        ref: z.string(),
        kind: IncidentKind,
        /** Left out of an anonymized report: free text may name people. */
        title: z.string().nullable(),
        awareAt: z.string(),
        clocks: z.array(z.object({ kind: ClockKind, overdueAt: z.string(), doneAt: z.string().nullable(), outcome: ClockOutcome })),
      }),
    ),
  }),
  actions: z.object({
    open: z.number().int(),
    overdue: z.number().int(),
    createdInPeriod: z.number().int(),
    closedInPeriod: z.number().int(),
    byKind: z.array(z.object({ kind: z.string(), open: z.number().int(), overdue: z.number().int() })),
  }),
  sanctions: z.array(
    z.object({
      ref: z.string(),
      /** The name, or "Person 1" in an anonymized report. */
      subjectJa: z.string(),
      subjectEn: z.string(),
      /** The subject's institution (or unit, for central staff). */
      affiliationJa: z.string(),
      affiliationEn: z.string(),
      clauseIds: z.array(z.string()),
      severity: z.string(),
      sanctionJa: z.string(),
      sanctionEn: z.string(),
      decidedOn: z.string(),
      appealed: z.boolean(),
    }),
  ),
  summaryJa: z.string(),
  summaryEn: z.string(),
});
export type SteeringReportDto = z.infer<typeof SteeringReportDto>;
