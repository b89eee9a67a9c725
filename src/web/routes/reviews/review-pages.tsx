import { Anchor, Badge, Button, Group, Modal, MultiSelect, NumberInput, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconDownload, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ReviewItemStatus, StartCampaign, type CampaignDto, type Counts, type InstitutionProgress } from '../../../shared/reviews.js';
import { useOrgOptions } from '../../api/org-options.js';
import { reportUrl, useCampaign, useCampaignItems, useCampaigns, useCloseCampaign, useReviewTasks, useStartCampaign } from '../../api/reviews.js';
import { ListState } from '../../components/list-state.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useSchemaForm } from '../../lib/form.js';
import { useLang } from '../../lib/use-lang.js';
import { ItemsTable } from './items-table.js';

/** A stacked bar: confirmed, removed, not reviewed, open. */
function ProgressBar({ c, label }: { c: Counts; label: string }) {
  const { t } = useTranslation();
  const pct = (n: number) => (c.total ? (n / c.total) * 100 : 0);
  const parts: [keyof Counts, string][] = [
    ['confirmed', 'ok.7'],
    ['removed', 'red.6'],
    ['notReviewed', 'gray.7'],
  ];
  return (
    <Progress.Root size={18} role="group" aria-label={label}>
      {parts.map(([k, color]) =>
        c[k] > 0 ? (
          <Tooltip key={k} label={`${t(`reviews.counts.${k}`)}: ${c[k]}`}>
            <Progress.Section value={pct(c[k])} color={color} aria-label={`${label}: ${t(`reviews.counts.${k}`)} ${c[k]}`}>
              <Progress.Label>{c[k]}</Progress.Label>
            </Progress.Section>
          </Tooltip>
        ) : null,
      )}
      {c.open > 0 && (
        <Tooltip label={`${t('reviews.counts.open')}: ${c.open}`}>
          <Progress.Section value={pct(c.open)} color={c.escalated ? 'orange.3' : 'yellow.3'} aria-label={`${label}: ${t('reviews.counts.open')} ${c.open}`}>
            <Progress.Label c="dark">{c.open}</Progress.Label>
          </Progress.Section>
        </Tooltip>
      )}
    </Progress.Root>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Group gap="md">
      {[
        ['ok.7', 'confirmed'],
        ['red.6', 'removed'],
        ['gray.7', 'notReviewed'],
        ['yellow.3', 'open'],
        ['orange.3', 'escalated'],
      ].map(([color, k]) => (
        <Group key={k} gap={4}>
          <Badge color={color} size="xs" circle>
            {' '}
          </Badge>
          <Text size="xs">{t(`reviews.counts.${k}`)}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** Per-institution progress, one bar each. */
function ProgressChart({ progress }: { progress: InstitutionProgress[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md">
          {t('reviews.progressTitle')}
        </Title>
        <Legend />
      </Group>
      <Stack gap={8} data-testid="progress-chart">
        {progress.map((p) => {
          const name = p.institutionId ? refName(p, lang) : t('reviews.central');
          return (
            <SimpleGrid key={p.institutionId ?? 'central'} cols={{ base: 1, sm: 2 }} spacing="sm" style={{ gridTemplateColumns: 'minmax(160px, 30%) 1fr' }}>
              <Text size="sm" truncate>
                {name}
                {p.flagged && (
                  <Badge ml={6} size="xs" color="red" variant="outline">
                    {t('reviews.flagged')}
                  </Badge>
                )}
                <Text span size="xs" c="dimmed" ml={6}>
                  {p.total - p.open}/{p.total}
                </Text>
              </Text>
              <ProgressBar c={p} label={name} />
            </SimpleGrid>
          );
        })}
      </Stack>
    </Paper>
  );
}

function StartModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const options = useOrgOptions(opened).data;
  const start = useStartCampaign();
  const form = useSchemaForm(StartCampaign, { name: '', dueDate: '', institutionIds: [], includeStaff: true, reminderDays: 7 });
  return (
    <Modal opened={opened} onClose={onClose} title={t('reviews.startTitle')} size="lg">
      <form ref={form.ref} noValidate onSubmit={form.submit((values) => start.mutate(values, { onSuccess: onClose, onError: form.showServerError }))}>
        <Stack gap="sm">
          <TextInput label={t('reviews.name')} required maxLength={200} {...form.getInputProps('name')} />
          <TextInput type="date" label={t('reviews.dueDate')} required {...form.getInputProps('dueDate')} />
          <MultiSelect
            label={t('reviews.scope')}
            description={t('reviews.scopeHint')}
            placeholder={form.values.institutionIds?.length ? undefined : t('reviews.allInstitutions')}
            searchable
            data={(options?.institutions ?? []).map((i) => ({ value: i.id, label: `${refName(i, lang)} (${i.code})` }))}
            {...form.getInputProps('institutionIds')}
          />
          <Switch label={t('reviews.includeStaff')} description={t('reviews.includeStaffHint')} {...form.getInputProps('includeStaff', { type: 'checkbox' })} />
          <NumberInput label={t('reviews.reminderDays')} min={0} max={60} {...form.getInputProps('reminderDays')} />
          {start.error && <ErrorAlert error={start.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={start.isPending}>
              {t('reviews.start')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CampaignStatus({ c }: { c: CampaignDto }) {
  const { t } = useTranslation();
  return (
    <Badge color={c.status === 'open' ? (c.escalatedAt ? 'red' : 'mamori') : 'gray'} variant="light">
      {c.status === 'open' && c.escalatedAt ? t('reviews.overdue') : t(`reviews.campaignStatus.${c.status}`)}
    </Badge>
  );
}

/** The data center's campaigns: progress at a glance, and starting a new one. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const list = useCampaigns();
  const [open, setOpen] = useState(false);
  return (
    <Stack gap={0}>
      <PageHeader
        title={t('reviews.title')}
        description={t('reviews.description')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen(true)}>
            {t('reviews.new')}
          </Button>
        }
      />
      <StartModal opened={open} onClose={() => setOpen(false)} />
      <ListState query={list} empty={{ title: t('reviews.empty'), description: t('reviews.emptyHint') }}>
        {(data) => (
          <Paper withBorder radius="md">
            <Table verticalSpacing="sm" aria-label={t('reviews.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reviews.name')}</Table.Th>
                  <Table.Th>{t('reviews.dueDate')}</Table.Th>
                  <Table.Th>{t('reviews.statusLabel')}</Table.Th>
                  <Table.Th w="40%">{t('reviews.progress')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/access-reviews/${c.id}`}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{c.dueDate}</Table.Td>
                    <Table.Td>
                      <CampaignStatus c={c} />
                    </Table.Td>
                    <Table.Td>
                      <ProgressBar c={c.counts} label={c.name} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </ListState>
    </Stack>
  );
}

/** One campaign: per-institution progress, every item, closing, and the report for auditors. */
export function CampaignPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { id } = useParams();
  const q = useCampaign(id);
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<ReviewItemStatus | 'all'>('all');
  const items = useCampaignItems(id, page, status === 'all' ? undefined : status);
  const close = useCloseCampaign(id ?? '');
  const [confirmClose, setConfirmClose] = useState(false);
  const c = q.data;
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!c) return <Loading />;
  return (
    <Stack gap="md">
      <PageHeader
        title={c.name}
        badge={<CampaignStatus c={c} />}
        above={
          <Anchor component={Link} to="/access-reviews" size="sm">
            {t('reviews.title')}
          </Anchor>
        }
        description={t('reviews.campaignInfo', { due: c.dueDate, started: formatTokyo(c.startedAt), by: c.startedBy ?? '', total: c.counts.total })}
        actions={
          <Group gap="xs">
            {(['csv', 'pdf'] as const).map((f) => (
              <Button key={f} component="a" href={reportUrl(c.id, f, lang)} download variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
                {t(`reviews.download.${f}`)}
              </Button>
            ))}
            {c.status === 'open' && (
              <Button color="red" variant="light" onClick={() => setConfirmClose(true)}>
                {t('reviews.close')}
              </Button>
            )}
          </Group>
        }
      />
      <Modal opened={confirmClose} onClose={() => setConfirmClose(false)} title={t('reviews.close')}>
        <Stack>
          <Text size="sm">{t('reviews.closeText', { open: c.counts.open })}</Text>
          {close.error && <ErrorAlert error={close.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmClose(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={close.isPending} onClick={() => close.mutate(undefined, { onSuccess: () => setConfirmClose(false) })}>
              {t('reviews.close')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ProgressChart progress={c.progress} />
      <Group>
        <SegmentedControl
          aria-label={t('reviews.statusLabel')}
          value={status}
          onChange={(v) => {
            setStatus(v as typeof status);
            setPage(1);
          }}
          data={[{ value: 'all', label: t('reviews.all') }, ...ReviewItemStatus.options.map((s) => ({ value: s, label: t(`reviews.status.${s}`) }))]}
        />
      </Group>
      {items.error ? (
        <ErrorAlert error={items.error} />
      ) : !items.data ? (
        <Loading />
      ) : (
        <>
          <ItemsTable items={items.data.items} decidable={c.status === 'open'} />
          <ListPagination page={page} pageSize={items.data.pageSize} total={items.data.total} onChange={setPage} />
        </>
      )}
    </Stack>
  );
}

/** "My review tasks": the open items the signed-in reviewer decides. */
export function TasksPage() {
  const { t } = useTranslation();
  const tasks = useReviewTasks();
  return (
    <Stack gap={0}>
      <PageHeader title={t('reviews.tasksTitle')} description={t('reviews.tasksDescription')} />
      <ListState query={tasks} empty={{ title: t('reviews.tasksEmpty'), description: t('reviews.tasksEmptyHint') }}>
        {(data) => (
          <ItemsTable items={data.items} decidable showCampaign />
        )}
      </ListState>
    </Stack>
  );
}
