import { Anchor, Button, Group, Paper, ScrollArea, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AccountFilter, ACCOUNT_SOON_DAYS } from '../../../shared/accounts.js';
import { useAccounts } from '../../api/accounts.js';
import { useCan } from '../../api/session.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, personName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { AccountStatusBadge } from './account-ui.js';

const PAGE_SIZE = 50;

/**
 * The data center's account console: every person's account with a status filter (and "expiring"
 * / "dormant soon", the dormancy list), search, and a link to the person's page where the actions
 * are. Issue, resend, suspend, reactivate, expiry and offboarding happen on that page's account panel.
 */
export function AccountsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const [filter, setFilter] = useState<AccountFilter | ''>('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [debounced] = useDebouncedValue(q, 250);
  const list = useAccounts({ page, pageSize: PAGE_SIZE, filter: filter || undefined, q: debounced || undefined });
  const showDormancy = filter === 'dormant_soon' || filter === 'active';

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('accounts.console.title')}
        description={t('accounts.console.description')}
        actions={
          can('credential_loss.manage') && (
            <Button component={Link} to="/accounts/credential-loss" variant="light" leftSection={<IconAlertTriangle size={16} aria-hidden />}>
              {t('accounts.loss.title')}
            </Button>
          )
        }
      />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label={t('accounts.console.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={320}
        />
        <Select
          label={t('accounts.console.filter')}
          value={filter}
          onChange={(v) => {
            setFilter((v ?? '') as AccountFilter | '');
            setPage(1);
          }}
          data={[{ value: '', label: t('accounts.console.all') }, ...AccountFilter.options.map((f) => ({ value: f, label: t(`accounts.filter.${f}`, { days: ACCOUNT_SOON_DAYS }) }))]}
          allowDeselect={false}
          w={260}
        />
      </Group>
      <ErrorAlert error={list.error} />
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.items.length === 0 ? (
        <EmptyList title={t('accounts.console.empty')} description={t('accounts.console.emptyHint')} />
      ) : (
        <Paper withBorder radius="md">
          <ScrollArea>
            <Table striped highlightOnHover verticalSpacing="xs" miw={900}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('person.name')}</Table.Th>
                  <Table.Th>{t('auth.email')}</Table.Th>
                  <Table.Th>{t('accounts.field.status')}</Table.Th>
                  <Table.Th>{t('accounts.field.lastSignIn')}</Table.Th>
                  <Table.Th>{showDormancy ? t('accounts.field.dormantAt') : t('accounts.field.expiresAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((a) => (
                  <Table.Tr key={a.personId}>
                    <Table.Td>
                      <Anchor component={Link} to={`/people/${a.personId}`} size="sm">
                        {personName(a, lang)}
                      </Anchor>
                      {!a.personActive && (
                        <Text span size="xs" c="dimmed" ml={6}>
                          ({t('status.inactive')})
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{a.email}</Text>
                    </Table.Td>
                    <Table.Td>
                      <AccountStatusBadge status={a.status} reason={a.suspendedReason} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{a.lastSignInAt ? formatTokyo(a.lastSignInAt) : t('accounts.field.never')}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {showDormancy
                          ? formatTokyo(a.dormantAt)
                          : a.status === 'invited' && a.invitationExpiresAt
                            ? t('accounts.console.invitationUntil', { at: formatTokyo(a.invitationExpiresAt) })
                            : formatTokyo(a.expiresAt)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Paper>
      )}
      {list.data && <ListPagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} />}
    </Stack>
  );
}
