import { z } from 'zod';
import { ClauseId } from './clauses.js';
import { Reason } from './validation.js';

/**
 * The control catalogue of P32-5: measures in four families, which are the four themes of
 * ISO/IEC 27002:2022 (physical 7.x, people 6.x, technological 8.x, organizational 5.x). Titles and
 * descriptions are our own words; 27002 numbers are cited as references only.
 */
export const ControlFamily = z.enum(['physical', 'human', 'technical', 'operational']);
export type ControlFamily = z.infer<typeof ControlFamily>;
export const CONTROL_FAMILIES = ControlFamily.options;
/** The prefix of the family's control codes (PHY-01…). */
export const FAMILY_PREFIX: Record<ControlFamily, string> = { physical: 'PHY', human: 'HUM', technical: 'TEC', operational: 'OPS' };
/** The ISO/IEC 27002:2022 theme (clause number) each family corresponds to. */
export const FAMILY_ISO_THEME: Record<ControlFamily, string> = { physical: '7', human: '6', technical: '8', operational: '5' };

export const ControlStatus = z.enum(['not_started', 'planned', 'partial', 'implemented', 'not_applicable']);
export type ControlStatus = z.infer<typeof ControlStatus>;
export const CONTROL_STATUSES = ControlStatus.options;

/** A unit kind a seeded control suggests as its owner, before the manager sets one. */
export const OwnerKind = z.enum(['data_center', 'operations_office']);
export type OwnerKind = z.infer<typeof OwnerKind>;

/**
 * Evidence of one item: valid (no end date, or more than 30 days left), expiring (30 days or less),
 * expired (its valid-until day has passed, Japan time). A control's evidence state is that of its
 * best item, or `none` without evidence.
 */
export const EvidenceState = z.enum(['none', 'valid', 'expiring', 'expired']);
export type EvidenceState = z.infer<typeof EvidenceState>;
/** Evidence counts as expiring this many days before its valid-until date. */
export const EVIDENCE_WARNING_DAYS = 30;
/** The largest evidence file accepted (stored encrypted in the database). */
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;

/** An ISO/IEC 27002:2022 control number, e.g. "5.15" or "8.24". */
export const IsoRef = z.string().regex(/^[5-8]\.\d{1,2}$/, Reason.ISO_CONTROL);
const dateOnly = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$/, Reason.CODE_CHARS);

const Ref = z.object({ id: z.string(), code: z.string(), nameJa: z.string(), nameEn: z.string() });
export const PersonRef = z.object({ id: z.string(), nameJa: z.string(), nameEn: z.string() });
export const LawRef = z.object({ id: z.string(), titleJa: z.string(), titleEn: z.string() });
export const RiskLevelRef = z.object({ key: z.string(), nameJa: z.string(), nameEn: z.string(), color: z.string() });
/** A risk the control treats: its number (R-000123), title (or its threat's name) and current level (residual, else inherent). */
export const RiskRef = z.object({ id: z.string(), label: z.string(), titleJa: z.string(), titleEn: z.string(), level: RiskLevelRef.nullable() });
export type RiskRef = z.infer<typeof RiskRef>;

export const CreateControl = z.object({
  /** Left out: the next free number of the family (TEC-23). */
  code: code.optional(),
  family: ControlFamily,
  titleJa: text(200).min(1),
  titleEn: text(200).min(1),
  descriptionJa: text(4000).default(''),
  descriptionEn: text(4000).default(''),
  isoRefs: z.array(IsoRef).max(20).default([]),
  ownerUnitId: z.uuid().nullable().default(null),
  ownerPersonId: z.uuid().nullable().default(null),
  status: ControlStatus.default('not_started'),
  applicable: z.boolean().default(true),
  justificationJa: text(2000).default(''),
  justificationEn: text(2000).default(''),
  clauseIds: z.array(ClauseId).max(40).default([]),
  lawIds: z.array(z.uuid()).max(50).default([]),
});
export type CreateControl = z.infer<typeof CreateControl>;
export type CreateControlInput = z.input<typeof CreateControl>;

export const UpdateControl = z
  .object({
    code,
    family: ControlFamily,
    titleJa: text(200).min(1),
    titleEn: text(200).min(1),
    descriptionJa: text(4000),
    descriptionEn: text(4000),
    isoRefs: z.array(IsoRef).max(20),
    ownerUnitId: z.uuid().nullable(),
    ownerPersonId: z.uuid().nullable(),
    status: ControlStatus,
    applicable: z.boolean(),
    justificationJa: text(2000),
    justificationEn: text(2000),
    clauseIds: z.array(ClauseId).max(40),
    lawIds: z.array(z.uuid()).max(50),
  })
  .partial();
export type UpdateControl = z.infer<typeof UpdateControl>;

export const ListControlsQuery = z.object({
  family: ControlFamily.optional(),
  status: ControlStatus.optional(),
  /** A unit id, or `none` for controls without an owner unit. */
  ownerUnitId: z.union([z.uuid(), z.literal('none')]).optional(),
  applicable: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  evidence: EvidenceState.optional(),
  clauseId: ClauseId.optional(),
  /** Controls linked to this risk (through the risk register's links). */
  riskId: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
});
export type ListControlsQuery = z.infer<typeof ListControlsQuery>;
export type ListControlsParams = z.input<typeof ListControlsQuery>;

export const ControlSummaryDto = z.object({
  id: z.string(),
  code: z.string(),
  family: ControlFamily,
  titleJa: z.string(),
  titleEn: z.string(),
  status: ControlStatus,
  applicable: z.boolean(),
  isoRefs: z.array(z.string()),
  ownerUnit: Ref.nullable(),
  defaultOwnerKind: OwnerKind.nullable(),
  clauseIds: z.array(z.string()),
  evidenceState: EvidenceState,
  evidenceCount: z.number().int(),
  riskCount: z.number().int(),
  updatedAt: z.string(),
});
export type ControlSummaryDto = z.infer<typeof ControlSummaryDto>;
export const ControlList = z.object({ items: z.array(ControlSummaryDto) });
export type ControlList = z.infer<typeof ControlList>;

export const EvidenceDto = z.object({
  id: z.string(),
  controlId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  description: z.string(),
  validUntil: z.string().nullable(),
  state: EvidenceState,
  uploadedBy: PersonRef.nullable(),
  uploadedAt: z.string(),
});
export type EvidenceDto = z.infer<typeof EvidenceDto>;

export const ControlDto = ControlSummaryDto.extend({
  descriptionJa: z.string(),
  descriptionEn: z.string(),
  justificationJa: z.string(),
  justificationEn: z.string(),
  ownerPerson: PersonRef.nullable(),
  laws: z.array(LawRef),
  risks: z.array(RiskRef),
  /** Linked risks about assets the reader may not see (counted, not shown). */
  hiddenRiskCount: z.number().int(),
  evidence: z.array(EvidenceDto),
  seeded: z.boolean(),
  createdAt: z.string(),
});
export type ControlDto = z.infer<typeof ControlDto>;

/** Evidence metadata sent with the file (multipart fields) or on its own to edit it. */
export const EvidenceFields = z.object({
  description: text(1000).default(''),
  validUntil: dateOnly.nullable().default(null),
});
export type EvidenceFields = z.infer<typeof EvidenceFields>;
/** The evidence form (upload and edit): a description, and a valid-until day ('' = no end date). */
export const EvidenceForm = z.object({ description: text(1000), validUntil: z.union([dateOnly, z.literal('')]).transform((v) => v || null) });
export type EvidenceForm = z.infer<typeof EvidenceForm>;
/** One evidence item of a control: `/api/controls/:id/evidence/:evidenceId`. */
export const EvidenceParam = z.object({ id: z.uuid(), evidenceId: z.uuid() });
export const UpdateEvidence = z.object({ description: text(1000), validUntil: dateOnly.nullable() }).partial();
export type UpdateEvidence = z.infer<typeof UpdateEvidence>;

/** One row of the statement of applicability. */
export const SoaRow = ControlSummaryDto.extend({
  descriptionJa: z.string(),
  descriptionEn: z.string(),
  justificationJa: z.string(),
  justificationEn: z.string(),
  evidenceValidUntil: z.string().nullable(),
});
export type SoaRow = z.infer<typeof SoaRow>;
export const SoaDto = z.object({ generatedAt: z.string(), rows: z.array(SoaRow) });
export type SoaDto = z.infer<typeof SoaDto>;
export const SoaExportQuery = z.object({ format: z.enum(['pdf', 'xlsx']), lang: z.enum(['ja', 'en']).default('ja') });

/** The clause map: for each clause of Policy No. 32, the controls linked to it. Features come from CLAUSES. */
export const ClauseMapControl = z.object({
  id: z.string(),
  code: z.string(),
  family: ControlFamily,
  titleJa: z.string(),
  titleEn: z.string(),
  status: ControlStatus,
  applicable: z.boolean(),
  evidenceState: EvidenceState,
});
export type ClauseMapControl = z.infer<typeof ClauseMapControl>;
export const ClauseMapDto = z.object({
  clauses: z.array(z.object({ clauseId: z.string(), controls: z.array(ClauseMapControl) })),
});
export type ClauseMapDto = z.infer<typeof ClauseMapDto>;

export const AssignOwnersResult = z.object({ assigned: z.number().int(), unresolved: z.array(OwnerKind) });
export type AssignOwnersResult = z.infer<typeof AssignOwnersResult>;

/** Whether a control still needs work for its clause: applicable and not implemented. */
export const isOpen = (c: { applicable: boolean; status: ControlStatus }) => c.applicable && c.status !== 'implemented';
