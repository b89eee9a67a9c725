import { ActionIcon, Button, Fieldset, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ROLE_SCOPE, ROLES, Role } from '../../../shared/roles.js';
import type { OrgOptions, Ref } from '../../api/org-options.js';
import { refName } from '../../lib/format.js';
import type { FieldErrors } from '../../lib/form-errors.js';
import { useLang } from '../../lib/use-lang.js';
import { newRoleRow, type RoleRow, type ScopeField } from './person-form-state.js';

/** Roles that only the manager and administrators may grant or revoke. */
export const PRIVILEGED_ROLES: readonly Role[] = ['security_manager', 'system_admin'];

const SCOPE_SOURCE: Record<ScopeField, keyof OrgOptions> = {
  institutionId: 'institutions',
  researchGroupId: 'researchGroups',
  unitId: 'units',
  committeeId: 'committees',
};

const SCOPE_LABEL: Record<ScopeField, string> = {
  institutionId: 'fields.institution',
  researchGroupId: 'fields.researchGroup',
  unitId: 'fields.unit',
  committeeId: 'fields.committee',
};

interface RoleEditorProps {
  rows: RoleRow[];
  onChange: (rows: RoleRow[]) => void;
  org: OrgOptions | undefined;
  errors: FieldErrors;
  /** Whether the signed-in person may grant the manager and administrator roles. */
  canGrantPrivileged: boolean;
  /** Entries the person already refers to, which may be inactive now and so missing from `org`. */
  current?: Partial<OrgOptions>;
}

/** Role assignments: a role, then the scope selects that role needs (ROLE_SCOPE). */
export function RoleEditor({ rows, onChange, org, errors, canGrantPrivileged, current }: RoleEditorProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const update = (i: number, patch: Partial<RoleRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const remove = (i: number) => onChange(rows.filter((_, j) => j !== i));
  // an assignment may point at an entry deactivated since: keep it visible rather than blank
  const refs = (source: keyof OrgOptions, value: string | null) => {
    const all = new Map<string, Ref>();
    for (const r of [...(org?.[source] ?? []), ...(current?.[source] ?? [])]) all.set(r.id, r);
    const data = [...all.values()].map((r) => ({ value: r.id, label: `${r.code} — ${refName(r, lang)}` }));
    if (value && !all.has(value)) data.push({ value, label: value });
    return data;
  };
  const roleData = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`), disabled: !canGrantPrivileged && PRIVILEGED_ROLES.includes(r) }));

  return (
    <Stack gap="sm">
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('person.noRolesYet')}
        </Text>
      )}
      {rows.map((row, i) => {
        const locked = !canGrantPrivileged && !!row.role && PRIVILEGED_ROLES.includes(row.role);
        const n = i + 1;
        return (
          <Fieldset key={row.key} legend={t('person.roleN', { n })} variant="filled" p="sm" radius="md">
            <Group align="flex-start" gap="sm" wrap="nowrap">
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ flex: 1 }}>
                <Select
                  label={t('person.role')}
                  data={roleData}
                  value={row.role}
                  onChange={(v) => {
                    const parsed = Role.safeParse(v);
                    update(i, { role: parsed.success ? parsed.data : null });
                  }}
                  error={errors[`roles.${i}.role`]}
                  disabled={locked}
                  required
                  allowDeselect={false}
                />
                {row.role &&
                  ROLE_SCOPE[row.role].map((f) => (
                    <Select
                      key={f}
                      label={t(SCOPE_LABEL[f])}
                      data={refs(SCOPE_SOURCE[f], row[f])}
                      value={row[f]}
                      onChange={(v) => update(i, { [f]: v })}
                      error={errors[`roles.${i}.${f}`]}
                      disabled={locked}
                      required
                      searchable
                      nothingFoundMessage={t('common.nothingFound')}
                      placeholder={t('common.searchToSelect')}
                    />
                  ))}
              </SimpleGrid>
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                mt={26}
                onClick={() => remove(i)}
                disabled={locked}
                aria-label={t('person.removeRole', { n })}
                title={t('person.removeRole', { n })}
              >
                <IconTrash size={18} aria-hidden />
              </ActionIcon>
            </Group>
            {locked && (
              <Text size="xs" c="dimmed" mt={6}>
                {t('person.privilegedLocked')}
              </Text>
            )}
          </Fieldset>
        );
      })}
      <div>
        <Button variant="light" size="sm" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => onChange([...rows, newRoleRow()])}>
          {t('person.addRole')}
        </Button>
      </div>
    </Stack>
  );
}
