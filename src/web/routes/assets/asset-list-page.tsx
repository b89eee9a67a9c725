import { ActionIcon, Button, CloseButton, Group, Menu, Modal, MultiSelect, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconBookmark, IconChartBar, IconDownload, IconFileImport, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ASSET_CATEGORIES, AssetKind, AssetLocation, Classification, type AssetSummaryDto, type ExportAssetsQueryInput, type ListAssetsQueryInput } from '../../../shared/assets.js';
import { useOrgOptions } from '../../api/org-options.js';
import { useCan } from '../../api/session.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { refName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { exportHref as exportHrefOf, useAssetList, useDeleteView, useSaveView, useSavedViews } from './api.js';
import { ClassificationBadge, Importance, todayTokyo } from './asset-bits.js';

const PAGE_SIZE = 50;
/** The URL parameters that are filters (kept in saved views and sent to the export). */
const FILTER_KEYS = ['q', 'kind', 'category', 'classification', 'location', 'ownerUnitId', 'institutionId', 'status', 'importanceMin', 'retentionDueBefore', 'sort', 'dir'] as const;

/** The asset list: search, filters, sortable columns, saved views, export and "register". */
export function AssetListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const [sp, setSp] = useSearchParams();
  const org = useOrgOptions();
  const [search, setSearch] = useState(sp.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 300);

  const update = (changes: Record<string, string | null>, resetPage = true) =>
    setSp(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        if (resetPage) next.delete('page');
        return next;
      },
      { replace: true },
    );
  const written = useRef(sp.get('q') ?? '');
  useEffect(() => {
    if (debounced === written.current) return;
    written.current = debounced;
    update({ q: debounced || null });
  }, [debounced]);
  const urlQ = sp.get('q') ?? '';
  useEffect(() => {
    if (urlQ === written.current) return;
    written.current = urlQ;
    setSearch(urlQ);
  }, [urlQ]);

  const sort = sp.get('sort') ?? 'ref';
  const dir = (sp.get('dir') ?? (sort === 'ref' ? 'desc' : 'asc')) as 'asc' | 'desc';
  const page = Math.max(1, Number(sp.get('page')) || 1);
  const filters = useMemo(() => Object.fromEntries(FILTER_KEYS.map((k) => [k, sp.get(k) ?? undefined]).filter(([, v]) => v)) as Record<string, string>, [sp]);
  // The URL's parameters go to the server as they are; it validates them.
  const query = useAssetList({ ...filters, sort, dir, page, pageSize: PAGE_SIZE } as ListAssetsQueryInput);
  const toggleSort = (field: string) => update({ sort: field, dir: field === sort && dir === 'asc' ? 'desc' : 'asc' });
  const multi = (k: string) => (sp.get(k) ?? '').split(',').filter(Boolean);
  const setMulti = (k: string) => (v: string[]) => update({ [k]: v.join(',') || null });
  const filtered = FILTER_KEYS.some((k) => k !== 'sort' && k !== 'dir' && sp.get(k));

  const opts = (group: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(`assets.${group}.${v}`) }));
  const columns: Column<AssetSummaryDto>[] = [
    { key: 'ref', header: t('assets.fields.ref'), sortField: 'ref', render: (a) => <span style={{ whiteSpace: 'nowrap' }}>{a.ref}</span>, width: 110 },
    {
      key: 'name',
      header: t('assets.fields.name'),
      sortField: 'name',
      render: (a) => (
        <Text size="sm" span display="inline-block" miw={200} c={a.status === 'disposed' ? 'dimmed' : undefined} td={a.status === 'disposed' ? 'line-through' : undefined}>
          {a.name}
        </Text>
      ),
    },
    { key: 'type', header: t('assets.fields.type'), sortField: 'type', render: (a) => t(`assets.type.${a.type}`) },
    { key: 'category', header: t('assets.fields.category'), sortField: 'category', render: (a) => t(`assets.category.${a.category}`) },
    { key: 'classification', header: t('assets.fields.classification'), sortField: 'classification', render: (a) => <ClassificationBadge value={a.classification} />, width: 100 },
    { key: 'importance', header: t('assets.fields.importance'), sortField: 'importance', render: (a) => <Importance value={a.importance} c={a.confidentiality} i={a.integrity} a={a.availability} />, width: 110 },
    { key: 'owner', header: t('assets.fields.ownerUnit'), render: (a) => refName(a.ownerUnit, lang) },
    {
      key: 'location',
      header: t('assets.fields.location'),
      render: (a) => (a.locationInstitution ? refName(a.locationInstitution, lang) : a.location === 'external_service' && a.locationDetail ? a.locationDetail : t(`assets.location.${a.location}`)),
    },
    {
      key: 'retention',
      header: t('assets.fields.retentionUntil'),
      sortField: 'retentionUntil',
      render: (a) =>
        a.retentionUntil ? (
          <Text size="sm" span style={{ whiteSpace: 'nowrap' }} c={a.status === 'active' && a.retentionUntil <= todayTokyo() ? 'red.8' : undefined} fw={a.status === 'active' && a.retentionUntil <= todayTokyo() ? 700 : undefined}>
            {a.retentionUntil}
          </Text>
        ) : (
          ''
        ),
    },
  ];

  const exportHref = (format: 'csv' | 'xlsx') => exportHrefOf({ ...filters, format, lang } as ExportAssetsQueryInput);
  const actions = (
    <>
      <SavedViewsMenu current={filters} onApply={(q) => setSp(new URLSearchParams(q), { replace: true })} />
      <Button component={Link} to="/assets/dashboard" variant="default" leftSection={<IconChartBar size={16} aria-hidden />}>
        {t('nav.assetDashboard')}
      </Button>
      {can('asset.export') && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
              {t('assets.export')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item component="a" href={exportHref('csv')} download>
              {t('assets.exportCsv')}
            </Menu.Item>
            <Menu.Item component="a" href={exportHref('xlsx')} download>
              {t('assets.exportXlsx')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
      {can('asset.manage') && (
        <Button component={Link} to="/assets/import" variant="default" leftSection={<IconFileImport size={16} aria-hidden />}>
          {t('assetImport.open')}
        </Button>
      )}
      {can('asset.manage') && (
        <Button component={Link} to="/assets/new" leftSection={<IconPlus size={16} aria-hidden />}>
          {t('assets.register')}
        </Button>
      )}
    </>
  );

  return (
    <Stack gap={0}>
      <PageHeader title={t('assets.title')} description={t('assets.description')} actions={actions} />
      <Paper withBorder radius="md" p="md" mb="md">
        <Stack gap="sm">
          <Group gap="md" align="flex-end" wrap="wrap">
            <TextInput
              label={t('table.search')}
              placeholder={t('assets.searchPlaceholder')}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              leftSection={<IconSearch size={16} aria-hidden />}
              rightSection={search ? <CloseButton size="sm" aria-label={t('table.clearSearch')} onClick={() => setSearch('')} /> : null}
              w={{ base: '100%', sm: 360 }}
              type="search"
            />
            <SegmentedControl
              aria-label={t('assets.fields.status')}
              value={sp.get('status') ?? 'active'}
              onChange={(v) => update({ status: v === 'active' ? null : v })}
              data={[
                { value: 'active', label: t('assets.status.active') },
                { value: 'disposed', label: t('assets.status.disposed') },
                { value: 'all', label: t('assets.anyStatus') },
              ]}
            />
            {filtered && (
              <Button
                variant="subtle"
                onClick={() => {
                  setSearch('');
                  setSp(new URLSearchParams(), { replace: true });
                }}
              >
                {t('assets.clearFilters')}
              </Button>
            )}
          </Group>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <MultiSelect label={t('assets.fields.kind')} data={opts('kind', AssetKind.options)} value={multi('kind')} onChange={setMulti('kind')} placeholder={multi('kind').length ? undefined : t('assets.anyStatus')} w={200} clearable />
            <MultiSelect label={t('assets.fields.category')} data={opts('category', ASSET_CATEGORIES)} value={multi('category')} onChange={setMulti('category')} placeholder={multi('category').length ? undefined : t('assets.anyStatus')} w={240} clearable />
            <MultiSelect label={t('assets.fields.classification')} data={opts('classification', Classification.options)} value={multi('classification')} onChange={setMulti('classification')} placeholder={multi('classification').length ? undefined : t('assets.anyStatus')} w={200} clearable />
            <Select
              label={t('assets.fields.importance')}
              data={[2, 3].map((n) => ({ value: String(n), label: t('assets.importanceMin', { n }) }))}
              value={sp.get('importanceMin')}
              onChange={(v) => update({ importanceMin: v })}
              w={150}
              clearable
              placeholder={t('common.select')}
            />
            <MultiSelect label={t('assets.fields.location')} data={opts('location', AssetLocation.options)} value={multi('location')} onChange={setMulti('location')} placeholder={multi('location').length ? undefined : t('assets.anyStatus')} w={200} clearable />
            <Select
              label={t('assets.fields.ownerUnit')}
              data={(org.data?.units ?? []).map((u) => ({ value: u.id, label: refName(u, lang) }))}
              value={sp.get('ownerUnitId')}
              onChange={(v) => update({ ownerUnitId: v })}
              w={200}
              clearable
              placeholder={t('common.select')}
            />
            <Select
              label={t('fields.institution')}
              data={(org.data?.institutions ?? []).map((u) => ({ value: u.id, label: refName(u, lang) }))}
              value={sp.get('institutionId')}
              onChange={(v) => update({ institutionId: v })}
              w={220}
              searchable
              clearable
              placeholder={t('common.searchToSelect')}
              nothingFoundMessage={t('common.nothingFound')}
            />
            <Select
              label={t('assets.fields.retentionUntil')}
              data={[
                { value: 'today', label: t('assets.retentionOverdue') },
                { value: todayTokyo(90), label: t('assets.retentionSoon') },
              ]}
              value={sp.get('retentionDueBefore') === 'today' ? 'today' : sp.get('retentionDueBefore') ? todayTokyo(90) : null}
              onChange={(v) => update({ retentionDueBefore: v })}
              w={200}
              clearable
              placeholder={t('common.select')}
            />
          </Group>
        </Stack>
      </Paper>
      {query.error ? (
        <ErrorAlert error={query.error} />
      ) : !query.data ? (
        <Loading />
      ) : query.data.items.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          {filtered ? (
            <EmptyList title={t('assets.noMatch')} description={t('assets.noMatchHint')} />
          ) : (
            <EmptyList title={t('assets.empty')} description={can('asset.manage') ? t('assets.emptyHint') : t('assets.emptyHintRead')} />
          )}
        </Paper>
      ) : (
        <>
          <DataTable caption={t('assets.title')} columns={columns} rows={query.data.items} sort={sort} dir={dir} onSort={toggleSort} rowHref={(a) => `/assets/${a.id}`} busy={query.isPlaceholderData} />
          <ListPagination page={page} pageSize={PAGE_SIZE} total={query.data.total} onChange={(p) => update({ page: p > 1 ? String(p) : null }, false)} />
        </>
      )}
    </Stack>
  );
}

/** The person's saved filter sets: apply one, save the current filters, delete one. */
function SavedViewsMenu({ current, onApply }: { current: Record<string, string>; onApply: (q: Record<string, string>) => void }) {
  const { t } = useTranslation();
  const views = useSavedViews();
  const save = useSaveView();
  const del = useDeleteView();
  const [opened, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    save.mutate(
      { name: name.trim(), query: current },
      {
        onSuccess: (v) => {
          notify(t('assets.views.saved', { name: v.name }));
          setName('');
          close();
        },
      },
    );
  };
  return (
    <>
      <Menu position="bottom-end" withinPortal closeOnItemClick>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} aria-hidden />}>
            {t('assets.views.menu')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown miw={260}>
          {(views.data?.items ?? []).length === 0 && <Menu.Label>{t('assets.views.none')}</Menu.Label>}
          {(views.data?.items ?? []).map((v) => (
            <Group key={v.id} gap={4} wrap="nowrap" justify="space-between">
              <Menu.Item onClick={() => onApply(v.query)} style={{ flex: 1 }}>
                {v.name}
              </Menu.Item>
              <ActionIcon variant="subtle" color="gray" aria-label={t('assets.views.delete', { name: v.name })} onClick={() => del.mutate(v.id, { onSuccess: () => notify(t('assets.views.deleted')) })}>
                <IconTrash size={14} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconPlus size={14} aria-hidden />} onClick={open}>
            {t('assets.views.save')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={opened} onClose={close} title={t('assets.views.saveTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form onSubmit={submit}>
          <Stack>
            <ErrorAlert error={save.error} />
            <TextInput label={t('assets.views.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={100} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
