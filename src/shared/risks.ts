import { z } from 'zod';
import { AssetCategory, AssetKind, AssetType } from './assets.js';
import { pageOf } from './pagination.js';
import { Reason } from './validation.js';

/**
 * Risk management (P32-4): the threat and vulnerability catalogue, the risk matrix (data, not
 * code), the risk register with treatments, residual risk and acceptance, and proposals of the
 * usual risks for an asset.
 */

// ---- vocabulary ----------------------------------------------------------------------------------
export const RiskTreatment = z.enum(['reduce', 'accept', 'avoid', 'transfer']);
export type RiskTreatment = z.infer<typeof RiskTreatment>;
export const RISK_TREATMENTS = RiskTreatment.options;

/** open → in_treatment → accepted (by the manager) → needs_review (acceptance expired) …; closed when gone. */
export const RiskStatus = z.enum(['open', 'in_treatment', 'accepted', 'needs_review', 'closed']);
export type RiskStatus = z.infer<typeof RiskStatus>;
export const RISK_STATUSES = RiskStatus.options;
/** The statuses a person sets directly; `accepted` comes only from an acceptance. */
export const SettableRiskStatus = z.enum(['open', 'in_treatment', 'needs_review', 'closed']);

export const ThreatSource = z.enum(['human_error', 'malicious', 'environmental', 'technical', 'third_party']);
export type ThreatSource = z.infer<typeof ThreatSource>;
export const THREAT_SOURCES = ThreatSource.options;

/** Confidentiality, integrity, availability. */
export const CiaProperty = z.enum(['c', 'i', 'a']);
export type CiaProperty = z.infer<typeof CiaProperty>;

export const formatRiskRef = (n: number) => `R-${String(n).padStart(6, '0')}`;

// ---- the matrix --------------------------------------------------------------------------------
export const MATRIX_MAX_STEPS = 10;
const name = z.string().trim().min(1).max(100);
const desc = z.string().trim().max(500).optional();

export const MatrixStep = z.object({ value: z.number().int().min(1).max(MATRIX_MAX_STEPS), nameJa: name, nameEn: name, descriptionJa: desc, descriptionEn: desc });
export type MatrixStep = z.infer<typeof MatrixStep>;
export const MatrixLevel = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{0,31}$/, Reason.KEY_CHARS),
  nameJa: name,
  nameEn: name,
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, Reason.COLOR_HEX),
  rank: z.number().int().min(1).max(MATRIX_MAX_STEPS),
});
export type MatrixLevel = z.infer<typeof MatrixLevel>;

const matrixShape = {
  likelihood: z.array(MatrixStep).min(2).max(MATRIX_MAX_STEPS),
  impact: z.array(MatrixStep).min(2).max(MATRIX_MAX_STEPS),
  levels: z.array(MatrixLevel).min(2).max(MATRIX_MAX_STEPS),
  /** cells[likelihood - 1][impact - 1] = a level key. */
  cells: z.array(z.array(z.string()).max(MATRIX_MAX_STEPS)).max(MATRIX_MAX_STEPS),
};

/** The consistency rules of a matrix, as zod issues (shared by the form and the server). */
export function matrixIssues(m: { likelihood: MatrixStep[]; impact: MatrixStep[]; levels: MatrixLevel[]; cells: string[][] }): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const axis of ['likelihood', 'impact'] as const)
    m[axis].forEach((s, i) => {
      if (s.value !== i + 1) out.push({ path: [axis, i, 'value'], message: `must be ${i + 1} (steps run 1, 2, 3…)` });
    });
  const keys = new Set<string>();
  m.levels.forEach((l, i) => {
    if (keys.has(l.key)) out.push({ path: ['levels', i, 'key'], message: 'duplicate level key' });
    keys.add(l.key);
  });
  const ranks = m.levels.map((l) => l.rank).sort((a, b) => a - b);
  if (ranks.some((r, i) => r !== i + 1)) out.push({ path: ['levels'], message: 'ranks must run 1, 2, 3… without gaps' });
  if (m.cells.length !== m.likelihood.length) out.push({ path: ['cells'], message: `needs one row per likelihood step (${m.likelihood.length})` });
  m.cells.forEach((row, li) => {
    if (row.length !== m.impact.length) out.push({ path: ['cells', li], message: `needs one cell per impact step (${m.impact.length})` });
    row.forEach((k, ii) => {
      if (!keys.has(k)) out.push({ path: ['cells', li, ii], message: `unknown level ${k}` });
    });
  });
  return out;
}

const withMatrixRules = <T extends z.ZodType<{ likelihood: MatrixStep[]; impact: MatrixStep[]; levels: MatrixLevel[]; cells: string[][] }>>(s: T) =>
  s.superRefine((m, ctx) => {
    for (const i of matrixIssues(m)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
  });

export const UpdateRiskMatrix = withMatrixRules(z.object({ ...matrixShape, version: z.number().int().min(1) }));
export type UpdateRiskMatrix = z.infer<typeof UpdateRiskMatrix>;

export const RiskMatrixDto = z.object({ ...matrixShape, version: z.number().int(), updatedAt: z.string(), updatedBy: z.string().nullable() });
export type RiskMatrixDto = z.infer<typeof RiskMatrixDto>;
/** The matrix as saved, and how many risks had their levels recomputed on it. */
export const UpdateRiskMatrixResult = z.object({ matrix: RiskMatrixDto, recomputed: z.number().int() });

/** The level key of a cell, or null outside the matrix. */
export function levelOf(m: Pick<RiskMatrixDto, 'cells'>, likelihood: number | null | undefined, impact: number | null | undefined): string | null {
  if (!likelihood || !impact) return null;
  return m.cells[likelihood - 1]?.[impact - 1] ?? null;
}

const SCALE_5 = {
  likelihood: [
    ['ほとんど起こらない', 'Rare', '数年に一度も起こらないと考えられる', 'Not expected even once in several years'],
    ['起こりにくい', 'Unlikely', '数年に一度程度', 'About once in several years'],
    ['起こりうる', 'Possible', '年に一度程度', 'About once a year'],
    ['起こりやすい', 'Likely', '年に数回', 'Several times a year'],
    ['ほぼ確実', 'Almost certain', '毎月のように起こる', 'About every month'],
  ],
  impact: [
    ['軽微', 'Negligible', '研究への影響はほとんどない', 'Hardly affects the research'],
    ['小さい', 'Minor', '一部の業務が短時間滞る。秘密情報の漏えいはない', 'Some work is delayed briefly; no confidential information leaks'],
    ['中程度', 'Moderate', '業務が数日止まる、または限られた内部情報が漏れる', 'Work stops for days, or limited internal information leaks'],
    ['大きい', 'Major', '個人情報・秘密情報が漏えいする、または試験データの信頼性が損なわれる', 'Personal or confidential information leaks, or trial data can no longer be trusted'],
    ['重大', 'Severe', '要配慮個人情報の大規模な漏えい、試験の中止、社会的信用の失墜', 'Large leak of special-care personal information, a trial halted, loss of public trust'],
  ],
} as const;

/** The default levels by score (likelihood × impact): 1–4 low, 5–9 medium, 10–15 high, 16–25 very high. */
export const DEFAULT_RISK_MATRIX: Pick<RiskMatrixDto, 'likelihood' | 'impact' | 'levels' | 'cells'> = {
  likelihood: SCALE_5.likelihood.map(([nameJa, nameEn, descriptionJa, descriptionEn], i) => ({ value: i + 1, nameJa, nameEn, descriptionJa, descriptionEn })),
  impact: SCALE_5.impact.map(([nameJa, nameEn, descriptionJa, descriptionEn], i) => ({ value: i + 1, nameJa, nameEn, descriptionJa, descriptionEn })),
  levels: [
    { key: 'low', nameJa: '低', nameEn: 'Low', color: '#40c057', rank: 1 },
    { key: 'medium', nameJa: '中', nameEn: 'Medium', color: '#fab005', rank: 2 },
    { key: 'high', nameJa: '高', nameEn: 'High', color: '#e8590c', rank: 3 },
    { key: 'very_high', nameJa: '非常に高い', nameEn: 'Very high', color: '#c92a2a', rank: 4 },
  ],
  cells: [1, 2, 3, 4, 5].map((l) => [1, 2, 3, 4, 5].map((i) => (l * i <= 4 ? 'low' : l * i <= 9 ? 'medium' : l * i <= 15 ? 'high' : 'very_high'))),
};

// ---- the catalogue -----------------------------------------------------------------------------
const catalogueFields = {
  code: z
    .string()
    .trim()
    .min(1)
    .max(20)
    .regex(/^[A-Za-z0-9._-]+$/, Reason.CODE_CHARS),
  nameJa: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  descriptionJa: z.string().trim().max(2000).nullable().optional(),
  descriptionEn: z.string().trim().max(2000).nullable().optional(),
  assetKinds: z.array(AssetKind).max(10).default([]),
  assetTypes: z.array(AssetType).max(30).default([]),
  assetCategories: z.array(AssetCategory).max(10).default([]),
};
const level = z.number().int().min(1).max(MATRIX_MAX_STEPS);

export const CreateThreat = z.object({
  ...catalogueFields,
  source: ThreatSource,
  affects: z.array(CiaProperty).max(3).default([]),
  defaultLikelihood: level.default(3),
  defaultImpact: level.default(3),
  vulnerabilityIds: z.array(z.uuid()).max(50).default([]),
});
export type CreateThreat = z.infer<typeof CreateThreat>;
export type CreateThreatInput = z.input<typeof CreateThreat>;
export const UpdateThreat = z.object({
  code: catalogueFields.code.optional(),
  nameJa: catalogueFields.nameJa.optional(),
  nameEn: catalogueFields.nameEn.optional(),
  descriptionJa: catalogueFields.descriptionJa,
  descriptionEn: catalogueFields.descriptionEn,
  assetKinds: z.array(AssetKind).max(10).optional(),
  assetTypes: z.array(AssetType).max(30).optional(),
  assetCategories: z.array(AssetCategory).max(10).optional(),
  source: ThreatSource.optional(),
  affects: z.array(CiaProperty).max(3).optional(),
  defaultLikelihood: level.optional(),
  defaultImpact: level.optional(),
  vulnerabilityIds: z.array(z.uuid()).max(50).optional(),
  /** Retire (out of the pickers and proposals; risks keep it) or bring back. */
  retired: z.boolean().optional(),
});
export type UpdateThreat = z.infer<typeof UpdateThreat>;

export const CreateVulnerability = z.object(catalogueFields);
export type CreateVulnerability = z.infer<typeof CreateVulnerability>;
export type CreateVulnerabilityInput = z.input<typeof CreateVulnerability>;
export const UpdateVulnerability = z.object({
  code: catalogueFields.code.optional(),
  nameJa: catalogueFields.nameJa.optional(),
  nameEn: catalogueFields.nameEn.optional(),
  descriptionJa: catalogueFields.descriptionJa,
  descriptionEn: catalogueFields.descriptionEn,
  assetKinds: z.array(AssetKind).max(10).optional(),
  assetTypes: z.array(AssetType).max(30).optional(),
  assetCategories: z.array(AssetCategory).max(10).optional(),
  retired: z.boolean().optional(),
});
export type UpdateVulnerability = z.infer<typeof UpdateVulnerability>;

export const CatalogueRef = z.object({ id: z.uuid(), code: z.string(), nameJa: z.string(), nameEn: z.string() });
export type CatalogueRef = z.infer<typeof CatalogueRef>;

const catalogueDto = {
  id: z.uuid(),
  code: z.string(),
  nameJa: z.string(),
  nameEn: z.string(),
  descriptionJa: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  assetKinds: z.array(AssetKind),
  assetTypes: z.array(AssetType),
  assetCategories: z.array(AssetCategory),
  seeded: z.boolean(),
  retired: z.boolean(),
  /** Risks that name it. */
  riskCount: z.number().int(),
  updatedAt: z.string(),
};
export const ThreatDto = z.object({
  ...catalogueDto,
  source: ThreatSource,
  affects: z.array(CiaProperty),
  defaultLikelihood: z.number().int(),
  defaultImpact: z.number().int(),
  vulnerabilities: z.array(CatalogueRef),
});
export type ThreatDto = z.infer<typeof ThreatDto>;
export const VulnerabilityDto = z.object(catalogueDto);
export type VulnerabilityDto = z.infer<typeof VulnerabilityDto>;

export const ListCatalogueQuery = z.object({
  q: z.string().trim().max(200).optional(),
  includeRetired: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type ListCatalogueQuery = z.infer<typeof ListCatalogueQuery>;
export const ThreatList = z.object({ items: z.array(ThreatDto) });
export type ThreatList = z.infer<typeof ThreatList>;
export const VulnerabilityList = z.object({ items: z.array(VulnerabilityDto) });
export type VulnerabilityList = z.infer<typeof VulnerabilityList>;

// ---- risks -------------------------------------------------------------------------------------
const optText = (max: number) => z.string().trim().max(max).nullable().optional();
const day = z.iso.date();

export const CreateRisk = z.object({
  assetIds: z.array(z.uuid()).min(1).max(50),
  threatId: z.uuid(),
  vulnerabilityIds: z.array(z.uuid()).max(50).default([]),
  title: optText(300),
  description: optText(5000),
  ownerPersonId: z.uuid().nullable().optional(),
  inherentLikelihood: level,
  inherentImpact: level,
  dueDate: day.nullable().optional(),
  nextReviewDate: day.nullable().optional(),
});
export type CreateRisk = z.infer<typeof CreateRisk>;
export type CreateRiskInput = z.input<typeof CreateRisk>;

/** Only the fields sent change. Assessment, treatment and acceptance have their own calls (and history). */
export const UpdateRisk = z.object({
  assetIds: z.array(z.uuid()).min(1).max(50).optional(),
  threatId: z.uuid().optional(),
  vulnerabilityIds: z.array(z.uuid()).max(50).optional(),
  title: optText(300),
  description: optText(5000),
  ownerPersonId: z.uuid().nullable().optional(),
  dueDate: day.nullable().optional(),
  nextReviewDate: day.nullable().optional(),
  status: SettableRiskStatus.optional(),
});
export type UpdateRisk = z.infer<typeof UpdateRisk>;

/** An assessment: inherent likelihood × impact, the treatment, and the residual values after it (both or neither). */
export const AssessRisk = z
  .object({
    inherentLikelihood: level,
    inherentImpact: level,
    treatment: RiskTreatment.nullable().optional(),
    treatmentPlan: optText(5000),
    residualLikelihood: level.nullable().optional(),
    residualImpact: level.nullable().optional(),
    note: optText(2000),
  })
  .refine((a) => (a.residualLikelihood == null) === (a.residualImpact == null), { message: 'give both residual likelihood and impact, or neither', path: ['residualImpact'] });
export type AssessRisk = z.infer<typeof AssessRisk>;

export const SetRiskControls = z.object({ controlIds: z.array(z.uuid()).max(200) });
export type SetRiskControls = z.infer<typeof SetRiskControls>;

/** The information security manager accepts the risk as it stands, with a reason, until a day. */
export const AcceptRisk = z.object({ rationale: z.string().trim().min(1).max(5000), expiresOn: day });
export type AcceptRisk = z.infer<typeof AcceptRisk>;

const PersonRef = z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string() });
const AssetRefLite = z.object({ id: z.uuid(), ref: z.string(), name: z.string(), kind: AssetKind, type: AssetType, category: AssetCategory });
export const ControlRef = z.object({ id: z.uuid(), code: z.string(), titleJa: z.string().nullable(), titleEn: z.string().nullable() });
export type ControlRef = z.infer<typeof ControlRef>;
const Cell = z.object({ likelihood: z.number().int(), impact: z.number().int(), level: z.string() });

export const RiskSummaryDto = z.object({
  id: z.uuid(),
  ref: z.string(),
  title: z.string().nullable(),
  threat: CatalogueRef,
  /** The first few assets the reader may see, and how many the risk concerns in all. */
  assets: z.array(AssetRefLite),
  assetCount: z.number().int(),
  owner: PersonRef.nullable(),
  inherent: Cell,
  residual: Cell.nullable(),
  treatment: RiskTreatment.nullable(),
  status: RiskStatus,
  dueDate: z.string().nullable(),
  nextReviewDate: z.string().nullable(),
  /** The next review date has passed (Japan time). */
  reviewOverdue: z.boolean(),
  acceptanceExpiresOn: z.string().nullable(),
  updatedAt: z.string(),
});
export type RiskSummaryDto = z.infer<typeof RiskSummaryDto>;

export const RiskAssessmentDto = z.object({
  id: z.uuid(),
  kind: z.enum(['created', 'assessed', 'accepted', 'acceptance_expired', 'matrix_changed']),
  by: PersonRef.nullable(),
  at: z.string(),
  inherent: Cell,
  treatment: RiskTreatment.nullable(),
  residual: Cell.nullable(),
  status: RiskStatus,
  note: z.string().nullable(),
});
export type RiskAssessmentDto = z.infer<typeof RiskAssessmentDto>;

export const RiskDto = RiskSummaryDto.extend({
  description: z.string().nullable(),
  treatmentPlan: z.string().nullable(),
  vulnerabilities: z.array(CatalogueRef),
  controls: z.array(ControlRef),
  acceptance: z.object({ by: PersonRef.nullable(), at: z.string(), rationale: z.string(), expiresOn: z.string() }).nullable(),
  assessments: z.array(RiskAssessmentDto),
  source: z.enum(['manual', 'proposal']),
  createdAt: z.string(),
  createdBy: PersonRef.nullable(),
  canManage: z.boolean(),
  canAccept: z.boolean(),
});
export type RiskDto = z.infer<typeof RiskDto>;

/** A comma-separated list in a query string ("high,very_high"). */
const csvList = z
  .string()
  .max(500)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const csv = <const V extends readonly [string, ...string[]]>(values: V) => csvList.pipe(z.array(z.enum(values)).max(20));

/** Which level a filter looks at: `current` = the residual level once assessed, else the inherent one. */
export const RiskBasis = z.enum(['current', 'inherent', 'residual']);
export type RiskBasis = z.infer<typeof RiskBasis>;

export const RISK_SORTS = ['ref', 'level', 'nextReviewDate', 'dueDate', 'updatedAt'] as const;

/** The filters of the list and the heat map. */
export const RiskFilters = z.object({
  q: z.string().trim().max(200).optional(),
  basis: RiskBasis.default('current'),
  level: csvList.pipe(z.array(z.string().max(32)).max(20)).optional(),
  /** One cell of the heat map (with `basis` inherent or residual). */
  likelihood: z.coerce.number().int().min(1).max(MATRIX_MAX_STEPS).optional(),
  impact: z.coerce.number().int().min(1).max(MATRIX_MAX_STEPS).optional(),
  treatment: csv(['reduce', 'accept', 'avoid', 'transfer', 'none'] as const).optional(),
  status: csv(['open', 'in_treatment', 'accepted', 'needs_review', 'closed'] as const).optional(),
  ownerId: z.uuid().optional(),
  reviewOverdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  assetId: z.uuid().optional(),
  threatId: z.uuid().optional(),
});
export type RiskFilters = z.infer<typeof RiskFilters>;
export type RiskFiltersInput = z.input<typeof RiskFilters>;

export const ListRisksQuery = RiskFilters.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  sort: z.enum(RISK_SORTS).default('level'),
  dir: z.enum(['asc', 'desc']).default('desc'),
});
export type ListRisksQuery = z.infer<typeof ListRisksQuery>;
export type ListRisksQueryInput = z.input<typeof ListRisksQuery>;
export const RiskPage = pageOf(RiskSummaryDto);
export type RiskPage = z.infer<typeof RiskPage>;

const CellCount = z.object({ likelihood: z.number().int(), impact: z.number().int(), count: z.number().int() });
export const RiskHeatmapDto = z.object({
  matrix: RiskMatrixDto,
  inherent: z.array(CellCount),
  residual: z.array(CellCount),
  total: z.number().int(),
  /** Risks without a residual assessment yet (not in the residual map). */
  withoutResidual: z.number().int(),
});
export type RiskHeatmapDto = z.infer<typeof RiskHeatmapDto>;

/** People who own risks the reader may see (the owner filter). */
export const RiskOwnerList = z.object({ items: z.array(PersonRef) });

// ---- the forms ---------------------------------------------------------------------------------
/** A step picked in a select (its value as text), as the number the request takes. */
const pickedStep = z.string().transform(Number).pipe(level);
/** Text a form may leave empty (sent as null). */
const textOrNull = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => s || null);
/** A day a form may leave empty ('' is sent as null). */
const dayOrNull = z.union([day, z.literal('')]).transform((v) => v || null);

/** The new-risk form: no threat until one is picked, likelihood and impact as picked, empty texts and day as null. */
export const NewRiskForm = CreateRisk.extend({ threatId: z.uuid().nullable().pipe(z.uuid()), title: textOrNull(300), description: textOrNull(5000), inherentLikelihood: pickedStep, inherentImpact: pickedStep, nextReviewDate: dayOrNull });

/** The edit-risk form: every describing field; `status` null = unchanged (an accepted risk keeps its acceptance). */
export const EditRiskForm = UpdateRisk.omit({ assetIds: true }).extend({
  threatId: z.uuid(),
  vulnerabilityIds: z.array(z.uuid()).max(50),
  title: textOrNull(300),
  description: textOrNull(5000),
  ownerPersonId: z.uuid().nullable(),
  dueDate: dayOrNull,
  nextReviewDate: dayOrNull,
  status: SettableRiskStatus.nullable(),
});

/** The assessment form: steps as picked, an empty plan keeps the last one, an empty note is none. */
export const AssessRiskForm = z.object({
  inherentLikelihood: pickedStep,
  inherentImpact: pickedStep,
  treatment: RiskTreatment.nullable(),
  treatmentPlan: z
    .string()
    .trim()
    .max(5000)
    .transform((s) => s || undefined),
  residualLikelihood: pickedStep.nullable(),
  residualImpact: pickedStep.nullable(),
  note: textOrNull(2000),
});

/** The catalogue's entry form (a threat; a vulnerability uses its common fields): empty descriptions as null, default steps as picked. */
export const CatalogueEntryForm = CreateThreat.extend({ descriptionJa: textOrNull(2000), descriptionEn: textOrNull(2000), defaultLikelihood: pickedStep, defaultImpact: pickedStep });

// ---- proposals ---------------------------------------------------------------------------------
/**
 * Whether a catalogue entry usually applies to an asset: its kind or its type is listed (either
 * matches; none listed = any asset), and its category is listed (none listed = any category).
 */
export function appliesTo(entry: { assetKinds: readonly string[]; assetTypes: readonly string[]; assetCategories: readonly string[] }, asset: { kind: string; type: string; category: string }): boolean {
  const byKind = (!entry.assetKinds.length && !entry.assetTypes.length) || entry.assetKinds.includes(asset.kind) || entry.assetTypes.includes(asset.type);
  const byCategory = !entry.assetCategories.length || entry.assetCategories.includes(asset.category);
  return byKind && byCategory;
}

export const RiskProposalDto = z.object({
  threat: CatalogueRef.extend({ source: ThreatSource, descriptionJa: z.string().nullable(), descriptionEn: z.string().nullable() }),
  vulnerabilities: z.array(CatalogueRef),
  likelihood: z.number().int(),
  impact: z.number().int(),
  level: z.string(),
});
export type RiskProposalDto = z.infer<typeof RiskProposalDto>;
export const RiskProposalList = z.object({ items: z.array(RiskProposalDto) });
export type RiskProposalList = z.infer<typeof RiskProposalList>;

export const AcceptProposal = z.object({
  likelihood: level.optional(),
  impact: level.optional(),
  /** Default: the threat's usual vulnerabilities. */
  vulnerabilityIds: z.array(z.uuid()).max(50).optional(),
  ownerPersonId: z.uuid().nullable().optional(),
});
export type AcceptProposal = z.infer<typeof AcceptProposal>;

/** A proposal: the asset (`id`) and the threat proposed for it. */
export const ProposalParam = z.object({ id: z.uuid(), threatId: z.uuid() });
