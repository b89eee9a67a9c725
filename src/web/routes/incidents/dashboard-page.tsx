import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IncidentSeverity, OPEN_INCIDENT_STATUSES, type IncidentDashboardDto } from '../../../shared/incidents.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { useIncidentDashboard } from './api.js';
import { TrendChart } from './trend-chart.js';

function Stat({ label, value, sub, color }: { label: string; value: string; sub?: string; color?: string }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} c={color}>
        {value}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed">
          {sub}
        </Text>
      )}
    </Paper>
  );
}

/** The incident dashboard: open incidents, deadlines in the next 7 days, the monthly trend, mean times. */
export function IncidentDashboardPage() {
  const { t } = useTranslation();
  const q = useIncidentDashboard();
  const d: IncidentDashboardDto | undefined = q.data;
  // Minutes under an hour, hours under two days, then days: a quick triage must not read "0 hours".
  const hours = (v: number | null) =>
    v === null
      ? t('incidents.dash.noData')
      : v < 1
        ? t('incidents.dash.minutes', { value: Math.max(1, Math.round(v * 60)) })
        : v < 48
          ? t('incidents.dash.hours', { value: Math.round(v * 10) / 10 })
          : t('incidents.dash.days', { value: Math.round((v / 24) * 10) / 10 });
  const severities = [...IncidentSeverity.options, null] as const;
  const cell = (status: string, severity: string | null) => d?.open.find((o) => o.status === status && o.severity === severity)?.count ?? 0;
  return (
    <>
      <PageHeader title={t('incidents.dash.title')} above={<Anchor component={Link} to="/incidents" size="sm">{t('incidents.title')}</Anchor>} />
      {q.error ? (
        <ErrorAlert error={q.error} />
      ) : !d ? (
        <Loading />
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <Stat label={t('incidents.dash.open')} value={String(d.openTotal)} />
            <Stat label={t('incidents.dash.clocks')} value={String(d.clocksDueSoon)} sub={`${t('incidents.dash.overdue')}: ${d.clocksOverdue}`} color={d.clocksOverdue ? 'red.8' : undefined} />
            <Stat label={t('incidents.dash.mttTriage')} value={hours(d.meanHoursToTriage)} sub={t('incidents.dash.basedOn', { count: d.triagedCount })} />
            <Stat label={t('incidents.dash.mttClose')} value={hours(d.meanHoursToClose)} sub={t('incidents.dash.basedOn', { count: d.closedCount })} />
          </SimpleGrid>
          <Paper withBorder radius="md" p="md">
            <Title order={2} size="h4" mb="sm">
              {t('incidents.dash.trend')}
            </Title>
            <TrendChart data={d} />
          </Paper>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder radius="md" p="md">
              <Title order={2} size="h4" mb="sm">
                {t('incidents.dash.byStatus')}
              </Title>
              <Table.ScrollContainer minWidth={420}>
                <Table aria-label={t('incidents.dash.byStatus')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('incidents.fields.status')}</Table.Th>
                      {severities.map((s) => (
                        <Table.Th key={s ?? 'none'} ta="right">
                          {s ? t(`incidents.severity.${s}`) : t('incidents.notTriaged')}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {OPEN_INCIDENT_STATUSES.map((st) => (
                      <Table.Tr key={st}>
                        <Table.Th scope="row" fw={500}>
                          <Anchor component={Link} to={`/incidents?status=${st}`} size="sm">
                            {t(`incidents.status.${st}`)}
                          </Anchor>
                        </Table.Th>
                        {severities.map((s) => (
                          <Table.Td key={s ?? 'none'} ta="right">
                            {cell(st, s)}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
            <Paper withBorder radius="md" p="md">
              <Title order={2} size="h4" mb="sm">
                {t('incidents.dash.clocks')}
              </Title>
              {d.clocks.length === 0 ? (
                <Text c="dimmed" size="sm">
                  {t('incidents.dash.noClocks')}
                </Text>
              ) : (
                <Stack gap={6}>
                  {d.clocks.map((c) => {
                    const overdue = new Date(c.dueAt).getTime() < Date.now();
                    return (
                      <Group key={`${c.incidentId}:${c.kind}`} justify="space-between" wrap="nowrap" gap="xs">
                        <Anchor component={Link} to={`/incidents/${c.incidentId}`} size="sm" lineClamp={1}>
                          {c.ref} {c.title}
                        </Anchor>
                        <Text size="sm" c={overdue ? 'red.8' : undefined} fw={overdue ? 700 : undefined} style={{ whiteSpace: 'nowrap' }}>
                          {t(`incidents.clockKind.${c.kind}`)} · {formatTokyo(c.dueAt).slice(5, 16)}
                        </Text>
                      </Group>
                    );
                  })}
                </Stack>
              )}
            </Paper>
          </SimpleGrid>
        </Stack>
      )}
    </>
  );
}
