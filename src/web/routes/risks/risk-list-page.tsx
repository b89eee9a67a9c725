import { Badge, Button, CloseButton, Group, MultiSelect, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconAdjustments, IconAlertTriangle, IconBug, IconLayoutGrid, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { RISK_SORTS, RISK_STATUSES, RISK_TREATMENTS, RiskBasis, type RiskSummaryDto } from '../../../shared/risks.js';
import { useCan } from '../../api/session.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { ListPagination } from '../../components/list-pagination.js';
import { ListState } from '../../components/list-state.js';
import { PageHeader } from '../../components/page-header.js';
import { useLang } from '../../lib/use-lang.js';
import { useListParams } from '../../lib/use-list-params.js';
import { useRiskMatrix, useRiskOwners, useRisks } from './api.js';
import { LevelBadge, useLevelName, useStepName } from './levels.js';
import { NewRiskModal } from './new-risk-modal.js';
import { RiskStatusBadge } from './risk-status.js';
import { BOOLEAN_TEXT, oneOf, SORT_DIRS } from './url-filters.js';

const PAGE_SIZE = 50;

/** A risk's name: its own title, or its threat's name. */
export function riskName(r: Pick<RiskSummaryDto, 'title' | 'threat'>, lang: 'ja' | 'en'): string {
  return r.title || (lang === 'ja' ? r.threat.nameJa : r.threat.nameEn);
}

/** The risk register: filters in the URL (shared with the heat map), sortable, paged. */
export function RisksPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const list = useListParams('level');
  const [sp, setSp] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const matrix = useRiskMatrix().data;
  const owners = useRiskOwners().data?.items ?? [];
  const levelName = useLevelName(matrix);
  const stepName = useStepName(matrix);
  const sort = sp.get('sort') ?? 'level';
  const dir = sp.get('dir') ?? (sort === 'nextReviewDate' || sort === 'dueDate' ? 'asc' : 'desc');
  const f = (k: string) => sp.get(k) ?? undefined;
  const params = {
    page: list.params.page,
    pageSize: PAGE_SIZE,
    q: list.params.q,
    sort: oneOf(RISK_SORTS, sort),
    dir: oneOf(SORT_DIRS, dir),
    basis: oneOf(RiskBasis.options, f('basis')),
    level: f('level'),
    likelihood: f('likelihood'),
    impact: f('impact'),
    treatment: f('treatment'),
    status: f('status'),
    ownerId: f('ownerId'),
    reviewOverdue: oneOf(BOOLEAN_TEXT, f('reviewOverdue')),
    assetId: f('assetId'),
    threatId: f('threatId'),
  };
  const q = useRisks(params);
  const setSort = (field: string) =>
    setSp(
      (prev) => {
        const n = new URLSearchParams(prev);
        const same = (n.get('sort') ?? 'level') === field;
        n.set('sort', field);
        n.set('dir', same && dir === 'desc' ? 'asc' : same ? 'desc' : field === 'nextReviewDate' || field === 'dueDate' ? 'asc' : 'desc');
        n.delete('page');
        return n;
      },
      { replace: true },
    );
  const clearCell = () => {
    list.setFilter('likelihood', null);
    list.setFilter('impact', null);
  };
  const heatmapQuery = new URLSearchParams(Object.entries({ q: params.q, treatment: params.treatment, status: params.status, ownerId: params.ownerId, reviewOverdue: params.reviewOverdue }).flatMap(([k, v]) => (v ? [[k, v]] : []))).toString();

  const columns: Column<RiskSummaryDto>[] = [
    { key: 'ref', header: t('risks.fields.ref'), sortField: 'ref', render: (r) => r.ref, width: 110 },
    {
      key: 'risk',
      header: t('risks.fields.risk'),
      render: (r) => (
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {riskName(r, lang)}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {r.assets.map((a) => `${a.ref} ${a.name}`).join('、')}
            {r.assetCount > r.assets.length ? ` ${t('risks.moreAssets', { count: r.assetCount - r.assets.length })}` : ''}
          </Text>
        </Stack>
      ),
    },
    { key: 'inherent', header: t('risks.inherent'), sortField: params.basis === 'inherent' ? 'level' : undefined, render: (r) => <LevelBadge matrix={matrix} level={r.inherent.level} likelihood={r.inherent.likelihood} impact={r.inherent.impact} /> },
    {
      key: 'residual',
      header: t('risks.residual'),
      // "current" sorts by the residual level where there is one
      sortField: params.basis === 'inherent' ? undefined : 'level',
      render: (r) =>
        r.residual ? (
          <LevelBadge matrix={matrix} level={r.residual.level} likelihood={r.residual.likelihood} impact={r.residual.impact} />
        ) : (
          <Text span size="xs" c="dimmed">
            {t('risks.notAssessed')}
          </Text>
        ),
    },
    { key: 'treatment', header: t('risks.fields.treatment'), render: (r) => (r.treatment ? t(`risks.treatment.${r.treatment}`) : <Text span size="xs" c="dimmed">{t('risks.undecided')}</Text>) },
    { key: 'owner', header: t('risks.fields.owner'), render: (r) => (r.owner ? (lang === 'ja' ? r.owner.nameJa : r.owner.nameEn) : '') },
    { key: 'status', header: t('risks.fields.status'), render: (r) => <RiskStatusBadge status={r.status} /> },
    {
      key: 'review',
      header: t('risks.fields.nextReviewDate'),
      sortField: 'nextReviewDate',
      render: (r) =>
        r.nextReviewDate ? (
          <Group gap={4} wrap="nowrap">
            <Text size="sm" c={r.reviewOverdue ? 'red.7' : undefined} fw={r.reviewOverdue ? 600 : undefined}>
              {r.nextReviewDate}
            </Text>
            {r.reviewOverdue && <IconAlertTriangle size={14} color="var(--mantine-color-red-7)" aria-label={t('risks.overdue')} />}
          </Group>
        ) : (
          ''
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('risks.title')}
        description={t('risks.description')}
        actions={
          <>
            <Button component={Link} to={`/risks/heatmap?${heatmapQuery}`} variant="light" leftSection={<IconLayoutGrid size={16} aria-hidden />}>
              {t('risks.heatmap.title')}
            </Button>
            <Button component={Link} to="/risks/threats" variant="default" leftSection={<IconBug size={16} aria-hidden />}>
              {t('risks.catalogue.title')}
            </Button>
            <Button component={Link} to="/risks/matrix" variant="default" leftSection={<IconAdjustments size={16} aria-hidden />}>
              {t('risks.matrix.title')}
            </Button>
            {can('risk.manage') && (
              <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
                {t('risks.new')}
              </Button>
            )}
          </>
        }
      />
      <Group gap="md" align="flex-end" mb="sm" wrap="wrap">
        <TextInput
          label={t('table.search')}
          placeholder={t('risks.searchPlaceholder')}
          value={list.search}
          onChange={(e) => list.setSearch(e.currentTarget.value)}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={list.search ? <CloseButton size="sm" aria-label={t('table.clearSearch')} onClick={() => list.setSearch('')} /> : null}
          w={{ base: '100%', sm: 260 }}
          type="search"
        />
        <Select
          label={t('risks.filters.basis')}
          data={(['current', 'inherent', 'residual'] as const).map((b) => ({ value: b, label: t(`risks.basis.${b}`) }))}
          value={params.basis ?? 'current'}
          onChange={(v) => list.setFilter('basis', v === 'current' ? null : v)}
          allowDeselect={false}
          w={150}
        />
        <MultiSelect
          label={t('risks.filters.level')}
          placeholder={params.level ? undefined : t('risks.filters.any')}
          data={(matrix?.levels ?? []).map((l) => ({ value: l.key, label: levelName(l.key) }))}
          value={params.level?.split(',') ?? []}
          onChange={(v) => list.setFilter('level', v.join(',') || null)}
          clearable
          w={220}
        />
        <Select
          label={t('risks.fields.treatment')}
          placeholder={t('risks.filters.any')}
          data={[...RISK_TREATMENTS, 'none'].map((x) => ({ value: x, label: x === 'none' ? t('risks.undecided') : t(`risks.treatment.${x}`) }))}
          value={params.treatment ?? null}
          onChange={(v) => list.setFilter('treatment', v)}
          clearable
          w={150}
        />
        <Select
          label={t('risks.fields.owner')}
          placeholder={t('risks.filters.any')}
          data={owners.map((o) => ({ value: o.id, label: lang === 'ja' ? o.nameJa : o.nameEn }))}
          value={params.ownerId ?? null}
          onChange={(v) => list.setFilter('ownerId', v)}
          clearable
          searchable
          w={180}
        />
        <MultiSelect
          label={t('risks.fields.status')}
          placeholder={params.status ? undefined : t('risks.filters.live')}
          data={RISK_STATUSES.map((s) => ({ value: s, label: t(`risks.status.${s}`) }))}
          value={params.status?.split(',') ?? []}
          onChange={(v) => list.setFilter('status', v.join(',') || null)}
          clearable
          w={230}
        />
        <Switch label={t('risks.filters.reviewOverdue')} checked={params.reviewOverdue === 'true'} onChange={(e) => list.setFilter('reviewOverdue', e.currentTarget.checked ? 'true' : null)} mb={8} />
      </Group>
      {(params.likelihood || params.impact || params.assetId || params.threatId) && (
        <Group gap="xs" mb="sm">
          {params.likelihood && params.impact && (
            <Badge variant="outline" size="lg" rightSection={<CloseButton size="xs" aria-label={t('risks.filters.clearCell')} onClick={clearCell} />}>
              {t('risks.filters.cell', { basis: t(`risks.basis.${params.basis ?? 'current'}`), likelihood: stepName('likelihood', Number(params.likelihood)), impact: stepName('impact', Number(params.impact)) })}
            </Badge>
          )}
          {params.assetId && (
            <Badge variant="outline" size="lg" rightSection={<CloseButton size="xs" aria-label={t('risks.filters.clearAsset')} onClick={() => list.setFilter('assetId', null)} />}>
              {t('risks.filters.oneAsset')}
            </Badge>
          )}
          {params.threatId && (
            <Badge variant="outline" size="lg" rightSection={<CloseButton size="xs" aria-label={t('risks.filters.clearThreat')} onClick={() => list.setFilter('threatId', null)} />}>
              {t('risks.filters.oneThreat')}
            </Badge>
          )}
        </Group>
      )}
      <ListState query={q} empty={{ title: t('risks.empty'), description: t('risks.emptyHint') }}>
        {(data) => (
          <>
            <DataTable caption={t('risks.title')} columns={columns} rows={data.items} sort={sort} dir={dir as 'asc' | 'desc'} onSort={setSort} rowHref={(r) => `/risks/${r.id}`} busy={q.isFetching} />
            <ListPagination page={data.page} pageSize={data.pageSize} total={data.total} onChange={list.setPage} />
          </>
        )}
      </ListState>
      {creating && <NewRiskModal onClose={() => setCreating(false)} />}
    </>
  );
}
