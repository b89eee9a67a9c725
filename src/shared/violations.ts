import { z } from 'zod';
import { ClauseId } from './clauses.js';

/**
 * Violation cases and sanctions (P32-7). A case is a restricted record: only the information
 * security manager and the investigators named on it see it; everyone else (the subject included)
 * is answered 404. The manager decides the sanction, taken from a configurable list.
 */

// ---- vocabulary ----------------------------------------------------------------------------------
/** open → under_investigation → decided → closed; a decision may be appealed (appealed → decided again or closed). */
export const ViolationStatus = z.enum(['open', 'under_investigation', 'decided', 'appealed', 'closed']);
export type ViolationStatus = z.infer<typeof ViolationStatus>;
export const VIOLATION_STATUSES = ViolationStatus.options;
/** Statuses still being worked on (counted as "open" on the manager's home page). */
export const OPEN_VIOLATION_STATUSES: readonly ViolationStatus[] = ['open', 'under_investigation', 'appealed'];
/** The statuses the manager sets by hand; `decided` and `appealed` come from a decision and an appeal. */
export const SettableViolationStatus = z.enum(['open', 'under_investigation', 'closed']);
export type SettableViolationStatus = z.infer<typeof SettableViolationStatus>;

export const ViolationSeverity = z.enum(['minor', 'moderate', 'serious', 'grave']);
export type ViolationSeverity = z.infer<typeof ViolationSeverity>;
export const VIOLATION_SEVERITIES = ViolationSeverity.options;

/** The circumstances the manager weighs (P32-7: "by severity and circumstances"). */
export const ViolationIntent = z.enum(['intentional', 'negligent', 'unknown']);
export type ViolationIntent = z.infer<typeof ViolationIntent>;
export const ViolationHarm = z.enum(['none', 'potential', 'actual']);
export type ViolationHarm = z.infer<typeof ViolationHarm>;
export const ViolationCooperation = z.enum(['cooperative', 'partial', 'uncooperative', 'unknown']);
export type ViolationCooperation = z.infer<typeof ViolationCooperation>;

/** What a sanction does besides being recorded: `suspend_account` suspends the subject's account. */
export const SanctionEffect = z.enum(['none', 'suspend_account']);
export type SanctionEffect = z.infer<typeof SanctionEffect>;

export const AppealOutcome = z.enum(['upheld', 'modified', 'withdrawn']);
export type AppealOutcome = z.infer<typeof AppealOutcome>;

/** Evidence files attached to a case: 10 MB each at most. */
export const VIOLATION_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

const dateOnly = z.iso.date();
const text = (max: number) => z.string().trim().max(max);

// ---- sanction types ------------------------------------------------------------------------------
export const SanctionTypeDto = z.object({
  id: z.uuid(),
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  effect: SanctionEffect,
  seeded: z.boolean(),
  retired: z.boolean(),
  sortOrder: z.number().int(),
});
export type SanctionTypeDto = z.infer<typeof SanctionTypeDto>;
export const SanctionTypeList = z.object({ items: z.array(SanctionTypeDto) });
export type SanctionTypeList = z.infer<typeof SanctionTypeList>;

/**
 * The whole list as the manager wants it: existing entries by id (names, order, retired), new ones
 * without an id. Entries left out stay as they are (a sanction type is never deleted: decisions cite it).
 */
export const PutSanctionTypes = z.object({
  items: z
    .array(
      z.object({
        id: z.uuid().optional(),
        nameJa: text(100).min(1),
        nameEn: text(100).min(1),
        effect: SanctionEffect.optional(),
        retired: z.boolean().default(false),
      }),
    )
    .min(1)
    .max(50),
});
export type PutSanctionTypes = z.infer<typeof PutSanctionTypes>;

// ---- cases ---------------------------------------------------------------------------------------
const circumstances = {
  intent: ViolationIntent,
  repeated: z.boolean(),
  harm: ViolationHarm,
  cooperation: ViolationCooperation,
  circumstancesNote: text(4000),
};

export const CreateViolation = z.object({
  subjectId: z.uuid(),
  clauseIds: z.array(ClauseId).min(1).max(30),
  facts: text(20_000).default(''),
  severity: ViolationSeverity,
  intent: ViolationIntent.default('unknown'),
  repeated: z.boolean().default(false),
  harm: ViolationHarm.default('none'),
  cooperation: ViolationCooperation.default('unknown'),
  circumstancesNote: text(4000).default(''),
  incidentId: z.uuid().nullable().optional(),
  investigatorIds: z.array(z.uuid()).max(20).default([]),
});
export type CreateViolation = z.infer<typeof CreateViolation>;
export type CreateViolationInput = z.input<typeof CreateViolation>;

export const UpdateViolation = z
  .object({
    clauseIds: z.array(ClauseId).min(1).max(30),
    facts: text(20_000),
    severity: ViolationSeverity,
    ...circumstances,
    incidentId: z.uuid().nullable(),
    status: SettableViolationStatus,
    /** The version the editor saw (409 CONFLICT when someone changed the case meanwhile). */
    version: z.number().int().min(1),
  })
  .partial()
  .extend({ version: z.number().int().min(1) });
export type UpdateViolation = z.infer<typeof UpdateViolation>;

export const AddViolationNote = z.object({ text: text(10_000).min(1) });
export type AddViolationNote = z.infer<typeof AddViolationNote>;

export const SetViolationInvestigators = z.object({ personIds: z.array(z.uuid()).max(20) });
export type SetViolationInvestigators = z.infer<typeof SetViolationInvestigators>;

export const DecideViolation = z.object({
  sanctionTypeId: z.uuid(),
  decidedOn: dateOnly,
  rationale: text(10_000).min(1),
});
export type DecideViolation = z.infer<typeof DecideViolation>;

export const RecordAppeal = z.object({
  receivedOn: dateOnly,
  note: text(10_000).min(1),
  /** Empty while the appeal is being considered. */
  outcome: AppealOutcome.nullable().default(null),
  outcomeNote: text(10_000).default(''),
});
export type RecordAppeal = z.infer<typeof RecordAppeal>;

export const ListViolationsQuery = z.object({ status: ViolationStatus.optional() });
export type ListViolationsQuery = z.infer<typeof ListViolationsQuery>;
/** Path parameters of one evidence file of a case. */
export const ViolationEvidenceParam = z.object({ id: z.uuid(), evidenceId: z.uuid() });

export const ViolationPersonRef = z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string() });
export type ViolationPersonRef = z.infer<typeof ViolationPersonRef>;

export const ViolationEvidenceDto = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  description: z.string(),
  uploadedBy: ViolationPersonRef.nullable(),
  uploadedAt: z.string(),
});
export type ViolationEvidenceDto = z.infer<typeof ViolationEvidenceDto>;

export const ViolationNoteDto = z.object({ id: z.number().int(), at: z.string(), author: ViolationPersonRef.nullable(), text: z.string() });
export type ViolationNoteDto = z.infer<typeof ViolationNoteDto>;

export const ViolationSummary = z.object({
  id: z.uuid(),
  ref: z.string(),
  subject: ViolationPersonRef,
  clauseIds: z.array(z.string()),
  severity: ViolationSeverity,
  status: ViolationStatus,
  sanction: z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string() }).nullable(),
  decidedOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ViolationSummary = z.infer<typeof ViolationSummary>;
export const ViolationList = z.object({ items: z.array(ViolationSummary) });
export type ViolationList = z.infer<typeof ViolationList>;

export const ViolationDto = ViolationSummary.extend({
  facts: z.string(),
  intent: ViolationIntent,
  repeated: z.boolean(),
  harm: ViolationHarm,
  cooperation: ViolationCooperation,
  circumstancesNote: z.string(),
  incident: z.object({ id: z.uuid(), ref: z.string(), title: z.string() }).nullable(),
  investigators: z.array(ViolationPersonRef),
  notes: z.array(ViolationNoteDto),
  evidence: z.array(ViolationEvidenceDto),
  decision: z
    .object({
      sanction: z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string(), effect: SanctionEffect }),
      decidedOn: z.string(),
      rationale: z.string(),
      decidedBy: ViolationPersonRef.nullable(),
      decidedAt: z.string(),
      noticeSentAt: z.string().nullable(),
      accountSuspended: z.boolean(),
    })
    .nullable(),
  appeal: z
    .object({
      receivedOn: z.string(),
      note: z.string(),
      outcome: AppealOutcome.nullable(),
      outcomeNote: z.string(),
      recordedAt: z.string(),
    })
    .nullable(),
  version: z.number().int(),
  /** What the caller may do here (the web shows the matching buttons). */
  canManage: z.boolean(),
});
export type ViolationDto = z.infer<typeof ViolationDto>;

/** `VC-2026-0007`: per calendar year of the case's creation, Japan time. */
export const formatViolationRef = (year: number, n: number) => `VC-${year}-${String(n).padStart(4, '0')}`;
