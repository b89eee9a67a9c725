import { z } from 'zod';
import { pageOf } from './pagination.js';

/**
 * The secure exchange (issue 7, P32-2.1.2): transfers of confidential files, addressed to named
 * people or units, checked by the identifier tripwire before release, downloaded after sign-in,
 * expiring and purged. Wire schemas shared by server and web.
 */

/**
 * draft → (release) → awaiting_scan → blocked (unresolved findings) | awaiting_approval (special-care
 * data with a second approver) | available → expired | withdrawn → purged (crypto-erased).
 */
export const TransferState = z.enum(['draft', 'awaiting_scan', 'blocked', 'awaiting_approval', 'available', 'expired', 'withdrawn', 'purged']);
export type TransferState = z.infer<typeof TransferState>;

export const Classification = z.enum(['confidential', 'internal']);
export type Classification = z.infer<typeof Classification>;

/** What the files hold; special_care (要配慮個人情報) can require a second approver. */
export const DataCategory = z.enum(['pseudonymized_case_data', 'special_care', 'study_documents', 'other']);
export type DataCategory = z.infer<typeof DataCategory>;

export const EXPIRY_DEFAULT_DAYS = 14;
export const EXPIRY_MAX_DAYS = 90;

/** Where a tripwire hit is: in a file's content, its name, or the transfer's message or purpose. */
export const FindingSource = z.enum(['file', 'file_name', 'message', 'purpose']);
export type FindingSource = z.infer<typeof FindingSource>;

/** null: unresolved (blocks release). */
export const FindingResolution = z.enum(['waived', 'excepted', 'removed', 'superseded']);
export type FindingResolution = z.infer<typeof FindingResolution>;

export const ScanStatus = z.enum(['pending', 'scanning', 'done', 'failed']);
export type ScanStatus = z.infer<typeof ScanStatus>;

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

/** Named people and/or units; never "anyone with the link". */
export const Recipients = z
  .object({
    personIds: z.array(z.uuid()).max(50).default([]),
    unitIds: z.array(z.uuid()).max(10).default([]),
  })
  .refine((r) => r.personIds.length + r.unitIds.length > 0, { message: 'at least one person or unit', path: ['personIds'] });
export type Recipients = z.infer<typeof Recipients>;

export const CreateTransfer = z.object({
  recipients: Recipients,
  purpose: text(500),
  studyId: z.uuid().optional().nullable(),
  classification: Classification.default('confidential'),
  dataCategory: DataCategory,
  expiryDays: z.number().int().min(1).max(EXPIRY_MAX_DAYS).default(EXPIRY_DEFAULT_DAYS),
  message: optionalText(4000),
});
export type CreateTransfer = z.infer<typeof CreateTransfer>;
export type CreateTransferInput = z.input<typeof CreateTransfer>;

/** Changes to a draft (or a blocked transfer); absent fields stay as they are. */
export const UpdateTransfer = z.object({
  recipients: Recipients.optional(),
  purpose: text(500).optional(),
  studyId: z.uuid().optional().nullable(),
  classification: Classification.optional(),
  dataCategory: DataCategory.optional(),
  expiryDays: z.number().int().min(1).max(EXPIRY_MAX_DAYS).optional(),
  message: optionalText(4000),
});
export type UpdateTransfer = z.infer<typeof UpdateTransfer>;
export type UpdateTransferInput = z.input<typeof UpdateTransfer>;

/** Attach a file finished through the upload routes (the upload's id). */
export const AttachFile = z.object({ uploadId: z.uuid() });
export type AttachFile = z.infer<typeof AttachFile>;

export const Reason = z.object({ reason: text(1000) });
export type Reason = z.infer<typeof Reason>;
/**
 * Asking for release. `uploadIds`: every upload the client chose for this transfer; the release is
 * refused (409 UPLOADS_UNFINISHED) unless each of them is finished and attached to it.
 */
export const ReleaseTransfer = z.object({ uploadIds: z.array(z.uuid()).max(500).optional() });
export type ReleaseTransfer = z.infer<typeof ReleaseTransfer>;

export const OptionalReason = z.object({ reason: optionalText(1000) });

/** Waive one column of one file (sheet null for CSV/TXT) as a false positive. */
export const WaiveColumn = z.object({ fileId: z.uuid(), sheet: z.string().max(200).nullable().default(null), column: text(200), reason: text(1000) });
export type WaiveColumn = z.infer<typeof WaiveColumn>;

export const Decision = z.object({ decision: z.enum(['approve', 'reject']), reason: optionalText(1000) });
export type Decision = z.infer<typeof Decision>;

export const SetHold = z.object({ transferId: z.uuid().nullable().default(null), reason: text(1000) });
export type SetHold = z.infer<typeof SetHold>;

const Name = z.object({ nameJa: z.string(), nameEn: z.string() });
const Ref = Name.extend({ id: z.uuid() });
export const PersonRef = Ref.extend({
  /** The unit or institution shown beside the name. */
  affiliationJa: z.string().nullable(),
  affiliationEn: z.string().nullable(),
});
export type PersonRef = z.infer<typeof PersonRef>;
export const StudyRef = z.object({ id: z.uuid(), code: z.string(), titleJa: z.string(), titleEn: z.string() });

export const FindingDto = z.object({
  id: z.uuid(),
  fileId: z.uuid().nullable(),
  source: FindingSource,
  kind: z.string(),
  sheet: z.string().nullable(),
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  cell: z.string().nullable(),
  masked: z.string(),
  rule: z.string(),
  resolution: FindingResolution.nullable(),
});
export type FindingDto = z.infer<typeof FindingDto>;

export const TransferFileDto = z.object({
  id: z.uuid(),
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  detectedType: z.string(),
  scanStatus: ScanStatus,
  scanTruncated: z.boolean(),
  attachedAt: z.string(),
  removedAt: z.string().nullable(),
  erasedAt: z.string().nullable(),
  /** Unresolved findings in this file (content and name). */
  openFindings: z.number().int(),
});
export type TransferFileDto = z.infer<typeof TransferFileDto>;

export const WaiverDto = z.object({
  id: z.uuid(),
  transferId: z.uuid(),
  fileId: z.uuid(),
  fileName: z.string(),
  sheet: z.string().nullable(),
  column: z.string(),
  reason: z.string(),
  findings: z.number().int(),
  by: Ref,
  at: z.string(),
});
export type WaiverDto = z.infer<typeof WaiverDto>;

export const ExceptionStatus = z.enum(['pending', 'approved', 'rejected', 'cancelled']);
export type ExceptionStatus = z.infer<typeof ExceptionStatus>;
export const ExceptionDto = z.object({
  id: z.uuid(),
  transferId: z.uuid(),
  status: ExceptionStatus,
  requestedBy: PersonRef,
  requestReason: z.string(),
  findings: z.number().int(),
  createdAt: z.string(),
  decidedBy: Ref.nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type ExceptionDto = z.infer<typeof ExceptionDto>;

export const ApprovalDto = z.object({ id: z.uuid(), approver: Ref, decision: z.enum(['approved', 'rejected']), reason: z.string().nullable(), at: z.string() });
export type ApprovalDto = z.infer<typeof ApprovalDto>;

export const RecipientDto = PersonRef.extend({
  viaUnit: Ref.nullable(),
  noticedAt: z.string().nullable(),
  firstDownloadAt: z.string().nullable(),
});
export type RecipientDto = z.infer<typeof RecipientDto>;

export const AddresseeDto = z.discriminatedUnion('kind', [z.object({ kind: z.literal('person'), person: PersonRef }), z.object({ kind: z.literal('unit'), unit: Ref })]);
export type AddresseeDto = z.infer<typeof AddresseeDto>;

export const DownloadDto = z.object({
  person: Ref,
  fileId: z.uuid(),
  at: z.string(),
  /** Only to the data center (exchange.manage). */
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type DownloadDto = z.infer<typeof DownloadDto>;

/** How the viewer relates to the transfer (decides what the page offers). */
export const Viewer = z.enum(['sender', 'recipient', 'approver', 'manager']);
export type Viewer = z.infer<typeof Viewer>;

export const TransferSummary = z.object({
  id: z.uuid(),
  state: TransferState,
  sender: PersonRef,
  purpose: z.string(),
  study: StudyRef.nullable(),
  classification: Classification,
  dataCategory: DataCategory,
  files: z.number().int(),
  totalSize: z.number().int(),
  recipients: z.number().int(),
  downloadedBy: z.number().int(),
  openFindings: z.number().int(),
  expiresAt: z.string(),
  createdAt: z.string(),
  releasedAt: z.string().nullable(),
  /** In the inbox: when I first downloaded. */
  myFirstDownloadAt: z.string().nullable(),
});
export type TransferSummary = z.infer<typeof TransferSummary>;

export const TransferDto = TransferSummary.extend({
  message: z.string().nullable(),
  expiryDays: z.number().int(),
  requiresApproval: z.boolean(),
  firstDownloadAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  expiredAt: z.string().nullable(),
  purgedAt: z.string().nullable(),
  held: z.boolean(),
  viewer: Viewer,
  addressees: z.array(AddresseeDto),
  recipientList: z.array(RecipientDto),
  fileList: z.array(TransferFileDto),
  /** To the sender, an approver and the data center; empty for recipients. */
  findings: z.array(FindingDto),
  findingsTotal: z.number().int(),
  waivers: z.array(WaiverDto),
  exceptions: z.array(ExceptionDto),
  approvals: z.array(ApprovalDto),
  /** To the sender and the data center. */
  downloads: z.array(DownloadDto),
  can: z.object({
    edit: z.boolean(),
    release: z.boolean(),
    withdraw: z.boolean(),
    download: z.boolean(),
    approve: z.boolean(),
    requestException: z.boolean(),
  }),
});
export type TransferDto = z.infer<typeof TransferDto>;

export const Box = z.enum(['inbox', 'outbox']);
export const ListTransfersQuery = z.object({
  box: Box.default('inbox'),
  state: TransferState.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListTransfersQuery = z.infer<typeof ListTransfersQuery>;
export const TransferPage = pageOf(TransferSummary);
export type TransferPage = z.infer<typeof TransferPage>;

export const ReleaseResult = z.object({ transfer: TransferDto });

/** A file of a transfer: `/api/exchange/transfers/:id/files/:fileId`. */
export const TransferFileParam = z.object({ id: z.uuid(), fileId: z.uuid() });

/** People and units a sender may address. */
export const DirectoryQuery = z.object({ q: z.string().trim().min(1).max(100) });
export const DirectoryResult = z.object({
  people: z.array(PersonRef),
  units: z.array(Ref.extend({ code: z.string(), kind: z.string(), members: z.number().int() })),
});
export type DirectoryResult = z.infer<typeof DirectoryResult>;

export const ExchangeOptions = z.object({
  studies: z.array(StudyRef),
  expiryDefaultDays: z.number().int(),
  expiryMaxDays: z.number().int(),
  specialCareApproval: z.boolean(),
  /** The largest file the vault accepts, in bytes. */
  maxBytes: z.number().int().nullable(),
});
export type ExchangeOptions = z.infer<typeof ExchangeOptions>;

/** One line of a transfer's chain of custody, from the audit log. */
export const CustodyEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  action: z.string(),
  actor: Ref.nullable(),
  /** The system (jobs) when no person acted. */
  system: z.boolean(),
  fileId: z.string().nullable(),
  fileName: z.string().nullable(),
  /** The person the event concerns besides the actor (a notice's recipient). */
  subject: Ref.nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  /** Only to the data center. */
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type CustodyEvent = z.infer<typeof CustodyEvent>;
export const CustodyList = z.object({ items: z.array(CustodyEvent) });
export type CustodyList = z.infer<typeof CustodyList>;

export const ExceptionQueueItem = ExceptionDto.extend({ transfer: TransferSummary });
export type ExceptionQueueItem = z.infer<typeof ExceptionQueueItem>;
export const ExceptionQueueQuery = z.object({
  status: ExceptionStatus.default('pending'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const ExceptionQueue = pageOf(ExceptionQueueItem);
export type ExceptionQueue = z.infer<typeof ExceptionQueue>;

export const WaiverListQuery = z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) });
export const WaiverList = pageOf(WaiverDto.extend({ sender: PersonRef }));
export type WaiverList = z.infer<typeof WaiverList>;

export const ApprovalQueue = z.object({ items: z.array(TransferSummary) });
export type ApprovalQueue = z.infer<typeof ApprovalQueue>;

export const HoldDto = z.object({
  id: z.uuid(),
  transfer: TransferSummary.nullable(),
  reason: z.string(),
  setBy: Ref.nullable(),
  setAt: z.string(),
  releasedBy: Ref.nullable(),
  releasedAt: z.string().nullable(),
  releaseReason: z.string().nullable(),
});
export type HoldDto = z.infer<typeof HoldDto>;
export const HoldList = z.object({ items: z.array(HoldDto) });
export type HoldList = z.infer<typeof HoldList>;
export const HoldListQuery = z.object({ active: z.enum(['true', 'false']).default('true').transform((v) => v === 'true') });

/** The tripwire rules (X3's TripwireRules, as JSON) and the exchange policy, versioned. */
export const ExchangeSettingsDto = z.object({
  version: z.number().int(),
  rules: z.record(z.string(), z.unknown()),
  specialCareApproval: z.boolean(),
  changedBy: Ref.nullable(),
  changedAt: z.string().nullable(),
  note: z.string().nullable(),
  /** The built-in rules, for "reset to default". */
  defaults: z.record(z.string(), z.unknown()),
});
export type ExchangeSettingsDto = z.infer<typeof ExchangeSettingsDto>;
export const UpdateExchangeSettings = z.object({
  /** Validated against the tripwire's own schema on the server. */
  rules: z.record(z.string(), z.unknown()),
  specialCareApproval: z.boolean(),
  note: optionalText(1000),
});
export type UpdateExchangeSettings = z.infer<typeof UpdateExchangeSettings>;
