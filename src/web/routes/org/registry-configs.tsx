import type { ComboboxItem, ComboboxParsedItem, OptionsFilter } from '@mantine/core';
import { PREFECTURES } from '../../../shared/prefectures.js';
import {
  CommitteeKind,
  CreateCommittee,
  CreateInstitution,
  CreateResearchGroup,
  CreateStudy,
  CreateUnit,
  UnitKind,
  UpdateCommittee,
  UpdateInstitution,
  UpdateResearchGroup,
  UpdateStudy,
  UpdateUnit,
} from '../../../shared/org.js';
import type { Ref } from '../../api/org-options.js';
import type { RegistryName } from '../../api/registry.js';
import { refName } from '../../lib/format.js';
import { baseDetails, bilingualColumn, codeColumn, nameColumn, statusColumn, updatedColumn } from './registry-columns.js';
import type { FormFieldDef, RegistryConfig, RegistryContext } from './registry-types.js';

const CODE: FormFieldDef = { name: 'code', label: 'fields.code', kind: 'text', required: true, description: 'fields.codeHint', maxLength: 32, lang: 'en' };
const NAME_JA: FormFieldDef = { name: 'nameJa', label: 'fields.nameJa', kind: 'text', required: true, maxLength: 200, lang: 'ja' };
const NAME_EN: FormFieldDef = { name: 'nameEn', label: 'fields.nameEn', kind: 'text', required: true, maxLength: 200, lang: 'en' };

/** The prefecture's name in the current language. */
export function prefectureName(code: string, lang: 'ja' | 'en'): string {
  const p = PREFECTURES.find(([c]) => c === code);
  return p ? (lang === 'ja' ? p[1] : p[2]) : code;
}

/** Prefectures match by Japanese name, English name or JIS code, whatever the UI language. */
const prefectureFilter: OptionsFilter = ({ options, search }) => {
  const s = search.trim().toLowerCase();
  if (!s) return options;
  return options.filter((o: ComboboxParsedItem) => {
    if (!('value' in o)) return false;
    const p = PREFECTURES.find(([c]) => c === o.value);
    return !!p && (p[0].startsWith(s) || p[1].includes(search.trim()) || p[2].toLowerCase().includes(s));
  });
};

const refOptions = (refs: Ref[] | undefined, ctx: RegistryContext): ComboboxItem[] =>
  (refs ?? []).map((r) => ({ value: r.id, label: `${r.code} — ${refName(r, ctx.lang)}` }));

const units: RegistryConfig<'units'> = {
  name: 'units',
  path: '/units',
  i18n: 'units',
  defaultSort: 'code',
  columns: (ctx) => [
    codeColumn(ctx),
    nameColumn(ctx),
    { key: 'kind', header: ctx.t('fields.kind'), sortField: 'kind', render: (r) => ctx.t(`unitKinds.${r.kind}`) },
    statusColumn(ctx),
    updatedColumn(ctx),
  ],
  fields: [
    CODE,
    {
      name: 'kind',
      label: 'fields.kind',
      kind: 'select',
      required: true,
      options: (ctx) => UnitKind.options.map((k) => ({ value: k, label: ctx.t(`unitKinds.${k}`) })),
    },
    NAME_JA,
    NAME_EN,
  ],
  createSchema: CreateUnit,
  updateSchema: UpdateUnit,
  displayName: (r, lang) => refName(r, lang),
  details: (r, ctx) =>
    baseDetails(r, ctx, [
      { label: ctx.t('fields.nameJa'), value: r.nameJa },
      { label: ctx.t('fields.nameEn'), value: r.nameEn },
      { label: ctx.t('fields.kind'), value: ctx.t(`unitKinds.${r.kind}`) },
    ]),
};

const institutions: RegistryConfig<'institutions'> = {
  name: 'institutions',
  path: '/institutions',
  i18n: 'institutions',
  defaultSort: 'code',
  columns: (ctx) => [
    codeColumn(ctx),
    nameColumn(ctx),
    { key: 'prefecture', header: ctx.t('fields.prefecture'), sortField: 'prefecture', render: (r) => prefectureName(r.prefecture, ctx.lang), width: 130 },
    statusColumn(ctx),
    updatedColumn(ctx),
  ],
  fields: [
    CODE,
    NAME_JA,
    NAME_EN,
    {
      name: 'prefecture',
      label: 'fields.prefecture',
      kind: 'select',
      required: true,
      searchable: true,
      filter: prefectureFilter,
      options: (ctx) => PREFECTURES.map(([code, ja, en]) => ({ value: code, label: ctx.lang === 'ja' ? ja : en })),
    },
  ],
  createSchema: CreateInstitution,
  updateSchema: UpdateInstitution,
  displayName: (r, lang) => refName(r, lang),
  details: (r, ctx) =>
    baseDetails(r, ctx, [
      { label: ctx.t('fields.nameJa'), value: r.nameJa },
      { label: ctx.t('fields.nameEn'), value: r.nameEn },
      { label: ctx.t('fields.prefecture'), value: prefectureName(r.prefecture, ctx.lang) },
    ]),
};

const researchGroups: RegistryConfig<'research-groups'> = {
  name: 'research-groups',
  path: '/research-groups',
  i18n: 'researchGroups',
  defaultSort: 'code',
  columns: (ctx) => [codeColumn(ctx), nameColumn(ctx), statusColumn(ctx), updatedColumn(ctx)],
  fields: [CODE, NAME_JA, NAME_EN],
  createSchema: CreateResearchGroup,
  updateSchema: UpdateResearchGroup,
  displayName: (r, lang) => refName(r, lang),
  details: (r, ctx) =>
    baseDetails(r, ctx, [
      { label: ctx.t('fields.nameJa'), value: r.nameJa },
      { label: ctx.t('fields.nameEn'), value: r.nameEn },
    ]),
};

const findRef = (refs: Ref[] | undefined, id: string | null | undefined) => (id ? refs?.find((r) => r.id === id) : undefined);

const studies: RegistryConfig<'studies'> = {
  name: 'studies',
  path: '/studies',
  i18n: 'studies',
  defaultSort: 'code',
  columns: (ctx) => [
    codeColumn(ctx),
    bilingualColumn(ctx, ctx.t('fields.title'), (r) => r.titleJa, (r) => r.titleEn, 'titleJa', 'titleEn'),
    {
      key: 'researchGroup',
      header: ctx.t('fields.researchGroup'),
      render: (r) => refName(findRef(ctx.org?.researchGroups, r.researchGroupId), ctx.lang) || r.researchGroupCode,
    },
    statusColumn(ctx),
    updatedColumn(ctx),
  ],
  fields: [
    CODE,
    { name: 'titleJa', label: 'fields.titleJa', kind: 'text', required: true, maxLength: 500, lang: 'ja' },
    { name: 'titleEn', label: 'fields.titleEn', kind: 'text', required: true, maxLength: 500, lang: 'en' },
    {
      name: 'researchGroupId',
      label: 'fields.researchGroup',
      kind: 'select',
      required: true,
      searchable: true,
      options: (ctx) => refOptions(ctx.org?.researchGroups, ctx),
    },
    {
      name: 'studyOfficeUnitId',
      label: 'fields.studyOffice',
      kind: 'select',
      searchable: true,
      nullable: true,
      description: 'fields.studyOfficeHint',
      // offer study offices only, when the server says which units those are
      options: (ctx) => refOptions(ctx.org?.units.filter((u) => !u.kind || u.kind === 'study_office'), ctx),
    },
  ],
  createSchema: CreateStudy,
  updateSchema: UpdateStudy,
  displayName: (r, lang) => (lang === 'ja' ? r.titleJa : r.titleEn),
  details: (r, ctx) => {
    const group = findRef(ctx.org?.researchGroups, r.researchGroupId);
    const office = findRef(ctx.org?.units, r.studyOfficeUnitId);
    return baseDetails(r, ctx, [
      { label: ctx.t('fields.titleJa'), value: r.titleJa },
      { label: ctx.t('fields.titleEn'), value: r.titleEn },
      { label: ctx.t('fields.researchGroup'), value: group ? `${group.code} — ${refName(group, ctx.lang)}` : r.researchGroupCode },
      { label: ctx.t('fields.studyOffice'), value: office ? `${office.code} — ${refName(office, ctx.lang)}` : null },
    ]);
  },
};

const committees: RegistryConfig<'committees'> = {
  name: 'committees',
  path: '/committees',
  i18n: 'committees',
  defaultSort: 'code',
  columns: (ctx) => [
    codeColumn(ctx),
    nameColumn(ctx),
    { key: 'kind', header: ctx.t('fields.kind'), render: (r) => ctx.t(`committeeKinds.${r.kind}`) },
    statusColumn(ctx),
    updatedColumn(ctx),
  ],
  fields: [
    CODE,
    {
      name: 'kind',
      label: 'fields.kind',
      kind: 'select',
      required: true,
      options: (ctx) => CommitteeKind.options.map((k) => ({ value: k, label: ctx.t(`committeeKinds.${k}`) })),
    },
    NAME_JA,
    NAME_EN,
  ],
  createSchema: CreateCommittee,
  updateSchema: UpdateCommittee,
  displayName: (r, lang) => refName(r, lang),
  details: (r, ctx) =>
    baseDetails(r, ctx, [
      { label: ctx.t('fields.nameJa'), value: r.nameJa },
      { label: ctx.t('fields.nameEn'), value: r.nameEn },
      { label: ctx.t('fields.kind'), value: ctx.t(`committeeKinds.${r.kind}`) },
    ]),
};

/** The registries in navbar order. */
export const REGISTRIES: { [N in RegistryName]: RegistryConfig<N> } = {
  institutions,
  'research-groups': researchGroups,
  studies,
  committees,
  units,
};
