import { Button, Group, Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilterOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditAction } from '../../../shared/audit.js';
import { usePeopleList } from '../../api/people.js';
import { personName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';

/** The raw values of the filter inputs; the page turns them into query parameters. */
export interface AuditFilterValues {
  action: string | null;
  actorPersonId: string | null;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
}

export const EMPTY_FILTERS: AuditFilterValues = { action: null, actorPersonId: null, targetType: '', targetId: '', from: '', to: '' };

/** Known target types, offered as suggestions; any other value can still be typed. */
export const TARGET_TYPES = ['person', 'institution', 'unit', 'research_group', 'study', 'committee', 'import', 'session', 'audit'] as const;

interface AuditFiltersProps {
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
}

/** Action, actor (searched by name or email), target and a Japan-time date range. */
export function AuditFilters({ values, onChange }: AuditFiltersProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const [actorSearch, setActorSearch] = useState('');
  const [q] = useDebouncedValue(actorSearch.trim(), 300);
  const people = usePeopleList({ page: 1, pageSize: 20, q: q || undefined, includeInactive: true });
  const set = <K extends keyof AuditFilterValues>(key: K, value: AuditFilterValues[K]) => onChange({ ...values, [key]: value });

  const actorData = (people.data?.items ?? []).map((p) => ({ value: p.id, label: `${personName(p, lang)} <${p.email}>` }));
  const isEmpty = JSON.stringify(values) === JSON.stringify(EMPTY_FILTERS);

  return (
    <Paper withBorder radius="md" p="md" mb="md" component="section" aria-label={t('audit.filters')}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        <Select
          label={t('audit.action')}
          data={AuditAction.options.map((a) => ({ value: a, label: t(`auditActions.${a}`) }))}
          value={values.action}
          onChange={(v) => set('action', v)}
          searchable
          clearable
          placeholder={t('audit.anyAction')}
          nothingFoundMessage={t('common.nothingFound')}
          clearButtonProps={{ 'aria-label': t('common.clear') }}
        />
        <Select
          label={t('audit.actor')}
          data={actorData}
          value={values.actorPersonId}
          onChange={(v) => set('actorPersonId', v)}
          searchable
          clearable
          searchValue={actorSearch}
          onSearchChange={setActorSearch}
          filter={({ options }) => options}
          placeholder={t('audit.actorPlaceholder')}
          nothingFoundMessage={t('common.nothingFound')}
          clearButtonProps={{ 'aria-label': t('common.clear') }}
        />
        <Select
          label={t('audit.targetType')}
          data={TARGET_TYPES.map((v) => ({ value: v, label: t(`targetTypes.${v}`) }))}
          value={values.targetType || null}
          onChange={(v) => set('targetType', v ?? '')}
          clearable
          placeholder={t('audit.anyTarget')}
          clearButtonProps={{ 'aria-label': t('common.clear') }}
        />
        <TextInput label={t('audit.targetId')} value={values.targetId} onChange={(e) => set('targetId', e.currentTarget.value)} placeholder={t('audit.targetIdPlaceholder')} />
        <TextInput type="datetime-local" label={t('audit.from')} value={values.from} onChange={(e) => set('from', e.currentTarget.value)} step={1} />
        <TextInput type="datetime-local" label={t('audit.to')} value={values.to} onChange={(e) => set('to', e.currentTarget.value)} step={1} />
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button variant="subtle" size="xs" leftSection={<IconFilterOff size={14} aria-hidden />} onClick={() => onChange(EMPTY_FILTERS)} disabled={isEmpty}>
          {t('audit.clearFilters')}
        </Button>
      </Group>
    </Paper>
  );
}
