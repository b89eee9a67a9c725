import { ActionIcon, Anchor, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconExternalLink, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { LAW_KINDS, LawRevisionForm, type LawDto, type LawKind, type LawStatus, type LawSummaryDto } from '../../../shared/laws.js';
import { useCan } from '../../api/session.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListState } from '../../components/list-state.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { useSchemaForm } from '../../lib/form.js';
import { serverFieldErrors } from '../../lib/form-errors.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useAddRevision, useLaw, useLaws, useRemoveRevision, useUpdateLaw, type LawParams } from './api.js';
import { LawFormModal } from './law-form.js';

/** Today's date in Japan, and the day a year before (what "confirmed recently" means). */
const tokyoToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const aYearAgo = () => new Date(Date.now() + 9 * 3_600_000 - 365 * 86_400_000).toISOString().slice(0, 10);

const KIND_COLOR: Record<LawKind, string> = { law: 'blue', ordinance: 'cyan', guideline: 'grape', norm: 'violet', internal_policy: 'gray' };

export function LawKindBadge({ kind }: { kind: LawKind }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={KIND_COLOR[kind]}>
      {t(`laws.kind.${kind}`)}
    </Badge>
  );
}

export function LawStatusBadge({ status, retired }: { status: LawStatus; retired?: boolean }) {
  const { t } = useTranslation();
  if (retired) return <Badge color="gray">{t('laws.retired')}</Badge>;
  return (
    <Badge variant="light" color={status === 'in_force' ? 'ok' : 'gray'}>
      {t(`laws.status.${status}`)}
    </Badge>
  );
}

/** "Confirmed 2026-04-01", or a prompt to confirm it (P32-1.3: always the latest revision). */
function Verified({ on }: { on: string | null }) {
  const { t } = useTranslation();
  if (!on)
    return (
      <Group gap={4} wrap="nowrap">
        <IconAlertTriangle size={14} color="var(--mantine-color-orange-7)" aria-hidden />
        <Text size="sm" fw={600}>
          {t('laws.toConfirm')}
        </Text>
      </Group>
    );
  return (
    <Text size="sm" fw={on < aYearAgo() ? 600 : undefined}>
      {on}
    </Text>
  );
}

/** The laws and norms register (P32-1.3). */
export function LawsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const [sp, setSp] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState(sp.get('q') ?? '');
  const params: LawParams = {
    q: sp.get('q') ?? undefined,
    kind: (sp.get('kind') as LawKind | null) ?? undefined,
    status: (sp.get('status') as LawStatus | null) ?? undefined,
    unverifiedSince: sp.get('unverified') === '1' ? aYearAgo() : undefined,
    includeRetired: sp.get('retired') === '1',
  };
  const setParam = (k: string, v: string | null) =>
    setSp(
      (prev) => {
        const n = new URLSearchParams(prev);
        if (v) n.set(k, v);
        else n.delete(k);
        return n;
      },
      { replace: true },
    );
  const q = useLaws(params);
  const columns: Column<LawSummaryDto>[] = [
    {
      key: 'title',
      header: t('laws.fields.title'),
      render: (l) => (
        <Stack gap={0}>
          <span>{lang === 'ja' ? l.titleJa : l.titleEn}</span>
          <Text span size="xs" c="dimmed">
            {[lang === 'ja' ? l.shortNameJa : l.shortNameEn, lang === 'ja' ? l.issuerJa : l.issuerEn].filter(Boolean).join(' — ')}
          </Text>
        </Stack>
      ),
    },
    { key: 'kind', header: t('laws.fields.kind'), width: 170, render: (l) => <LawKindBadge kind={l.kind} /> },
    { key: 'rev', header: t('laws.fields.lastRevisedOn'), width: 120, render: (l) => l.lastRevisedOn ?? <Text span size="sm" c="dimmed">{t('common.none')}</Text> },
    { key: 'verified', header: t('laws.fields.verifiedOn'), width: 140, render: (l) => <Verified on={l.verifiedOn} /> },
    { key: 'status', header: t('laws.fields.status'), width: 150, render: (l) => <LawStatusBadge status={l.status} retired={l.retired} /> },
  ];
  return (
    <>
      <PageHeader
        title={t('laws.title')}
        description={t('laws.description')}
        actions={
          can('law.manage') && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              {t('laws.new')}
            </Button>
          )
        }
      />
      <Group gap="md" align="flex-end" mb="md" wrap="wrap">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setParam('q', search.trim() || null);
          }}
        >
          <TextInput label={t('table.search')} placeholder={t('laws.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} onBlur={() => setParam('q', search.trim() || null)} leftSection={<IconSearch size={16} aria-hidden />} w={{ base: '100%', sm: 300 }} type="search" />
        </form>
        <Select label={t('laws.fields.kind')} placeholder={t('laws.all')} data={LAW_KINDS.map((k) => ({ value: k, label: t(`laws.kind.${k}`) }))} value={params.kind ?? null} onChange={(v) => setParam('kind', v)} clearable w={180} />
        <Select
          label={t('laws.fields.status')}
          placeholder={t('laws.all')}
          data={(['in_force', 'superseded'] as const).map((s) => ({ value: s, label: t(`laws.status.${s}`) }))}
          value={params.status ?? null}
          onChange={(v) => setParam('status', v)}
          clearable
          w={160}
        />
        <Switch label={t('laws.onlyUnverified')} checked={!!params.unverifiedSince} onChange={(e) => setParam('unverified', e.currentTarget.checked ? '1' : null)} mb={8} />
        <Switch label={t('laws.showRetired')} checked={!!params.includeRetired} onChange={(e) => setParam('retired', e.currentTarget.checked ? '1' : null)} mb={8} />
      </Group>
      <ListState query={q} empty={{ title: t('laws.empty'), description: t('laws.emptyHint') }}>
        {(data) => <DataTable caption={t('laws.title')} columns={columns} rows={data.items} onSort={() => undefined} rowHref={(l) => `/laws/${l.id}`} />}
      </ListState>
      {creating && <LawFormModal opened onClose={() => setCreating(false)} />}
    </>
  );
}

/** Adding a revision: when, and what changed. */
function RevisionForm({ law }: { law: LawDto }) {
  const { t } = useTranslation();
  const add = useAddRevision(law.id);
  const form = useSchemaForm(LawRevisionForm, { revisedOn: '', noteJa: '', noteEn: '' });
  const onFields = !!serverFieldErrors(add.error, t, ['revisedOn', 'noteJa', 'noteEn']);
  return (
    <form
      ref={form.ref}
      noValidate
      onSubmit={form.submit((body) =>
        add.mutate(body, {
          onSuccess: () => {
            notify(t('laws.revisionAdded'));
            form.reset();
          },
          onError: form.showServerError,
        }),
      )}
    >
      <Stack gap="xs">
        <Title order={3} fz="sm">
          {t('laws.addRevision')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('laws.fields.revisedOn')} description={t('laws.partialDateHint')} placeholder="2025-04-01" required {...form.getInputProps('revisedOn')} />
          <Textarea label={t('laws.fields.noteJa')} autosize minRows={1} {...form.getInputProps('noteJa')} />
          <Textarea label={t('laws.fields.noteEn')} autosize minRows={1} {...form.getInputProps('noteEn')} />
        </SimpleGrid>
        {!onFields && <ErrorAlert error={add.error} />}
        <Group justify="flex-end">
          <Button type="submit" variant="light" loading={add.isPending} leftSection={<IconPlus size={16} aria-hidden />}>
            {t('laws.addRevision')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One law or norm: its facts, our summary, the revision history. */
export function LawPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const q = useLaw(id);
  const update = useUpdateLaw(id ?? '');
  const remove = useRemoveRevision(id ?? '');
  const [editing, setEditing] = useState(false);
  const [retiring, setRetiring] = useState(false);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  const law = q.data;
  const manage = can('law.manage');
  const other = (ref: { titleJa: string; titleEn: string }) => (lang === 'ja' ? ref.titleJa : ref.titleEn);
  return (
    <>
      <PageHeader
        title={lang === 'ja' ? law.titleJa : law.titleEn}
        description={lang === 'ja' ? law.titleEn : law.titleJa}
        above={
          <Anchor component={Link} to="/laws" size="sm">
            {t('laws.back')}
          </Anchor>
        }
        badge={
          <Group gap="xs">
            <LawKindBadge kind={law.kind} />
            <LawStatusBadge status={law.status} retired={law.retired} />
          </Group>
        }
        actions={
          manage && (
            <>
              <Button variant="light" onClick={() => update.mutate({ verifiedOn: tokyoToday() }, { onSuccess: () => notify(t('laws.verifiedDone')) })} loading={update.isPending}>
                {t('laws.markVerified')}
              </Button>
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
              <Button variant="default" color={law.retired ? undefined : 'red'} onClick={() => (law.retired ? update.mutate({ retired: false }) : setRetiring(true))}>
                {law.retired ? t('laws.restore') : t('laws.retire')}
              </Button>
            </>
          )
        }
      />
      <Stack gap="lg">
        <ErrorAlert error={update.error} />
        <Paper withBorder radius="md" p="md">
          <DetailList
            items={[
              { label: t('laws.fields.shortName'), value: [lang === 'ja' ? law.shortNameJa : law.shortNameEn].filter(Boolean).join('') },
              { label: t('laws.fields.issuer'), value: lang === 'ja' ? law.issuerJa : law.issuerEn },
              { label: t('laws.fields.referenceNumber'), value: law.referenceNumber },
              { label: t('laws.fields.lastRevisedOn'), value: law.lastRevisedOn },
              { label: t('laws.fields.verifiedOn'), value: <Verified on={law.verifiedOn} /> },
              {
                label: t('laws.fields.url'),
                value: law.url && (
                  <Anchor href={law.url} target="_blank" rel="noopener noreferrer" size="sm">
                    {law.url} <IconExternalLink size={12} aria-hidden />
                  </Anchor>
                ),
              },
              {
                label: t('laws.fields.replacedBy'),
                value: law.replacedBy && (
                  <Anchor component={Link} to={`/laws/${law.replacedBy.id}`} size="sm">
                    {other(law.replacedBy)}
                  </Anchor>
                ),
              },
              ...(law.replaces.length
                ? [
                    {
                      label: t('laws.fields.replaces'),
                      value: (
                        <Stack gap={2}>
                          {law.replaces.map((r) => (
                            <Anchor key={r.id} component={Link} to={`/laws/${r.id}`} size="sm">
                              {other(r)}
                            </Anchor>
                          ))}
                        </Stack>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Title order={2} fz="md" mb="xs">
            {t('laws.summary')}
          </Title>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {(lang === 'ja' ? law.summaryJa : law.summaryEn) || t('common.none')}
          </Text>
          {law.seeded && (
            <Text size="xs" c="dimmed" mt="sm">
              {t('laws.seededNote')}
            </Text>
          )}
        </Paper>
        <Paper withBorder radius="md" p="md">
          <Title order={2} fz="md" mb="xs">
            {t('laws.revisions')}
          </Title>
          {law.revisions.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('laws.noRevisions')}
            </Text>
          ) : (
            <Table aria-label={t('laws.revisions')} verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={140}>{t('laws.fields.revisedOn')}</Table.Th>
                  <Table.Th>{t('laws.fields.note')}</Table.Th>
                  {manage && <Table.Th w={48} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {law.revisions.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td fz="sm">{r.revisedOn}</Table.Td>
                    <Table.Td fz="sm">{(lang === 'ja' ? r.noteJa : r.noteEn) ?? r.noteJa ?? r.noteEn}</Table.Td>
                    {manage && (
                      <Table.Td>
                        <Tooltip label={t('laws.removeRevision')}>
                          <ActionIcon variant="subtle" color="red" aria-label={t('laws.removeRevision')} onClick={() => remove.mutate(r.id)} loading={remove.isPending && remove.variables === r.id}>
                            <IconTrash size={16} aria-hidden />
                          </ActionIcon>
                        </Tooltip>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {manage && (
            <Paper bg="gray.0" p="sm" mt="md" radius="md">
              <RevisionForm law={law} />
            </Paper>
          )}
        </Paper>
      </Stack>
      {editing && <LawFormModal opened law={law} onClose={() => setEditing(false)} />}
      <ConfirmModal
        opened={retiring}
        title={t('laws.retireTitle')}
        message={t('laws.retireText')}
        confirmLabel={t('laws.retire')}
        color="red"
        loading={update.isPending}
        error={update.error}
        onClose={() => setRetiring(false)}
        onConfirm={() => update.mutate({ retired: true }, { onSuccess: () => setRetiring(false) })}
      />
    </>
  );
}
