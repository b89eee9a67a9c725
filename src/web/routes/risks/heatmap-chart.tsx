import { Box, Center, Loader, VisuallyHidden } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RiskMatrixDto } from '../../../shared/risks.js';
import { useEChart, type EChartsCore } from '../../components/use-echart.js';
import { useLang } from '../../lib/use-lang.js';
import { textOn } from './levels.js';

/** Loads ECharts on first use with only the heat map's parts (kept out of the main bundle). */
async function loadEcharts(): Promise<EChartsCore> {
  const [core, charts, components, renderers] = await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]);
  core.use([charts.HeatmapChart, components.GridComponent, components.TooltipComponent, components.VisualMapPiecewiseComponent, renderers.SVGRenderer]);
  return core as unknown as EChartsCore;
}

export interface CellCount {
  likelihood: number;
  impact: number;
  count: number;
}

/**
 * One heat map of the risk matrix: impact across, likelihood up, each cell coloured by its level
 * and labelled with how many risks sit there. Clicking a cell calls `onPick` with it.
 */
export function RiskHeatmap({ matrix, counts, label, testId, onPick }: { matrix: RiskMatrixDto; counts: CellCount[]; label: string; testId: string; onPick: (likelihood: number, impact: number) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const pick = useRef(onPick);
  pick.current = onPick;
  const { ref, chart, ready } = useEChart(loadEcharts, (c) =>
    c.on('click', (p) => {
      const d = (p as { value?: [number, number, number, number] }).value;
      if (d?.[3]) pick.current(d[1] + 1, d[0] + 1);
    }),
  );

  useEffect(() => {
    if (!ready || !chart.current) return;
    const name = (s: { nameJa: string; nameEn: string }) => (lang === 'ja' ? s.nameJa : s.nameEn);
    const rank = new Map(matrix.levels.map((l) => [l.key, l.rank]));
    const n = new Map(counts.map((c) => [`${c.likelihood}:${c.impact}`, c.count]));
    // value: [impact index, likelihood index, level rank, count]; each cell's label in a colour readable on its level
    const data = matrix.cells.flatMap((row, li) =>
      row.map((key, ii) => {
        const level = matrix.levels.find((l) => l.key === key);
        return { value: [ii, li, rank.get(key) ?? 0, n.get(`${li + 1}:${ii + 1}`) ?? 0], label: { color: textOn(level?.color ?? '#ffffff') } };
      }),
    );
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    chart.current.setOption(
      {
        animation: false,
        textStyle: { fontFamily: 'inherit' },
        grid: { left: 8, right: 8, top: 8, bottom: 64, containLabel: true },
        tooltip: {
          formatter: (p: { value: number[] }) => {
            const [ii, li, r, c] = p.value as [number, number, number, number];
            const level = matrix.levels.find((l) => l.rank === r);
            return `${esc(t('risks.likelihood'))}: ${li + 1} ${esc(name(matrix.likelihood[li]!))}<br/>${esc(t('risks.impact'))}: ${ii + 1} ${esc(name(matrix.impact[ii]!))}<br/>${esc(level ? name(level) : '')} — ${esc(t('risks.heatmap.count', { count: c }))}`;
          },
        },
        // Steps with their names, so a cell's count is the only bare number in the chart.
        xAxis: {
          type: 'category',
          name: t('risks.impact'),
          nameLocation: 'middle',
          nameGap: 30,
          data: matrix.impact.map((s) => `${s.value} ${name(s)}`),
          axisLabel: { interval: 0, width: Math.max(60, 520 / matrix.impact.length), overflow: 'truncate', fontSize: 11 },
          axisTick: { show: false },
        },
        yAxis: {
          type: 'category',
          data: matrix.likelihood.map((s) => `${s.value} ${name(s)}`),
          axisLabel: { width: 120, overflow: 'truncate', fontSize: 11 },
          axisTick: { show: false },
        },
        visualMap: {
          type: 'piecewise',
          dimension: 2,
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          itemWidth: 14,
          itemHeight: 14,
          itemGap: 16,
          selectedMode: false,
          pieces: matrix.levels.map((l) => ({ value: l.rank, color: l.color, label: name(l) })),
        },
        series: [
          {
            type: 'heatmap',
            data,
            label: { show: true, fontSize: 15, fontWeight: 700, formatter: (p: { value: number[] }) => (p.value[3] ? String(p.value[3]) : '') },
            itemStyle: { borderColor: '#fff', borderWidth: 2 },
            emphasis: { itemStyle: { borderColor: '#1a1b1e', borderWidth: 2 } },
          },
        ],
      },
      true,
    );
  }, [ready, chart, matrix, counts, t, lang]);

  const total = counts.reduce((s, c) => s + c.count, 0);
  return (
    <Box pos="relative">
      <div ref={ref} role="img" aria-label={`${label}: ${t('risks.heatmap.count', { count: total })}`} style={{ width: '100%', height: 360, cursor: 'pointer' }} data-testid={testId} />
      {!ready && (
        <Center pos="absolute" inset={0}>
          <Loader size="sm" />
        </Center>
      )}
      <VisuallyHidden>
        <table data-testid={`${testId}-table`}>
          <caption>{label}</caption>
          <thead>
            <tr>
              <th scope="col">{`${t('risks.likelihood')} \\ ${t('risks.impact')}`}</th>
              {matrix.impact.map((s) => (
                <th key={s.value} scope="col">{`${s.value} ${lang === 'ja' ? s.nameJa : s.nameEn}`}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...matrix.likelihood].reverse().map((l) => (
              <tr key={l.value}>
                <th scope="row">{`${l.value} ${lang === 'ja' ? l.nameJa : l.nameEn}`}</th>
                {matrix.impact.map((i) => (
                  <td key={i.value} data-cell={`${l.value}:${i.value}`}>
                    {counts.find((c) => c.likelihood === l.value && c.impact === i.value)?.count ?? 0}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </VisuallyHidden>
    </Box>
  );
}
