import { Box, Center, Loader, VisuallyHidden } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { BreakdownRow } from '../../../shared/coverage.js';
import { useEChart } from '../../components/use-echart.js';

/** Loads ECharts on first use with only the bar chart's parts (kept out of the main bundle). */
async function loadEcharts() {
  const [core, charts, components, renderers] = await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]);
  core.use([charts.BarChart, components.GridComponent, components.TooltipComponent, components.LegendComponent, renderers.SVGRenderer]);
  return core;
}

/** At most this many bars (the lowest coverage first); the table below has every group. */
export const CHART_MAX = 40;

/**
 * Coverage per group as stacked horizontal bars: done, pending (not yet due) and overdue, as
 * percentages of the group's assigned people. The same numbers are in a hidden table for screen
 * readers (and in the visible table below the chart).
 */
export function CoverageChart({ rows, label, name }: { rows: BreakdownRow[]; label: string; name: (r: BreakdownRow) => string }) {
  const { t } = useTranslation();
  const { ref, chart, ready } = useEChart(loadEcharts);
  const shown = rows.slice(0, CHART_MAX);

  useEffect(() => {
    if (!ready || !chart.current) return;
    const share = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 10 : 0);
    // first row at the top
    const ordered = [...shown].reverse();
    const series = (key: 'done' | 'waiting' | 'overdue', color: string) => ({
      name: t(`coverage.chart.${key}`),
      type: 'bar',
      stack: 'all',
      barMaxWidth: 18,
      itemStyle: { color },
      data: ordered.map((r) => share(key === 'done' ? r.counts.done : key === 'overdue' ? r.counts.overdue : r.counts.pending - r.counts.overdue, r.counts.assigned)),
    });
    chart.current.setOption(
      {
        animation: false,
        textStyle: { fontFamily: 'inherit' },
        legend: { top: 0, left: 0, selectedMode: false },
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', data: ordered.map((r) => name(r)), axisLabel: { width: 160, overflow: 'truncate', fontSize: 11 } },
        series: [series('done', '#2b8a3e'), series('waiting', '#adb5bd'), series('overdue', '#c92a2a')],
      },
      true,
    );
  }, [ready, shown, t, name]);

  return (
    <Box pos="relative">
      <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height: Math.max(200, shown.length * 26 + 60) }} data-testid="coverage-chart" />
      {!ready && (
        <Center pos="absolute" inset={0}>
          <Loader size="sm" />
        </Center>
      )}
      <VisuallyHidden>
        <table>
          <caption>{label}</caption>
          <thead>
            <tr>
              <th scope="col">{t('coverage.group')}</th>
              <th scope="col">{t('coverage.percentage')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.id ?? 'none'}>
                <th scope="row">{name(r)}</th>
                <td>{`${r.counts.percentage}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Box>
  );
}
