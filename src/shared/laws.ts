import { z } from 'zod';
import { Reason } from './validation.js';

/**
 * The laws and norms register (P32-1.3): the laws, ordinances, guidelines, norms and internal
 * policies the group follows, with their revision history, in Japanese and English.
 */
export const LawKind = z.enum(['law', 'ordinance', 'guideline', 'norm', 'internal_policy']);
export type LawKind = z.infer<typeof LawKind>;
export const LAW_KINDS = LawKind.options;

export const LawStatus = z.enum(['in_force', 'superseded']);
export type LawStatus = z.infer<typeof LawStatus>;

/** A date known to the year, the month or the day: 2024, 2024-10, 2021-06-30. */
export const PartialDate = z
  .string()
  .trim()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, Reason.PARTIAL_DATE);
export type PartialDate = z.infer<typeof PartialDate>;

const optText = (max: number) => z.string().trim().max(max).nullable().optional();
/** An http(s) address or nothing. */
const Url = z
  .string()
  .trim()
  .max(1000)
  .regex(/^https?:\/\/\S+$/i, Reason.HTTP_URL)
  .nullable()
  .optional();

const lawFields = {
  titleJa: z.string().trim().min(1).max(500),
  titleEn: z.string().trim().min(1).max(500),
  shortNameJa: optText(100),
  shortNameEn: optText(100),
  kind: LawKind,
  issuerJa: optText(300),
  issuerEn: optText(300),
  referenceNumber: optText(200),
  lastRevisedOn: PartialDate.nullable().optional(),
  verifiedOn: z.iso.date().nullable().optional(),
  url: Url,
  summaryJa: optText(5000),
  summaryEn: optText(5000),
  status: LawStatus.default('in_force'),
  replacedById: z.uuid().nullable().optional(),
};

export const CreateLaw = z.object(lawFields);
export type CreateLaw = z.infer<typeof CreateLaw>;
export type CreateLawInput = z.input<typeof CreateLaw>;

/** Only the fields sent change. */
export const UpdateLaw = z.object({
  titleJa: lawFields.titleJa.optional(),
  titleEn: lawFields.titleEn.optional(),
  shortNameJa: lawFields.shortNameJa,
  shortNameEn: lawFields.shortNameEn,
  kind: LawKind.optional(),
  issuerJa: lawFields.issuerJa,
  issuerEn: lawFields.issuerEn,
  referenceNumber: lawFields.referenceNumber,
  lastRevisedOn: lawFields.lastRevisedOn,
  verifiedOn: lawFields.verifiedOn,
  url: lawFields.url,
  summaryJa: lawFields.summaryJa,
  summaryEn: lawFields.summaryEn,
  status: LawStatus.optional(),
  replacedById: lawFields.replacedById,
  /** Retire (take out of the register, links kept) or bring back. */
  retired: z.boolean().optional(),
});
export type UpdateLaw = z.infer<typeof UpdateLaw>;

const hasNote = (r: { noteJa?: string | null; noteEn?: string | null }) => !!r.noteJa?.trim() || !!r.noteEn?.trim();
const noteRequired = { message: Reason.JA_OR_EN, path: ['noteJa'] };

/** A revision: when, and a note in either language (at least one). */
export const AddLawRevision = z.object({ revisedOn: PartialDate, noteJa: optText(2000), noteEn: optText(2000) }).refine(hasNote, noteRequired);
export type AddLawRevision = z.infer<typeof AddLawRevision>;

// ---- the forms: every text field as typed, an empty optional one sent as null (cleared) ---------

const blankAsNull = <S extends z.ZodType<unknown, string | null | undefined>>(s: S) =>
  z
    .string()
    .transform((v): string | null | undefined => (v.trim() === '' ? null : v))
    .pipe(s);

/** The form that adds or edits an entry; its values are a CreateLaw or an UpdateLaw. */
export const LawForm = z.object({
  titleJa: lawFields.titleJa,
  titleEn: lawFields.titleEn,
  shortNameJa: blankAsNull(lawFields.shortNameJa),
  shortNameEn: blankAsNull(lawFields.shortNameEn),
  kind: LawKind,
  issuerJa: blankAsNull(lawFields.issuerJa),
  issuerEn: blankAsNull(lawFields.issuerEn),
  referenceNumber: blankAsNull(lawFields.referenceNumber),
  lastRevisedOn: blankAsNull(lawFields.lastRevisedOn),
  verifiedOn: blankAsNull(lawFields.verifiedOn),
  url: blankAsNull(lawFields.url),
  summaryJa: blankAsNull(lawFields.summaryJa),
  summaryEn: blankAsNull(lawFields.summaryEn),
  status: LawStatus,
  replacedById: z.uuid().nullable(),
});
export type LawFormValues = z.input<typeof LawForm>;

/** The form that adds a revision; its values are an AddLawRevision. */
export const LawRevisionForm = z.object({ revisedOn: PartialDate, noteJa: blankAsNull(optText(2000)), noteEn: blankAsNull(optText(2000)) }).refine(hasNote, noteRequired);

export const LawRevisionDto = z.object({
  id: z.uuid(),
  revisedOn: z.string(),
  noteJa: z.string().nullable(),
  noteEn: z.string().nullable(),
  createdAt: z.string(),
});
export type LawRevisionDto = z.infer<typeof LawRevisionDto>;

export const LawRef = z.object({ id: z.uuid(), titleJa: z.string(), titleEn: z.string(), shortNameJa: z.string().nullable(), shortNameEn: z.string().nullable() });
export type LawRef = z.infer<typeof LawRef>;

export const LawSummaryDto = z.object({
  id: z.uuid(),
  titleJa: z.string(),
  titleEn: z.string(),
  shortNameJa: z.string().nullable(),
  shortNameEn: z.string().nullable(),
  kind: LawKind,
  issuerJa: z.string().nullable(),
  issuerEn: z.string().nullable(),
  referenceNumber: z.string().nullable(),
  lastRevisedOn: z.string().nullable(),
  verifiedOn: z.string().nullable(),
  url: z.string().nullable(),
  status: LawStatus,
  /** Pre-filled by the product (its facts may still need confirming). */
  seeded: z.boolean(),
  retired: z.boolean(),
  updatedAt: z.string(),
});
export type LawSummaryDto = z.infer<typeof LawSummaryDto>;

export const LawDto = LawSummaryDto.extend({
  summaryJa: z.string().nullable(),
  summaryEn: z.string().nullable(),
  replacedBy: LawRef.nullable(),
  /** Entries this one replaced (e.g. the two guidelines merged in 2021). */
  replaces: z.array(LawRef),
  revisions: z.array(LawRevisionDto),
  createdAt: z.string(),
});
export type LawDto = z.infer<typeof LawDto>;

export const ListLawsQuery = z.object({
  q: z.string().trim().max(200).optional(),
  kind: LawKind.optional(),
  status: LawStatus.optional(),
  /** Entries not confirmed since this day (or never): what to check for new revisions. */
  unverifiedSince: z.iso.date().optional(),
  includeRetired: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type ListLawsQuery = z.infer<typeof ListLawsQuery>;

export const LawList = z.object({ items: z.array(LawSummaryDto) });
export type LawList = z.infer<typeof LawList>;

export const LawIdParam = z.object({ id: z.uuid() });
export const LawRevisionParam = z.object({ id: z.uuid(), revisionId: z.uuid() });
