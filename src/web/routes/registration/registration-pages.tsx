import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { RegistrationChangeStatus, type RegistrationChangeDto } from '../../../shared/registration.js';
import { useDecideRegistrationChange, useMyRegistrationChanges, useRegistrationChange, useRegistrationQueue, useWithdrawRegistrationChange } from '../../api/registration.js';
import { useCan, useSession } from '../../api/session.js';
import { ListState } from '../../components/list-state.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { ChangeFormModal } from './change-form.js';

const COLOR: Record<RegistrationChangeDto['status'], string> = { pending: 'mamori', approved: 'ok', rejected: 'red', withdrawn: 'gray' };

export function StatusBadge({ status }: { status: RegistrationChangeDto['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLOR[status]} variant="light">
      {t(`registration.status.${status}`)}
    </Badge>
  );
}

/** One change in words, in the current language. */
export function ChangeSummary({ r }: { r: RegistrationChangeDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const name = (id: string) => refName(r.refs[id], lang) || id;
  const c = r.change;
  switch (c.kind) {
    case 'move':
      return (
        <>
          {t('registration.summary.move', { from: name(c.fromInstitutionId), to: name(c.toInstitutionId), date: c.effectiveDate })}
          {c.leaveResearchGroupIds.length > 0 && ` ${t('registration.summary.leaving', { groups: c.leaveResearchGroupIds.map(name).join(lang === 'ja' ? '、' : ', ') })}`}
        </>
      );
    case 'name':
      return <>{t('registration.summary.name', { name: lang === 'ja' ? `${c.familyNameJa} ${c.givenNameJa}` : `${c.givenNameEn} ${c.familyNameEn}` })}</>;
    case 'email':
      return <>{t('registration.summary.email', { email: c.email })}</>;
    case 'join_group':
      return <>{t('registration.summary.join', { group: name(c.researchGroupId) })}</>;
    case 'leave_group':
      return <>{t('registration.summary.leave', { group: name(c.researchGroupId) })}</>;
    case 'retire':
      return <>{t('registration.summary.retire', { date: c.effectiveDate })}</>;
  }
}

function ChangesTable({ items, base, showPerson }: { items: RegistrationChangeDto[]; base: string; showPerson: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Paper withBorder radius="md">
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing="sm" highlightOnHover aria-label={t('registration.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('registration.submittedAt')}</Table.Th>
              {showPerson && <Table.Th>{t('registration.person')}</Table.Th>}
              <Table.Th>{t('registration.kindLabel')}</Table.Th>
              <Table.Th>{t('registration.change')}</Table.Th>
              <Table.Th style={{ minWidth: 130 }}>{t('registration.statusLabel')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor component={Link} to={`${base}/${r.id}`}>
                    {formatTokyo(r.createdAt)}
                  </Anchor>
                </Table.Td>
                {showPerson && <Table.Td>{lang === 'ja' ? r.person.nameJa : r.person.nameEn}</Table.Td>}
                <Table.Td>{t(`registration.kind.${r.kind}`)}</Table.Td>
                <Table.Td>
                  <ChangeSummary r={r} />
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={r.status} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** "Registration changes": my requests, and the form for a new one (P32-2.1.3f). */
export function MyChangesPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const list = useMyRegistrationChanges(page);
  return (
    <Stack gap={0}>
      <PageHeader
        title={t('registration.title')}
        description={t('registration.description')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen(true)}>
            {t('registration.new')}
          </Button>
        }
      />
      <ChangeFormModal opened={open} onClose={() => setOpen(false)} />
      <ListState query={list} empty={{ title: t('registration.empty'), description: t('registration.emptyHint') }}>
        {(data) => (
          <>
            <ChangesTable items={data.items} base="/registration-changes" showPerson />
            <ListPagination page={page} pageSize={data.pageSize} total={data.total} onChange={setPage} />
          </>
        )}
      </ListState>
    </Stack>
  );
}

/** The data center's queue of registration changes. */
export function QueuePage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<RegistrationChangeDto['status'] | 'all'>('pending');
  const list = useRegistrationQueue(page, status === 'all' ? undefined : status);
  return (
    <Stack gap={0}>
      <PageHeader title={t('registration.queueTitle')} description={t('registration.queueDescription')} />
      <Group mb="md">
        <SegmentedControl
          aria-label={t('registration.statusLabel')}
          value={status}
          onChange={(v) => {
            setStatus(v as typeof status);
            setPage(1);
          }}
          data={[...RegistrationChangeStatus.options.map((s) => ({ value: s, label: t(`registration.status.${s}`) })), { value: 'all', label: t('registration.all') }]}
        />
      </Group>
      <ListState query={list} empty={{ title: t('registration.queueEmpty'), description: t('registration.queueEmptyHint') }}>
        {(data) => (
          <>
            <ChangesTable items={data.items} base="/registration-changes/queue" showPerson />
            <ListPagination page={page} pageSize={data.pageSize} total={data.total} onChange={setPage} />
          </>
        )}
      </ListState>
    </Stack>
  );
}

/** The registration as it was, in words: names, email, institutions, groups, roles. */
function BeforeList({ r }: { r: RegistrationChangeDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const b = r.before as { familyNameJa?: string; givenNameJa?: string; familyNameEn?: string; givenNameEn?: string; email?: string; institutionIds?: string[]; researchGroupIds?: string[]; roles?: { role: string; institutionId?: string | null; researchGroupId?: string | null }[] };
  const name = (id: string | null | undefined) => (id ? refName(r.refs[id], lang) || id : '');
  const sep = lang === 'ja' ? '、' : ', ';
  const rows: [string, string][] = [
    [t('registration.beforeName'), lang === 'ja' ? `${b.familyNameJa ?? ''} ${b.givenNameJa ?? ''}` : `${b.givenNameEn ?? ''} ${b.familyNameEn ?? ''}`],
    [t('registration.beforeEmail'), b.email ?? ''],
    [t('registration.beforeInstitutions'), (b.institutionIds ?? []).map(name).join(sep)],
    [t('registration.beforeGroups'), (b.researchGroupIds ?? []).map(name).join(sep)],
    [t('registration.beforeRoles'), (b.roles ?? []).map((x) => [t(`roles.${x.role}`), name(x.institutionId), name(x.researchGroupId)].filter(Boolean).join(' / ')).join(sep)],
  ];
  return (
    <Table variant="vertical" withTableBorder>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th w={200}>{k}</Table.Th>
            <Table.Td>{v || '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One request: what was asked, the registration before it, the decision; approve/reject or withdraw. */
export function ChangeDetailPage({ review = false }: { review?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { id } = useParams();
  const q = useRegistrationChange(id);
  const can = useCan();
  const me = useSession().data?.person?.id;
  const decide = useDecideRegistrationChange(id ?? '');
  const withdraw = useWithdrawRegistrationChange(id ?? '');
  const [reason, setReason] = useState('');
  const r = q.data;
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!r) return <Loading />;
  const who = (p: { nameJa: string; nameEn: string } | null) => (p ? (lang === 'ja' ? p.nameJa : p.nameEn) : '');
  const mayDecide = review && r.status === 'pending' && can('registration_change.review');
  const mayWithdraw = r.status === 'pending' && (r.person.id === me || r.submittedBy?.id === me);
  return (
    <Stack gap="md">
      <PageHeader
        title={t(`registration.kind.${r.kind}`)}
        badge={<StatusBadge status={r.status} />}
        above={
          <Anchor component={Link} to={review ? '/registration-changes/queue' : '/registration-changes'} size="sm">
            {review ? t('registration.queueTitle') : t('registration.title')}
          </Anchor>
        }
      />
      <Paper withBorder radius="md" p="md">
        <Stack gap="xs">
          <Text data-testid="change-summary">
            <ChangeSummary r={r} />
          </Text>
          <Text size="sm">
            {t('registration.person')}: {who(r.person)} ({r.person.email})
          </Text>
          <Text size="sm">
            {t('registration.submittedBy')}: {who(r.submittedBy)} · {formatTokyo(r.createdAt)}
          </Text>
          {r.note && (
            <Text size="sm">
              {t('registration.note')}: {r.note}
            </Text>
          )}
          {r.decidedAt && (
            <Text size="sm">
              {t('registration.decidedBy')}: {who(r.decidedBy)} · {formatTokyo(r.decidedAt)}
              {r.decisionReason ? ` · ${t('registration.reason')}: ${r.decisionReason}` : ''}
            </Text>
          )}
        </Stack>
      </Paper>
      {review && r.before && (
        <Paper withBorder radius="md" p="md">
          <Title order={2} fz="md" mb="xs">
            {r.status === 'approved' ? t('registration.beforeApproved') : t('registration.beforeSubmitted')}
          </Title>
          <BeforeList r={r} />
        </Paper>
      )}
      {mayDecide && (
        <Paper withBorder radius="md" p="md">
          <Stack gap="sm">
            <Textarea label={t('registration.reason')} description={t('registration.reasonHint')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={2000} autosize minRows={2} />
            {decide.error && <ErrorAlert error={decide.error} />}
            <Group justify="flex-end">
              <Button color="red" variant="light" disabled={!reason.trim()} loading={decide.isPending} onClick={() => decide.mutate({ decision: 'reject', reason })}>
                {t('registration.reject')}
              </Button>
              <Button loading={decide.isPending} onClick={() => decide.mutate({ decision: 'approve', reason: reason || null })}>
                {t('registration.approve')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      {mayWithdraw && !mayDecide && (
        <Group>
          <Button variant="default" loading={withdraw.isPending} onClick={() => withdraw.mutate()}>
            {t('registration.withdraw')}
          </Button>
          {withdraw.error && <ErrorAlert error={withdraw.error} />}
        </Group>
      )}
    </Stack>
  );
}
