import type { TFunction } from 'i18next';
import { CreatePerson, UpdatePerson, type PersonDto, type RoleAssignment } from '../../../shared/org.js';
import { ROLE_SCOPE, type Role } from '../../../shared/roles.js';
import { zodFieldErrors, type FieldErrors } from '../../lib/form-errors.js';

export type ScopeField = 'institutionId' | 'researchGroupId' | 'unitId' | 'committeeId';
export const SCOPE_FIELDS: readonly ScopeField[] = ['institutionId', 'researchGroupId', 'unitId', 'committeeId'];

/** One row of the role editor; `key` keeps React rows stable while rows are added and removed. */
export interface RoleRow {
  key: string;
  role: Role | null;
  institutionId: string | null;
  researchGroupId: string | null;
  unitId: string | null;
  committeeId: string | null;
}

export interface PersonFormValues {
  familyNameJa: string;
  givenNameJa: string;
  familyNameKana: string;
  givenNameKana: string;
  familyNameEn: string;
  givenNameEn: string;
  email: string;
  unitId: string | null;
  institutionIds: string[];
  researchGroupIds: string[];
  committeeIds: string[];
  roles: RoleRow[];
  note: string;
}

export const TEXT_FIELDS = ['familyNameJa', 'givenNameJa', 'familyNameKana', 'givenNameKana', 'familyNameEn', 'givenNameEn', 'email'] as const;
export const ALL_FIELDS = [...TEXT_FIELDS, 'unitId', 'institutionIds', 'researchGroupIds', 'committeeIds', 'roles', 'note'] as const;

let rowSeq = 0;
/** A new, empty role row. */
export function newRoleRow(from?: Partial<RoleRow>): RoleRow {
  rowSeq += 1;
  return { key: `r${rowSeq}`, role: null, institutionId: null, researchGroupId: null, unitId: null, committeeId: null, ...from };
}

export function initialPersonValues(p?: PersonDto): PersonFormValues {
  return {
    familyNameJa: p?.familyNameJa ?? '',
    givenNameJa: p?.givenNameJa ?? '',
    familyNameKana: p?.familyNameKana ?? '',
    givenNameKana: p?.givenNameKana ?? '',
    familyNameEn: p?.familyNameEn ?? '',
    givenNameEn: p?.givenNameEn ?? '',
    email: p?.email ?? '',
    unitId: p?.unit?.id ?? null,
    institutionIds: p?.institutions.map((i) => i.id) ?? [],
    researchGroupIds: p?.researchGroups.map((g) => g.id) ?? [],
    committeeIds: p?.committees.map((c) => c.id) ?? [],
    roles: (p?.roleAssignments ?? []).map((a) =>
      newRoleRow({
        role: a.role,
        institutionId: a.institutionId ?? null,
        researchGroupId: a.researchGroupId ?? null,
        unitId: a.unitId ?? null,
        committeeId: a.committeeId ?? null,
      }),
    ),
    note: p?.note ?? '',
  };
}

/** A role row as the API wants it: only the scopes the role takes. */
function toAssignment(row: RoleRow): RoleAssignment {
  const out: RoleAssignment = { role: row.role as Role };
  for (const f of ROLE_SCOPE[row.role as Role] ?? []) out[f] = row[f];
  return out;
}

export function toPersonBody(v: PersonFormValues) {
  return {
    familyNameJa: v.familyNameJa.trim(),
    givenNameJa: v.givenNameJa.trim(),
    familyNameKana: v.familyNameKana.trim(),
    givenNameKana: v.givenNameKana.trim(),
    familyNameEn: v.familyNameEn.trim(),
    givenNameEn: v.givenNameEn.trim(),
    email: v.email.trim(),
    unitId: v.unitId,
    institutionIds: v.institutionIds,
    researchGroupIds: v.researchGroupIds,
    committeeIds: v.committeeIds,
    roles: v.roles.filter((r) => r.role).map(toAssignment),
    note: v.note.trim() || null,
  };
}

/**
 * Validates with the shared schema plus the rule the schema cannot express: each role needs the
 * scopes ROLE_SCOPE names. Error keys are paths such as `roles.2.unitId`.
 */
export function validatePerson(v: PersonFormValues, editing: boolean, t: TFunction): FieldErrors {
  const body = toPersonBody(v);
  const parsed = (editing ? UpdatePerson : CreatePerson).safeParse(body);
  const errors: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error, t);
  v.roles.forEach((row, i) => {
    if (!row.role) {
      errors[`roles.${i}.role`] = t('validation.selectRole');
      return;
    }
    for (const f of ROLE_SCOPE[row.role]) if (!row[f]) errors[`roles.${i}.${f}`] = t('validation.required');
  });
  return errors;
}

/** On edit, only the fields that changed (roles are sent whole when any row changed). */
export function changedFields(body: ReturnType<typeof toPersonBody>, initial: ReturnType<typeof toPersonBody>): Partial<typeof body> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(body) as (keyof typeof body)[]) {
    if (JSON.stringify(body[key]) !== JSON.stringify(initial[key])) out[key] = body[key];
  }
  return out as Partial<typeof body>;
}
