/**
 * Print helpers shared by the benchmarks. Benchmarks print figures and their ratio to a baseline
 * run in the same process; they never assert.
 *
 *   heading('Audit verify')                       a title with a rule under it
 *   printTable('Verify, PostgreSQL', [            name  value  unit  ratio-to-baseline
 *     { name: 'raw SHA-256 chain', value: 812_000, unit: 'entries/s', baseline: true },
 *     { name: 'verifyAudit', value: 402_000, unit: 'entries/s' },   → ratio 0.50× of the baseline row
 *   ])
 *   table([{ label: 'a', rps: 1 }])               any rows: first column left, the rest right-aligned
 *   note('text'), memory(), formatBytes(), rate(), timed()
 */

/** One figure. The row marked `baseline` is the denominator of every other row's ratio (same unit only). */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** This row is the baseline the others are compared with. */
  baseline?: boolean;
  /** An explicit ratio, when the baseline is not in this table or is not a simple quotient. */
  ratio?: number | null;
}

const cell = (v: unknown): string => (typeof v === 'number' ? formatNumber(v) : String(v ?? ''));

/** 1234567.8 → "1,234,568"; 12.345 → "12.3"; 0.01234 → "0.0123". */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 || Number.isInteger(n) ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function heading(title: string): void {
  console.log(`\n${title}\n${'─'.repeat(Math.min(100, [...title].length))}`);
}

export function note(text: string): void {
  console.log(text);
}

/** Prints rows of any shape as aligned columns: the first left-aligned, the others right-aligned. */
export function table(rows: Record<string, string | number | null | undefined>[]): void {
  if (!rows.length) return;
  const cols = Object.keys(rows[0] as object);
  const width = cols.map((c) => Math.max([...c].length, ...rows.map((r) => [...cell(r[c])].length)));
  const pad = (s: string, w: number, left: boolean) => {
    const fill = ' '.repeat(Math.max(0, w - [...s].length));
    return left ? s + fill : fill + s;
  };
  const line = (vals: string[]) => vals.map((v, i) => pad(v, width[i] ?? 0, i === 0)).join('  ').trimEnd();
  console.log(line(cols));
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}

/** A titled table of figures: name, value, unit, and each figure's ratio to the table's baseline row. */
export function printTable(title: string, rows: Figure[]): void {
  heading(title);
  const base = rows.find((r) => r.baseline);
  table(
    rows.map((r) => {
      const ratio = r.ratio !== undefined ? r.ratio : r.baseline ? 1 : base && base.unit === r.unit && base.value ? r.value / base.value : null;
      return {
        name: r.name,
        value: r.value,
        unit: r.unit,
        'ratio-to-baseline': ratio === null ? '—' : `${ratio.toFixed(2)}×${r.baseline ? ' (baseline)' : ''}`,
      };
    }),
  );
}

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
}

/** The process's memory now, in bytes. */
export function memory(): MemorySnapshot {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}

/** Tracks the peak of RSS and heap between calls to sample(), cheaply enough to call per batch. */
export function memoryPeak() {
  const peak = memory();
  return {
    sample() {
      const m = memory();
      if (m.rss > peak.rss) peak.rss = m.rss;
      if (m.heapUsed > peak.heapUsed) peak.heapUsed = m.heapUsed;
    },
    peak: () => ({ ...peak }),
  };
}

/** 123456789 → "117.7 MiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

/** Items per second. */
export function rate(count: number, ms: number): number {
  return ms > 0 ? (count * 1000) / ms : 0;
}

/** Runs fn and returns its result with the wall time in milliseconds. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ result: T; ms: number }> {
  const t0 = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - t0 };
}

let gcFn: (() => void) | null | undefined;
/**
 * Runs a full garbage collection when the runtime allows it (also without --expose-gc), so memory
 * figures show live data rather than garbage not yet collected. Returns false when it could not.
 */
export async function collectGarbage(): Promise<boolean> {
  if (gcFn === undefined) {
    gcFn = (globalThis as { gc?: () => void }).gc ?? null;
    if (!gcFn) {
      try {
        const v8 = await import('node:v8');
        const vm = await import('node:vm');
        v8.setFlagsFromString('--expose-gc');
        gcFn = vm.runInNewContext('gc') as () => void;
      } catch {
        gcFn = null;
      }
    }
  }
  if (!gcFn) return false;
  gcFn();
  return true;
}
