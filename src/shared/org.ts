import { AccountStatus } from './account.js';
import { z } from 'zod';
import { Role } from './roles.js';
import { PREFECTURE_CODES } from './prefectures.js';
import { listQuery, pageOf } from './pagination.js';
import { Reason } from './validation.js';

const code = z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, Reason.CODE_CHARS);
const nameJa = z.string().trim().min(1).max(200);
const nameEn = z.string().trim().min(1).max(200);
const optionalText = (max: number) => z.string().trim().max(max).optional().nullable();
const timestamps = { active: z.boolean(), createdAt: z.string(), updatedAt: z.string() };

// ---- units -------------------------------------------------------------------------------------
export const UnitKind = z.enum(['data_center', 'operations_office', 'study_office', 'other']);
export type UnitKind = z.infer<typeof UnitKind>;
export const CreateUnit = z.object({ code, kind: UnitKind, nameJa, nameEn });
export type CreateUnit = z.infer<typeof CreateUnit>;
export const UpdateUnit = CreateUnit.partial();
export type UpdateUnit = z.infer<typeof UpdateUnit>;
export const UnitDto = CreateUnit.extend({ id: z.uuid(), ...timestamps });
export type UnitDto = z.infer<typeof UnitDto>;
export const ListUnitsQuery = listQuery(['code', 'nameJa', 'nameEn', 'kind', 'updatedAt'] as const);
export const UnitPage = pageOf(UnitDto);

// ---- institutions ------------------------------------------------------------------------------
export const Prefecture = z.enum(PREFECTURE_CODES);
export const CreateInstitution = z.object({ code, nameJa, nameEn, prefecture: Prefecture });
export type CreateInstitution = z.infer<typeof CreateInstitution>;
export const UpdateInstitution = CreateInstitution.partial();
export type UpdateInstitution = z.infer<typeof UpdateInstitution>;
export const InstitutionDto = CreateInstitution.extend({ id: z.uuid(), ...timestamps });
export type InstitutionDto = z.infer<typeof InstitutionDto>;
export const ListInstitutionsQuery = listQuery(['code', 'nameJa', 'nameEn', 'prefecture', 'updatedAt'] as const);
export const InstitutionPage = pageOf(InstitutionDto);

// ---- research groups ---------------------------------------------------------------------------
export const CreateResearchGroup = z.object({ code, nameJa, nameEn });
export type CreateResearchGroup = z.infer<typeof CreateResearchGroup>;
export const UpdateResearchGroup = CreateResearchGroup.partial();
export type UpdateResearchGroup = z.infer<typeof UpdateResearchGroup>;
export const ResearchGroupDto = CreateResearchGroup.extend({ id: z.uuid(), ...timestamps });
export type ResearchGroupDto = z.infer<typeof ResearchGroupDto>;
export const ListResearchGroupsQuery = listQuery(['code', 'nameJa', 'nameEn', 'updatedAt'] as const);
export const ResearchGroupPage = pageOf(ResearchGroupDto);

// ---- studies -----------------------------------------------------------------------------------
export const CreateStudy = z.object({
  code,
  titleJa: z.string().trim().min(1).max(500),
  titleEn: z.string().trim().min(1).max(500),
  researchGroupId: z.uuid(),
  studyOfficeUnitId: z.uuid().nullable().optional(),
});
export type CreateStudy = z.infer<typeof CreateStudy>;
export const UpdateStudy = CreateStudy.partial();
export type UpdateStudy = z.infer<typeof UpdateStudy>;
export const StudyDto = CreateStudy.extend({
  id: z.uuid(),
  studyOfficeUnitId: z.uuid().nullable(),
  researchGroupCode: z.string(),
  ...timestamps,
});
export type StudyDto = z.infer<typeof StudyDto>;
export const ListStudiesQuery = listQuery(['code', 'titleJa', 'titleEn', 'updatedAt'] as const);
export const StudyPage = pageOf(StudyDto);

// ---- committees --------------------------------------------------------------------------------
export const CommitteeKind = z.enum(['steering', 'other']);
export const CreateCommittee = z.object({ code, kind: CommitteeKind, nameJa, nameEn });
export type CreateCommittee = z.infer<typeof CreateCommittee>;
export const UpdateCommittee = CreateCommittee.partial();
export type UpdateCommittee = z.infer<typeof UpdateCommittee>;
export const CommitteeDto = CreateCommittee.extend({ id: z.uuid(), ...timestamps });
export type CommitteeDto = z.infer<typeof CommitteeDto>;
export const ListCommitteesQuery = listQuery(['code', 'nameJa', 'nameEn', 'updatedAt'] as const);
export const CommitteePage = pageOf(CommitteeDto);

// ---- people ------------------------------------------------------------------------------------
const kana = z
  .string()
  .trim()
  .max(100)
  .regex(/^[\p{Script=Katakana}\p{Script=Hiragana}ー・\s\u3000]*$/u, Reason.KANA_ONLY);

export const RoleAssignment = z.object({
  role: Role,
  institutionId: z.uuid().nullable().optional(),
  researchGroupId: z.uuid().nullable().optional(),
  unitId: z.uuid().nullable().optional(),
  committeeId: z.uuid().nullable().optional(),
});
export type RoleAssignment = z.infer<typeof RoleAssignment>;

export const CreatePerson = z.object({
  familyNameJa: z.string().trim().min(1).max(100),
  givenNameJa: z.string().trim().max(100).default(''),
  familyNameKana: kana.default(''),
  givenNameKana: kana.default(''),
  familyNameEn: z.string().trim().min(1).max(100),
  givenNameEn: z.string().trim().max(100).default(''),
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  unitId: z.uuid().nullable().optional(),
  institutionIds: z.array(z.uuid()).max(20).default([]),
  researchGroupIds: z.array(z.uuid()).max(50).default([]),
  committeeIds: z.array(z.uuid()).max(20).default([]),
  roles: z.array(RoleAssignment).max(50).default([]),
  note: optionalText(1000),
});
export type CreatePerson = z.infer<typeof CreatePerson>;
export type CreatePersonInput = z.input<typeof CreatePerson>;
export const UpdatePerson = z.object({
  familyNameJa: z.string().trim().min(1).max(100).optional(),
  givenNameJa: z.string().trim().max(100).optional(),
  familyNameKana: kana.optional(),
  givenNameKana: kana.optional(),
  familyNameEn: z.string().trim().min(1).max(100).optional(),
  givenNameEn: z.string().trim().max(100).optional(),
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)).optional(),
  unitId: z.uuid().nullable().optional(),
  institutionIds: z.array(z.uuid()).max(20).optional(),
  researchGroupIds: z.array(z.uuid()).max(50).optional(),
  committeeIds: z.array(z.uuid()).max(20).optional(),
  roles: z.array(RoleAssignment).max(50).optional(),
  note: optionalText(1000),
});
export type UpdatePerson = z.infer<typeof UpdatePerson>;

const Ref = z.object({ id: z.uuid(), code: z.string(), nameJa: z.string(), nameEn: z.string() });
export const PersonSummaryDto = z.object({
  id: z.uuid(),
  familyNameJa: z.string(),
  givenNameJa: z.string(),
  familyNameKana: z.string(),
  givenNameKana: z.string(),
  familyNameEn: z.string(),
  givenNameEn: z.string(),
  email: z.string(),
  unit: Ref.nullable(),
  institutions: z.array(Ref),
  roles: z.array(Role),
  active: z.boolean(),
  /** The personal account's state (src/shared/account.ts). */
  accountStatus: AccountStatus,
  updatedAt: z.string(),
});
export type PersonSummaryDto = z.infer<typeof PersonSummaryDto>;
export const PersonDto = PersonSummaryDto.extend({
  researchGroups: z.array(Ref),
  committees: z.array(Ref),
  roleAssignments: z.array(RoleAssignment.extend({ id: z.uuid() })),
  note: z.string().nullable(),
  createdAt: z.string(),
  deactivatedAt: z.string().nullable(),
});
export type PersonDto = z.infer<typeof PersonDto>;
export const ListPeopleQuery = listQuery(['familyNameKana', 'familyNameEn', 'email', 'updatedAt'] as const).extend({
  institutionId: z.uuid().optional(),
  researchGroupId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  role: Role.optional(),
});
export type ListPeopleQuery = z.infer<typeof ListPeopleQuery>;
export const PersonPage = pageOf(PersonSummaryDto);

// ---- imports -----------------------------------------------------------------------------------
export const ImportKind = z.enum(['institutions', 'people', 'assets']);
export type ImportKind = z.infer<typeof ImportKind>;
export const ImportEncoding = z.enum(['auto', 'utf-8', 'shift_jis']);
export const ImportRowError = z.object({ row: z.number().int(), column: z.string().nullable(), code: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof ImportRowError>;
export const ImportJobDto = z.object({
  id: z.uuid(),
  kind: ImportKind,
  status: z.enum(['queued', 'validating', 'writing', 'succeeded', 'failed']),
  fileName: z.string(),
  encoding: z.string().nullable(),
  format: z.enum(['csv', 'xlsx']),
  /** The sheet read from an XLSX workbook. */
  sheet: z.string().nullable(),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  createdCount: z.number().int(),
  updatedCount: z.number().int(),
  errors: z.array(ImportRowError),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJobDto = z.infer<typeof ImportJobDto>;
export const ImportKindParam = z.object({ kind: ImportKind });
export const ImportTemplateQuery = z.object({ lang: z.enum(['ja', 'en']).default('ja'), format: z.enum(['csv', 'xlsx']).default('csv') });
export type ImportTemplateQueryInput = z.input<typeof ImportTemplateQuery>;

// ---- options for pickers -----------------------------------------------------------------------
/** A short reference to an active registry entry. */
export const OrgRef = z.object({ id: z.uuid(), code: z.string(), nameJa: z.string(), nameEn: z.string() });
/** The active units, institutions, research groups and committees, by code. */
export const OrgOptionsDto = z.object({ units: z.array(OrgRef.extend({ kind: UnitKind })), institutions: z.array(OrgRef), researchGroups: z.array(OrgRef), committees: z.array(OrgRef) });
export type OrgOptionsDto = z.infer<typeof OrgOptionsDto>;

export const IdParam = z.object({ id: z.uuid() });
