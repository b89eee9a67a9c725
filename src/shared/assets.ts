import { z } from 'zod';
import { pageOf } from './pagination.js';

/**
 * The information asset register (P32-1.1, P32-1.4): information, systems, media and places, each
 * with a category from the policy's vocabulary, a classification consistent with it, C/I/A values
 * giving an importance, an owner, a location, links, retention and disposal, and (systems)
 * continuity data (P32-1.2.3).
 */

// ---- vocabulary ----------------------------------------------------------------------------------
export const AssetKind = z.enum(['information', 'system', 'medium', 'place']);
export type AssetKind = z.infer<typeof AssetKind>;

/** The subtypes of each kind. */
export const ASSET_TYPES_BY_KIND = {
  information: ['data_set', 'database', 'document'],
  system: ['application', 'service', 'server', 'network'],
  medium: ['paper', 'usb_memory', 'cd_rom', 'laptop', 'smartphone', 'external_disk'],
  place: ['server_room', 'office', 'storage', 'place'],
} as const satisfies Record<AssetKind, readonly string[]>;
export const AssetType = z.enum([
  ...ASSET_TYPES_BY_KIND.information,
  ...ASSET_TYPES_BY_KIND.system,
  ...ASSET_TYPES_BY_KIND.medium,
  ...ASSET_TYPES_BY_KIND.place,
]);
export type AssetType = z.infer<typeof AssetType>;
export const ASSET_TYPES = AssetType.options;
/** The kind a type belongs to. */
export const kindOfType = (t: AssetType): AssetKind => (Object.keys(ASSET_TYPES_BY_KIND) as AssetKind[]).find((k) => (ASSET_TYPES_BY_KIND[k] as readonly string[]).includes(t))!;

/** P32-1.4's categories of information. Every one but `public` is confidential information (秘密情報). */
export const AssetCategory = z.enum(['personal', 'special_care', 'medical', 'analysis', 'safety', 'other_confidential', 'public']);
export type AssetCategory = z.infer<typeof AssetCategory>;
export const ASSET_CATEGORIES = AssetCategory.options;

export const Classification = z.enum(['confidential', 'internal', 'public']);
export type Classification = z.infer<typeof Classification>;

/**
 * Which classifications fit a category. The confidential categories can never be `public`; personal,
 * special-care and medical information is always `confidential` (P32-1.2.1: its protection comes
 * first). Analysis, safety and other confidential information may be `internal` (e.g. a finished
 * analysis plan shared across the group); public information may carry any level.
 */
export const ALLOWED_CLASSIFICATIONS: Record<AssetCategory, readonly Classification[]> = {
  personal: ['confidential'],
  special_care: ['confidential'],
  medical: ['confidential'],
  analysis: ['confidential', 'internal'],
  safety: ['confidential', 'internal'],
  other_confidential: ['confidential', 'internal'],
  public: ['confidential', 'internal', 'public'],
};
export const classificationFits = (category: AssetCategory, classification: Classification) => ALLOWED_CLASSIFICATIONS[category].includes(classification);
/** The classification a new asset of this category starts with. */
export const defaultClassification = (category: AssetCategory): Classification => (category === 'public' ? 'public' : 'confidential');

export const AssetLocation = z.enum(['data_center', 'operations_office', 'institution', 'external_service', 'other']);
export type AssetLocation = z.infer<typeof AssetLocation>;

export const DisposalMethod = z.enum(['shredding', 'dissolution', 'secure_erase', 'physical_destruction', 'deletion', 'return', 'other']);
export type DisposalMethod = z.infer<typeof DisposalMethod>;

export const AssetStatus = z.enum(['active', 'disposed']);
export type AssetStatus = z.infer<typeof AssetStatus>;

/**
 * The C/I/A scale is data (the `asset_settings` row), not code: values run from 1 to `ciaMax`
 * (default 3). Importance = the highest of C, I and A (an asset is as important as its most
 * demanding property), on the same scale.
 */
export const DEFAULT_CIA_MAX = 3;
export const CIA_LIMIT = 10;
export const importanceOf = (c: number, i: number, a: number) => Math.max(c, i, a);
export const AssetSettingsDto = z.object({ ciaMax: z.number().int().min(2).max(CIA_LIMIT) });
export type AssetSettingsDto = z.infer<typeof AssetSettingsDto>;
export const UpdateAssetSettings = AssetSettingsDto;
export type UpdateAssetSettings = z.infer<typeof UpdateAssetSettings>;

/** "A-000123": the human reference of an asset. */
export const formatAssetRef = (n: number) => `A-${String(n).padStart(6, '0')}`;
/** The number in a reference the user typed ("A-000123", "a123", "123"), or null. */
export const parseAssetRef = (s: string): number | null => {
  const m = /^(?:a-?)?0*(\d{1,9})$/i.exec(s.trim());
  return m ? Number(m[1]) : null;
};

// ---- create / update ---------------------------------------------------------------------------
const text = (max: number) => z.string().trim().max(max);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();
const cia = z.number().int().min(1).max(CIA_LIMIT);
const hours = z.number().min(0).max(100_000).nullable().optional();
const date = z.iso.date();

const assetFields = {
  kind: AssetKind,
  type: AssetType,
  name: z.string().trim().min(1).max(300),
  description: text(5000).default(''),
  category: AssetCategory,
  classification: Classification,
  confidentiality: cia,
  integrity: cia,
  availability: cia,
  /** The unit that owns the asset (required: every asset has an owner). */
  ownerUnitId: z.uuid(),
  ownerPersonId: z.uuid().nullable().optional(),
  custodianPersonId: z.uuid().nullable().optional(),
  location: AssetLocation,
  /** Required when location = institution. */
  locationInstitutionId: z.uuid().nullable().optional(),
  /** The service's name (external_service) or a free description (other); optional otherwise. */
  locationDetail: optText(300),
  /** Access scope: researchers and site coordinators of this institution see the asset (default: the location's institution). */
  institutionId: z.uuid().nullable().optional(),
  /** Access scope: members of this research group see the asset. */
  researchGroupId: z.uuid().nullable().optional(),
  retentionUntil: date.nullable().optional(),
  disposalMethod: DisposalMethod.nullable().optional(),
  // continuity (systems only, P32-1.2.3)
  rtoHours: hours,
  rpoHours: hours,
  backupMethod: optText(1000),
  lastRestoreTestOn: date.nullable().optional(),
  note: optText(2000),
};

export const CreateAsset = z.object({
  ...assetFields,
  parentId: z.uuid().nullable().optional(),
  studyIds: z.array(z.uuid()).max(100).default([]),
  lawIds: z.array(z.uuid()).max(100).default([]),
});
export type CreateAsset = z.infer<typeof CreateAsset>;
export type CreateAssetInput = z.input<typeof CreateAsset>;

/** A change: only the fields sent change. `version` is the version the editor saw (optimistic concurrency). */
export const UpdateAsset = z.object({
  kind: AssetKind.optional(),
  type: AssetType.optional(),
  name: assetFields.name.optional(),
  description: text(5000).optional(),
  category: AssetCategory.optional(),
  classification: Classification.optional(),
  confidentiality: cia.optional(),
  integrity: cia.optional(),
  availability: cia.optional(),
  ownerUnitId: z.uuid().optional(),
  ownerPersonId: assetFields.ownerPersonId,
  custodianPersonId: assetFields.custodianPersonId,
  location: AssetLocation.optional(),
  locationInstitutionId: assetFields.locationInstitutionId,
  locationDetail: assetFields.locationDetail,
  institutionId: assetFields.institutionId,
  researchGroupId: assetFields.researchGroupId,
  retentionUntil: assetFields.retentionUntil,
  disposalMethod: assetFields.disposalMethod,
  rtoHours: hours,
  rpoHours: hours,
  backupMethod: assetFields.backupMethod,
  lastRestoreTestOn: assetFields.lastRestoreTestOn,
  note: assetFields.note,
  version: z.number().int().min(1),
});
export type UpdateAsset = z.infer<typeof UpdateAsset>;

/** The facts the consistency rules look at (a create, or the merged state after an update). */
export interface AssetFacts {
  kind: AssetKind;
  type: AssetType;
  category: AssetCategory;
  classification: Classification;
  confidentiality: number;
  integrity: number;
  availability: number;
  location: AssetLocation;
  locationInstitutionId?: string | null;
  locationDetail?: string | null;
  rtoHours?: number | null;
  rpoHours?: number | null;
  backupMethod?: string | null;
  lastRestoreTestOn?: string | null;
}
export interface AssetIssue {
  path: string;
  /** A stable reason, translated by the web app (`assets.issue.<reason>`). */
  reason: 'type_not_of_kind' | 'classification_inconsistent' | 'cia_out_of_scale' | 'institution_required' | 'service_name_required' | 'continuity_systems_only';
  message: string;
}

/**
 * The rules besides field formats, shared by the service, the importer and the form. The
 * classification rule's issue is answered 422 CLASSIFICATION_INCONSISTENT by the service; the
 * others 400 VALIDATION_FAILED.
 */
export function assetIssues(a: AssetFacts, ciaMax: number): AssetIssue[] {
  const out: AssetIssue[] = [];
  if (kindOfType(a.type) !== a.kind) out.push({ path: 'type', reason: 'type_not_of_kind', message: `type ${a.type} is not a kind of ${a.kind}` });
  if (!classificationFits(a.category, a.classification))
    out.push({ path: 'classification', reason: 'classification_inconsistent', message: `category ${a.category} allows ${ALLOWED_CLASSIFICATIONS[a.category].join(', ')}` });
  for (const f of ['confidentiality', 'integrity', 'availability'] as const)
    if (a[f] > ciaMax) out.push({ path: f, reason: 'cia_out_of_scale', message: `must be between 1 and ${ciaMax}` });
  if (a.location === 'institution' && !a.locationInstitutionId) out.push({ path: 'locationInstitutionId', reason: 'institution_required', message: 'required when the asset is at an institution' });
  if (a.location === 'external_service' && !a.locationDetail?.trim()) out.push({ path: 'locationDetail', reason: 'service_name_required', message: "the external service's name is required" });
  if (a.kind !== 'system')
    for (const f of ['rtoHours', 'rpoHours', 'backupMethod', 'lastRestoreTestOn'] as const)
      if (a[f] !== null && a[f] !== undefined && a[f] !== '') out.push({ path: f, reason: 'continuity_systems_only', message: 'continuity data is kept for systems only' });
  return out;
}

export const DisposeAsset = z.object({
  /** The day the asset was disposed of. */
  disposedOn: date,
  method: DisposalMethod,
  /** Who carried it out, when not the person recording it (e.g. a disposal contractor). */
  performedBy: optText(300),
  /** The certificate of destruction or erasure: number, issuer, where it is kept. */
  certificateNote: optText(2000),
  version: z.number().int().min(1),
});
export type DisposeAsset = z.infer<typeof DisposeAsset>;

export const SetAssetParent = z.object({ parentId: z.uuid().nullable() });
export type SetAssetParent = z.infer<typeof SetAssetParent>;

// ---- read --------------------------------------------------------------------------------------
const UnitRef = z.object({ id: z.uuid(), code: z.string(), nameJa: z.string(), nameEn: z.string() });
const PersonRef = z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string() });
const StudyRef = z.object({ id: z.uuid(), code: z.string(), titleJa: z.string(), titleEn: z.string() });
const LawRef = z.object({ id: z.uuid(), titleJa: z.string(), titleEn: z.string() });
export const AssetRef = z.object({ id: z.uuid(), ref: z.string(), name: z.string(), kind: AssetKind, type: AssetType, status: AssetStatus });
export type AssetRef = z.infer<typeof AssetRef>;

export const AssetSummaryDto = z.object({
  id: z.uuid(),
  /** "A-000123" */
  ref: z.string(),
  name: z.string(),
  kind: AssetKind,
  type: AssetType,
  category: AssetCategory,
  classification: Classification,
  confidentiality: z.number().int(),
  integrity: z.number().int(),
  availability: z.number().int(),
  importance: z.number().int(),
  ownerUnit: UnitRef,
  location: AssetLocation,
  locationInstitution: UnitRef.nullable(),
  locationDetail: z.string().nullable(),
  status: AssetStatus,
  retentionUntil: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type AssetSummaryDto = z.infer<typeof AssetSummaryDto>;

export const DisposalDto = z.object({
  disposedOn: z.string(),
  method: DisposalMethod,
  performedBy: z.string().nullable(),
  certificateNote: z.string().nullable(),
  recordedBy: PersonRef.nullable(),
  recordedAt: z.string(),
});

export const AssetDto = AssetSummaryDto.extend({
  description: z.string(),
  ownerPerson: PersonRef.nullable(),
  custodian: PersonRef.nullable(),
  institution: UnitRef.nullable(),
  researchGroup: UnitRef.nullable(),
  disposalMethod: DisposalMethod.nullable(),
  rtoHours: z.number().nullable(),
  rpoHours: z.number().nullable(),
  backupMethod: z.string().nullable(),
  lastRestoreTestOn: z.string().nullable(),
  note: z.string().nullable(),
  disposal: DisposalDto.nullable(),
  parent: AssetRef.nullable(),
  /** The children the reader may see. */
  children: z.array(AssetRef),
  studies: z.array(StudyRef),
  laws: z.array(LawRef),
  createdAt: z.string(),
  /** What the reader may do with it. */
  canManage: z.boolean(),
});
export type AssetDto = z.infer<typeof AssetDto>;

// ---- list --------------------------------------------------------------------------------------
/** A comma-separated list of enum values in a query string ("personal,medical"). */
const csvOf = <T extends readonly [string, ...string[]]>(e: z.ZodEnum<{ [K in T[number]]: K }>) =>
  z
    .string()
    .max(500)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(e).max(20));

export const ASSET_SORTS = ['ref', 'name', 'kind', 'type', 'category', 'classification', 'importance', 'retentionUntil', 'updatedAt'] as const;
export const AssetSort = z.enum(ASSET_SORTS);
export type AssetSort = z.infer<typeof AssetSort>;

/** The filters of the list (and of the export, the saved views and the dashboard). */
export const AssetFilters = z.object({
  q: z.string().trim().max(200).optional(),
  kind: csvOf(AssetKind).optional(),
  type: csvOf(AssetType).optional(),
  category: csvOf(AssetCategory).optional(),
  classification: csvOf(Classification).optional(),
  ownerUnitId: z.uuid().optional(),
  location: csvOf(AssetLocation).optional(),
  /** The institution the asset is at or scoped to. */
  institutionId: z.uuid().optional(),
  /** Default: active. */
  status: z.enum(['active', 'disposed', 'all']).default('active'),
  importanceMin: z.coerce.number().int().min(1).max(CIA_LIMIT).optional(),
  /** Assets whose retention ends on or before this day (retention due); `today` = overdue now (Japan time). */
  retentionDueBefore: z.union([z.literal('today'), date]).optional(),
});
export type AssetFilters = z.infer<typeof AssetFilters>;

export const ListAssetsQuery = AssetFilters.extend({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  sort: AssetSort.default('ref'),
  dir: z.enum(['asc', 'desc']).default('desc'),
});
export type ListAssetsQuery = z.infer<typeof ListAssetsQuery>;
export type ListAssetsQueryInput = z.input<typeof ListAssetsQuery>;
export const AssetPage = pageOf(AssetSummaryDto);
export type AssetPage = z.infer<typeof AssetPage>;

export const ExportAssetsQuery = AssetFilters.extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  sort: AssetSort.default('ref'),
  dir: z.enum(['asc', 'desc']).default('asc'),
  lang: z.enum(['ja', 'en']).default('ja'),
});
export type ExportAssetsQuery = z.infer<typeof ExportAssetsQuery>;
export type ExportAssetsQueryInput = z.input<typeof ExportAssetsQuery>;

// ---- saved views -------------------------------------------------------------------------------
/** A saved view keeps the query string parameters (filters and sort) as sent to the list. */
export const SavedViewQuery = z.record(z.string().max(40), z.string().max(500)).refine((r) => Object.keys(r).length <= 20, 'too many parameters');
export const CreateSavedView = z.object({ name: z.string().trim().min(1).max(100), query: SavedViewQuery });
export type CreateSavedView = z.infer<typeof CreateSavedView>;
export const SavedViewDto = CreateSavedView.extend({ id: z.uuid(), createdAt: z.string() });
export type SavedViewDto = z.infer<typeof SavedViewDto>;
export const SavedViewList = z.object({ items: z.array(SavedViewDto) });

// ---- history -----------------------------------------------------------------------------------
export const AssetChangeAction = z.enum(['created', 'updated', 'disposed', 'linked', 'unlinked']);
export type AssetChangeAction = z.infer<typeof AssetChangeAction>;
export const AssetChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export type AssetChange = z.infer<typeof AssetChange>;
export const AssetHistoryEntryDto = z.object({
  id: z.uuid(),
  at: z.string(),
  action: AssetChangeAction,
  actor: PersonRef.nullable(),
  version: z.number().int(),
  changes: z.array(AssetChange),
});
export type AssetHistoryEntryDto = z.infer<typeof AssetHistoryEntryDto>;
export const AssetHistoryList = z.object({ items: z.array(AssetHistoryEntryDto) });

// ---- dashboard ---------------------------------------------------------------------------------
const Bucket = z.object({ key: z.string(), count: z.number().int() });
export const AssetDashboardDto = z.object({
  total: z.number().int(),
  byKind: z.array(Bucket),
  byCategory: z.array(Bucket),
  byClassification: z.array(Bucket),
  byImportance: z.array(Bucket),
  /** Counts per classification × importance (the heat table). */
  byClassificationImportance: z.array(z.object({ classification: Classification, importance: z.number().int(), count: z.number().int() })),
  retentionOverdue: z.number().int(),
  ciaMax: z.number().int(),
});
export type AssetDashboardDto = z.infer<typeof AssetDashboardDto>;

export const AssetIdParam = z.object({ id: z.uuid() });
export const AssetLawParam = z.object({ id: z.uuid(), lawId: z.uuid() });
export const AssetStudyParam = z.object({ id: z.uuid(), studyId: z.uuid() });
export const SavedViewIdParam = z.object({ id: z.uuid() });
