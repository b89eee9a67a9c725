import { Box, Loader, Center } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useEChart, type EChartsCore } from '../../components/use-echart.js';
import type { ClauseAnalysis } from './clause-map.model.js';

const COLORS = { implemented: '#2f9e44', partial: '#f59f00', planned: '#4dabf7', not_started: '#ced4da', none: '#e03131' };

/** Loads ECharts on first use, with only the parts this chart needs (kept out of the main bundle). */
async function loadEcharts(): Promise<EChartsCore> {
  const [core, charts, components, renderers] = await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]);
  core.use([charts.BarChart, components.GridComponent, components.TooltipComponent, components.LegendComponent, renderers.SVGRenderer]);
  return core as unknown as EChartsCore;
}

/**
 * Coverage across the clauses of Policy No. 32: one 100% bar per clause, split by the status of
 * its applicable controls; a clause without any control shows as a red "no control" bar. Clicking
 * a bar jumps to the clause.
 */
export function CoverageChart({ rows, onPick }: { rows: ClauseAnalysis[]; onPick: (clauseId: string) => void }) {
  const { t, i18n } = useTranslation();
  const pick = useRef(onPick);
  pick.current = onPick;
  const { ref, chart, ready } = useEChart(loadEcharts, (c, el) =>
    c.on('click', (p) => {
      const id = el.dataset.ids?.split(' ')[p.dataIndex];
      if (id) pick.current(id);
    }),
  );

  useEffect(() => {
    if (!ready || !chart.current) return;
    // Top to bottom in the policy's order (the category axis runs upwards).
    const list = [...rows].reverse();
    if (ref.current) ref.current.dataset.ids = list.map((r) => r.clause.id).join(' ');
    const pct = (r: ClauseAnalysis, n: number) => (r.applicable.length ? Math.round((n / r.applicable.length) * 1000) / 10 : 0);
    const series = (['implemented', 'partial', 'planned', 'not_started'] as const).map((s) => ({
      name: t(`controls.status.${s}`),
      type: 'bar',
      stack: 'all',
      barMaxWidth: 16,
      itemStyle: { color: COLORS[s] },
      emphasis: { focus: 'series' },
      data: list.map((r) => ({ value: pct(r, r.counts[s]), count: r.counts[s] })),
    }));
    series.push({
      name: t('clauseMap.noControl'),
      type: 'bar',
      stack: 'all',
      barMaxWidth: 16,
      itemStyle: { color: COLORS.none },
      emphasis: { focus: 'series' },
      data: list.map((r) => ({ value: r.applicable.length ? 0 : 100, count: 0 })),
    });
    // ECharts measures labels itself: give it the page's real font so the legend does not overlap.
    const fontFamily = ref.current ? getComputedStyle(ref.current).fontFamily : 'sans-serif';
    chart.current.setOption(
      {
        animation: false,
        textStyle: { fontFamily },
        grid: { left: 8, right: 24, top: 36, bottom: 24, containLabel: true },
        legend: { top: 0, itemGap: 18, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          formatter: (ps: { dataIndex: number }[]) => {
            const r = list[ps[0]!.dataIndex]!;
            const title = i18n.resolvedLanguage === 'en' ? r.clause.titleEn : r.clause.titleJa;
            const lines = r.applicable.length
              ? (['implemented', 'partial', 'planned', 'not_started'] as const).filter((s) => r.counts[s]).map((s) => `${t(`controls.status.${s}`)}: ${r.counts[s]}`)
              : [t('clauseMap.noControl')];
            const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
            return `<b>${esc(r.clause.id)}</b> ${esc(title)}<br/>${lines.map(esc).join('<br/>')}${r.coverage !== null ? `<br/>${esc(t('clauseMap.coverage'))}: ${Math.round(r.coverage * 100)}%` : ''}`;
          },
        },
        xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        yAxis: { type: 'category', data: list.map((r) => r.clause.id), axisLabel: { fontSize: 11 } },
        series,
      },
      true,
    );
  }, [ready, chart, rows, t, i18n.resolvedLanguage]);

  return (
    <Box pos="relative">
      <div ref={ref} role="img" aria-label={t('clauseMap.chartLabel')} style={{ width: '100%', height: rows.length * 22 + 80, cursor: 'pointer' }} data-testid="coverage-chart" />
      {!ready && (
        <Center pos="absolute" inset={0}>
          <Loader size="sm" />
        </Center>
      )}
    </Box>
  );
}
