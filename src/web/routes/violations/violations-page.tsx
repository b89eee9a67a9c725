import { Anchor, Badge, Button, Group, Modal, MultiSelect, Paper, Select, Stack, Switch, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSettings } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CLAUSES } from '../../../shared/clauses.js';
import { VIOLATION_SEVERITIES, VIOLATION_STATUSES, type SanctionTypeDto, type ViolationSeverity, type ViolationStatus } from '../../../shared/violations.js';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { serverFieldErrors } from '../../lib/form-errors.js';
import { formatTokyo } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useCreateViolation, usePeopleSearch, usePutSanctionTypes, useSanctionTypes, useViolations } from './api.js';

const STATUS_COLOR: Record<ViolationStatus, string> = { open: 'blue', under_investigation: 'orange', decided: 'grape', appealed: 'red', closed: 'gray' };

export function ViolationStatusBadge({ status }: { status: ViolationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {t(`violations.status.${status}`)}
    </Badge>
  );
}

/** Clause choices from the policy's clause list (P32), "P32-2.1.3a title". */
export function useClauseOptions() {
  const lang = useLang();
  return CLAUSES.map((c) => ({ value: c.id, label: `${c.id.replace(/^P32-/, '')} ${lang === 'ja' ? c.titleJa : c.titleEn}` }));
}

/** A searchable picker over the people directory; several when `multiple`. */
export function PeoplePicker(props: { label: string; value: string[]; onChange: (v: string[]) => void; multiple?: boolean; initial?: { id: string; nameJa: string; nameEn: string }[]; error?: string; required?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [q, setQ] = useState('');
  const [dq] = useDebouncedValue(q, 250);
  const found = usePeopleSearch(dq);
  const data = (found.data?.items ?? []).map((p) => ({ value: p.id, label: `${lang === 'ja' ? `${p.familyNameJa} ${p.givenNameJa}` : `${p.givenNameEn} ${p.familyNameEn}`} <${p.email}>` }));
  for (const p of props.initial ?? []) if (!data.some((d) => d.value === p.id)) data.unshift({ value: p.id, label: lang === 'ja' ? p.nameJa : p.nameEn });
  for (const v of props.value) if (!data.some((d) => d.value === v)) data.unshift({ value: v, label: v });
  const common = { label: props.label, data, searchable: true, searchValue: q, onSearchChange: setQ, nothingFoundMessage: t('common.nothingFound'), placeholder: t('common.searchToSelect'), error: props.error, required: props.required };
  return props.multiple ? (
    <MultiSelect {...common} filter={({ options }) => options} value={props.value} onChange={props.onChange} />
  ) : (
    <Select {...common} filter={({ options }) => options} value={props.value[0] ?? null} onChange={(v) => props.onChange(v ? [v] : [])} clearable />
  );
}

function NewCaseModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateViolation();
  const clauses = useClauseOptions();
  const [subject, setSubject] = useState<string[]>([]);
  const [clauseIds, setClauseIds] = useState<string[]>([]);
  const [severity, setSeverity] = useState<ViolationSeverity>('moderate');
  const [facts, setFacts] = useState('');
  const [investigators, setInvestigators] = useState<string[]>([]);
  const errs: Record<string, string | undefined> = serverFieldErrors(create.error, t, ['subjectId', 'clauseIds', 'facts', 'investigatorIds']) ?? {};
  const submit = () =>
    create.mutate(
      { subjectId: subject[0] ?? '', clauseIds, severity, facts, investigatorIds: investigators },
      {
        onSuccess: (v) => {
          notify(t('violations.created', { ref: v.ref }));
          onClose();
          void navigate(`/violations/${v.id}`);
        },
      },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={t('violations.new')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack>
        <PeoplePicker label={t('violations.fields.subject')} value={subject} onChange={setSubject} error={errs.subjectId} required />
        <MultiSelect label={t('violations.fields.clauses')} data={clauses} value={clauseIds} onChange={setClauseIds} searchable required error={errs.clauseIds} nothingFoundMessage={t('common.nothingFound')} />
        <Select label={t('violations.fields.severity')} data={VIOLATION_SEVERITIES.map((s) => ({ value: s, label: t(`violations.severity.${s}`) }))} value={severity} onChange={(v) => v && setSeverity(v as ViolationSeverity)} allowDeselect={false} />
        <Textarea label={t('violations.fields.facts')} autosize minRows={3} value={facts} onChange={(e) => setFacts(e.currentTarget.value)} error={errs.facts} />
        <PeoplePicker label={t('violations.fields.investigators')} value={investigators} onChange={setInvestigators} multiple error={errs.investigatorIds} />
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={create.isPending}>
            {t('violations.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The manager's sanction list: rename, reorder by position, add, retire (a sanction is never deleted). */
function SanctionTypesModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const q = useSanctionTypes(opened);
  const save = usePutSanctionTypes();
  const [rows, setRows] = useState<(Pick<SanctionTypeDto, 'nameJa' | 'nameEn' | 'retired'> & { id?: string; effect?: SanctionTypeDto['effect'] })[] | null>(null);
  const items = rows ?? q.data?.items ?? [];
  const edit = (i: number, patch: Partial<(typeof items)[number]>) => setRows(items.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Modal opened={opened} onClose={onClose} title={t('violations.sanctionTypes.title')} size="xl" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {!q.data ? (
        <Loading />
      ) : (
        <Stack>
          <Text size="sm" c="dimmed">
            {t('violations.sanctionTypes.hint')}
          </Text>
          <Table aria-label={t('violations.sanctionTypes.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('violations.sanctionTypes.nameJa')}</Table.Th>
                <Table.Th>{t('violations.sanctionTypes.nameEn')}</Table.Th>
                <Table.Th>{t('violations.sanctionTypes.retired')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r, i) => (
                <Table.Tr key={r.id ?? `new-${i}`}>
                  <Table.Td>
                    <TextInput aria-label={`${t('violations.sanctionTypes.nameJa')} ${i + 1}`} value={r.nameJa} onChange={(e) => edit(i, { nameJa: e.currentTarget.value })} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput aria-label={`${t('violations.sanctionTypes.nameEn')} ${i + 1}`} value={r.nameEn} onChange={(e) => edit(i, { nameEn: e.currentTarget.value })} />
                  </Table.Td>
                  <Table.Td>
                    <Switch aria-label={`${t('violations.sanctionTypes.retired')} ${i + 1}`} checked={r.retired} onChange={(e) => edit(i, { retired: e.currentTarget.checked })} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <ErrorAlert error={save.error} />
          <Group justify="space-between">
            <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setRows([...items, { nameJa: '', nameEn: '', retired: false }])}>
              {t('violations.sanctionTypes.add')}
            </Button>
            <Button
              loading={save.isPending}
              onClick={() =>
                save.mutate(
                  { items: items.map((r) => ({ id: r.id, nameJa: r.nameJa, nameEn: r.nameEn, retired: r.retired })) },
                  {
                    onSuccess: () => {
                      setRows(null);
                      notify(t('violations.saved'));
                      onClose();
                    },
                  },
                )
              }
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** Violation cases (P32-7): the manager sees every case; an investigator the cases naming them. */
export function ViolationsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const [status, setStatus] = useState<ViolationStatus | undefined>();
  const [creating, setCreating] = useState(false);
  const [configuring, setConfiguring] = useState(false);
  const q = useViolations(status);
  const manager = can('violation.manage');
  return (
    <Stack gap={0}>
      <PageHeader
        title={t('violations.title')}
        description={t('violations.description')}
        actions={
          manager ? (
            <Group>
              <Button variant="default" leftSection={<IconSettings size={16} aria-hidden />} onClick={() => setConfiguring(true)}>
                {t('violations.sanctionTypes.button')}
              </Button>
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                {t('violations.new')}
              </Button>
            </Group>
          ) : undefined
        }
      />
      <Group mb="md">
        <Select
          label={t('violations.fields.status')}
          data={VIOLATION_STATUSES.map((s) => ({ value: s, label: t(`violations.status.${s}`) }))}
          value={status ?? null}
          onChange={(v) => setStatus((v as ViolationStatus) ?? undefined)}
          clearable
          placeholder={t('violations.allStatuses')}
          w={240}
        />
      </Group>
      <ErrorAlert error={q.error} />
      {!q.data ? (
        <Loading />
      ) : q.data.items.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Text c="dimmed">{t('violations.empty')}</Text>
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover aria-label={t('violations.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('violations.fields.ref')}</Table.Th>
                <Table.Th>{t('violations.fields.subject')}</Table.Th>
                <Table.Th>{t('violations.fields.clauses')}</Table.Th>
                <Table.Th>{t('violations.fields.severity')}</Table.Th>
                <Table.Th>{t('violations.fields.status')}</Table.Th>
                <Table.Th>{t('violations.fields.sanction')}</Table.Th>
                <Table.Th>{t('violations.fields.updatedAt')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/violations/${v.id}`}>
                      {v.ref}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{lang === 'ja' ? v.subject.nameJa : v.subject.nameEn}</Table.Td>
                  <Table.Td>{v.clauseIds.map((c) => c.replace(/^P32-/, '')).join(', ')}</Table.Td>
                  <Table.Td>{t(`violations.severity.${v.severity}`)}</Table.Td>
                  <Table.Td>
                    <ViolationStatusBadge status={v.status} />
                  </Table.Td>
                  <Table.Td>{v.sanction ? (lang === 'ja' ? v.sanction.nameJa : v.sanction.nameEn) : '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTokyo(v.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {manager && <NewCaseModal opened={creating} onClose={() => setCreating(false)} />}
      {manager && <SanctionTypesModal opened={configuring} onClose={() => setConfiguring(false)} />}
    </Stack>
  );
}
