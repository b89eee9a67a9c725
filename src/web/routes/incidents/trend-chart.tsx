import { Box, Center, Loader, VisuallyHidden } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentDashboardDto } from '../../../shared/incidents.js';
import { useEChart, type EChartsCore } from '../../components/use-echart.js';

/** Loads ECharts with only the bar chart's parts. */
async function loadEcharts(): Promise<EChartsCore> {
  const [core, charts, components, renderers] = await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]);
  core.use([charts.BarChart, components.GridComponent, components.TooltipComponent, components.LegendComponent, renderers.SVGRenderer]);
  return core as unknown as EChartsCore;
}

const PALETTE = ['#1c7ed6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c', '#5c940d', '#495057', '#862e9c'];

/** Reports per month, stacked by kind, with the same numbers in a table for screen readers. */
export function TrendChart({ data }: { data: IncidentDashboardDto }) {
  const { t } = useTranslation();
  const { ref, chart, ready } = useEChart(loadEcharts);

  useEffect(() => {
    if (!ready || !chart.current) return;
    chart.current.setOption(
      {
        animation: false,
        color: PALETTE,
        textStyle: { fontFamily: 'inherit' },
        grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { bottom: 0, type: 'scroll' },
        xAxis: { type: 'category', data: data.months.map((m) => m.slice(2).replace('-', '/')) },
        yAxis: { type: 'value', minInterval: 1 },
        series: data.trend.map((s) => ({ name: t(`incidents.kind.${s.kind}`), type: 'bar', stack: 'all', data: s.counts, barMaxWidth: 32 })),
      },
      true,
    );
  }, [ready, chart, data, t]);

  const total = data.trend.reduce((a, s) => a + s.counts.reduce((x, y) => x + y, 0), 0);
  return (
    <Box pos="relative">
      <div ref={ref} role="img" aria-label={`${t('incidents.dash.trend')}: ${total}`} style={{ width: '100%', height: 300 }} data-testid="incident-trend" />
      {!ready && (
        <Center pos="absolute" inset={0}>
          <Loader size="sm" />
        </Center>
      )}
      <VisuallyHidden>
        <table>
          <caption>{t('incidents.dash.trendTable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('incidents.dash.month')}</th>
              {data.trend.map((s) => (
                <th key={s.kind} scope="col">
                  {t(`incidents.kind.${s.kind}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.months.map((m, i) => (
              <tr key={m}>
                <th scope="row">{m}</th>
                {data.trend.map((s) => (
                  <td key={s.kind}>{s.counts[i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Box>
  );
}
