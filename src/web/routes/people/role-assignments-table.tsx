import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PersonDto } from '../../../shared/org.js';
import type { OrgOptions, Ref } from '../../api/org-options.js';
import { refName, shorten } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { SCOPE_FIELDS, type ScopeField } from './person-form-state.js';

const SCOPE_LABEL: Record<ScopeField, string> = {
  institutionId: 'fields.institution',
  researchGroupId: 'fields.researchGroup',
  unitId: 'fields.unit',
  committeeId: 'fields.committee',
};

/** A person's role assignments with their scopes named (institution, group, unit, committee). */
export function RoleAssignmentsTable({ person, org }: { person: PersonDto; org: OrgOptions | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const known = new Map<string, Ref>();
  for (const r of [
    ...(org?.institutions ?? []),
    ...(org?.researchGroups ?? []),
    ...(org?.units ?? []),
    ...(org?.committees ?? []),
    ...person.institutions,
    ...person.researchGroups,
    ...person.committees,
    ...(person.unit ? [person.unit] : []),
  ])
    known.set(r.id, r);

  if (person.roleAssignments.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('person.noRoles')}
      </Text>
    );
  }
  return (
    <Table verticalSpacing="xs" aria-label={t('person.roles')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('person.role')}</Table.Th>
          <Table.Th>{t('person.scope')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {person.roleAssignments.map((a) => {
          const scopes = SCOPE_FIELDS.filter((f) => a[f]).map((f) => {
            const id = a[f] as string;
            const ref = known.get(id);
            return `${t(SCOPE_LABEL[f])}: ${ref ? refName(ref, lang) : shorten(id, 8)}`;
          });
          return (
            <Table.Tr key={a.id}>
              <Table.Td fz="sm" fw={500}>
                {t(`roles.${a.role}`)}
              </Table.Td>
              <Table.Td fz="sm">{scopes.length ? scopes.join(' / ') : t('person.scopeAll')}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
