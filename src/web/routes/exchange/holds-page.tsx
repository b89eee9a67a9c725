import { Anchor, Badge, Button, Group, Modal, Paper, SegmentedControl, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListState } from '../../components/list-state.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { useHolds, useReleaseHold, useSetHold } from './api.js';

export function HoldsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [active, setActive] = useState(true);
  const list = useHolds(active);
  const set = useSetHold();
  const release = useReleaseHold();
  const [open, setOpen] = useState(false);
  const [transferId, setTransferId] = useState('');
  const [reason, setReason] = useState('');
  const [releasing, setReleasing] = useState<string | null>(null);
  const [releaseReason, setReleaseReason] = useState('');
  return (
    <Stack gap={0}>
      <PageHeader
        title={t('exchange.holds.title')}
        description={t('exchange.holds.description')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpen(true)}>
            {t('exchange.holds.new')}
          </Button>
        }
      />
      <SegmentedControl
        mb="md"
        aria-label={t('exchange.findings.status')}
        value={active ? 'active' : 'released'}
        onChange={(v) => setActive(v === 'active')}
        data={[
          { value: 'active', label: t('exchange.holds.active') },
          { value: 'released', label: t('exchange.holds.released') },
        ]}
        style={{ alignSelf: 'flex-start' }}
      />
      <ListState query={list} empty={{ title: t('exchange.holds.empty'), description: t('exchange.holds.emptyHint') }}>
        {(data) => (
          <Paper withBorder radius="md">
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" aria-label={t('exchange.holds.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('exchange.holds.scope')}</Table.Th>
                    <Table.Th>{t('exchange.field.reason')}</Table.Th>
                    <Table.Th>{t('exchange.holds.setBy')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((h) => (
                    <Table.Tr key={h.id}>
                      <Table.Td>
                        {h.transfer ? (
                          <Anchor component={Link} to={`/exchange/transfers/${h.transfer.id}`}>
                            {h.transfer.purpose}
                          </Anchor>
                        ) : (
                          <Badge color="red" variant="filled">{t('exchange.holds.all')}</Badge>
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{h.reason}</Table.Td>
                      <Table.Td>
                        {h.setBy ? refName(h.setBy, lang) : ''}
                        <Text size="xs" c="dimmed">
                          {formatTokyo(h.setAt)}
                        </Text>
                        {h.releasedAt && (
                          <Text size="xs" c="dimmed">
                            {t('exchange.holds.releasedLine', { at: formatTokyo(h.releasedAt), who: h.releasedBy ? refName(h.releasedBy, lang) : '', reason: h.releaseReason ?? '' })}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {!h.releasedAt && (
                          <Button size="xs" variant="light" onClick={() => setReleasing(h.id)}>
                            {t('exchange.holds.release')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </ListState>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('exchange.holds.new')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            set.mutate({ transferId: transferId.trim() || null, reason }, { onSuccess: () => (setOpen(false), setReason(''), setTransferId('')) });
          }}
        >
          <Stack gap="sm">
            <TextInput label={t('exchange.holds.transferId')} description={t('exchange.holds.transferIdHint')} value={transferId} onChange={(e) => setTransferId(e.currentTarget.value)} />
            <Textarea label={t('exchange.field.reason')} required minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <ErrorAlert error={set.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={set.isPending} disabled={!reason.trim()}>
                {t('exchange.holds.set')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={!!releasing} onClose={() => setReleasing(null)} title={t('exchange.holds.release')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (releasing) release.mutate({ id: releasing, reason: releaseReason }, { onSuccess: () => (setReleasing(null), setReleaseReason('')) });
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('exchange.holds.releaseText')}</Text>
            <Textarea label={t('exchange.field.reason')} required minRows={2} value={releaseReason} onChange={(e) => setReleaseReason(e.currentTarget.value)} />
            <ErrorAlert error={release.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setReleasing(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={release.isPending} disabled={!releaseReason.trim()}>
                {t('exchange.holds.release')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
