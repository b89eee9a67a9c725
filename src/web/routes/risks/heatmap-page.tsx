import { Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { useRiskHeatmap } from './api.js';
import { RiskHeatmap } from './heatmap-chart.js';
import { BOOLEAN_TEXT, oneOf } from './url-filters.js';

/** The filters the heat map shares with the list (everything but the cell and the level). */
const SHARED = ['q', 'treatment', 'status', 'ownerId', 'reviewOverdue', 'assetId', 'threatId'];

/**
 * The risk heat map (P32-4): inherent risk next to residual risk on the same matrix, with the
 * number of risks in each cell. A cell opens the risk list filtered to it.
 */
export function HeatmapPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [sp] = useSearchParams();
  const filters = Object.fromEntries(SHARED.flatMap((k) => (sp.get(k) ? [[k, sp.get(k)!]] : [])));
  const q = useRiskHeatmap({
    q: filters.q,
    treatment: filters.treatment,
    status: filters.status,
    ownerId: filters.ownerId,
    reviewOverdue: oneOf(BOOLEAN_TEXT, filters.reviewOverdue),
    assetId: filters.assetId,
    threatId: filters.threatId,
  });
  const open = (basis: 'inherent' | 'residual') => (likelihood: number, impact: number) =>
    navigate(`/risks?${new URLSearchParams({ ...filters, basis, likelihood: String(likelihood), impact: String(impact) }).toString()}`);
  return (
    <>
      <PageHeader
        title={t('risks.heatmap.title')}
        description={t('risks.heatmap.description')}
        above={
          <Anchor component={Link} to={`/risks?${new URLSearchParams(filters).toString()}`} size="sm">
            {t('risks.backToList')}
          </Anchor>
        }
      />
      {q.error ? (
        <ErrorAlert error={q.error} />
      ) : !q.data ? (
        <Loading />
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <Paper withBorder radius="md" p="md">
              <Group justify="space-between" mb="xs">
                <Title order={2} fz="md">
                  {t('risks.inherent')}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('risks.heatmap.count', { count: q.data.total })}
                </Text>
              </Group>
              <RiskHeatmap matrix={q.data.matrix} counts={q.data.inherent} label={t('risks.inherent')} testId="heatmap-inherent" onPick={open('inherent')} />
            </Paper>
            <Paper withBorder radius="md" p="md">
              <Group justify="space-between" mb="xs">
                <Title order={2} fz="md">
                  {t('risks.residual')}
                </Title>
                <Text size="sm" c="dimmed">
                  {t('risks.heatmap.count', { count: q.data.total - q.data.withoutResidual })}
                </Text>
              </Group>
              <RiskHeatmap matrix={q.data.matrix} counts={q.data.residual} label={t('risks.residual')} testId="heatmap-residual" onPick={open('residual')} />
            </Paper>
          </SimpleGrid>
          <Text size="sm" c="dimmed">
            {t('risks.heatmap.axes')} {t('risks.heatmap.hint')}
            {q.data.withoutResidual > 0 && ` ${t('risks.heatmap.withoutResidual', { count: q.data.withoutResidual })}`}
          </Text>
        </Stack>
      )}
    </>
  );
}
