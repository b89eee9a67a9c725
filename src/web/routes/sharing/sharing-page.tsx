import { Alert, Anchor, Badge, Group, Paper, ScrollArea, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSharingSignals } from '../../api/sharing.js';
import { ListState } from '../../components/list-state.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, personName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';

const WINDOWS = [7, 30, 90] as const;

/**
 * Accounts that look shared (P32-2.1.3a): sessions open at the same time from different networks,
 * or more devices than one person usually uses. A reason to ask the person, not proof.
 */
export function SharingSignalsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params] = useSearchParams();
  // A link may choose the window (the home page's card opens ?days=7).
  const [days, setDays] = useState<number>(() => WINDOWS.find((w) => String(w) === params.get('days')) ?? 30);
  const list = useSharingSignals(days);
  return (
    <Stack gap={0}>
      <PageHeader title={t('sharing.title')} description={t('sharing.description')} />
      <Alert color="blue" icon={<IconInfoCircle aria-hidden />} mb="md">
        {t('sharing.howToRead')}
      </Alert>
      <Group mb="md">
        <SegmentedControl
          aria-label={t('sharing.window')}
          value={String(days)}
          onChange={(v) => setDays(Number(v))}
          data={WINDOWS.map((d) => ({ value: String(d), label: t('sharing.days', { count: d }) }))}
        />
      </Group>
      <ListState query={list} empty={{ title: t('sharing.empty'), description: t('sharing.emptyHint', { count: days }) }}>
        {(data) => (
          <Paper withBorder radius="md" style={{ overflow: 'hidden', opacity: list.isPlaceholderData ? 0.6 : 1 }}>
            <ScrollArea type="auto">
              <Table verticalSpacing="sm" horizontalSpacing="sm" aria-label={t('sharing.tableLabel')} miw={760}>
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('sharing.person')}</Table.Th>
                    <Table.Th>{t('sharing.signals')}</Table.Th>
                    <Table.Th>{t('sharing.addresses')}</Table.Th>
                    <Table.Th w={170}>{t('sharing.lastOverlap')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((s) => (
                    <Table.Tr key={s.personId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/people/${s.personId}`} fw={600}>
                          {personName(s, lang)}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {s.email}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={6}>
                          {s.concurrentPairs > 0 && (
                            <Badge color="red" variant="light">
                              {t('sharing.concurrent', { count: s.concurrentPairs })}
                            </Badge>
                          )}
                          {s.devices >= data.deviceThreshold && (
                            <Badge color="orange" variant="light">
                              {t('sharing.manyDevices', { count: s.devices })}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {s.concurrentIps.join(', ') || '—'}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t('sharing.distinctIps', { count: s.distinctIps })}
                        </Text>
                      </Table.Td>
                      <Table.Td>{s.lastOverlapAt ? formatTokyo(s.lastOverlapAt) : '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          </Paper>
        )}
      </ListState>
    </Stack>
  );
}
