import { eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { committees, institutions, researchGroups, studies, units } from '../../db/schema/index.js';
import { ValidationError } from '../../errors.js';
import { RegistryService, type RegistryDef } from './registry.service.js';

const unitDef: RegistryDef = {
  kind: 'unit',
  label: 'Unit',
  table: units,
  searchColumns: [units.code, units.nameJa, units.nameEn],
  sortColumns: { code: units.code, nameJa: units.nameJa, nameEn: units.nameEn, kind: units.kind, updatedAt: units.updatedAt },
};

const institutionDef: RegistryDef = {
  kind: 'institution',
  label: 'Institution',
  table: institutions,
  searchColumns: [institutions.code, institutions.nameJa, institutions.nameEn],
  sortColumns: { code: institutions.code, nameJa: institutions.nameJa, nameEn: institutions.nameEn, prefecture: institutions.prefecture, updatedAt: institutions.updatedAt },
};

const researchGroupDef: RegistryDef = {
  kind: 'research_group',
  label: 'Research group',
  table: researchGroups,
  searchColumns: [researchGroups.code, researchGroups.nameJa, researchGroups.nameEn],
  sortColumns: { code: researchGroups.code, nameJa: researchGroups.nameJa, nameEn: researchGroups.nameEn, updatedAt: researchGroups.updatedAt },
};

const studyDef: RegistryDef = {
  kind: 'study',
  label: 'Study',
  table: studies,
  searchColumns: [studies.code, studies.titleJa, studies.titleEn],
  sortColumns: { code: studies.code, titleJa: studies.titleJa, titleEn: studies.titleEn, updatedAt: studies.updatedAt },
  async decorate(conn, rows) {
    const ids = [...new Set(rows.map((r) => r.researchGroupId as string))];
    const groups = ids.length ? await conn.select({ id: researchGroups.id, code: researchGroups.code }).from(researchGroups).where(inArray(researchGroups.id, ids)) : [];
    const codeOf = new Map(groups.map((g) => [g.id, g.code]));
    return rows.map((r) => ({ researchGroupCode: codeOf.get(r.researchGroupId as string) ?? '' }));
  },
  async checkRefs(conn, input) {
    if (typeof input.researchGroupId === 'string') {
      const [g] = await conn.select({ id: researchGroups.id }).from(researchGroups).where(eq(researchGroups.id, input.researchGroupId));
      if (!g) throw new ValidationError('The research group does not exist.', [{ path: 'researchGroupId', message: 'unknown research group' }]);
    }
    if (typeof input.studyOfficeUnitId === 'string') {
      const [u] = await conn.select({ kind: units.kind }).from(units).where(eq(units.id, input.studyOfficeUnitId));
      if (!u) throw new ValidationError('The study office does not exist.', [{ path: 'studyOfficeUnitId', message: 'unknown unit' }]);
      if (u.kind !== 'study_office') throw new ValidationError('The unit is not a study office.', [{ path: 'studyOfficeUnitId', message: 'not a study office' }]);
    }
  },
};

const committeeDef: RegistryDef = {
  kind: 'committee',
  label: 'Committee',
  table: committees,
  searchColumns: [committees.code, committees.nameJa, committees.nameEn],
  sortColumns: { code: committees.code, nameJa: committees.nameJa, nameEn: committees.nameEn, updatedAt: committees.updatedAt },
};

export interface Registries {
  units: RegistryService;
  institutions: RegistryService;
  researchGroups: RegistryService;
  studies: RegistryService;
  committees: RegistryService;
}

export function makeRegistries(ctx: AppContext): Registries {
  return {
    units: new RegistryService(ctx, unitDef),
    institutions: new RegistryService(ctx, institutionDef),
    researchGroups: new RegistryService(ctx, researchGroupDef),
    studies: new RegistryService(ctx, studyDef),
    committees: new RegistryService(ctx, committeeDef),
  };
}
