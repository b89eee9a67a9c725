import { Anchor, Button, Group, Paper, ScrollArea, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { BoardStateFilter } from '../../../shared/breach.js';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { useBoard } from './api.js';
import { ClockStateBadge, DaysLeft, WaiverInfo } from './clock-parts.js';

/** The deadline board: every open reporting clock of the incidents the caller sees, soonest first. */
export function DeadlinesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const parsed = BoardStateFilter.safeParse(params.get('state') ?? 'open');
  const state = parsed.success ? parsed.data : 'open';
  const board = useBoard(state);
  return (
    <>
      <PageHeader
        title={t('breach.board.title')}
        description={t('breach.board.description')}
        actions={
          can('breach.configure') && (
            <Button component={Link} to="/incidents/breach-settings" variant="default" leftSection={<IconSettings size={16} aria-hidden />}>
              {t('breach.board.settings')}
            </Button>
          )
        }
      />
      <Stack gap="md">
        <ScrollArea type="auto">
          <SegmentedControl
            aria-label={t('breach.board.filter')}
            value={state}
            onChange={(v) => setParams(v === 'open' ? {} : { state: v }, { replace: true })}
            data={(['open', 'overdue', 'due', 'due_soon', 'upcoming', 'done'] as const).map((s) => ({ value: s, label: s === 'open' ? t('breach.board.open') : t(`breach.state.${s}`) }))}
          />
        </ScrollArea>
        {board.data && (
          <Text size="sm" c="dimmed" data-testid="board-counts">
            {t('breach.board.counts', board.data.counts)}
          </Text>
        )}
        {board.isPending ? (
          <Loading />
        ) : board.error ? (
          <ErrorAlert error={board.error} />
        ) : board.data.items.length === 0 ? (
          <Paper withBorder p="lg">
            <Text c="dimmed">{t('breach.board.empty')}</Text>
          </Paper>
        ) : (
          <Paper withBorder>
            <ScrollArea type="auto">
              <Table striped highlightOnHover verticalSpacing="xs" miw={720} aria-label={t('breach.board.title')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('breach.clocks.due')}</Table.Th>
                    <Table.Th>{t('breach.clocks.state')}</Table.Th>
                    <Table.Th>{t('breach.clocks.daysLeft')}</Table.Th>
                    <Table.Th>{t('breach.clocks.kind')}</Table.Th>
                    <Table.Th>{t('breach.board.incident')}</Table.Th>
                    <Table.Th>{t('breach.clocks.overdue')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {board.data.items.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTokyo(c.dueAt).slice(0, 16)}</Table.Td>
                      <Table.Td>
                        <ClockStateBadge state={c.state} />
                        <WaiverInfo clock={c} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <DaysLeft clock={c} />
                      </Table.Td>
                      <Table.Td>{t(`breach.kind.${c.kind}`)}</Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/incidents/${c.incident.id}`} size="sm">
                          {c.incident.ref}
                        </Anchor>
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {c.incident.title}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTokyo(c.overdueAt).slice(0, 16)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          </Paper>
        )}
        {board.data?.truncated && (
          <Group>
            <Text size="sm" c="dimmed">
              {t('breach.board.truncated', { count: board.data.items.length })}
            </Text>
          </Group>
        )}
      </Stack>
    </>
  );
}
