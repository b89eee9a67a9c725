import { Checkbox, Group, Paper, SegmentedControl, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { ListPagination } from '../../components/list-pagination.js';
import { PageHeader } from '../../components/page-header.js';
import { ActionsTable } from './actions-table.js';
import { useActionList } from './api.js';

const PAGE_SIZE = 50;

/**
 * Corrective and preventive actions (P32-4): "my actions" for everyone; for the manager and the
 * data center, every open action too, with an overdue filter.
 */
export function ActionsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const manager = can('incident.manage');
  const [scope, setScope] = useState<'mine' | 'all'>(manager ? 'all' : 'mine');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const list = useActionList({ scope, overdue: overdue ? 'true' : undefined, page, pageSize: PAGE_SIZE });

  return (
    <>
      <PageHeader title={t('capa.page.title')} description={t('capa.page.description')} />
      <Group mb="md" gap="md" wrap="wrap">
        {manager && (
          <SegmentedControl
            aria-label={t('capa.page.scope')}
            value={scope}
            onChange={(x) => {
              setScope(x as 'mine' | 'all');
              setPage(1);
            }}
            data={[
              { value: 'mine', label: t('capa.page.mine') },
              { value: 'all', label: t('capa.page.all') },
            ]}
          />
        )}
        <Checkbox
          label={t('capa.page.overdueOnly')}
          checked={overdue}
          onChange={(e) => {
            setOverdue(e.currentTarget.checked);
            setPage(1);
          }}
        />
      </Group>
      <Paper withBorder p="md">
        {list.error ? (
          <ErrorAlert error={list.error} />
        ) : !list.data ? (
          <Loading />
        ) : list.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t(overdue ? 'capa.page.noneOverdue' : 'capa.page.none')}
          </Text>
        ) : (
          <>
            <ActionsTable items={list.data.items} showIncident caption={t('capa.page.title')} />
            <ListPagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} />
          </>
        )}
      </Paper>
    </>
  );
}
