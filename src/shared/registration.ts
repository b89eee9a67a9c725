import { z } from 'zod';
import { pageOf } from './pagination.js';
import { Reason } from './validation.js';

/**
 * Registration changes (P32-2.1.3f): a person reports a change to their own registration; the data
 * center approves (the change is applied at once, with history) or rejects it with a reason.
 */
export const RegistrationChangeKind = z.enum(['move', 'name', 'email', 'join_group', 'leave_group', 'retire']);
export type RegistrationChangeKind = z.infer<typeof RegistrationChangeKind>;
export const REGISTRATION_CHANGE_KINDS = RegistrationChangeKind.options;

export const RegistrationChangeStatus = z.enum(['pending', 'approved', 'rejected', 'withdrawn']);
export type RegistrationChangeStatus = z.infer<typeof RegistrationChangeStatus>;

/** A calendar date, YYYY-MM-DD. */
export const IsoDate = z.iso.date();
const kana = z
  .string()
  .trim()
  .max(100)
  .regex(/^[\p{Script=Katakana}\p{Script=Hiragana}ー・\s\u3000]*$/u, Reason.KANA_ONLY);
const note = z.string().trim().max(2000).optional().nullable();

export const MoveChange = z.object({
  kind: z.literal('move'),
  fromInstitutionId: z.uuid(),
  toInstitutionId: z.uuid(),
  effectiveDate: IsoDate,
  /** Research groups the person leaves with the move (each proposes a group ID rotation). */
  leaveResearchGroupIds: z.array(z.uuid()).max(50).default([]),
});
export const NameChange = z.object({
  kind: z.literal('name'),
  familyNameJa: z.string().trim().min(1).max(100),
  givenNameJa: z.string().trim().max(100).default(''),
  familyNameKana: kana.default(''),
  givenNameKana: kana.default(''),
  familyNameEn: z.string().trim().min(1).max(100),
  givenNameEn: z.string().trim().max(100).default(''),
});
export const EmailChange = z.object({ kind: z.literal('email'), email: z.string().trim().toLowerCase().pipe(z.email().max(254)) });
export const JoinGroupChange = z.object({ kind: z.literal('join_group'), researchGroupId: z.uuid() });
export const LeaveGroupChange = z.object({ kind: z.literal('leave_group'), researchGroupId: z.uuid() });
export const RetireChange = z.object({ kind: z.literal('retire'), effectiveDate: IsoDate });

/** What changes: one of the kinds, with the fields that kind needs. */
export const RegistrationChangePayload = z.discriminatedUnion('kind', [MoveChange, NameChange, EmailChange, JoinGroupChange, LeaveGroupChange, RetireChange]);
export type RegistrationChangePayload = z.infer<typeof RegistrationChangePayload>;

/** The request body: the change, a note, and (for a site coordinator or the data center) whom it is about. */
export const SubmitRegistrationChange = z.object({
  personId: z.uuid().optional(),
  change: RegistrationChangePayload,
  note,
});
export type SubmitRegistrationChange = z.infer<typeof SubmitRegistrationChange>;
export type SubmitRegistrationChangeInput = z.input<typeof SubmitRegistrationChange>;

/**
 * The registration-change form: the request, but the change holds every kind's fields at once
 * (switching the kind keeps what was typed); only the chosen kind's fields are checked and kept.
 * `personId` is null for "myself".
 */
export const RegistrationChangeForm = SubmitRegistrationChange.extend({
  personId: z.uuid().nullable(),
  change: z.looseObject({ kind: RegistrationChangeKind }).pipe(RegistrationChangePayload),
});

export const DecideRegistrationChange = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), reason: z.string().trim().max(2000).optional().nullable() }),
  z.object({ decision: z.literal('reject'), reason: z.string().trim().min(1).max(2000) }),
]);
export type DecideRegistrationChange = z.infer<typeof DecideRegistrationChange>;

const Ref = z.object({ id: z.uuid(), code: z.string(), nameJa: z.string(), nameEn: z.string() });
const PersonRef = z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string(), email: z.string() });

export const RegistrationChangeDto = z.object({
  id: z.uuid(),
  person: PersonRef,
  submittedBy: PersonRef.nullable(),
  kind: RegistrationChangeKind,
  change: RegistrationChangePayload,
  /** Names of the institutions and groups the change mentions, for display. */
  refs: z.record(z.string(), Ref),
  /** The person's registration when the request was decided (approved) or submitted. */
  before: z.record(z.string(), z.unknown()).nullable(),
  note: z.string().nullable(),
  status: RegistrationChangeStatus,
  decidedBy: PersonRef.nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RegistrationChangeDto = z.infer<typeof RegistrationChangeDto>;

export const ListRegistrationChangesQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  status: RegistrationChangeStatus.optional(),
  /** `mine`: requests about or submitted by me (everyone); `queue`: all requests (the data center). */
  view: z.enum(['mine', 'queue']).default('mine'),
});
export type ListRegistrationChangesQuery = z.infer<typeof ListRegistrationChangesQuery>;

export const RegistrationChangePage = pageOf(RegistrationChangeDto);
export type RegistrationChangePage = z.infer<typeof RegistrationChangePage>;
