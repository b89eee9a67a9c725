/**
 * The identifier tripwire's speed: scanFile over a 100 MB clinical CSV (realistic columns, a few
 * planted identifiers), next to baselines run in this process over the same file: reading the
 * bytes, decoding + splitting into lines and fields (the least any CSV scan must do), and
 * csv-parse alone. Then an XLSX written by exceljs's streaming writer, next to reading and
 * inflating all its parts and exceljs's own streaming reader. Prints figures and ratios; never asserts.
 *
 *   npm run bench -- tripwire                 (or: npx tsx bench/tripwire.bench.ts)
 *   BENCH_TRIPWIRE_MB=100                     CSV size in MB (10^6 bytes)
 *   BENCH_TRIPWIRE_XLSX_ROWS=200000           rows of the XLSX
 *   BENCH_TRIPWIRE_SJIS=1                     also time a Shift_JIS copy of the CSV
 *
 * Goal: ≥ 50 MB/s on the CSV.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DEFAULT_RULES, scanFile, type ScanResult } from '../src/server/modules/exchange/tripwire/scan.js';
import { xlsxStreamed } from '../src/server/modules/exchange/tripwire/test-fixtures.js';
import { eachEntry, streamSource, ZipArchive } from '../src/server/files/zip.js';
import { collectGarbage, formatBytes, heading, memory, memoryPeak, note, printTable, table, timed, type Figure } from './lib/report.js';

const MB = 1_000_000;
const CSV_MB = Number(process.env.BENCH_TRIPWIRE_MB ?? 100);
const XLSX_ROWS = Number(process.env.BENCH_TRIPWIRE_XLSX_ROWS ?? 200_000);
const SJIS = process.env.BENCH_TRIPWIRE_SJIS === '1';
const GOAL = 50;
const now = new Date('2025-06-01T00:00:00Z');

// ---- realistic clinical rows, a pure function of the row number ---------------------------------
function mulberry(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const HEADER = ['登録番号', '試験', '施設コード', '性別', '年齢', '生年月', '登録日', '来院日', '身長', '体重', 'AST', 'ALT', 'Cre', 'Hb', 'WBC', 'PLT', 'ICD10', '病期', '有害事象', 'Grade', 'コメント'];
const ICD = ['C18.9', 'C34.1', 'C16.9', 'C50.9', 'C61', 'C25.0'];
const STAGE = ['I', 'IIA', 'IIB', 'IIIA', 'IIIB', 'IV'];
const AE = ['', '', '', '悪心', '好中球減少', '末梢神経障害', '下痢', '倦怠感'];
const COMMENT = ['', '', '', '', '特記事項なし', '次回来院時に再検予定', '用量を減量して継続', 'CT で PR を確認', 'Grade 2 の悪心あり、制吐剤を追加'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const date = (r: () => number, y0: number, span: number) => `${y0 + Math.floor(r() * span)}/${pad(1 + Math.floor(r() * 12))}/${pad(1 + Math.floor(r() * 28))}`;
// Planted identifiers: every PLANT_EVERY rows one of these goes into the comment column.
const PLANTS = ['患者 山田太郎様より電話 090-1234-5678', 'マイナンバー 1234 5678 9018 を誤記載', '〒100-0001 東京都千代田区千代田1-1', '生年月日 昭和35年5月3日', 'カルテ番号 12345678 の件'];
const PLANT_EVERY = 50_000;

function row(i: number): string {
  const r = mulberry(i * 2654435761);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const comment = i % PLANT_EVERY === 0 ? (PLANTS[(i / PLANT_EVERY) % PLANTS.length] as string) : pick(COMMENT);
  return [
    `${1000 + (i % 9000)}-${pad(i % 1000, 3)}`,
    'JCOG1234',
    String(100 + (i % 380)),
    r() < 0.5 ? 'M' : 'F',
    String(30 + Math.floor(r() * 50)),
    `19${pad(40 + Math.floor(r() * 50))}/${pad(1 + Math.floor(r() * 12))}`,
    date(r, 2019, 5),
    date(r, 2020, 5),
    (150 + r() * 35).toFixed(1),
    (45 + r() * 40).toFixed(1),
    String(10 + Math.floor(r() * 60)),
    String(8 + Math.floor(r() * 70)),
    (0.5 + r() * 1.2).toFixed(2),
    (9 + r() * 7).toFixed(1),
    String(Math.floor(2000 + r() * 9000)),
    (10 + r() * 35).toFixed(1),
    pick(ICD),
    pick(STAGE),
    pick(AE),
    String(Math.floor(r() * 4)),
    comment.includes(',') ? `"${comment}"` : comment,
  ].join(',');
}

async function writeCsv(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('\uFEFF' + HEADER.join(',') + '\r\n');
  let written = 0;
  let i = 1;
  while (written < bytes) {
    const lines: string[] = [];
    for (let k = 0; k < 2000; k++) lines.push(row(i++));
    const s = lines.join('\r\n') + '\r\n';
    written += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return i - 1;
}

// ---- baselines --------------------------------------------------------------------------------
async function readOnly(path: string): Promise<number> {
  let n = 0;
  for await (const c of createReadStream(path, { highWaterMark: 1 << 16 })) n += (c as Buffer).length;
  return n;
}

/** Decode + split into lines and fields: what any CSV scan must at least do. */
async function decodeAndSplit(path: string): Promise<number> {
  const dec = new TextDecoder('utf-8');
  let carry = '';
  let fields = 0;
  for await (const c of createReadStream(path, { highWaterMark: 1 << 16 })) {
    const text = carry + dec.decode(c as Buffer, { stream: true });
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    for (const l of lines) fields += l.split(',').length;
  }
  return fields;
}

async function csvParseOnly(path: string): Promise<number> {
  let rows = 0;
  const parser = createReadStream(path, { highWaterMark: 1 << 16 }).pipe(parse({ bom: true, relax_column_count: true }));
  for await (const _ of parser) rows++;
  return rows;
}

/** The archive as the scanner opens a vault file: one pass for size and tail, then ranges. */
async function openZip(path: string): Promise<ZipArchive> {
  const open = async () => createReadStream(path, { highWaterMark: 1 << 16 });
  const openRange = async (start: number, end: number) => createReadStream(path, { start, end: end - 1, highWaterMark: 1 << 16 });
  return ZipArchive.open(await streamSource(open, { openRange }));
}

/** Inflate every part (the archive read the scanner does, minus the XML and the detectors). */
async function inflateOnly(path: string): Promise<number> {
  let out = 0;
  await eachEntry(await openZip(path), () => (d) => {
    out += d.length;
  });
  return out;
}

async function exceljsReadOnly(path: string): Promise<number> {
  let cells = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', worksheets: 'emit', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  for await (const ws of reader) for await (const r of ws as AsyncIterable<ExcelJS.Row>) cells += r.cellCount;
  return cells;
}

/** Wall time and this process's CPU time (user + system) of fn, in ms. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const { result, ms } = await timed(fn);
  const c = process.cpuUsage(c0);
  return { result, ms, cpuMs: (c.user + c.system) / 1000 };
}

const scanPath = (path: string, fileName: string, detectedType: string): Promise<ScanResult> =>
  scanFile(
    {
      fileName,
      detectedType,
      open: async () => createReadStream(path, { highWaterMark: 1 << 16 }),
      openRange: async (start, end) => createReadStream(path, { start, end: end - 1, highWaterMark: 1 << 16 }),
    },
    DEFAULT_RULES,
    { now },
  );

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'mamori-bench-tripwire-'));
  try {
    heading(`Tripwire: ${CSV_MB} MB clinical CSV`);
    const csv = join(dir, 'cases.csv');
    const gen = await timed(() => writeCsv(csv, CSV_MB * MB));
    const size = statSync(csv).size;
    note(`generated ${gen.result.toLocaleString('en-US')} rows, ${formatBytes(size)} (${(size / MB).toFixed(1)} MB) in ${(gen.ms / 1000).toFixed(1)} s; ${Math.floor(gen.result / PLANT_EVERY)} planted identifiers`);

    await readOnly(csv); // warm the page cache so every run reads from memory
    const mbps = (ms: number) => size / MB / (ms / 1000);
    const read = await measured(() => readOnly(csv));
    const split = await measured(() => decodeAndSplit(csv));
    const cp = await measured(() => csvParseOnly(csv));
    await collectGarbage();
    const before = memory();
    const peak = memoryPeak();
    const timer = setInterval(() => peak.sample(), 20);
    const scan = await measured(() => scanPath(csv, 'cases.csv', 'csv'));
    clearInterval(timer);
    peak.sample();
    const rows: Figure[] = [
      { name: 'read bytes only', value: mbps(read.ms), unit: 'MB/s' },
      { name: 'decode + split lines/fields', value: mbps(split.ms), unit: 'MB/s', baseline: true },
      { name: 'csv-parse alone', value: mbps(cp.ms), unit: 'MB/s' },
      { name: 'tripwire scanFile', value: mbps(scan.ms), unit: 'MB/s' },
    ];
    printTable('CSV throughput (UTF-8, page cache warm), wall clock', rows);
    // On a shared machine the wall clock mostly measures the other processes; CPU time does not.
    const cpuRate = (x: { cpuMs: number }) => size / MB / (x.cpuMs / 1000);
    printTable('CSV throughput per CPU-second of this process', [
      { name: 'read bytes only', value: cpuRate(read), unit: 'MB/cpu-s' },
      { name: 'decode + split lines/fields', value: cpuRate(split), unit: 'MB/cpu-s', baseline: true },
      { name: 'csv-parse alone', value: cpuRate(cp), unit: 'MB/cpu-s' },
      { name: 'tripwire scanFile', value: cpuRate(scan), unit: 'MB/cpu-s' },
    ]);
    const os = await import('node:os');
    note(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
    const r = scan.result;
    note(`scan: ${(scan.ms / 1000).toFixed(2)} s, ${r.findings.length} findings (truncated: ${r.truncated}), scannedBytes ${r.scannedBytes.toLocaleString('en-US')}, encoding ${r.encoding}`);
    note(`goal ≥ ${GOAL} MB/s: wall ${mbps(scan.ms) >= GOAL ? 'met' : 'NOT met'}, per CPU-second ${cpuRate(scan) >= GOAL ? 'met' : 'NOT met'}; peak growth: RSS ${formatBytes(Math.max(0, peak.peak().rss - before.rss))}, heap ${formatBytes(Math.max(0, peak.peak().heapUsed - before.heapUsed))}`);
    const byKind = new Map<string, number>();
    for (const f of r.findings) byKind.set(`${f.kind} (${f.rule})`, (byKind.get(`${f.kind} (${f.rule})`) ?? 0) + 1);
    table([...byKind].map(([k, n]) => ({ finding: k, count: n })));

    if (SJIS) {
      const sj = join(dir, 'cases-sjis.csv');
      const text = await import('node:fs/promises').then((m) => m.readFile(csv, 'utf8'));
      writeFileSync(sj, iconv.encode(text.replace(/^\uFEFF/, ''), 'cp932'));
      const sjSize = statSync(sj).size;
      await readOnly(sj);
      const s2 = await measured(() => scanPath(sj, 'cases.csv', 'csv'));
      printTable('CSV throughput (Shift_JIS / CP932)', [
        { name: 'tripwire scanFile, wall', value: sjSize / MB / (s2.ms / 1000), unit: 'MB/s', ratio: null },
        { name: 'tripwire scanFile, CPU', value: sjSize / MB / (s2.cpuMs / 1000), unit: 'MB/cpu-s', ratio: null },
      ]);
      note(`Shift_JIS scan: ${s2.result.findings.length} findings, encoding ${s2.result.encoding}`);
      rmSync(sj);
    }
    rmSync(csv);

    heading(`Tripwire: XLSX, ${XLSX_ROWS.toLocaleString('en-US')} rows (exceljs streaming writer, shared strings)`);
    const xlsx = join(dir, 'cases.xlsx');
    const xgen = await timed(async () => {
      const rowsIt = function* () {
        yield HEADER;
        for (let i = 1; i <= XLSX_ROWS; i++) yield row(i).split(',');
      };
      writeFileSync(xlsx, await xlsxStreamed('cases', rowsIt()));
    });
    const xsize = statSync(xlsx).size;
    const inflated = await inflateOnly(xlsx);
    let inflatedSst = 0;
    await eachEntry(await openZip(xlsx), ({ name }) => (name.includes('sharedStrings') ? (d) => void (inflatedSst += d.length) : null));
    note(`generated ${formatBytes(xsize)} (${formatBytes(inflated)} of XML inside) in ${(xgen.ms / 1000).toFixed(1)} s`);
    const xin = await measured(() => inflateOnly(xlsx));
    const xex = await measured(() => exceljsReadOnly(xlsx));
    await collectGarbage();
    const xbefore = memory();
    const xpeak = memoryPeak();
    const xtimer = setInterval(() => xpeak.sample(), 20);
    const xscan = await measured(() => scanPath(xlsx, 'cases.xlsx', 'xlsx'));
    clearInterval(xtimer);
    xpeak.sample();
    const rate = (ms: number) => xsize / MB / (ms / 1000);
    printTable('XLSX throughput (MB of .xlsx file per second), wall clock', [
      { name: 'read + inflate all parts', value: rate(xin.ms), unit: 'MB/s', baseline: true },
      { name: 'exceljs WorkbookReader, cells only', value: rate(xex.ms), unit: 'MB/s' },
      { name: 'tripwire scanFile (2 passes)', value: rate(xscan.ms), unit: 'MB/s' },
    ]);
    printTable('XLSX throughput per CPU-second', [
      { name: 'read + inflate all parts', value: rate(xin.cpuMs), unit: 'MB/cpu-s', baseline: true },
      { name: 'exceljs WorkbookReader, cells only', value: rate(xex.cpuMs), unit: 'MB/cpu-s' },
      { name: 'tripwire scanFile (2 passes)', value: rate(xscan.cpuMs), unit: 'MB/cpu-s' },
    ]);
    note(`peak growth during the XLSX scan: RSS ${formatBytes(Math.max(0, xpeak.peak().rss - xbefore.rss))}, heap ${formatBytes(Math.max(0, xpeak.peak().heapUsed - xbefore.heapUsed))} (shared strings ${formatBytes(inflatedSst)} as XML)`);
    note(`scan: ${(xscan.ms / 1000).toFixed(2)} s (${(inflated / MB / (xscan.ms / 1000)).toFixed(0)} MB/s of sheet XML), ${xscan.result.findings.length} findings; cells/s ≈ ${Math.round((XLSX_ROWS * HEADER.length) / (xscan.ms / 1000)).toLocaleString('en-US')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
