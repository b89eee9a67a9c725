import { z } from 'zod';
import { AccountStatus, Language, SuspendedReason } from './account.js';
import { withConfirmation } from './identity.js';

/**
 * The account lifecycle, the onboarding pledge and lost credentials (P32-2.1.3, P32-2.1.3b):
 * request and response schemas shared by the server and the web app.
 */

const email = z.string().trim().toLowerCase().pipe(z.email().max(254));
/** A one-time link's token: 256 bits, base64url. */
const token = z.string().min(16).max(200);
/** Passwords: length rules are the password policy's (the server gives the reason); the upper bound only stops abuse. */
const password = z.string().min(1).max(1024);
const note = z.string().trim().min(1).max(2000);

// ---- the account console ------------------------------------------------------------------------

/**
 * What the console can filter on: a status, an invitation whose link has lapsed, or a deadline
 * (expiry, dormancy) coming within ACCOUNT_SOON_DAYS.
 */
export const AccountFilter = z.enum(['none', 'invited', 'active', 'suspended', 'offboarded', 'invitation_expired', 'expiring', 'dormant_soon']);
export type AccountFilter = z.infer<typeof AccountFilter>;

/** Days ahead the console's "expiring" and "dormant soon" filters look. */
export const ACCOUNT_SOON_DAYS = 30;

/** The list's order: by name (kana, then romaji), or by the last sign-in (never signed in counts as the oldest). */
export const AccountSort = z.enum(['name', 'last_sign_in']);
export type AccountSort = z.infer<typeof AccountSort>;

const listFilters = {
  filter: AccountFilter.optional(),
  q: z.string().trim().max(200).optional(),
  sort: AccountSort.default('name'),
  dir: z.enum(['asc', 'desc']).default('asc'),
};

export const ListAccountsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  ...listFilters,
});
export type ListAccountsQuery = z.infer<typeof ListAccountsQuery>;

/** The CSV export: the same filter, search and order as the list, every page; headers in `lang`. */
export const ExportAccountsQuery = z.object({ ...listFilters, lang: Language.default('ja') });
export type ExportAccountsQuery = z.infer<typeof ExportAccountsQuery>;

/** The console's overview: how many people are in each state (one count per filter, same rules as the list). */
export const AccountCountsDto = z.object({
  total: z.number().int(),
  none: z.number().int(),
  invited: z.number().int(),
  active: z.number().int(),
  suspended: z.number().int(),
  offboarded: z.number().int(),
  invitation_expired: z.number().int(),
  expiring: z.number().int(),
  dormant_soon: z.number().int(),
  /** The window of `expiring` and `dormant_soon`, in days. */
  soonDays: z.number().int(),
});
export type AccountCountsDto = z.infer<typeof AccountCountsDto>;

/** Most people one bulk invitation may name. */
export const BULK_INVITE_MAX = 500;

/**
 * Issue accounts to (or resend the invitation of) several people at once: all or nothing. Each must
 * be active in the registry, have an email address, and have no account yet or an outstanding /
 * lapsed invitation (an offboarded person is re-issued one at a time, on their page).
 */
export const BulkInvite = z.object({ personIds: z.array(z.uuid()).min(1).max(BULK_INVITE_MAX).transform((v) => [...new Set(v)]) });
export type BulkInvite = z.infer<typeof BulkInvite>;

/** Why a person cannot be part of a bulk invitation (the 400 answer's details.ineligible). */
export const InviteIneligible = z.enum(['not_found', 'deactivated', 'no_email', 'has_account', 'offboarded']);
export type InviteIneligible = z.infer<typeof InviteIneligible>;

export const BulkInviteResultDto = z.object({
  invited: z.number().int(),
  resent: z.number().int(),
  items: z.array(z.object({ personId: z.uuid(), action: z.enum(['invited', 'resent']), invitationExpiresAt: z.string() })),
});
export type BulkInviteResultDto = z.infer<typeof BulkInviteResultDto>;

export const InstitutionRefDto = z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string() });
export type InstitutionRefDto = z.infer<typeof InstitutionRefDto>;

export const AccountSummaryDto = z.object({
  personId: z.uuid(),
  familyNameJa: z.string(),
  givenNameJa: z.string(),
  familyNameEn: z.string(),
  givenNameEn: z.string(),
  email: z.string(),
  personActive: z.boolean(),
  status: AccountStatus,
  suspendedReason: SuspendedReason.nullable(),
  expiresAt: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
  /** When the dormancy job will suspend this active account unless it is used (null unless active). */
  dormantAt: z.string().nullable(),
  /** The invitation link's expiry, while an invitation is outstanding. */
  invitationExpiresAt: z.string().nullable(),
  mfaEnrolled: z.boolean(),
  /** The pledge version last signed, or null. */
  pledgeVersion: z.string().nullable(),
  institutions: z.array(InstitutionRefDto),
});
export type AccountSummaryDto = z.infer<typeof AccountSummaryDto>;

export const AccountPage = z.object({ items: z.array(AccountSummaryDto), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type AccountPage = z.infer<typeof AccountPage>;

/** One entry of an account's history, read from the audit log. */
export const AccountEventDto = z.object({
  seq: z.number().int(),
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  /** Set when the system (a scheduled job) acted. */
  bySystem: z.boolean(),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
});
export type AccountEventDto = z.infer<typeof AccountEventDto>;

export const AccountDto = AccountSummaryDto.extend({
  mustChangePassword: z.boolean(),
  language: Language,
  history: z.array(AccountEventDto),
  /** What the viewer may do with this account. */
  can: z.object({ manage: z.boolean() }),
});
export type AccountDto = z.infer<typeof AccountDto>;

export const SuspendAccount = z.object({ note: note.optional() });
export type SuspendAccount = z.infer<typeof SuspendAccount>;

export const OffboardAccount = z.object({ reason: note });
export type OffboardAccount = z.infer<typeof OffboardAccount>;

export const SetAccountExpiry = z.object({ expiresAt: z.iso.datetime({ offset: true }).nullable() });
export type SetAccountExpiry = z.infer<typeof SetAccountExpiry>;

// ---- invitation -----------------------------------------------------------------------------------

export const InvitationLookup = z.object({ token });
export type InvitationLookup = z.infer<typeof InvitationLookup>;

/** Who an invitation is for, shown on the /invite page before they choose a password. */
export const InvitationInfoDto = z.object({
  familyNameJa: z.string(),
  givenNameJa: z.string(),
  familyNameEn: z.string(),
  givenNameEn: z.string(),
  email: z.string(),
  language: Language,
  expiresAt: z.string(),
  minPasswordLength: z.number().int(),
});
export type InvitationInfoDto = z.infer<typeof InvitationInfoDto>;

export const AcceptInvitation = z.object({ token, password, language: Language });
export type AcceptInvitation = z.infer<typeof AcceptInvitation>;

/** The /invite form: the password typed twice and the email language (the token is the link's). */
export const AcceptInvitationForm = withConfirmation(AcceptInvitation.omit({ token: true }), 'password');

// ---- lost credentials and password reset (P32-2.1.3b) ---------------------------------------------

/** What was lost: the account's sign-in details, the password, the authenticator app, the research group's ID. */
export const LostItem = z.enum(['account', 'password', 'authenticator', 'group_id']);
export type LostItem = z.infer<typeof LostItem>;
const lost = z.array(LostItem).min(1).max(4).transform((v) => [...new Set(v)]);

export const ReportLostPublic = z.object({ email, lost });
export type ReportLostPublic = z.infer<typeof ReportLostPublic>;

export const ReportLostSignedIn = z.object({ lost, note: z.string().trim().max(2000).optional() });
export type ReportLostSignedIn = z.infer<typeof ReportLostSignedIn>;

export const ConfirmLost = z.object({ token });
export type ConfirmLost = z.infer<typeof ConfirmLost>;

/** The one answer to a public request, whether or not the address has an account (no enumeration). */
export const AcceptedDto = z.object({ accepted: z.literal(true) });
export type AcceptedDto = z.infer<typeof AcceptedDto>;

export const RequestPasswordReset = z.object({ email });
export type RequestPasswordReset = z.infer<typeof RequestPasswordReset>;

export const ResetPassword = z.object({ token, password });
export type ResetPassword = z.infer<typeof ResetPassword>;

/** The /reset-password form: the new password typed twice (the token is the link's). */
export const ResetPasswordForm = withConfirmation(ResetPassword.omit({ token: true }), 'password');

export const CredentialLossStatus = z.enum(['open', 'closed']);
export type CredentialLossStatus = z.infer<typeof CredentialLossStatus>;
export const ReportedVia = z.enum(['sign_in_page', 'signed_in']);
export type ReportedVia = z.infer<typeof ReportedVia>;

export const ListCredentialLossQuery = z.object({
  status: CredentialLossStatus.default('open'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListCredentialLossQuery = z.infer<typeof ListCredentialLossQuery>;

export const CredentialLossDto = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  familyNameJa: z.string(),
  givenNameJa: z.string(),
  familyNameEn: z.string(),
  givenNameEn: z.string(),
  email: z.string(),
  lost: z.array(LostItem),
  reportedVia: ReportedVia,
  reportedAt: z.string(),
  note: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  status: CredentialLossStatus,
  /** The authenticator was lost and the data center has not reset it yet (it verifies identity first). */
  mfaResetPending: z.boolean(),
  mfaResetAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  closeNote: z.string().nullable(),
});
export type CredentialLossDto = z.infer<typeof CredentialLossDto>;

export const CredentialLossPage = z.object({ items: z.array(CredentialLossDto), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type CredentialLossPage = z.infer<typeof CredentialLossPage>;

export const CloseCredentialLoss = z.object({ note });
export type CloseCredentialLoss = z.infer<typeof CloseCredentialLoss>;

export const ResetLostMfa = z.object({ note });
export type ResetLostMfa = z.infer<typeof ResetLostMfa>;

// ---- the onboarding pledge ---------------------------------------------------------------------

export const SignPledge = z.object({ version: z.string().min(1).max(40), language: Language });
export type SignPledge = z.infer<typeof SignPledge>;

export const PledgeDto = z.object({
  version: z.string(),
  ja: z.object({ title: z.string(), items: z.array(z.object({ clause: z.string(), text: z.string() })) }),
  en: z.object({ title: z.string(), items: z.array(z.object({ clause: z.string(), text: z.string() })) }),
});
export type PledgeDto = z.infer<typeof PledgeDto>;

export const MyPledgeDto = z.object({
  current: PledgeDto,
  /** The person's latest signature, if any. */
  signed: z
    .object({ version: z.string(), language: Language, signedAt: z.string(), textSha256: z.string(), current: z.boolean() })
    .nullable(),
});
export type MyPledgeDto = z.infer<typeof MyPledgeDto>;
