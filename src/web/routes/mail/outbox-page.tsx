import { Alert, Badge, Button, Group, Modal, Paper, ScrollArea, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconInfoCircle, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MailStatus } from '../../../shared/mail.js';
import { useOutbox, useOutboxMessage, useRetryMail } from '../../api/mail.js';
import { ListState } from '../../components/list-state.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';

const PAGE_SIZE = 50;
const STATUS_COLOR: Record<MailStatus, string> = { queued: 'blue', sending: 'blue', sent: 'ok', failed: 'red', held: 'yellow' };

export function MailStatusBadge({ status }: { status: MailStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {t(`mail.status.${status}`)}
    </Badge>
  );
}

/** One message, opened from the list: reading the body is audited, so it is loaded only here. */
function MessageModal({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useOutboxMessage(id);
  const retry = useRetryMail();
  const m = message.data;
  return (
    <Modal opened={id !== null} onClose={onClose} title={m?.subject ?? t('mail.message')} size="lg">
      {message.error ? (
        <ErrorAlert error={message.error} />
      ) : !m ? (
        <Loading />
      ) : (
        <Stack gap="sm">
          <Group gap="xs">
            <MailStatusBadge status={m.status} />
            <Text size="sm" c="dimmed">
              {t('mail.to')}: {m.to} · {formatTokyo(m.createdAt)}
            </Text>
          </Group>
          <Paper withBorder p="sm" radius="sm" bg="gray.0">
            <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }} data-testid="mail-body">
              {m.body}
            </Text>
          </Paper>
          {m.attempts.length > 0 && (
            <Text size="xs" c="dimmed">
              {t('mail.lastError', { count: m.attempts.length, error: m.attempts[m.attempts.length - 1]?.error ?? '' })}
            </Text>
          )}
          {(m.status === 'failed' || m.status === 'held') && (
            <Group justify="flex-end">
              <Button variant="light" loading={retry.isPending} onClick={() => retry.mutate(m.id, { onSuccess: onClose })}>
                {t('mail.retry')}
              </Button>
            </Group>
          )}
          {retry.error && <ErrorAlert error={retry.error} />}
        </Stack>
      )}
    </Modal>
  );
}

/** Every email Mamori wrote: delivery status, and without SMTP the messages to pass on by hand. */
export function OutboxPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<MailStatus | 'all'>('all');
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q, 300);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<number | null>(null);
  const list = useOutbox(page, PAGE_SIZE, { status: status === 'all' ? undefined : status, q: debouncedQ || undefined });

  return (
    <Stack gap={0}>
      <PageHeader title={t('mail.title')} description={t('mail.description')} />
      {list.data && !list.data.smtpConfigured && (
        <Alert color="yellow" icon={<IconInfoCircle aria-hidden />} mb="md" title={t('mail.noSmtpTitle')}>
          {t('mail.noSmtp')}
        </Alert>
      )}
      <Group mb="md" gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label={t('mail.statusFilter')}
          value={status}
          onChange={(v) => {
            setStatus(v as MailStatus | 'all');
            setPage(1);
          }}
          data={[{ value: 'all', label: t('mail.all') }, ...MailStatus.options.map((s) => ({ value: s, label: t(`mail.status.${s}`) }))]}
        />
        <TextInput
          aria-label={t('mail.search')}
          placeholder={t('mail.search')}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => {
            setQ(e.currentTarget.value);
            setPage(1);
          }}
          w={280}
        />
      </Group>
      <ListState query={list} empty={{ title: t('mail.empty'), description: t('mail.emptyHint') }}>
        {(data) => (
          <>
            <Paper withBorder radius="md" style={{ overflow: 'hidden', opacity: list.isPlaceholderData ? 0.6 : 1 }}>
              <ScrollArea type="auto">
                <Table verticalSpacing="xs" horizontalSpacing="sm" aria-label={t('mail.tableLabel')} miw={760} highlightOnHover>
                  <Table.Thead bg="gray.0">
                    <Table.Tr>
                      <Table.Th w={170}>{t('mail.createdAt')}</Table.Th>
                      <Table.Th>{t('mail.to')}</Table.Th>
                      <Table.Th>{t('mail.subject')}</Table.Th>
                      <Table.Th w={110}>{t('mail.statusLabel')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((m) => (
                      <Table.Tr key={m.id} style={{ cursor: 'pointer' }} onClick={() => setOpen(m.id)}>
                        <Table.Td>{formatTokyo(m.createdAt)}</Table.Td>
                        <Table.Td>{m.to}</Table.Td>
                        <Table.Td>
                          <Button variant="subtle" size="compact-sm" px={0} onClick={() => setOpen(m.id)} styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}>
                            {m.subject}
                          </Button>
                        </Table.Td>
                        <Table.Td>
                          <MailStatusBadge status={m.status} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            </Paper>
            <ListPagination page={page} pageSize={PAGE_SIZE} total={data.total} onChange={setPage} />
          </>
        )}
      </ListState>
      <MessageModal id={open} onClose={() => setOpen(null)} />
    </Stack>
  );
}
