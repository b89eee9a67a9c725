import { Anchor, Button, Checkbox, Group, Paper, ScrollArea, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconDownload, IconMailForward, IconSearch, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { AccountFilter, ACCOUNT_SOON_DAYS, type AccountSort, type AccountSummaryDto } from '../../../shared/accounts.js';
import { accountsCsvUrl, useAccountCounts, useAccounts, useBulkInvite } from '../../api/accounts.js';
import { useCan } from '../../api/session.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SortableTh } from '../../components/sortable-th.js';
import { formatTokyo, personName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { AccountStatusBadge } from './account-ui.js';
import { AccountsOverview } from './accounts-overview.js';
import { EndAllSessionsButton } from './end-all-sessions-button.js';

const PAGE_SIZE = 50;

/** Who a bulk invitation may include: active in the registry, with no account yet or an invitation (outstanding or lapsed). */
const invitable = (a: AccountSummaryDto) => a.personActive && (a.status === 'none' || a.status === 'invited');
/** "Issue": no account yet, or the invitation link has lapsed. "Resend": any invitation. */
const toIssue = (a: AccountSummaryDto) => a.personActive && (a.status === 'none' || (a.status === 'invited' && !a.invitationExpiresAt));
const toResend = (a: AccountSummaryDto) => a.personActive && a.status === 'invited';

/**
 * The data center's account console: an overview of every account's state (cards that filter the
 * list, and the status distribution), the list with MFA, pledge and institutions, sorting by last
 * sign-in, CSV export, and issuing or resending invitations to many people at once. Suspension,
 * expiry and offboarding happen on each person's page.
 */
export function AccountsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const [params] = useSearchParams();
  // A link may open the list already filtered (the home page's cards do: /accounts?filter=dormant_soon).
  const [filter, setFilter] = useState<AccountFilter | ''>(() => AccountFilter.safeParse(params.get('filter')).data ?? '');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<{ by: AccountSort; dir: 'asc' | 'desc' }>({ by: 'name', dir: 'asc' });
  const [selected, setSelected] = useState<Map<string, AccountSummaryDto>>(new Map());
  const [confirm, setConfirm] = useState<'issue' | 'resend' | null>(null);
  const [debounced] = useDebouncedValue(q, 250);
  const where = { filter: filter || undefined, q: debounced || undefined, sort: sort.by, dir: sort.dir };
  const list = useAccounts({ page, pageSize: PAGE_SIZE, ...where });
  const counts = useAccountCounts();
  const bulk = useBulkInvite();
  const showDormancy = filter === 'dormant_soon' || filter === 'active';

  const changeFilter = (f: AccountFilter | '') => {
    setFilter(f);
    setPage(1);
  };
  const onSort = (field: string) => {
    const by = field as AccountSort;
    // Last sign-in starts with the oldest (never signed in first): that is what the data center looks for.
    setSort((s) => (s.by === by ? { by, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { by, dir: 'asc' }));
    setPage(1);
  };
  const toggle = (a: AccountSummaryDto, on: boolean) =>
    setSelected((m) => {
      const next = new Map(m);
      if (on) next.set(a.personId, a);
      else next.delete(a.personId);
      return next;
    });
  const pageRows = list.data?.items.filter(invitable) ?? [];
  const pageChecked = pageRows.filter((a) => selected.has(a.personId)).length;
  const togglePage = (on: boolean) =>
    setSelected((m) => {
      const next = new Map(m);
      for (const a of pageRows) {
        if (on) next.set(a.personId, a);
        else next.delete(a.personId);
      }
      return next;
    });

  const chosen = [...selected.values()];
  const issueIds = chosen.filter(toIssue).map((a) => a.personId);
  const resendIds = chosen.filter(toResend).map((a) => a.personId);
  const confirmIds = confirm === 'issue' ? issueIds : resendIds;
  const run = () =>
    bulk.mutate(confirmIds, {
      onSuccess: (r) => {
        setConfirm(null);
        setSelected((m) => {
          const next = new Map(m);
          for (const i of r.items) next.delete(i.personId);
          return next;
        });
        notify(t('accounts.bulk.done', { invited: r.invited, resent: r.resent }), { title: t('accounts.bulk.doneTitle') });
      },
    });

  return (
    <Stack gap="lg">
      <PageHeader
        title={t('accounts.console.title')}
        description={t('accounts.console.description')}
        actions={
          <Group gap="xs">
            <Button component="a" href={accountsCsvUrl({ ...where, lang })} download variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
              {t('accounts.console.exportCsv')}
            </Button>
            {can('credential_loss.manage') && (
              <Button component={Link} to="/accounts/credential-loss" variant="light" leftSection={<IconAlertTriangle size={16} aria-hidden />}>
                {t('accounts.loss.title')}
              </Button>
            )}
            {can('account.end_all_sessions') && <EndAllSessionsButton />}
          </Group>
        }
      />
      <ErrorAlert error={counts.error} />
      {counts.data && <AccountsOverview counts={counts.data} filter={filter} onFilter={changeFilter} />}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label={t('accounts.console.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={300}
        />
        <Select
          label={t('accounts.console.filter')}
          value={filter}
          onChange={(v) => changeFilter((v ?? '') as AccountFilter | '')}
          data={[{ value: '', label: t('accounts.console.all') }, ...AccountFilter.options.map((f) => ({ value: f, label: t(`accounts.filter.${f}`, { days: ACCOUNT_SOON_DAYS }) }))]}
          allowDeselect={false}
          w={280}
        />
      </Group>
      <Paper withBorder radius="md" p="sm" bg={selected.size > 0 ? 'var(--mantine-color-mamori-0)' : undefined}>
        <Group gap="sm" wrap="wrap" justify="space-between">
          <Group gap="xs">
            <Text size="sm" fw={600} aria-live="polite">
              {t('accounts.bulk.selected', { count: selected.size })}
            </Text>
            {selected.size > 0 && (
              <Button variant="subtle" size="compact-sm" onClick={() => setSelected(new Map())}>
                {t('accounts.bulk.clear')}
              </Button>
            )}
          </Group>
          <Group gap="xs">
            <Button leftSection={<IconUserPlus size={16} aria-hidden />} disabled={issueIds.length === 0} onClick={() => setConfirm('issue')}>
              {t('accounts.bulk.issue', { count: issueIds.length })}
            </Button>
            <Button variant="light" leftSection={<IconMailForward size={16} aria-hidden />} disabled={resendIds.length === 0} onClick={() => setConfirm('resend')}>
              {t('accounts.bulk.resend', { count: resendIds.length })}
            </Button>
          </Group>
        </Group>
      </Paper>
      <ErrorAlert error={list.error} />
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.items.length === 0 ? (
        <EmptyList title={t('accounts.console.empty')} description={t('accounts.console.emptyHint')} />
      ) : (
        <Paper withBorder radius="md">
          <ScrollArea>
            <Table striped highlightOnHover verticalSpacing="xs" miw={960}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('accounts.bulk.selectPage')}
                      title={t('accounts.bulk.selectPage')}
                      checked={pageRows.length > 0 && pageChecked === pageRows.length}
                      indeterminate={pageChecked > 0 && pageChecked < pageRows.length}
                      disabled={pageRows.length === 0}
                      onChange={(e) => togglePage(e.currentTarget.checked)}
                    />
                  </Table.Th>
                  <SortableTh field="name" sort={sort.by} dir={sort.dir} onSort={onSort}>
                    {t('person.name')}
                  </SortableTh>
                  <Table.Th>{t('accounts.field.institutions')}</Table.Th>
                  <Table.Th>{t('accounts.field.status')}</Table.Th>
                  <Table.Th>{t('accounts.field.mfaShort')}</Table.Th>
                  <Table.Th>{t('accounts.field.pledge')}</Table.Th>
                  <SortableTh field="last_sign_in" sort={sort.by} dir={sort.dir} onSort={onSort}>
                    {t('accounts.field.lastSignIn')}
                  </SortableTh>
                  <Table.Th>{showDormancy ? t('accounts.field.dormantAt') : t('accounts.field.expiresAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((a) => (
                  <AccountRow key={a.personId} a={a} checked={selected.has(a.personId)} onCheck={(on) => toggle(a, on)} showDormancy={showDormancy} />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Paper>
      )}
      {list.data && <ListPagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onChange={setPage} />}
      <ConfirmModal
        opened={confirm !== null}
        title={confirm === 'resend' ? t('accounts.bulk.resendTitle') : t('accounts.bulk.issueTitle')}
        message={[
          t(confirm === 'resend' ? 'accounts.bulk.resendText' : 'accounts.bulk.issueText', { count: confirmIds.length }),
          selected.size > confirmIds.length ? t('accounts.bulk.skipped', { count: selected.size - confirmIds.length }) : '',
        ].join(' ')}
        confirmLabel={confirm === 'resend' ? t('accounts.bulk.resendConfirm', { count: confirmIds.length }) : t('accounts.bulk.issueConfirm', { count: confirmIds.length })}
        loading={bulk.isPending}
        error={bulk.error}
        onConfirm={run}
        onClose={() => {
          setConfirm(null);
          bulk.reset();
        }}
      />
    </Stack>
  );
}

function AccountRow({ a, checked, onCheck, showDormancy }: { a: AccountSummaryDto; checked: boolean; onCheck: (on: boolean) => void; showDormancy: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const name = personName(a, lang);
  return (
    <Table.Tr>
      <Table.Td>
        <Checkbox aria-label={t('accounts.bulk.selectOne', { name })} checked={checked} disabled={!invitable(a)} onChange={(e) => onCheck(e.currentTarget.checked)} />
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/people/${a.personId}`} size="sm">
          {name}
        </Anchor>
        {!a.personActive && (
          <Text span size="xs" c="dimmed" ml={6}>
            ({t('status.inactive')})
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {a.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm" lineClamp={2} maw={220}>
          {a.institutions.map((i) => (lang === 'ja' ? i.nameJa : i.nameEn)).join(lang === 'ja' ? '、' : ', ') || '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <AccountStatusBadge status={a.status} reason={a.suspendedReason} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" c={a.mfaEnrolled ? undefined : 'dimmed'}>
          {a.mfaEnrolled ? t('accounts.field.yes') : t('accounts.field.no')}
        </Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" c={a.pledgeVersion ? undefined : 'dimmed'}>
          {a.pledgeVersion ?? t('accounts.field.notSigned')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{a.lastSignInAt ? formatTokyo(a.lastSignInAt) : t('accounts.field.never')}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {showDormancy
            ? formatTokyo(a.dormantAt)
            : a.status === 'invited'
              ? a.invitationExpiresAt
                ? t('accounts.console.invitationUntil', { at: formatTokyo(a.invitationExpiresAt) })
                : t('accounts.console.invitationLapsed')
              : formatTokyo(a.expiresAt)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
