import { Anchor, Box, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ASSET_CATEGORIES, Classification } from '../../../shared/assets.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { useAssetDashboard } from './api.js';

type ChartOption = Record<string, unknown>;

/** Loads only the ECharts parts the dashboard draws, on first use, so they stay out of the main bundle. */
async function loadECharts() {
  const [core, charts, components, renderers] = await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]);
  core.use([charts.BarChart, charts.HeatmapChart, components.GridComponent, components.TooltipComponent, components.VisualMapComponent, renderers.SVGRenderer]);
  return core;
}

/** One ECharts chart; the figures are also given as a table for screen readers and print. */
function Chart({ option, height = 280, label }: { option: ChartOption; height?: number; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption: (o: ChartOption) => void; resize: () => void; dispose: () => void } | null = null;
    const onResize = () => chart?.resize();
    void loadECharts().then((echarts) => {
      if (disposed || !ref.current) return;
      chart = echarts.init(ref.current, undefined, { renderer: 'svg' }) as unknown as typeof chart;
      chart!.setOption(option);
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return <Box ref={ref} h={height} role="img" aria-label={label} />;
}

const CATEGORY_COLORS = ['#c92a2a', '#e03131', '#e8590c', '#f08c00', '#1971c2', '#6741d9', '#868e96'];
const CLASS_COLORS = ['#c92a2a', '#f08c00', '#868e96'];
/** Low importance grey-blue, high importance red. */
const IMPORTANCE_SCALE = ['#74c0fc', '#69db7c', '#fab005', '#fd7e14', '#e03131'];
const importanceColor = (n: number, max: number) => IMPORTANCE_SCALE[Math.round(((n - 1) / Math.max(1, max - 1)) * (IMPORTANCE_SCALE.length - 1))]!;

/** Counts by category, classification and importance, with ECharts charts and the same figures as tables. */
export function AssetDashboardPage() {
  const { t } = useTranslation();
  const q = useAssetDashboard();
  if (q.error) return <ErrorAlert error={q.error} />;
  const d = q.data;
  if (!d) return <Loading />;
  const count = (list: { key: string; count: number }[], key: string) => list.find((b) => b.key === key)?.count ?? 0;
  const levels = Array.from({ length: d.ciaMax }, (_, i) => i + 1);

  const categories = ASSET_CATEGORIES.map((c) => ({ key: c, label: t(`assets.category.${c}`), count: count(d.byCategory, c) }));
  const classes = Classification.options.map((c) => ({ key: c, label: t(`assets.classification.${c}`), count: count(d.byClassification, c) }));
  const importance = levels.map((n) => ({ key: String(n), label: t('assets.dashboard.importanceN', { n }), count: count(d.byImportance, String(n)) }));
  const bar = (rows: { label: string; count: number }[], horizontal: boolean, colors: (i: number) => string): ChartOption => ({
    grid: { left: horizontal ? 150 : 40, right: 24, top: 16, bottom: horizontal ? 24 : 40 },
    tooltip: { trigger: 'item' },
    [horizontal ? 'yAxis' : 'xAxis']: { type: 'category', data: rows.map((r) => r.label), inverse: horizontal, axisLabel: { interval: 0 } },
    [horizontal ? 'xAxis' : 'yAxis']: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: rows.map((r, i) => ({ value: r.count, itemStyle: { color: colors(i) } })), label: { show: true, position: horizontal ? 'right' : 'top' } }],
  });
  const heat: ChartOption = {
    grid: { left: 90, right: 24, top: 16, bottom: 64 },
    tooltip: { position: 'top' },
    xAxis: { type: 'category', data: levels.map((n) => t('assets.dashboard.importanceN', { n })), splitArea: { show: true } },
    yAxis: { type: 'category', data: Classification.options.map((c) => t(`assets.classification.${c}`)), splitArea: { show: true } },
    visualMap: { min: 0, max: Math.max(1, ...d.byClassificationImportance.map((x) => x.count)), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, inRange: { color: ['#f1f3f5', '#ffa8a8', '#c92a2a'] } },
    series: [
      {
        type: 'heatmap',
        data: d.byClassificationImportance.map((x) => [x.importance - 1, Classification.options.indexOf(x.classification), x.count]),
        label: { show: true },
      },
    ],
  };

  const figures = (rows: { key: string; label: string; count: number }[], param?: string) => (
    <Table fz="sm" mt="sm" withRowBorders={false}>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key}>
            <Table.Td>
              {param ? (
                <Anchor component={Link} to={`/assets?${param}=${r.key}`} size="sm">
                  {r.label}
                </Anchor>
              ) : (
                r.label
              )}
            </Table.Td>
            <Table.Td ta="right">{r.count.toLocaleString()}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  const card = (title: string, chart: React.ReactNode, table?: React.ReactNode) => (
    <Paper withBorder radius="md" p="lg">
      <Title order={2} fz="md" mb="sm">
        {title}
      </Title>
      {chart}
      {table}
    </Paper>
  );

  return (
    <Stack gap={0}>
      <PageHeader title={t('assets.dashboard.title')} description={t('assets.dashboard.description')} />
      <Group gap="md" mb="md">
        <Paper withBorder radius="md" p="md" miw={200}>
          <Text size="sm" c="dimmed">
            {t('assets.dashboard.total')}
          </Text>
          <Text fz={32} fw={700}>
            {d.total.toLocaleString()}
          </Text>
        </Paper>
        <Paper withBorder radius="md" p="md" miw={200}>
          <Text size="sm" c="dimmed">
            {t('assets.dashboard.overdue')}
          </Text>
          <Anchor component={Link} to="/assets?retentionDueBefore=today" fz={32} fw={700} c={d.retentionOverdue ? 'red.8' : undefined}>
            {d.retentionOverdue.toLocaleString()}
          </Anchor>
        </Paper>
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {card(t('assets.dashboard.byCategory'), <Chart option={bar(categories, true, (i) => CATEGORY_COLORS[i]!)} label={t('assets.dashboard.chartLabel', { title: t('assets.dashboard.byCategory') })} />, figures(categories, 'category'))}
        {card(t('assets.dashboard.byClassification'), <Chart option={bar(classes, false, (i) => CLASS_COLORS[i]!)} label={t('assets.dashboard.chartLabel', { title: t('assets.dashboard.byClassification') })} />, figures(classes, 'classification'))}
        {card(t('assets.dashboard.heat'), <Chart option={heat} height={300} label={t('assets.dashboard.chartLabel', { title: t('assets.dashboard.heat') })} />)}
        {card(t('assets.dashboard.byImportance'), <Chart option={bar(importance, false, (i) => importanceColor(i + 1, d.ciaMax))} label={t('assets.dashboard.chartLabel', { title: t('assets.dashboard.byImportance') })} />, figures(importance))}
      </SimpleGrid>
    </Stack>
  );
}
