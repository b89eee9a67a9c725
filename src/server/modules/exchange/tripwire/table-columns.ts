import type { Finding } from '../../../../shared/tripwire.js';
import type { Compiled, CompiledMrn } from './compiled.js';
import { anyFlag, classifyHeader, KEYWORDS, NO_FLAGS, type HeaderFlags } from './context.js';
import { parseFullDate } from './dates.js';
import type { Hit, HitKind } from './detect.js';
import { isAscii, normalizeHeader, normalizeText } from './normalize.js';
import type { Sink } from './sink.js';
import { columnLetter } from './table-cells.js';

// What the table scanner (table.ts) knows of each column and of label cells, and the cache of
// results that depend on a cell's text alone.

export type Mode = 'sampling' | 'yes' | 'no';

export interface Column {
  index: number;
  letter: string;
  header: string | null;
  /** Header text when it holds a keyword that matters as nearby words, else ''. */
  context: string;
  flags: HeaderFlags;
  waived: ReadonlySet<string> | null;
  mrn: readonly CompiledMrn[];
  /** Every cell must be looked at (telling header, MRN pattern, a column recognised by its values). */
  needsAll: boolean;
  nonEmpty: number;
  birth: Mode;
  name: Mode;
  dates: number;
  oldDates: number;
  named: number;
  birthCandidates: Finding[];
  nameCandidates: Finding[];
  /** Free-text results of this column's values (its header gives them context). */
  hits: Map<string, readonly Hit[]>;
}

export interface Label {
  flags: HeaderFlags;
  /** The label's text when it holds a keyword, else ''. */
  context: string;
}

export const KIND_BIT: Record<HitKind, number> = {
  my_number: 1,
  insurer_number: 2,
  phone: 4,
  postal_code: 8,
  address: 16,
  birth_date: 32,
  email: 64,
  name: 128,
  initials: 256,
  mrn: 512,
};

export const HEADER_SCAN_ROWS = 10;
export const LABEL_MAX = 24;
/** Non-empty values after which a column without a telling header is judged by its values. */
export const INFER_SAMPLE = 1000;
export const CACHE_MAX = 50_000;
export const CACHE_VALUE_MAX = 64;
export const ANY_KEYWORD = new RegExp(Object.values(KEYWORDS).map((k) => `(?:${k.source})`).join('|'), 'i');
export const NO_LABEL: Label = { flags: NO_FLAGS, context: '' };
export const NO_HITS: readonly Hit[] = [];
/** Categorical text repeats; numbers and dates are mostly unique and cheap to scan again. */
// eslint-disable-next-line no-control-regex
export const WORTH_CACHING = /[^\u0000-\u0040\u005b-\u0060\u007b-\u007f]/;

export interface TableWhere {
  sheet: string | null;
  table?: number | null;
  /** Order of this sheet/table in the file (sorting). */
  part: number;
}

/**
 * Results that depend only on a cell's text (no header or label context): categorical values
 * (悪心, 特記事項なし, M) repeat thousands of times, so they are normalised and scanned once.
 */
export class ScanCache {
  readonly normalized = new Map<string, string>();
  readonly hits = new Map<string, readonly Hit[]>();
  readonly labels = new Map<string, Label>();
  /** Raw values that gave nothing without context (skipped outright in decided columns). */
  readonly clean = new Set<string>();

  normalize(raw: string): string {
    if (raw.length > CACHE_VALUE_MAX || isAscii(raw)) return normalizeText(raw);
    let v = this.normalized.get(raw);
    if (v === undefined) {
      v = normalizeText(raw);
      if (this.normalized.size >= CACHE_MAX) this.normalized.clear();
      this.normalized.set(raw, v);
    }
    return v;
  }
}

/** A column as its header (or its absence) and the waivers define it. */
export function newColumn(index: number, header: string | null, c: Compiled, where: TableWhere, inferBirth: boolean, inferName: boolean): Column {
  const letter = columnLetter(index);
  const h = header ? normalizeText(header).slice(0, 100) : null;
  const flags = h ? classifyHeader(h, c.extraNameHeaders, c.mrnHeaders) : NO_FLAGS;
  const hkey = h ? normalizeHeader(h) : null;
  const waived = new Set<string>();
  for (const w of c.waivers) {
    if (w.sheet !== null && w.sheet !== (where.sheet ?? '')) continue;
    if ((hkey !== null && w.columnKey === hkey) || w.letterKey === letter) for (const k of w.kinds) waived.add(k);
  }
  const mrn = c.mrn.filter((m) => m.anyColumn || (hkey !== null && (flags.mrn || m.headers.has(hkey))));
  const col: Column = {
    index,
    letter,
    header: h,
    context: h && ANY_KEYWORD.test(h) ? h : '',
    flags: { ...flags, mrn: flags.mrn && mrn.length > 0 },
    waived: waived.size ? waived : null,
    mrn,
    needsAll: anyFlag(flags) || mrn.length > 0,
    nonEmpty: 0,
    birth: inferBirth && !flags.birth && !waived.has('birth_date') ? 'sampling' : 'no',
    name: inferName && !flags.name && !waived.has('name') ? 'sampling' : 'no',
    dates: 0,
    oldDates: 0,
    named: 0,
    birthCandidates: [],
    nameCandidates: [],
    hits: new Map(),
  };
  return col;
}

/** What a short text says as a label (cached): header flags and keyword context. */
export function readLabel(cache: ScanCache, c: Compiled, raw: string | null): Label {
  if (!raw) return NO_LABEL;
  const t = raw.trim();
  if (t.length === 0 || t.length > LABEL_MAX) return NO_LABEL;
  let l = cache.labels.get(t);
  if (!l) {
    if (/[0-9@]/.test(t)) l = NO_LABEL;
    else {
      const n = cache.normalize(t);
      const flags = classifyHeader(n, c.extraNameHeaders, c.mrnHeaders);
      const context = ANY_KEYWORD.test(n) ? n : '';
      l = flags === NO_FLAGS && context === '' ? NO_LABEL : { flags, context };
    }
    if (cache.labels.size >= CACHE_MAX) cache.labels.clear();
    cache.labels.set(t, l);
  }
  return l;
}

/** Sampling over (or the table ended): is this a birth-date column, a name column? */
export function decideColumn(col: Column, c: Compiled, sink: Sink, part: number, end = false): void {
  const r = c.rules;
  if (col.birth === 'sampling' && (end || col.nonEmpty >= INFER_SAMPLE)) {
    const bd = r.birthDate;
    const yes = col.dates >= bd.minColumnValues && col.dates >= col.nonEmpty * bd.columnShare && col.oldDates >= col.dates * bd.columnShare;
    col.birth = yes ? 'yes' : 'no';
    if (yes) {
      for (const f of col.birthCandidates) sink.add(f, part, col.index);
      col.needsAll = true;
    }
    col.birthCandidates = [];
  }
  if (col.name === 'sampling' && (end || col.nonEmpty >= INFER_SAMPLE)) {
    const yes = col.named >= r.name.minColumnValues && col.named >= col.nonEmpty * r.name.columnShare;
    col.name = yes ? 'yes' : 'no';
    if (yes) {
      for (const f of col.nameCandidates) sink.add(f, part, col.index);
      col.needsAll = true;
    }
    col.nameCandidates = [];
  }
}

export function mergeFlags(a: HeaderFlags, b: HeaderFlags): HeaderFlags {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof HeaderFlags)[]) if (b[k]) out[k] = true;
  return out;
}

/** A header-like cell: has a letter, is not a number or a date, is short. */
export function isLabel(t: string): boolean {
  const v = t.trim();
  if (v.length === 0 || v.length > 60) return false;
  if (!/[\p{L}]/u.test(v)) return false;
  if (parseFullDate(v)) return false;
  if (v.includes('@')) return false;
  if (/[0-9]{4,}/.test(v)) return false;
  return true;
}
