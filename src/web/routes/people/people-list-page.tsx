import { Button, Paper, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Role } from '../../../shared/roles.js';
import { usePeopleList, type PeopleParams } from '../../api/people.js';
import { useCan } from '../../api/session.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { ListToolbar } from '../../components/list-toolbar.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { useLang } from '../../lib/use-lang.js';
import { useListParams } from '../../lib/use-list-params.js';
import { PeopleFilters } from './people-filters.js';
import { personColumns } from './person-columns.js';
import { PersonFormModal } from './person-form-modal.js';

/** Everyone the signed-in person may see, with filters by institution, group, unit and role. */
export function PeopleListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const navigate = useNavigate();
  const list = useListParams('familyNameKana');
  const role = Role.safeParse(list.filter('role'));
  const params: PeopleParams = {
    ...list.params,
    institutionId: list.filter('institutionId'),
    researchGroupId: list.filter('researchGroupId'),
    unitId: list.filter('unitId'),
    role: role.success ? role.data : undefined,
  };
  const query = usePeopleList(params);
  const [creating, { open, close }] = useDisclosure(false);
  const manage = can('person.manage');
  const filtered = !!(params.q || params.institutionId || params.researchGroupId || params.unitId || params.role);

  const createButton = manage ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
      {t('common.new')}
    </Button>
  ) : null;

  return (
    <Stack gap={0}>
      <PageHeader title={t('people.title')} description={t('people.description')} actions={createButton} />
      <ListToolbar
        search={list.search}
        onSearch={list.setSearch}
        searchPlaceholder={t('people.searchPlaceholder')}
        includeInactive={!!list.params.includeInactive}
        onIncludeInactive={list.setIncludeInactive}
      >
        <PeopleFilters list={list} />
      </ListToolbar>
      {query.error ? (
        <ErrorAlert error={query.error} />
      ) : !query.data ? (
        <Loading />
      ) : query.data.items.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          {filtered ? (
            <EmptyList title={t('registry.noMatch', { entities: t('people.plural') })} description={t('registry.noMatchHint')} />
          ) : (
            <EmptyList
              title={t('registry.empty', { entities: t('people.plural') })}
              description={manage ? t('people.emptyHintManage') : t('registry.emptyHint')}
              action={createButton}
            />
          )}
        </Paper>
      ) : (
        <>
          <DataTable
            caption={t('people.title')}
            columns={personColumns(t, lang)}
            rows={query.data.items}
            sort={list.params.sort}
            dir={list.params.dir}
            onSort={list.toggleSort}
            rowHref={(p) => `/people/${p.id}`}
            busy={query.isPlaceholderData}
          />
          <ListPagination page={list.params.page} pageSize={list.params.pageSize} total={query.data.total} onChange={list.setPage} />
        </>
      )}
      {manage && <PersonFormModal opened={creating} onClose={close} onSaved={(p) => navigate(`/people/${p.id}`)} />}
    </Stack>
  );
}
