import { z } from 'zod';

/**
 * Group IDs (P32-2.1.3d, e): one login and password per research group for its member-only web
 * content, and that content (notices and documents). Shared by server and web.
 */

/** Why a version of a group password was made. */
export const RotationReason = z.enum(['initial', 'manual', 'scheduled', 'member_left', 'credential_loss']);
export type RotationReason = z.infer<typeof RotationReason>;

/** Why a rotation was proposed automatically. */
export const ProposalReason = z.enum(['member_left', 'credential_loss']);
export type ProposalReason = z.infer<typeof ProposalReason>;

export const ProposalStatus = z.enum(['open', 'accepted', 'dismissed']);
export type ProposalStatus = z.infer<typeof ProposalStatus>;

/** How a person came to hold a version: revealed it themself, received it from a site coordinator by email, or was told of it at rotation (a link, never the password). */
export const RosterMethod = z.enum(['revealed', 'resent', 'rotation_notice']);
export type RosterMethod = z.infer<typeof RosterMethod>;

const names = { code: z.string(), nameJa: z.string(), nameEn: z.string() };

/** The research group a route is about: `/api/group-ids/:groupId/...`. */
export const GroupIdParam = z.object({ groupId: z.uuid() });
/** One item of a group's member-only content. */
export const ContentItemParam = z.object({ groupId: z.uuid(), itemId: z.uuid() });

/** One of my research groups on the Group IDs page. The login itself only comes with a reveal. */
export const MyGroupDto = z.object({
  researchGroupId: z.uuid(),
  ...names,
  issued: z.boolean(),
  currentVersion: z.number().int().nullable(),
  rotatedAt: z.string().nullable(),
  /** The newest version this person revealed or was sent (null: never). */
  myVersion: z.number().int().nullable(),
  canReveal: z.boolean(),
  /** A site coordinator of this group: may re-send it to researchers of their own site. */
  canResend: z.boolean(),
  canReadContent: z.boolean(),
});
export type MyGroupDto = z.infer<typeof MyGroupDto>;
export const MyGroupList = z.object({ items: z.array(MyGroupDto) });
export type MyGroupList = z.infer<typeof MyGroupList>;

/** The answer to a reveal: shown once, never cached. */
export const RevealedGroupId = z.object({ researchGroupId: z.uuid(), login: z.string(), password: z.string(), version: z.number().int() });
export type RevealedGroupId = z.infer<typeof RevealedGroupId>;

/** A researcher of the coordinator's own site in the group. */
export const ResendCandidate = z.object({
  id: z.uuid(),
  familyNameJa: z.string(),
  givenNameJa: z.string(),
  familyNameEn: z.string(),
  givenNameEn: z.string(),
  email: z.string(),
  myVersion: z.number().int().nullable(),
});
export type ResendCandidate = z.infer<typeof ResendCandidate>;
export const ResendCandidateList = z.object({ items: z.array(ResendCandidate) });

export const ResendGroupId = z.object({ personId: z.uuid() });
export type ResendGroupId = z.infer<typeof ResendGroupId>;

/** The data center's view of one group's credential (never the password). */
export const GroupCredentialSummary = z.object({
  researchGroupId: z.uuid(),
  ...names,
  active: z.boolean(),
  login: z.string().nullable(),
  currentVersion: z.number().int().nullable(),
  rotatedAt: z.string().nullable(),
  rotationIntervalDays: z.number().int().nullable(),
  nextRotationAt: z.string().nullable(),
  openProposals: z.number().int(),
  activeSessions: z.number().int(),
});
export type GroupCredentialSummary = z.infer<typeof GroupCredentialSummary>;
export const GroupCredentialList = z.object({ items: z.array(GroupCredentialSummary) });

export const CredentialVersionDto = z.object({
  version: z.number().int(),
  reason: RotationReason,
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  retiredAt: z.string().nullable(),
});

export const RosterEntryDto = z.object({
  version: z.number().int(),
  personId: z.uuid(),
  personName: z.string(),
  method: RosterMethod,
  byName: z.string().nullable(),
  at: z.string(),
});
export type RosterEntryDto = z.infer<typeof RosterEntryDto>;

export const RotationProposalDto = z.object({
  id: z.uuid(),
  researchGroupId: z.uuid(),
  ...names,
  reason: ProposalReason,
  status: ProposalStatus,
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decisionReason: z.string().nullable(),
  resultingVersion: z.number().int().nullable(),
});
export type RotationProposalDto = z.infer<typeof RotationProposalDto>;
export const RotationProposalList = z.object({ items: z.array(RotationProposalDto) });
export const ProposalQuery = z.object({ status: ProposalStatus.optional() });

export const GroupCredentialDetail = GroupCredentialSummary.extend({
  versions: z.array(CredentialVersionDto),
  roster: z.array(RosterEntryDto),
  proposals: z.array(RotationProposalDto),
});
export type GroupCredentialDetail = z.infer<typeof GroupCredentialDetail>;

/** The answer to a rotation: the new version, the group sessions it ended, the holders told of it. */
export const RotationResultDto = z.object({ version: z.number().int(), sessionsEnded: z.number().int(), notified: z.number().int() });
export type RotationResultDto = z.infer<typeof RotationResultDto>;

export const SetRotationSchedule = z.object({ intervalDays: z.number().int().min(7).max(730).nullable() });
export type SetRotationSchedule = z.infer<typeof SetRotationSchedule>;

export const DismissProposal = z.object({ reason: z.string().trim().min(1).max(500) });
export type DismissProposal = z.infer<typeof DismissProposal>;

// ---- group sessions --------------------------------------------------------------------------

export const GroupSignIn = z.object({
  groupId: z.string().trim().toLowerCase().min(1).max(100),
  password: z.string().min(1).max(200),
});
export type GroupSignIn = z.infer<typeof GroupSignIn>;

/** The read-only group session of this browser, if any. */
export const GroupSessionDto = z.object({
  active: z.boolean(),
  researchGroupId: z.uuid().nullable(),
  code: z.string().nullable(),
  nameJa: z.string().nullable(),
  nameEn: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type GroupSessionDto = z.infer<typeof GroupSessionDto>;

// ---- member-only content ---------------------------------------------------------------------

export const ContentKind = z.enum(['notice', 'document']);
export type ContentKind = z.infer<typeof ContentKind>;

/** Document types members may download; checked by extension and by the file's first bytes. */
export const DOCUMENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  txt: 'text/plain; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
} as const;
export const DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

const title = z.string().trim().min(1).max(200);
const body = z.string().trim().max(20_000);

export const PublishNotice = z.object({ titleJa: title, titleEn: title, bodyJa: body.min(1), bodyEn: body.min(1) });
export type PublishNotice = z.infer<typeof PublishNotice>;

export const UpdateContent = z
  .object({ titleJa: title, titleEn: title, bodyJa: body.min(1), bodyEn: body.min(1) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change.' });
export type UpdateContent = z.infer<typeof UpdateContent>;

export const WithdrawContent = z.object({ reason: z.string().trim().min(1).max(500) });
export type WithdrawContent = z.infer<typeof WithdrawContent>;

export const DocumentFields = z.object({ titleJa: title, titleEn: title });

export const ContentItemDto = z.object({
  id: z.uuid(),
  researchGroupId: z.uuid(),
  kind: ContentKind,
  titleJa: z.string(),
  titleEn: z.string(),
  bodyJa: z.string(),
  bodyEn: z.string(),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  size: z.number().int().nullable(),
  sha256: z.string().nullable(),
  publishedAt: z.string(),
  publishedByName: z.string().nullable(),
  updatedAt: z.string(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
});
export type ContentItemDto = z.infer<typeof ContentItemDto>;

export const ContentList = z.object({
  group: z.object({ id: z.uuid(), ...names }),
  /** The reader may publish, edit and withdraw here (withdrawn items are listed for them). */
  canPublish: z.boolean(),
  /** Read through a group ID session (read-only), not a personal account. */
  viaGroupSession: z.boolean(),
  items: z.array(ContentItemDto),
});
export type ContentList = z.infer<typeof ContentList>;

/** A group password as shown: four blocks of five characters. */
export const GROUP_PASSWORD_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
