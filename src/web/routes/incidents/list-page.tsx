import { Button, CloseButton, Group, MultiSelect, Switch, Text, TextInput } from '@mantine/core';
import { IconChartBar, IconPlus, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { IncidentKind, IncidentSeverity, IncidentStatus, type IncidentSummaryDto, type ListIncidentsQueryInput } from '../../../shared/incidents.js';
import { useCan } from '../../api/session.js';
import { DataTable, type Column } from '../../components/data-table.js';
import { ListPagination } from '../../components/list-pagination.js';
import { ListState } from '../../components/list-state.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { useListParams } from '../../lib/use-list-params.js';
import { useIncidents } from './api.js';
import { IncidentStatusBadge, SeverityBadge } from './badges.js';

/** The incident list: filters in the URL, sorted on the server, paged. */
export function IncidentsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const list = useListParams('reportedAt');
  const [sp, setSp] = useSearchParams();
  const sort = sp.get('sort') ?? 'reportedAt';
  const dir = (sp.get('dir') ?? 'desc') as 'asc' | 'desc';
  const f = (k: string) => sp.get(k) ?? undefined;
  // Filters straight from the URL; the server validates them (a stray value is its 400).
  const flag = (k: string) => f(k) as ListIncidentsQueryInput['open'];
  const params = { page: list.params.page, pageSize: 50, q: list.params.q, sort: sort as ListIncidentsQueryInput['sort'], dir, status: f('status'), kind: f('kind'), severity: f('severity'), open: flag('open'), mine: flag('mine') };
  const q = useIncidents(params);
  const setSort = (field: string) =>
    setSp(
      (prev) => {
        const n = new URLSearchParams(prev);
        const same = (n.get('sort') ?? 'reportedAt') === field;
        n.set('sort', field);
        n.set('dir', same && dir === 'desc' ? 'asc' : 'desc');
        n.delete('page');
        return n;
      },
      { replace: true },
    );
  const multi = (name: 'status' | 'kind' | 'severity', values: readonly string[], label: string, w: number) => (
    <MultiSelect
      label={label}
      data={values.map((v) => ({ value: v, label: t(`incidents.${name}.${v}`) }))}
      value={params[name]?.split(',') ?? []}
      onChange={(v) => list.setFilter(name, v.join(',') || null)}
      clearable
      w={{ base: '100%', sm: w }}
    />
  );

  const columns: Column<IncidentSummaryDto>[] = [
    { key: 'ref', header: t('incidents.fields.ref'), sortField: 'ref', render: (r) => r.ref, width: 130 },
    {
      key: 'title',
      header: t('incidents.fields.title'),
      render: (r) => (
        <div>
          <Text size="sm" fw={500}>
            {r.title}
          </Text>
          <Text size="xs" c="dimmed">
            {t(`incidents.kind.${r.kind}`)}
            {r.institution ? ` · ${lang === 'ja' ? r.institution.nameJa : r.institution.nameEn}` : ''}
          </Text>
        </div>
      ),
    },
    { key: 'status', header: t('incidents.fields.status'), sortField: 'status', render: (r) => <IncidentStatusBadge status={r.status} /> },
    { key: 'severity', header: t('incidents.fields.severity'), sortField: 'severity', render: (r) => <SeverityBadge severity={r.severity} /> },
    { key: 'assignee', header: t('incidents.fields.assignee'), render: (r) => (r.assignee ? (lang === 'ja' ? r.assignee.nameJa : r.assignee.nameEn) : '') },
    { key: 'reportedAt', header: t('incidents.fields.reportedAt'), sortField: 'reportedAt', render: (r) => formatTokyo(r.reportedAt).slice(0, 16) },
  ];

  return (
    <>
      <PageHeader
        title={t('incidents.title')}
        description={t('incidents.description')}
        actions={
          <>
            {can('incident.manage') && (
              <Button component={Link} to="/incidents/dashboard" variant="default" leftSection={<IconChartBar size={16} aria-hidden />}>
                {t('incidents.dashboard')}
              </Button>
            )}
            <Button component={Link} to="/incidents/report" color="red" leftSection={<IconPlus size={16} aria-hidden />}>
              {t('incidents.report')}
            </Button>
          </>
        }
      />
      <Group gap="md" align="flex-end" mb="sm" wrap="wrap">
        <TextInput
          label={t('table.search')}
          placeholder={t('incidents.search')}
          value={list.search}
          onChange={(e) => list.setSearch(e.currentTarget.value)}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={list.search ? <CloseButton size="sm" aria-label={t('table.clearSearch')} onClick={() => list.setSearch('')} /> : null}
          w={{ base: '100%', sm: 240 }}
          type="search"
        />
        {multi('status', IncidentStatus.options, t('incidents.fields.status'), 220)}
        {multi('kind', IncidentKind.options, t('incidents.fields.kind'), 240)}
        {multi('severity', IncidentSeverity.options, t('incidents.fields.severity'), 180)}
        <Switch label={t('incidents.openOnly')} checked={params.open === 'true'} onChange={(e) => list.setFilter('open', e.currentTarget.checked ? 'true' : null)} mb={8} />
        <Switch label={t('incidents.mine')} checked={params.mine === 'true'} onChange={(e) => list.setFilter('mine', e.currentTarget.checked ? 'true' : null)} mb={8} />
      </Group>
      <ListState query={q} empty={{ title: t('incidents.empty'), description: t('incidents.hints.quick') }}>
        {(data) => (
          <>
            <DataTable caption={t('incidents.listCaption')} columns={columns} rows={data.items} sort={sort} dir={dir} onSort={setSort} rowHref={(r) => `/incidents/${r.id}`} busy={q.isFetching} />
            <ListPagination page={data.page} pageSize={data.pageSize} total={data.total} onChange={list.setPage} />
          </>
        )}
      </ListState>
    </>
  );
}
