import { useEffect, useRef, useState, type RefObject } from 'react';

/** The part of an ECharts instance the app uses. */
export interface EChart {
  setOption: (o: unknown, notMerge?: boolean) => void;
  resize: () => void;
  dispose: () => void;
  on: (ev: string, cb: (p: { dataIndex: number; value?: unknown; data?: unknown }) => void) => void;
}

/** ECharts' core module, as a chart's loader returns it after registering the parts it needs. */
export interface EChartsCore {
  init: (el: HTMLElement, theme?: string, opts?: { renderer?: 'svg' | 'canvas' }) => unknown;
}

/**
 * An ECharts chart in a div: loads ECharts on first use through `load` (each chart imports only
 * the parts it needs, kept out of the main bundle), renders as SVG, follows the div's size, and is
 * disposed with the component. `onInit` wires events once. Set options when `ready` is true.
 */
export function useEChart(load: () => Promise<EChartsCore>, onInit?: (chart: EChart, el: HTMLDivElement) => void): { ref: RefObject<HTMLDivElement | null>; chart: RefObject<EChart | null>; ready: boolean } {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChart | null>(null);
  const init = useRef(onInit);
  init.current = onInit;
  const loader = useRef(load);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    void loader.current().then((echarts) => {
      if (disposed || !ref.current) return;
      const c = echarts.init(ref.current, undefined, { renderer: 'svg' }) as EChart;
      chart.current = c;
      init.current?.(c, ref.current);
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(ref.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  return { ref, chart, ready };
}
