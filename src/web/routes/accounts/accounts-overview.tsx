import { Grid, Group, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconClockHour4, IconMailExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AccountStatus } from '../../../shared/account.js';
import type { AccountCountsDto, AccountFilter } from '../../../shared/accounts.js';
import { STATUS_COLOR } from './account-ui.js';

const STATUSES = AccountStatus.options;

const ATTENTION: { filter: AccountFilter; icon: typeof IconAlertTriangle }[] = [
  { filter: 'invitation_expired', icon: IconMailExclamation },
  { filter: 'expiring', icon: IconClockHour4 },
  { filter: 'dormant_soon', icon: IconAlertTriangle },
];

interface OverviewProps {
  counts: AccountCountsDto;
  filter: AccountFilter | '';
  onFilter: (f: AccountFilter | '') => void;
}

/**
 * The console's overview: one card per account status and per deadline needing attention (a card is a
 * toggle button that filters the list below), and the status distribution as a bar chart drawn with
 * plain elements, each bar carrying its label and number in text.
 */
export function AccountsOverview({ counts, filter, onFilter }: OverviewProps) {
  const { t } = useTranslation();
  const label = (f: AccountFilter) => t(`accounts.filter.${f}`, { days: counts.soonDays });
  const card = (f: AccountFilter | '', n: number, text: string, color: string, Icon?: typeof IconAlertTriangle) => {
    const pressed = filter === f;
    return (
      <UnstyledButton
        key={f || 'all'}
        aria-pressed={pressed}
        onClick={() => onFilter(pressed ? '' : f)}
        p="sm"
        style={{
          display: 'block',
          borderRadius: 'var(--mantine-radius-md)',
          border: `1px solid ${pressed ? 'var(--mantine-color-mamori-6)' : 'var(--mantine-color-default-border)'}`,
          borderLeft: `4px solid var(--mantine-color-${color}-6)`,
          background: pressed ? 'var(--mantine-color-mamori-0)' : 'var(--mantine-color-body)',
          boxShadow: pressed ? '0 0 0 1px var(--mantine-color-mamori-6)' : undefined,
        }}
      >
        <Group gap={6} wrap="nowrap" align="center">
          {Icon && <Icon size={16} aria-hidden color={n > 0 ? `var(--mantine-color-${color}-7)` : undefined} />}
          <Text size="sm" c="dimmed" lh={1.3}>
            {text}
          </Text>
        </Group>
        <Text fz={26} fw={700} lh={1.2} mt={4}>
          {n.toLocaleString()}
        </Text>
      </UnstyledButton>
    );
  };

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Stack gap="sm">
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
          {card('', counts.total, t('accounts.overview.total'), 'gray')}
          {STATUSES.map((s) => card(s, counts[s], label(s), STATUS_COLOR[s]))}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          {ATTENTION.map((a) => card(a.filter, counts[a.filter], label(a.filter), a.filter === 'invitation_expired' ? 'blue' : 'orange', a.icon))}
        </SimpleGrid>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <StatusChart counts={counts} />
      </Grid.Col>
    </Grid>
  );
}

/** Horizontal bars of the status distribution; each row reads "label  number (percent)". */
function StatusChart({ counts }: { counts: AccountCountsDto }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...STATUSES.map((s) => counts[s]));
  const pct = (n: number) => (counts.total > 0 ? Math.round((n / counts.total) * 100) : 0);
  return (
    <Paper withBorder radius="md" p="md" component="figure" m={0} aria-labelledby="account-chart-title">
      <Title order={2} fz="sm" fw={700} id="account-chart-title" mb="sm">
        {t('accounts.overview.chartTitle')}
      </Title>
      <Stack gap={8} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {STATUSES.map((s) => (
          <li key={s}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm">{t(`accounts.status.${s}`)}</Text>
              <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {counts[s].toLocaleString()}
                <Text span size="xs" c="dimmed" fw={400}>
                  {' '}
                  ({pct(counts[s])}%)
                </Text>
              </Text>
            </Group>
            <div aria-hidden style={{ height: 10, borderRadius: 5, background: 'var(--mantine-color-gray-1)', marginTop: 2 }}>
              <div
                data-status={s}
                style={{ height: '100%', minWidth: counts[s] > 0 ? 3 : 0, width: `${(counts[s] / max) * 100}%`, borderRadius: 5, background: `var(--mantine-color-${STATUS_COLOR[s]}-6)` }}
              />
            </div>
          </li>
        ))}
      </Stack>
    </Paper>
  );
}
