import {
  CLOCK_ORDER,
  type AssessmentAnswers,
  type AssessmentDto,
  type AssessmentVersionDto,
  type ClockDto,
  type DecisionDto,
} from '../../../shared/breach.js';
import type { ClockKind } from '../../../shared/incidents.js';
import type { breachAssessments, incidentClocks, incidents } from '../../db/schema/index.js';
import type { PersonRef } from '../../db/person-refs.js';
import { clockState, daysLeft } from './breach.deadlines.js';

/** Rows as stored, and how they are shown: assessments, their decisions and the clocks. */

export type IncidentRow = typeof incidents.$inferSelect;
export type ClockRow = typeof incidentClocks.$inferSelect;
export type AssessmentRow = typeof breachAssessments.$inferSelect;

/**
 * What the reporter said, as assessment answers (the starting point of the first assessment).
 * The report form asks whether personal information is involved, how many people, special-care
 * or not, encrypted or not and whether the key is safe; what it never asks (financial damage, a
 * wrongful purpose, the estimate over 1,000) stays unanswered (null), never "no".
 */
export function answersFromIncident(i: IncidentRow): AssessmentAnswers {
  return {
    personalInfo: i.personalInfo === 'yes' || i.personalInfo === 'no' ? i.personalInfo : 'unknown',
    peopleAffected: i.peopleAffected,
    moreThan1000: null,
    specialCare: i.specialCare,
    financialRisk: null,
    wrongfulPurpose: null,
    encrypted: i.encrypted,
    keySafe: i.keySafe,
  };
}

/** The answers of a draft that the reporter actually gave (marked "from the report" until confirmed). */
export function answeredInReport(a: AssessmentAnswers): AssessmentDto['prefilled'] {
  const out: AssessmentDto['prefilled'] = [];
  if (a.personalInfo !== 'unknown') out.push('personalInfo');
  if (a.peopleAffected !== null) out.push('peopleAffected');
  for (const k of ['specialCare', 'encrypted', 'keySafe'] as const) if (a[k] !== null) out.push(k);
  return out;
}

export function decisionOf(r: AssessmentRow): DecisionDto {
  return { result: r.result as DecisionDto['result'], triggers: r.triggers, missing: r.missing, exempt: r.exempt, wrongfulPurpose: r.wrongfulPurpose, reasoningJa: r.reasoningJa, reasoningEn: r.reasoningEn };
}

export function versionDto(r: AssessmentRow, people: Map<string, PersonRef>): AssessmentVersionDto {
  return { id: r.id, version: r.version, answers: r.answers, note: r.note, report: r.report, decision: decisionOf(r), assessedAt: r.assessedAt.toISOString(), assessedBy: r.assessedBy ? (people.get(r.assessedBy) ?? null) : null };
}

export function clockDto(c: ClockRow, now: Date, people: Map<string, PersonRef>): ClockDto {
  return {
    id: c.id,
    incidentId: c.incidentId,
    kind: c.kind as ClockKind,
    dueAt: c.dueAt.toISOString(),
    overdueAt: c.overdueAt.toISOString(),
    daysLeft: daysLeft(c.dueAt, now),
    state: clockState(c, now),
    doneAt: c.doneAt?.toISOString() ?? null,
    doneBy: c.doneBy ? (people.get(c.doneBy) ?? null) : null,
    note: c.note,
    waived: c.waived,
    waivedAt: c.waived ? (c.waivedAt?.toISOString() ?? null) : null,
    waivedBy: c.waived && c.waivedBy ? (people.get(c.waivedBy) ?? null) : null,
    waiverReason: c.waived ? c.waiverReason : null,
  };
}

/** Clocks in the usual order of their kinds. */
export const byKindOrder = (a: { kind: string }, b: { kind: string }) => CLOCK_ORDER.indexOf(a.kind as ClockKind) - CLOCK_ORDER.indexOf(b.kind as ClockKind);
