import { z } from 'zod';
import { Audience } from './audience.js';
import { Reason } from './validation.js';

/**
 * The policy library (P32-2.2, P32-5, P32-6, P32-8, history): documents, their versions
 * (draft → review → approved → published → superseded), PDFs per language, and the
 * acknowledgments of published versions.
 */
export const DocumentKind = z.enum(['policy', 'guideline', 'procedure', 'form']);
export type DocumentKind = z.infer<typeof DocumentKind>;
/** The four families of P32-5 (guidelines only). */
export const GuidelineFamily = z.enum(['physical', 'human', 'technical', 'operational']);
export type GuidelineFamily = z.infer<typeof GuidelineFamily>;
export const VersionStatus = z.enum(['draft', 'review', 'approved', 'published', 'superseded']);
export type VersionStatus = z.infer<typeof VersionStatus>;
export const DocLanguage = z.enum(['ja', 'en']);
export type DocLanguage = z.infer<typeof DocLanguage>;
/** An acknowledgment's state as a person's page shows it. */
export const AckState = z.enum(['done', 'pending', 'overdue', 'cancelled']);
export type AckState = z.infer<typeof AckState>;

/** A PDF may be at most 20 MB. */
export const DOCUMENT_PDF_MAX_BYTES = 20 * 1024 * 1024;
/** The steering committee's minutes may be at most 10 MB. */
export const COMMITTEE_MINUTES_MAX_BYTES = 10 * 1024 * 1024;
/** The kinds of file accepted as minutes: a PDF, a Word document, or a scan (PNG, JPEG). */
export const COMMITTEE_MINUTES_TYPES = ['pdf', 'docx', 'png', 'jpg'] as const;
/** Owners hear about a coming review this many days before the next review date (P32-8). */
export const REVIEW_WARNING_DAYS = 30;
/** Reminders to the person: this many days before the due date, and on it. */
export const ACK_REMINDER_DAYS = 3;
/** Escalation to the site coordinator / unit staff this many days after the due date. */
export const ACK_ESCALATION_DAYS = 7;

const Day = z.iso.date();
const Body = z.string().max(200_000);
const Code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, Reason.CODE_CHARS);
const VersionLabel = z
  .string()
  .trim()
  .min(1)
  .max(20)
  .regex(/^[0-9A-Za-z][0-9A-Za-z._-]*$/, Reason.VERSION);

export const PersonRef = z.object({ id: z.string(), nameJa: z.string(), nameEn: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;
export const UnitRef = z.object({ id: z.string(), code: z.string(), nameJa: z.string(), nameEn: z.string() });

const DocumentFields = {
  titleJa: z.string().trim().min(1).max(200),
  titleEn: z.string().trim().min(1).max(200),
  ownerId: z.uuid().nullable(),
  ownerUnitId: z.uuid().nullable(),
  audience: Audience,
  requiresAck: z.boolean(),
  ackDueDays: z.number().int().min(1).max(365),
  reviewIntervalMonths: z.number().int().min(1).max(120),
  nextReviewOn: Day.nullable(),
};

export const CreateDocument = z
  .object({
    code: Code,
    kind: DocumentKind,
    family: GuidelineFamily.nullable().default(null),
    ...DocumentFields,
    ownerId: DocumentFields.ownerId.default(null),
    ownerUnitId: DocumentFields.ownerUnitId.default(null),
    audience: Audience.default({ roles: [], unitIds: [], institutionIds: [], researchGroupIds: [] }),
    requiresAck: z.boolean().default(true),
    ackDueDays: DocumentFields.ackDueDays.default(30),
    reviewIntervalMonths: DocumentFields.reviewIntervalMonths.default(12),
    nextReviewOn: Day.nullable().default(null),
  })
  .refine((d) => (d.kind === 'guideline') === (d.family !== null), { path: ['family'], message: 'a guideline has a family (P32-5); other kinds have none' });
export type CreateDocument = z.infer<typeof CreateDocument>;
export type CreateDocumentInput = z.input<typeof CreateDocument>;

export const UpdateDocument = z
  .object({ ...DocumentFields, family: GuidelineFamily.nullable(), retired: z.boolean() })
  .partial()
  .refine((d) => Object.keys(d).length > 0, { message: 'nothing to change' });
export type UpdateDocument = z.infer<typeof UpdateDocument>;

export const ListDocumentsQuery = z.object({
  kind: DocumentKind.optional(),
  family: GuidelineFamily.optional(),
  /** Documents whose latest version has this status. */
  status: VersionStatus.optional(),
  q: z.string().trim().max(100).optional(),
  includeRetired: z.enum(['true', 'false']).optional(),
});
export type ListDocumentsQuery = z.infer<typeof ListDocumentsQuery>;

export const VersionSummary = z.object({
  id: z.string(),
  version: z.string(),
  status: VersionStatus,
  effectiveFrom: z.string().nullable(),
  historical: z.boolean(),
});
export type VersionSummary = z.infer<typeof VersionSummary>;

export const MyAcknowledgment = z.object({
  versionId: z.string(),
  dueOn: z.string(),
  acknowledgedAt: z.string().nullable(),
  language: z.string().nullable(),
});

export const DocumentListItem = z.object({
  id: z.string(),
  code: z.string(),
  kind: DocumentKind,
  family: GuidelineFamily.nullable(),
  titleJa: z.string(),
  titleEn: z.string(),
  owner: PersonRef.nullable(),
  ownerUnit: UnitRef.nullable(),
  requiresAck: z.boolean(),
  nextReviewOn: z.string().nullable(),
  reviewOverdue: z.boolean(),
  retired: z.boolean(),
  /** The published, not superseded version. */
  current: VersionSummary.nullable(),
  /** The newest version of any status. */
  latest: VersionSummary.nullable(),
  /** For the caller: an acknowledgment of the current version still to give. */
  ackPending: z.boolean(),
});
export type DocumentListItem = z.infer<typeof DocumentListItem>;
export const DocumentList = z.object({ items: z.array(DocumentListItem) });
export type DocumentList = z.infer<typeof DocumentList>;

export const FileInfo = z.object({ language: DocLanguage, fileName: z.string(), size: z.number().int(), sha256: z.string(), uploadedAt: z.string() });
export type FileInfo = z.infer<typeof FileInfo>;

/**
 * Why the caller may not approve a version: it is not under review, their role does not approve
 * documents, or they wrote it (four eyes).
 */
export const ApproveBlock = z.enum(['NOT_IN_REVIEW', 'NO_PERMISSION', 'AUTHOR_CANNOT_APPROVE']);
export type ApproveBlock = z.infer<typeof ApproveBlock>;

/** The steering committee's approval recorded as the approval of record (the one-approver case). */
export const CommitteeApprovalDto = z.object({
  decidedOn: z.string(),
  note: z.string(),
  recordedBy: PersonRef.nullable(),
  recordedAt: z.string(),
  minutes: z.object({ fileName: z.string(), size: z.number().int(), sha256: z.string() }),
});
export type CommitteeApprovalDto = z.infer<typeof CommitteeApprovalDto>;

export const VersionDto = z.object({
  id: z.string(),
  documentId: z.string(),
  version: z.string(),
  status: VersionStatus,
  bodyJa: z.string(),
  bodyEn: z.string(),
  changeNote: z.string(),
  createdBy: PersonRef.nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  approvedBy: PersonRef.nullable(),
  approvedAt: z.string().nullable(),
  committeeApprovedOn: z.string().nullable(),
  effectiveFrom: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: PersonRef.nullable(),
  supersededAt: z.string().nullable(),
  historical: z.boolean(),
  reviewComment: z.string().nullable(),
  rejectedBy: PersonRef.nullable(),
  rejectedAt: z.string().nullable(),
  files: z.array(FileInfo),
  /** Published versions requiring acknowledgment: assigned (not cancelled) and done. */
  acks: z.object({ assigned: z.number().int(), done: z.number().int() }).nullable(),
  /** Set when the approval of record is the steering committee's (approvedBy is then null). */
  committeeApproval: CommitteeApprovalDto.nullable(),
  /** Whether the caller may approve this version now, and why not. */
  mayApprove: z.boolean(),
  approveBlockedBy: ApproveBlock.nullable(),
  /**
   * The caller wrote this version and nobody else may approve documents: they may record the
   * steering committee's approval instead (the one-manager installation).
   */
  mayRecordCommitteeApproval: z.boolean(),
});
export type VersionDto = z.infer<typeof VersionDto>;

export const DocumentDto = DocumentListItem.extend({
  audience: Audience,
  ackDueDays: z.number().int(),
  reviewIntervalMonths: z.number().int(),
  /** Newest first; drafts only for people who manage documents. */
  versions: z.array(VersionDto),
  /** The caller's acknowledgment of the current version (null: none assigned). */
  myAcknowledgment: MyAcknowledgment.nullable(),
  /** What the caller may do here (the web shows the buttons). */
  can: z.object({ manage: z.boolean(), approve: z.boolean(), publish: z.boolean(), acknowledge: z.boolean() }),
});
export type DocumentDto = z.infer<typeof DocumentDto>;

export const CreateVersion = z.object({
  version: VersionLabel,
  /** Omitted: the newest version's text is copied. */
  bodyJa: Body.optional(),
  bodyEn: Body.optional(),
  changeNote: z.string().trim().max(2000).default(''),
});
export type CreateVersion = z.infer<typeof CreateVersion>;

export const UpdateVersion = z
  .object({ version: VersionLabel, bodyJa: Body, bodyEn: Body, changeNote: z.string().trim().max(2000) })
  .partial()
  .refine((d) => Object.keys(d).length > 0, { message: 'nothing to change' });
export type UpdateVersion = z.infer<typeof UpdateVersion>;

export const ApproveVersion = z.object({
  /** For the policy: the date the steering committee approved it. */
  committeeApprovedOn: Day.nullable().default(null),
});
export type ApproveVersion = z.infer<typeof ApproveVersion>;

/** The text fields of "record the steering committee's approval" (the minutes come as the `file` part). */
export const RecordCommitteeApproval = z.object({
  /** The day the committee decided: not in the future (checked against the clock by the service). */
  committeeApprovedOn: Day,
  note: z.string().trim().max(2000).default(''),
});
export type RecordCommitteeApproval = z.infer<typeof RecordCommitteeApproval>;

export const PublishVersion = z.object({
  /** In force from this day (Japan); today when omitted. */
  effectiveFrom: Day.optional(),
});
export type PublishVersion = z.infer<typeof PublishVersion>;

export const RejectVersion = z.object({ comment: z.string().trim().min(1).max(2000) });
export type RejectVersion = z.infer<typeof RejectVersion>;

/** A version from before the product: approved and in force on paper (e.g. the 2008 approval). */
export const AddHistoricalVersion = z.object({
  version: VersionLabel,
  effectiveFrom: Day,
  committeeApprovedOn: Day.nullable().default(null),
  changeNote: z.string().trim().max(2000).default(''),
  bodyJa: Body.default(''),
  bodyEn: Body.default(''),
});
export type AddHistoricalVersion = z.infer<typeof AddHistoricalVersion>;

export const AcknowledgeVersion = z.object({ language: DocLanguage });
export type AcknowledgeVersion = z.infer<typeof AcknowledgeVersion>;

export const AcknowledgmentDto = z.object({
  id: z.string(),
  documentId: z.string(),
  documentCode: z.string(),
  titleJa: z.string(),
  titleEn: z.string(),
  versionId: z.string(),
  version: z.string(),
  state: AckState,
  assignedAt: z.string(),
  dueOn: z.string(),
  acknowledgedAt: z.string().nullable(),
  language: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});
export type AcknowledgmentDto = z.infer<typeof AcknowledgmentDto>;
export const AcknowledgmentList = z.object({ items: z.array(AcknowledgmentDto) });
export type AcknowledgmentList = z.infer<typeof AcknowledgmentList>;

export const DiffQuery = z.object({ against: z.uuid() });
export const DiffSegment = z.object({ text: z.string(), mark: z.enum(['ins', 'del']).optional() });
export type DiffSegment = z.infer<typeof DiffSegment>;
/** One line of a side-by-side diff: the old line (left) and the new line (right). */
export const DiffRow = z.object({
  kind: z.enum(['equal', 'insert', 'delete', 'change']),
  left: z.array(DiffSegment).nullable(),
  right: z.array(DiffSegment).nullable(),
});
export type DiffRow = z.infer<typeof DiffRow>;
export const DiffDto = z.object({
  from: VersionSummary,
  to: VersionSummary,
  ja: z.array(DiffRow),
  en: z.array(DiffRow),
  changeNote: z.string(),
});
export type DiffDto = z.infer<typeof DiffDto>;

export const PdfQuery = z.object({ lang: DocLanguage });

export const InForceQuery = z.object({ date: Day.optional() });
export const InForceItem = z.object({
  documentId: z.string(),
  code: z.string(),
  kind: DocumentKind,
  family: GuidelineFamily.nullable(),
  titleJa: z.string(),
  titleEn: z.string(),
  version: z
    .object({
      id: z.string(),
      version: z.string(),
      effectiveFrom: z.string(),
      historical: z.boolean(),
      approvedBy: PersonRef.nullable(),
      approvedAt: z.string().nullable(),
      committeeApprovedOn: z.string().nullable(),
      /** The approval of record is the steering committee's (recorded by the only manager). */
      approvedByCommittee: z.boolean(),
      /** The next version's effectiveFrom, or null while it is still in force. */
      until: z.string().nullable(),
    })
    .nullable(),
});
export type InForceItem = z.infer<typeof InForceItem>;
export const InForceDto = z.object({ date: z.string(), items: z.array(InForceItem) });
export type InForceDto = z.infer<typeof InForceDto>;
