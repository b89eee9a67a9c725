import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../shared/roles.js';
import { useOrgOptions, type Ref } from '../../api/org-options.js';
import { refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import type { ListState } from '../../lib/use-list-params.js';

/** Institution, research group, unit and role filters of the people list (kept in the URL). */
export function PeopleFilters({ list }: { list: ListState }) {
  const { t } = useTranslation();
  const lang = useLang();
  const org = useOrgOptions();
  const refs = (items: Ref[] | undefined) => (items ?? []).map((r) => ({ value: r.id, label: refName(r, lang) }));
  const select = (name: string, label: string, data: { value: string; label: string }[]) => (
    <Select
      key={name}
      label={label}
      data={data}
      value={list.filter(name) ?? null}
      onChange={(v) => list.setFilter(name, v)}
      clearable
      searchable
      placeholder={t('people.any')}
      nothingFoundMessage={t('common.nothingFound')}
      clearButtonProps={{ 'aria-label': t('common.clear') }}
      w={{ base: '100%', xs: 200 }}
    />
  );
  return (
    <>
      {select('institutionId', t('fields.institution'), refs(org.data?.institutions))}
      {select('researchGroupId', t('fields.researchGroup'), refs(org.data?.researchGroups))}
      {select('unitId', t('fields.unit'), refs(org.data?.units))}
      {select('role', t('person.role'), ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })))}
    </>
  );
}
