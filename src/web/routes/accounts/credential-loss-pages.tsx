import { Alert, Anchor, Badge, Breadcrumbs, Button, Group, Paper, ScrollArea, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { CredentialLossDto, CredentialLossStatus } from '../../../shared/accounts.js';
import { useCredentialLoss, useCredentialLossAction, useCredentialLosses } from '../../api/accounts.js';
import { ApiError } from '../../api/client.js';
import { DetailList } from '../../components/detail-list.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, personName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { NotFoundPage } from '../errors/not-found-page.js';

function LossStatus({ r }: { r: CredentialLossDto }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      <Badge color={r.status === 'open' ? 'red' : 'gray'} variant="light">
        {t(`accounts.loss.status.${r.status}`)}
      </Badge>
      {r.status === 'open' && r.mfaResetPending && (
        <Badge color="orange" variant="outline">
          {t('accounts.loss.mfaPending')}
        </Badge>
      )}
    </Group>
  );
}

const lostText = (r: CredentialLossDto, t: (k: string) => string, lang: string) => r.lost.map((l) => t(`accounts.lost.item.${l}`)).join(lang === 'ja' ? '、' : ', ');

/** The credential-loss queue (P32-2.1.3b): open reports first, then the closed ones. */
export function CredentialLossListPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [status, setStatus] = useState<CredentialLossStatus>('open');
  const [page, setPage] = useState(1);
  const list = useCredentialLosses(status, page);
  return (
    <Stack gap="lg">
      <PageHeader
        title={t('accounts.loss.title')}
        description={t('accounts.loss.description')}
        above={
          <Breadcrumbs>
            <Anchor component={Link} to="/accounts" size="sm">
              {t('accounts.console.title')}
            </Anchor>
          </Breadcrumbs>
        }
      />
      <SegmentedControl
        w="fit-content"
        value={status}
        onChange={(v) => {
          setStatus(v as CredentialLossStatus);
          setPage(1);
        }}
        data={[
          { value: 'open', label: t('accounts.loss.status.open') },
          { value: 'closed', label: t('accounts.loss.status.closed') },
        ]}
      />
      <ErrorAlert error={list.error} />
      {!list.data ? (
        !list.error && <Loading />
      ) : list.data.items.length === 0 ? (
        <EmptyList title={t(status === 'open' ? 'accounts.loss.emptyOpen' : 'accounts.loss.emptyClosed')} description={t('accounts.loss.emptyHint')} />
      ) : (
        <Paper withBorder radius="md">
          <ScrollArea>
            <Table striped highlightOnHover verticalSpacing="xs" miw={800}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('accounts.loss.reportedAt')}</Table.Th>
                  <Table.Th>{t('person.name')}</Table.Th>
                  <Table.Th>{t('accounts.lost.what')}</Table.Th>
                  <Table.Th>{t('accounts.loss.via')}</Table.Th>
                  <Table.Th>{t('accounts.field.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/accounts/credential-loss/${r.id}`} size="sm">
                        {formatTokyo(r.reportedAt)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{personName(r, lang)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{lostText(r, t, lang)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(`accounts.loss.viaKind.${r.reportedVia}`)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <LossStatus r={r} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        </Paper>
      )}
      {list.data && <ListPagination page={page} pageSize={50} total={list.data.total} onChange={setPage} />}
    </Stack>
  );
}

/** One report: who, what, when, how; reset the authenticator after checking identity; close with a note. */
export function CredentialLossDetailPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { id } = useParams();
  const query = useCredentialLoss(id);
  const act = useCredentialLossAction(id ?? '');
  const [mfaNote, setMfaNote] = useState('');
  const [closeNote, setCloseNote] = useState('');
  if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundPage />;
  const r = query.data;
  const crumbs = (
    <Breadcrumbs>
      <Anchor component={Link} to="/accounts" size="sm">
        {t('accounts.console.title')}
      </Anchor>
      <Anchor component={Link} to="/accounts/credential-loss" size="sm">
        {t('accounts.loss.title')}
      </Anchor>
    </Breadcrumbs>
  );
  if (query.error) return <Stack>{crumbs}<ErrorAlert error={query.error} /></Stack>;
  if (!r) return <Loading />;
  return (
    <Stack gap="lg">
      <PageHeader title={t('accounts.loss.detailTitle', { name: personName(r, lang) })} above={crumbs} badge={<LossStatus r={r} />} />
      <Paper withBorder radius="md" p="lg">
        <DetailList
          items={[
            { label: t('person.name'), value: <Anchor component={Link} to={`/people/${r.personId}`}>{personName(r, lang)}</Anchor> },
            { label: t('auth.email'), value: r.email },
            { label: t('accounts.lost.what'), value: lostText(r, t, lang) },
            { label: t('accounts.loss.reportedAt'), value: formatTokyo(r.reportedAt) },
            { label: t('accounts.loss.via'), value: t(`accounts.loss.viaKind.${r.reportedVia}`) },
            { label: t('accounts.lost.note'), value: r.note },
            { label: t('accounts.loss.ip'), value: r.ip },
            { label: t('accounts.loss.userAgent'), value: r.userAgent },
            ...(r.mfaResetAt ? [{ label: t('accounts.loss.mfaResetAt'), value: formatTokyo(r.mfaResetAt) }] : []),
            ...(r.closedAt ? [{ label: t('accounts.loss.closedAt'), value: `${formatTokyo(r.closedAt)} · ${r.closedByName ?? ''}` }, { label: t('accounts.loss.closeNote'), value: r.closeNote }] : []),
          ]}
        />
      </Paper>
      <Alert color="blue" variant="light">
        {t('accounts.loss.effects')}
      </Alert>
      <ErrorAlert error={act.error} />
      {r.status === 'open' && r.mfaResetPending && (
        <Paper withBorder radius="md" p="lg">
          <Title order={2} fz="lg" mb="xs">
            {t('accounts.loss.resetMfaTitle')}
          </Title>
          <Text size="sm" mb="sm">
            {t('accounts.loss.resetMfaBody')}
          </Text>
          <Textarea label={t('accounts.loss.verification')} value={mfaNote} onChange={(e) => setMfaNote(e.currentTarget.value)} required autosize minRows={2} maxLength={2000} />
          <Group justify="flex-end" mt="sm">
            <Button color="orange" disabled={!mfaNote.trim()} loading={act.isPending} onClick={() => act.mutate({ kind: 'reset-mfa', note: mfaNote.trim() }, { onSuccess: () => notify(t('accounts.loss.mfaResetDone')) })}>
              {t('accounts.loss.resetMfa')}
            </Button>
          </Group>
        </Paper>
      )}
      {r.status === 'open' && (
        <Paper withBorder radius="md" p="lg">
          <Title order={2} fz="lg" mb="xs">
            {t('accounts.loss.closeTitle')}
          </Title>
          <Textarea label={t('accounts.loss.closeNote')} value={closeNote} onChange={(e) => setCloseNote(e.currentTarget.value)} required autosize minRows={2} maxLength={2000} />
          <Group justify="flex-end" mt="sm">
            <Button disabled={!closeNote.trim()} loading={act.isPending} onClick={() => act.mutate({ kind: 'close', note: closeNote.trim() }, { onSuccess: () => notify(t('accounts.loss.closedDone')) })}>
              {t('accounts.loss.close')}
            </Button>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}
