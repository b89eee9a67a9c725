import { Alert, Anchor, Button, Group, Stack, Table, Text, Timeline } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconLock, IconSend, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { useAttach, useCustody, useDecideApproval, useRelease, useRequestException, useTransfer, useWithdraw } from './api.js';
import { FindingsPanel } from './findings.js';
import { FileDrop, PersonLabel, StateBadge } from './parts.js';
import { CustodyLine, FilesTable, ReasonModal, Section } from './transfer-parts.js';

/** A transfer: what, from whom, to whom, its files and findings, what can be done now, and its chain of custody. */
export function TransferPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { id = '' } = useParams();
  const q = useTransfer(id);
  const custody = useCustody(id, !!q.data);
  const release = useRelease(id);
  const withdraw = useWithdraw(id);
  const attach = useAttach(id);
  const exception = useRequestException(id);
  const approval = useDecideApproval(id);
  const [modal, setModal] = useState<null | 'withdraw' | 'exception' | 'reject'>(null);
  const x = q.data;
  if (q.error) {
    const gone = q.error instanceof ApiError && q.error.code === 'TRANSFER_GONE';
    return (
      <Stack>
        <PageHeader title={t('exchange.transfer.title')} />
        {gone ? (
          <Alert color="gray" icon={<IconLock aria-hidden />} title={t('exchange.transfer.goneTitle')}>
            {t('exchange.transfer.goneText')}
          </Alert>
        ) : (
          <ErrorAlert error={q.error} />
        )}
      </Stack>
    );
  }
  if (!x) return <Loading />;
  const releaseBlocked = release.error instanceof ApiError && release.error.code === 'TRIPWIRE_BLOCKED';
  const pendingException = x.exceptions.find((e) => e.status === 'pending');
  return (
    <Stack gap="md">
      <PageHeader
        title={x.purpose}
        badge={<StateBadge state={x.state} />}
        above={
          <Anchor component={Link} to={x.viewer === 'recipient' ? '/exchange/inbox' : '/exchange/outbox'} size="sm">
            {t(x.viewer === 'recipient' ? 'exchange.inbox.title' : 'exchange.outbox.title')}
          </Anchor>
        }
        description={t(`exchange.stateHelp.${x.state}`)}
        actions={
          <Group gap="xs">
            {x.can.release && (
              <Button leftSection={<IconSend size={16} aria-hidden />} loading={release.isPending} onClick={() => release.mutate()}>
                {t('exchange.transfer.release')}
              </Button>
            )}
            {x.can.approve && (
              <>
                <Button color="ok" leftSection={<IconCheck size={16} aria-hidden />} loading={approval.isPending} onClick={() => approval.mutate({ decision: 'approve', reason: null })}>
                  {t('exchange.transfer.approve')}
                </Button>
                <Button variant="light" color="red" leftSection={<IconX size={16} aria-hidden />} onClick={() => setModal('reject')}>
                  {t('exchange.transfer.reject')}
                </Button>
              </>
            )}
            {x.can.withdraw && (
              <Button variant="light" color="red" onClick={() => setModal('withdraw')}>
                {t('exchange.transfer.withdraw')}
              </Button>
            )}
          </Group>
        }
      />
      {release.error && !releaseBlocked && <ErrorAlert error={release.error} />}
      <ErrorAlert error={approval.error} />
      {x.state === 'blocked' && x.openFindings === 0 && (
        <Alert color="blue" icon={<IconSend aria-hidden />} title={t('exchange.transfer.resolvedTitle')}>
          {t('exchange.transfer.resolvedText')}
        </Alert>
      )}
      {x.state === 'blocked' && x.openFindings > 0 && (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={t('exchange.transfer.blockedTitle')} data-testid="blocked-alert">
          <Stack gap="xs">
            <Text size="sm">{t('exchange.transfer.blockedText')}</Text>
            {pendingException ? (
              <Text size="sm" fw={500}>
                {t('exchange.transfer.exceptionPending')}
              </Text>
            ) : (
              x.can.requestException && (
                <Group>
                  <Button size="xs" variant="white" color="red" onClick={() => setModal('exception')}>
                    {t('exchange.transfer.requestException')}
                  </Button>
                </Group>
              )
            )}
          </Stack>
        </Alert>
      )}
      {x.held && (
        <Alert color="yellow" icon={<IconLock aria-hidden />}>
          {t('exchange.transfer.held')}
        </Alert>
      )}
      <Section title={t('exchange.transfer.details')}>
        <DetailList
          items={[
            { label: t('exchange.field.sender'), value: <PersonLabel p={x.sender} /> },
            {
              label: t('exchange.field.recipients'),
              value: (
                <Stack gap={2}>
                  {x.addressees.map((a) => (a.kind === 'person' ? <PersonLabel key={a.person.id} p={a.person} /> : <Text key={a.unit.id} size="sm">{`${refName(a.unit, lang)} (${t('exchange.unitAll')})`}</Text>))}
                </Stack>
              ),
            },
            { label: t('exchange.field.study'), value: x.study ? `${x.study.code} ${lang === 'ja' ? x.study.titleJa : x.study.titleEn}` : null },
            { label: t('exchange.field.classification'), value: t(`exchange.classification.${x.classification}`) },
            { label: t('exchange.field.dataCategory'), value: t(`exchange.dataCategory.${x.dataCategory}`) },
            { label: t('exchange.field.expiresAt'), value: x.releasedAt ? formatTokyo(x.expiresAt) : t('exchange.transfer.expiresAfterRelease', { days: x.expiryDays }) },
            ...(x.releasedAt ? [{ label: t('exchange.field.releasedAt'), value: formatTokyo(x.releasedAt) }] : []),
            { label: t('exchange.field.message'), value: x.message ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{x.message}</Text> : null },
            ...(x.withdrawnAt ? [{ label: t('exchange.field.withdrawnAt'), value: `${formatTokyo(x.withdrawnAt)}${x.withdrawReason ? ` (${x.withdrawReason})` : ''}` }] : []),
            ...(x.purgedAt ? [{ label: t('exchange.field.purgedAt'), value: formatTokyo(x.purgedAt) }] : []),
          ]}
        />
      </Section>
      <Section title={t('exchange.field.files')} testId="files">
        <Stack gap="sm">
          <FilesTable x={x} />
          {x.can.edit && (
            <>
              <FileDrop transferId={id} onUploaded={async (f) => void (await attach.mutateAsync(f.id))} />
              <ErrorAlert error={attach.error} />
            </>
          )}
        </Stack>
      </Section>
      <FindingsPanel transfer={x} />
      {(x.viewer === 'sender' || x.viewer === 'manager') && x.recipientList.length > 0 && (
        <Section title={t('exchange.transfer.deliveries')} testId="deliveries">
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing="xs" aria-label={t('exchange.transfer.deliveries')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('exchange.field.recipient')}</Table.Th>
                  <Table.Th>{t('exchange.transfer.noticed')}</Table.Th>
                  <Table.Th>{t('exchange.transfer.firstDownload')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {x.recipientList.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      <PersonLabel p={r} />
                      {r.viaUnit && (
                        <Text size="xs" c="dimmed">
                          {t('exchange.transfer.viaUnit', { unit: refName(r.viaUnit, lang) })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{formatTokyo(r.noticedAt)}</Table.Td>
                    <Table.Td>{r.firstDownloadAt ? formatTokyo(r.firstDownloadAt) : t('exchange.notYet')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Section>
      )}
      {(x.waivers.length > 0 || x.exceptions.length > 0 || x.approvals.length > 0) && (
        <Section title={t('exchange.transfer.decisions')}>
          <Stack gap={6}>
            {x.waivers.map((w) => (
              <Text key={w.id} size="sm">
                {t('exchange.transfer.waiverLine', { who: refName(w.by, lang), column: w.column, file: w.fileName, count: w.findings, at: formatTokyo(w.at), reason: w.reason })}
              </Text>
            ))}
            {x.exceptions.map((e) => (
              <Text key={e.id} size="sm">
                {t(`exchange.transfer.exceptionLine.${e.status}`, { who: refName(e.requestedBy, lang), reason: e.requestReason, by: e.decidedBy ? refName(e.decidedBy, lang) : '', decision: e.decisionReason ?? '' })}
              </Text>
            ))}
            {x.approvals.map((a) => (
              <Text key={a.id} size="sm">
                {t(`exchange.transfer.approvalLine.${a.decision}`, { who: refName(a.approver, lang), at: formatTokyo(a.at), reason: a.reason ?? '' })}
              </Text>
            ))}
          </Stack>
        </Section>
      )}
      <Section title={t('exchange.custody.title')} testId="custody">
        {custody.error ? (
          <ErrorAlert error={custody.error} />
        ) : !custody.data ? (
          <Loading />
        ) : (
          <Timeline bulletSize={12} lineWidth={2} active={custody.data.items.length}>
            {custody.data.items.map((e) => (
              <CustodyLine key={e.seq} e={e} x={x} />
            ))}
          </Timeline>
        )}
      </Section>
      <ReasonModal
        opened={modal === 'withdraw'}
        title={t('exchange.transfer.withdraw')}
        text={t('exchange.transfer.withdrawText')}
        label={t('exchange.transfer.withdraw')}
        required={false}
        color="red"
        pending={withdraw.isPending}
        error={withdraw.error}
        onClose={() => setModal(null)}
        onSubmit={(reason) => withdraw.mutate(reason || null, { onSuccess: () => setModal(null) })}
      />
      <ReasonModal
        opened={modal === 'exception'}
        title={t('exchange.transfer.requestException')}
        text={t('exchange.transfer.exceptionText')}
        label={t('exchange.transfer.sendRequest')}
        required
        pending={exception.isPending}
        error={exception.error}
        onClose={() => setModal(null)}
        onSubmit={(reason) => exception.mutate(reason, { onSuccess: () => setModal(null) })}
      />
      <ReasonModal
        opened={modal === 'reject'}
        title={t('exchange.transfer.reject')}
        text={t('exchange.transfer.rejectText')}
        label={t('exchange.transfer.reject')}
        required={false}
        color="red"
        pending={approval.isPending}
        error={approval.error}
        onClose={() => setModal(null)}
        onSubmit={(reason) => approval.mutate({ decision: 'reject', reason: reason || null }, { onSuccess: () => setModal(null) })}
      />
    </Stack>
  );
}
