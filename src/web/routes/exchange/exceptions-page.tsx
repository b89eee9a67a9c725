import { Anchor, Button, Group, Modal, Paper, SegmentedControl, Stack, Table, Tabs, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ExceptionStatus } from '../../../shared/exchange.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { ListState } from '../../components/list-state.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { useDecideException, useExceptions, useWaivers } from './api.js';
import { PersonLabel, StateBadge } from './parts.js';

/** Approve or reject an exception request; a reason is required either way. */
function DecideModal({ target, onClose }: { target: { id: string; decision: 'approve' | 'reject' } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const decide = useDecideException();
  const [reason, setReason] = useState('');
  return (
    <Modal opened={!!target} onClose={onClose} title={target ? t(`exchange.exceptions.${target.decision}`) : ''}>
      {target && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            decide.mutate({ id: target.id, decision: target.decision, reason }, { onSuccess: () => (setReason(''), onClose()) });
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t(`exchange.exceptions.${target.decision}Text`)}</Text>
            <Textarea label={t('exchange.field.reason')} required minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
            <ErrorAlert error={decide.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color={target.decision === 'approve' ? 'ok' : 'red'} loading={decide.isPending} disabled={!reason.trim()}>
                {t(`exchange.exceptions.${target.decision}`)}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function ExceptionList() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ExceptionStatus>('pending');
  const [page, setPage] = useState(1);
  const list = useExceptions(status, page);
  const [target, setTarget] = useState<{ id: string; decision: 'approve' | 'reject' } | null>(null);
  return (
    <Stack gap="sm">
      <SegmentedControl
        aria-label={t('exchange.findings.status')}
        value={status}
        onChange={(v) => {
          setStatus(v as ExceptionStatus);
          setPage(1);
        }}
        data={(['pending', 'approved', 'rejected', 'cancelled'] as const).map((s) => ({ value: s, label: t(`exchange.exceptions.status.${s}`) }))}
        style={{ alignSelf: 'flex-start' }}
      />
      <ListState query={list} empty={{ title: t('exchange.exceptions.empty'), description: t('exchange.exceptions.emptyHint') }}>
        {(data) => (
          <>
            <Paper withBorder radius="md">
              <Table.ScrollContainer minWidth={720}>
                <Table verticalSpacing="sm" aria-label={t('exchange.exceptions.title')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('exchange.field.purpose')}</Table.Th>
                      <Table.Th>{t('exchange.exceptions.requestedBy')}</Table.Th>
                      <Table.Th>{t('exchange.field.reason')}</Table.Th>
                      <Table.Th>{t('exchange.exceptions.findings')}</Table.Th>
                      <Table.Th>{status === 'pending' ? '' : t('exchange.exceptions.decision')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((e) => (
                      <Table.Tr key={e.id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/exchange/transfers/${e.transferId}`}>
                            {e.transfer.purpose}
                          </Anchor>
                          <Group gap={4} mt={2}>
                            <StateBadge state={e.transfer.state} />
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <PersonLabel p={e.requestedBy} />
                          <Text size="xs" c="dimmed">
                            {formatTokyo(e.createdAt)}
                          </Text>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{e.requestReason}</Table.Td>
                        <Table.Td>{e.findings}</Table.Td>
                        <Table.Td>
                          {e.status === 'pending' ? (
                            <Group gap={4} wrap="nowrap">
                              <Button size="xs" color="ok" onClick={() => setTarget({ id: e.id, decision: 'approve' })}>
                                {t('exchange.exceptions.approve')}
                              </Button>
                              <Button size="xs" variant="light" color="red" onClick={() => setTarget({ id: e.id, decision: 'reject' })}>
                                {t('exchange.exceptions.reject')}
                              </Button>
                            </Group>
                          ) : (
                            <Text size="sm">{e.decisionReason}</Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
            <ListPagination page={page} pageSize={data.pageSize} total={data.total} onChange={setPage} />
          </>
        )}
      </ListState>
      <DecideModal target={target} onClose={() => setTarget(null)} />
    </Stack>
  );
}

function WaiverTable() {
  const { t } = useTranslation();
  const lang = useLang();
  const [page, setPage] = useState(1);
  const list = useWaivers(page);
  return (
    <ListState query={list} empty={{ title: t('exchange.waivers.empty'), description: t('exchange.waivers.emptyHint') }}>
      {(data) => (
        <>
          <Paper withBorder radius="md">
            <Table.ScrollContainer minWidth={720}>
              <Table verticalSpacing="sm" aria-label={t('exchange.waivers.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('exchange.waivers.when')}</Table.Th>
                    <Table.Th>{t('exchange.field.sender')}</Table.Th>
                    <Table.Th>{t('exchange.file.name')}</Table.Th>
                    <Table.Th>{t('exchange.findings.column')}</Table.Th>
                    <Table.Th>{t('exchange.field.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((w) => (
                    <Table.Tr key={w.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/exchange/transfers/${w.transferId}`}>
                          {formatTokyo(w.at)}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <PersonLabel p={w.sender} />
                      </Table.Td>
                      <Table.Td style={{ overflowWrap: 'anywhere' }}>{w.fileName}</Table.Td>
                      <Table.Td>
                        {w.sheet ? `${w.sheet} / ` : ''}
                        {w.column}
                        <Text size="xs" c="dimmed">
                          {t('exchange.custody.findings', { count: w.findings })}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>
                        {w.reason}
                        <Text size="xs" c="dimmed">
                          {refName(w.by, lang)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          <ListPagination page={page} pageSize={data.pageSize} total={data.total} onChange={setPage} />
        </>
      )}
    </ListState>
  );
}

/** The data center's queue: exception requests to decide, and every waiver senders made. */
export function ExceptionsPage() {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <PageHeader title={t('exchange.exceptions.title')} description={t('exchange.exceptions.description')} />
      <Tabs defaultValue="exceptions" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="exceptions">{t('exchange.exceptions.tab')}</Tabs.Tab>
          <Tabs.Tab value="waivers">{t('exchange.waivers.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="exceptions">
          <ExceptionList />
        </Tabs.Panel>
        <Tabs.Panel value="waivers">
          <WaiverTable />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
