import { Button, Paper, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useOrgOptions } from '../../api/org-options.js';
import { useRegistryList, type RegistryName } from '../../api/registry.js';
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
import { RegistryFormModal } from './registry-form-modal.js';
import type { RegistryConfig } from './registry-types.js';

/** A registry's list: search, sort, paging, inactive switch, and "New" for those who may add. */
export function RegistryListPage<N extends RegistryName>({ config }: { config: RegistryConfig<N> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const navigate = useNavigate();
  const list = useListParams(config.defaultSort);
  const query = useRegistryList(config.name, list.params);
  const needsOptions = config.name === 'studies';
  const org = useOrgOptions(needsOptions);
  const [creating, { open, close }] = useDisclosure(false);
  const manage = can('org.manage');
  const ctx = { t, lang, org: org.data };

  const createButton = manage ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
      {t('common.new')}
    </Button>
  ) : null;

  return (
    <Stack gap={0}>
      <PageHeader title={t(`${config.i18n}.title`)} description={t(`${config.i18n}.description`)} actions={createButton} />
      <ListToolbar
        search={list.search}
        onSearch={list.setSearch}
        searchPlaceholder={t(`${config.i18n}.searchPlaceholder`)}
        includeInactive={!!list.params.includeInactive}
        onIncludeInactive={list.setIncludeInactive}
      />
      {query.error ? (
        <ErrorAlert error={query.error} />
      ) : !query.data ? (
        <Loading />
      ) : query.data.items.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          {list.params.q ? (
            <EmptyList title={t('registry.noMatch', { entities: t(`${config.i18n}.plural`) })} description={t('registry.noMatchHint')} />
          ) : (
            <EmptyList
              title={t('registry.empty', { entities: t(`${config.i18n}.plural`) })}
              description={manage ? t('registry.emptyHintManage') : t('registry.emptyHint')}
              action={createButton}
            />
          )}
        </Paper>
      ) : (
        <>
          <DataTable
            caption={t(`${config.i18n}.title`)}
            columns={config.columns(ctx)}
            rows={query.data.items}
            sort={list.params.sort}
            dir={list.params.dir}
            onSort={list.toggleSort}
            rowHref={(r) => `${config.path}/${r.id}`}
            busy={query.isPlaceholderData}
          />
          <ListPagination page={list.params.page} pageSize={list.params.pageSize} total={query.data.total} onChange={list.setPage} />
        </>
      )}
      {manage && (
        <RegistryFormModal config={config} opened={creating} onClose={close} onSaved={(item) => navigate(`${config.path}/${item.id}`)} />
      )}
    </Stack>
  );
}
