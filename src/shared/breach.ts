import { z } from 'zod';
import { ClockKind } from './incidents.js';

/**
 * Breach assessment and reporting clocks (APPI Art. 26; Enforcement Rules Art. 7 and 8; P32-2.1.1,
 * P32-4). The decision itself is `src/server/modules/breach/breach.decision.ts`; labels are in
 * src/web/routes/breach/messages.{ja,en}.json.
 */

/** A yes / no answer that may not be known yet (null). */
export const Tri = z.boolean().nullable();
export type Tri = z.infer<typeof Tri>;

/** The APPI triggers (Enforcement Rules Art. 7 items 1–4). */
export const BreachTrigger = z.enum(['special_care', 'financial_damage', 'wrongful_purpose', 'over_1000']);
export type BreachTrigger = z.infer<typeof BreachTrigger>;
export const BREACH_TRIGGERS = BreachTrigger.options;

export const BreachResult = z.enum(['reportable', 'not_reportable', 'undetermined']);
export type BreachResult = z.infer<typeof BreachResult>;

/** The questions of the guided assessment. */
export const AssessmentAnswers = z.object({
  /** Is personal information (of living individuals) involved? */
  personalInfo: z.enum(['yes', 'no', 'unknown']),
  /** How many people (null: not known yet). */
  peopleAffected: z.number().int().min(0).max(100_000_000).nullable(),
  /** When the count is not known: are there likely more than 1,000? */
  moreThan1000: Tri,
  specialCare: Tri,
  financialRisk: Tri,
  wrongfulPurpose: Tri,
  /** Protected by high-level encryption (a CRYPTREC-listed or ISO/IEC 18033 cipher, correctly implemented). */
  encrypted: Tri,
  /** The key was kept apart and has not leaked. */
  keySafe: Tri,
});
export type AssessmentAnswers = z.infer<typeof AssessmentAnswers>;

const text = (max: number) => z.string().trim().max(max);

/** The items of the PPC report the record does not hold elsewhere (Enforcement Rules Art. 8(1)). */
export const ReportDetails = z.object({
  dataItems: text(4000).default(''),
  cause: text(4000).default(''),
  secondaryHarm: text(4000).default(''),
  responseToSubjects: text(4000).default(''),
  publicAnnouncement: text(4000).default(''),
  recurrencePrevention: text(4000).default(''),
  other: text(4000).default(''),
});
export type ReportDetails = z.infer<typeof ReportDetails>;
export const REPORT_DETAIL_KEYS = Object.keys(ReportDetails.shape) as (keyof ReportDetails)[];

export const SaveAssessment = z.object({
  answers: AssessmentAnswers,
  /** How the exemption or a trigger was judged (e.g. cipher and where the key is kept). */
  note: text(4000).default(''),
  report: ReportDetails.default(ReportDetails.parse({})),
  /** The assessment version the form started from (0: none yet); a newer save in between is a conflict. */
  baseVersion: z.number().int().min(0).optional(),
});
export type SaveAssessment = z.infer<typeof SaveAssessment>;
export type SaveAssessmentInput = z.input<typeof SaveAssessment>;

/** What the decision says and why (reasoning in both languages). */
export const DecisionDto = z.object({
  result: BreachResult,
  triggers: z.array(BreachTrigger),
  /** Questions whose answer would change the result. */
  missing: z.array(z.string()),
  exempt: z.boolean(),
  wrongfulPurpose: z.boolean(),
  reasoningJa: z.string(),
  reasoningEn: z.string(),
});
export type DecisionDto = z.infer<typeof DecisionDto>;

const PersonRef = z.object({ id: z.string(), nameJa: z.string(), nameEn: z.string() });

export const AssessmentVersionDto = z.object({
  id: z.string(),
  version: z.number().int(),
  answers: AssessmentAnswers,
  note: z.string(),
  report: ReportDetails,
  decision: DecisionDto,
  assessedAt: z.string(),
  assessedBy: PersonRef.nullable(),
});
export type AssessmentVersionDto = z.infer<typeof AssessmentVersionDto>;

export const AssessmentDto = z.object({
  incidentId: z.string(),
  ref: z.string(),
  awareAt: z.string(),
  /** The latest saved assessment (null: none yet). */
  current: AssessmentVersionDto.nullable(),
  /** Answers to start the form from: the latest assessment's, else what the reporter said (unanswered: null). */
  draft: AssessmentAnswers,
  /**
   * The draft answers taken from the report (what the reporter answered), until the assessment is
   * first saved: saving confirms them. Empty once an assessment exists.
   */
  prefilled: z.array(z.enum(['personalInfo', 'peopleAffected', 'moreThan1000', 'specialCare', 'financialRisk', 'wrongfulPurpose', 'encrypted', 'keySafe'])),
  /** Every save, newest first. */
  history: z.array(AssessmentVersionDto),
});
export type AssessmentDto = z.infer<typeof AssessmentDto>;

/** A clock's state now (Japan calendar days; see breach.deadlines.ts). */
export const ClockState = z.enum(['upcoming', 'due_soon', 'due', 'overdue', 'done', 'waived']);
export type ClockState = z.infer<typeof ClockState>;

export const ClockDto = z.object({
  id: z.string(),
  incidentId: z.string(),
  kind: ClockKind,
  dueAt: z.string(),
  overdueAt: z.string(),
  /** Calendar days left until the due day (Japan); negative once past. */
  daysLeft: z.number().int(),
  state: ClockState,
  doneAt: z.string().nullable(),
  doneBy: PersonRef.nullable(),
  note: z.string().nullable(),
  waived: z.boolean(),
  /** Who waived it, when and why (null unless waived). */
  waivedAt: z.string().nullable(),
  waivedBy: PersonRef.nullable(),
  waiverReason: z.string().nullable(),
});
export type ClockDto = z.infer<typeof ClockDto>;
export const ClockList = z.object({
  items: z.array(ClockDto),
  /** Whether the caller may waive a pending clock or withdraw a waiver (the manager only). */
  canWaive: z.boolean(),
});
export type ClockList = z.infer<typeof ClockList>;

export const ClockParam = z.object({ id: z.uuid(), kind: ClockKind });
/** Done (with the date and a note) or reopened after being done. Waiving is WaiveClock (the manager's). */
export const ClockChange = z.discriminatedUnion('action', [
  z.object({ action: z.literal('done'), doneAt: z.iso.datetime({ offset: true }).optional(), note: text(2000).default('') }),
  z.object({ action: z.literal('reopen'), note: text(2000).default('') }),
]);
export type ClockChange = z.infer<typeof ClockChange>;
export type ClockChangeInput = z.input<typeof ClockChange>;

export const WAIVER_REASON_MIN = 5;
export const WAIVER_REASON_MAX = 2000;
/** Waiving a pending clock: the reason is required and kept on the clock, the timeline and the audit log. */
export const WaiveClock = z.object({ reason: z.string().trim().min(WAIVER_REASON_MIN).max(WAIVER_REASON_MAX) });
export type WaiveClock = z.infer<typeof WaiveClock>;

export const BoardStateFilter = z.enum(['open', 'upcoming', 'due_soon', 'due', 'overdue', 'done']);
export type BoardStateFilter = z.infer<typeof BoardStateFilter>;
export const BoardQuery = z.object({
  state: BoardStateFilter.default('open'),
  kind: ClockKind.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type BoardQuery = z.infer<typeof BoardQuery>;

export const BoardItem = ClockDto.extend({
  incident: z.object({ id: z.string(), ref: z.string(), title: z.string(), status: z.string(), severity: z.string().nullable() }),
});
export type BoardItem = z.infer<typeof BoardItem>;
export const BoardDto = z.object({
  items: z.array(BoardItem),
  /** Open clocks by state (of the incidents the caller sees). */
  counts: z.object({ upcoming: z.number().int(), due_soon: z.number().int(), due: z.number().int(), overdue: z.number().int() }),
  truncated: z.boolean(),
  now: z.string(),
});
export type BoardDto = z.infer<typeof BoardDto>;

/** One clock kind's settings: days from the awareness date (Japan calendar days). */
export const ClockSetting = z
  .object({
    kind: ClockKind,
    enabled: z.boolean(),
    dueDays: z.number().int().min(0).max(365),
    overdueDays: z.number().int().min(0).max(365),
    /** PPC final report only: the due day when a wrongful purpose is suspected (60). */
    wrongfulDueDays: z.number().int().min(0).max(365).nullable(),
  })
  .refine((s) => s.overdueDays >= s.dueDays, { message: 'must be on or after the due day', path: ['overdueDays'] });
export type ClockSetting = z.infer<typeof ClockSetting>;

/** The legal clocks cannot be switched off (APPI Art. 26). */
export const MANDATORY_CLOCKS: readonly ClockKind[] = ['ppc_preliminary', 'ppc_final', 'notify_subjects'];
/** The group's own recipients: each can be switched off. */
export const GROUP_CLOCKS: readonly ClockKind[] = ['ethics_committee', 'institution_heads', 'sponsor', 'steering_committee'];

export const DEFAULT_CLOCK_SETTINGS: readonly ClockSetting[] = [
  { kind: 'ppc_preliminary', enabled: true, dueDays: 3, overdueDays: 5, wrongfulDueDays: null },
  { kind: 'ppc_final', enabled: true, dueDays: 30, overdueDays: 30, wrongfulDueDays: 60 },
  { kind: 'notify_subjects', enabled: true, dueDays: 7, overdueDays: 14, wrongfulDueDays: null },
  { kind: 'institution_heads', enabled: true, dueDays: 3, overdueDays: 5, wrongfulDueDays: null },
  { kind: 'ethics_committee', enabled: true, dueDays: 7, overdueDays: 14, wrongfulDueDays: null },
  { kind: 'sponsor', enabled: true, dueDays: 7, overdueDays: 14, wrongfulDueDays: null },
  { kind: 'steering_committee', enabled: true, dueDays: 14, overdueDays: 30, wrongfulDueDays: null },
];
/** The order clocks are listed in. */
export const CLOCK_ORDER: readonly ClockKind[] = DEFAULT_CLOCK_SETTINGS.map((s) => s.kind);

export const BreachSettingsDto = z.object({ clocks: z.array(ClockSetting), updatedAt: z.string().nullable() });
export type BreachSettingsDto = z.infer<typeof BreachSettingsDto>;
export const UpdateBreachSettings = z.object({ clocks: z.array(ClockSetting).min(1).max(ClockKind.options.length) });
export type UpdateBreachSettings = z.infer<typeof UpdateBreachSettings>;

export const PpcReportQuery = z.object({
  format: z.enum(['pdf', 'docx', 'xlsx']),
  lang: z.enum(['ja', 'en']).default('ja'),
  stage: z.enum(['preliminary', 'final']).default('preliminary'),
});
export type PpcReportQuery = z.infer<typeof PpcReportQuery>;
export type PpcReportQueryInput = z.input<typeof PpcReportQuery>;
