/**
 * The identifier tripwire (issue 7, P32-2.1.2): scans files and transfer messages for direct
 * identifiers of patients before anything leaves a site. Pure functions: no database, no clock
 * except the optional `now` used to judge whether a column of dates looks like birth dates.
 *
 *   const rules = TripwireRules.parse(storedJson ?? {});          // src/shared/tripwire.ts
 *   const { findings, truncated } = await scanFile({ fileName, detectedType, open: () => vault.openPlaintext(id) }, rules);
 *   const hits = scanText(message, rules);
 *
 * Never throws on malformed input: a file it cannot read yields a finding of kind 'unreadable'
 * (the transfer is then blocked rather than passed). Findings never carry the full value.
 * See README.md in this folder for what each detector flags and why.
 */
import { Readable } from 'node:stream';
import { eachEntry, streamSource, ZipArchive } from '../../../files/zip.js';
import { TripwireRules, type Finding, type IdentifierKind, type ScanResult } from '../../../../shared/tripwire.js';
import { compileRules, type Compiled } from './compiled.js';
import { DelimitedFeeder, DelimitedTokenizer, scanDelimitedStream } from './csv.js';
import { StreamDecoder } from './decode.js';
import { scanDocx } from './docx.js';
import { Sink, StopScan } from './sink.js';
import { TableScanner } from './table.js';
import { LineScanner, scanLines, scanTextStream } from './text.js';
import { scanXlsx } from './xlsx.js';

export type { Finding, IdentifierKind, ScanResult };
export { TripwireRules };

/** Every detector on, no MRN patterns, no waivers, 500 findings per file. */
export const DEFAULT_RULES: TripwireRules = TripwireRules.parse({});

/** Things the caller knows that are not rules. */
export interface ScanOptions {
  /** "Today" for the birth-date column inference (default: the system time). Pass ctx.clock.now(). */
  now?: Date;
  /**
   * Names that are not patients' — e.g. the sender's and recipients' family names — so that
   * "山田さん、送ります" between staff is not flagged. Compared after NFKC, spaces ignored.
   */
  allowNames?: readonly string[];
}

export interface ScanFileInput {
  fileName: string;
  /** X1's detected type: 'csv' | 'tsv' | 'xlsx' | 'docx' | 'txt' | 'pdf' | 'zip' | … (extension used as a fallback). */
  detectedType: string;
  /** Opens the plaintext; may be called more than once (archives are read first whole, then by entry). */
  open: () => Promise<Readable>;
  /** Opens the plaintext bytes [start, end), so an archive's entries are read without reading what comes before. */
  openRange?: (start: number, end: number) => Promise<Readable>;
}

export type Format = 'csv' | 'tsv' | 'xlsx' | 'docx' | 'txt' | 'zip';

/** Scans free text (a transfer message, a note): findings carry row = line number. */
export function scanText(text: string, rules: TripwireRules = DEFAULT_RULES, options: ScanOptions = {}): Finding[] {
  const c = compileRules(rules, options);
  const sink = new Sink(rules.maxFindings);
  try {
    scanLines(text, c, sink, { sheet: null, part: 0 });
  } catch {
    // Not expected; but a message that could not be checked must not pass as clean.
    sink.add(fileFinding('unreadable', 'text.unreadable'), -1);
  }
  return sink.findings();
}

/** Which reader a file gets: the detected type first, the file name's extension when the type is generic. */
export function formatOf(fileName: string, detectedType: string): Format | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const t = detectedType.toLowerCase();
  const byName: Record<string, Format> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', xlsx: 'xlsx', xlsm: 'xlsx', docx: 'docx', docm: 'docx', txt: 'txt', text: 'txt', log: 'txt', md: 'txt', zip: 'zip' };
  if (t === 'csv' || t === 'text/csv') return ext === 'tsv' || ext === 'tab' ? 'tsv' : 'csv';
  if (t === 'tsv' || t === 'text/tab-separated-values') return 'tsv';
  if (t === 'xlsx' || t.includes('spreadsheetml')) return 'xlsx';
  if (t === 'docx' || t.includes('wordprocessingml')) return 'docx';
  if (t === 'txt' || t === 'text' || t === 'text/plain') return byName[ext] === 'csv' || byName[ext] === 'tsv' ? (byName[ext] as Format) : 'txt';
  if (t === 'zip' || t === 'application/zip' || t === 'ooxml') return byName[ext] === 'xlsx' || byName[ext] === 'docx' ? (byName[ext] as Format) : 'zip';
  if (t === '' || t === 'unknown' || t === 'application/octet-stream') return byName[ext] ?? null;
  return byName[t] ?? null;
}

/** Scans a stored file as a stream; see src/shared/tripwire.ts for what each finding's place means. */
export async function scanFile(input: ScanFileInput, rules: TripwireRules = DEFAULT_RULES, options: ScanOptions = {}): Promise<ScanResult> {
  const c = compileRules(rules, options);
  const sink = new Sink(rules.maxFindings);
  const format = formatOf(input.fileName, input.detectedType);
  let scannedBytes = 0;
  const onBytes = (n: number) => {
    scannedBytes += n;
  };
  let encoding: string | null = null;
  if (!format) {
    if (rules.unscannable === 'block') sink.add(fileFinding('unscanned', `format.unsupported:${input.detectedType || 'unknown'}`));
    return { findings: sink.findings(), truncated: false, scannedBytes: 0, format: null, encoding: null };
  }
  try {
    switch (format) {
      case 'csv':
      case 'tsv': {
        const table = new TableScanner(sink, c, { sheet: null, part: 0 });
        const r = await scanDelimitedStream(await input.open(), (d) => new DelimitedTokenizer(table, sink, d), format === 'tsv' ? '\t' : null, onBytes);
        encoding = r.encoding;
        break;
      }
      case 'txt':
        encoding = (await scanTextStream(await input.open(), c, sink, onBytes)).encoding;
        break;
      case 'xlsx': {
        await scanXlsx(await openArchive(input, onBytes), c, sink);
        break;
      }
      case 'docx':
        await scanDocx(await openArchive(input, onBytes), c, sink);
        break;
      case 'zip':
        await scanArchive(await openArchive(input, onBytes), c, sink, rules);
        break;
    }
  } catch (e) {
    // StopScan: the finding limit was reached with input left unread.
    if (e instanceof StopScan) sink.truncated = true;
    else sink.add(fileFinding('unreadable', `${format}.unreadable`), -1);
  }
  return { findings: sink.findings(), truncated: sink.truncated, scannedBytes, format, encoding };
}

/**
 * The file as an archive: one pass over the whole stream (counted in scannedBytes, and checked by
 * the vault's end-of-file hash), then each entry read by range when the caller can give ranges.
 */
async function openArchive(input: ScanFileInput, onBytes: (n: number) => void): Promise<ZipArchive> {
  return ZipArchive.open(await streamSource(input.open, { openRange: input.openRange, onBytes }));
}

function fileFinding(kind: 'unreadable' | 'unscanned', rule: string, sheet: string | null = null): Finding {
  return { kind, rule, sheet, table: null, row: null, column: null, columnLetter: null, cell: null, masked: '' };
}

const NESTED_MAX = 64 * 1024 * 1024;

/**
 * A ZIP archive: CSV/TSV/TXT entries are scanned as they stream by; XLSX/DOCX entries up to
 * 64 MiB are scanned after the archive (they need their own passes); anything else is reported
 * 'unscanned' (unless the rules allow unscannable files). Findings name the entry in `sheet`.
 */
async function scanArchive(archive: ZipArchive, c: Compiled, sink: Sink, rules: TripwireRules): Promise<void> {
  const nested: { name: string; format: Format; chunks: Uint8Array[] }[] = [];
  let part = 0;
  await eachEntry(
    archive,
    ({ name }) => {
      part++;
      const fmt = formatOf(name, '');
      if (fmt === 'csv' || fmt === 'tsv') {
        const table = new TableScanner(sink, c, { sheet: name, part });
        const feeder = new DelimitedFeeder(fmt === 'tsv' ? '\t' : null, (d) => new DelimitedTokenizer(table, sink, d));
        return (d, f) => {
          feeder.write(d);
          if (f) feeder.end();
        };
      }
      if (fmt === 'txt') {
        const decoder = new StreamDecoder();
        const lines = new LineScanner(c, sink, { sheet: name, part });
        return (d, f) => {
          lines.push(decoder.write(d), false);
          if (f) lines.push(decoder.end(), true);
        };
      }
      if (fmt === 'xlsx' || fmt === 'docx') {
        const entry = { name, format: fmt, chunks: [] as Uint8Array[] };
        nested.push(entry);
        let size = 0;
        return (d) => {
          size += d.length;
          if (size > NESTED_MAX) {
            entry.chunks = [];
            return;
          }
          entry.chunks.push(d.slice());
        };
      }
      if (rules.unscannable === 'block') sink.add(fileFinding('unscanned', `format.unsupported:${fmt ?? 'unknown'}`, name), part);
      return null;
    },
  );
  for (const n of nested) {
    if (sink.full) throw new StopScan();
    if (n.chunks.length === 0) {
      if (rules.unscannable === 'block') sink.add(fileFinding('unscanned', 'format.too_large_in_archive', n.name));
      continue;
    }
    const inner = await scanFile({ fileName: n.name, detectedType: n.format, open: async () => Readable.from(n.chunks) }, { ...rules, maxFindings: Math.max(1, rules.maxFindings - sink.count) }, { now: c.now, allowNames: c.allowNames });
    for (const f of inner.findings) sink.add({ ...f, sheet: f.sheet ? `${n.name} › ${f.sheet}` : n.name }, ++part);
    if (inner.truncated) sink.truncated = true;
  }
}
