/**
 * Scans tabular data (a CSV, a worksheet, a DOCX table) cell by cell with column context: the
 * header row is found in the first rows, each column's header says what its values are (氏名,
 * 生年月日, 電話, …), the label cell to the left does the same for form-like sheets, and columns
 * without a telling header can still be recognised as birth-date or name columns by their
 * values (decided on the first INFER_SAMPLE values, then applied to the rest as they stream by).
 * Waivers silence kinds per column.
 */
import type { Finding } from '../../../../shared/tripwire.js';
import { insurerNumberValid, myNumberValid } from './check-digits.js';
import type { Compiled, CompiledMrn } from './compiled.js';
import { anyFlag, classifyHeader, KEYWORDS, NO_FLAGS, type HeaderFlags } from './context.js';
import { olderThan, parseFullDate } from './dates.js';
import { detectText, INITIALS_VALUE, nameLike, nameShaped, parsePhone, phoneDigitsValid, POSTAL_VALUE, type Hit, type HitKind } from './detect.js';
import { maskAddress, maskDate, maskDigits, maskInitials, maskName, maskTail } from './mask.js';
import { isAscii, normalizeHeader, normalizeText } from './normalize.js';
import type { Sink } from './sink.js';

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/**
 * Statistics of a raw cell the readers compute while they walk it (CSV inline, others with
 * cellStats): the digit count, and flags 1 = non-ASCII or @, 2 = letters, 4 = capitals,
 * 8 = dot or space.
 */

export function cellStats(v: string): { digits: number; flags: number } {
  let digits = 0;
  let flags = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 128 || c === 64) flags |= 1;
    else if (c >= 65 && c <= 90) flags |= 6;
    else if (c >= 97 && c <= 122) flags |= 2;
    else if (c === 46 || c === 32) flags |= 8;
  }
  return { digits, flags };
}

/** Short text without digits: a label in a form (氏名 | 山田太郎). */
export function labelStats(length: number, digits: number, flags: number): boolean {
  return length > 0 && length <= 24 && digits === 0 && (flags & 3) !== 0;
}

/**
 * Could anything fire on a cell without column context? Non-ASCII or @; ten digits (phone, My
 * Number); letters with digits (keywords, era dates); capitals with a dot or space (initials,
 * romaji names). Cells of 6–9 digits matter only with a label on their left or while their
 * column is being sampled (see TableScanner.wants).
 */
export function interestingStats(digits: number, flags: number): boolean {
  return (flags & 1) !== 0 || digits >= 10 || ((flags & 2) !== 0 && digits >= 2) || (flags & 12) === 12;
}

type Mode = 'sampling' | 'yes' | 'no';

interface Column {
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

interface Label {
  flags: HeaderFlags;
  /** The label's text when it holds a keyword, else ''. */
  context: string;
}

const KIND_BIT: Record<HitKind, number> = {
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

const HEADER_SCAN_ROWS = 10;
const LABEL_MAX = 24;
/** Non-empty values after which a column without a telling header is judged by its values. */
export const INFER_SAMPLE = 1000;
const CACHE_MAX = 50_000;
const CACHE_VALUE_MAX = 64;
const ANY_KEYWORD = new RegExp(Object.values(KEYWORDS).map((k) => `(?:${k.source})`).join('|'), 'i');
const NO_LABEL: Label = { flags: NO_FLAGS, context: '' };
const NO_HITS: readonly Hit[] = [];
/** Categorical text repeats; numbers and dates are mostly unique and cheap to scan again. */
// eslint-disable-next-line no-control-regex
const WORTH_CACHING = /[^\u0000-\u0040\u005b-\u0060\u007b-\u007f]/;

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

export class TableScanner {
  private cols: Column[] = [];
  private headerState: 'pending' | 'found' | 'none' = 'pending';
  private pendingRows = 0;
  private buffered: { row: number; cells: { col: number; value: string; left: string | null }[] } | null = null;
  private row = 0;
  /** Kinds already reported for the current cell (bits by KIND_BIT). */
  private cellKinds = 0;
  private currentCol: Column | null = null;
  private readonly inferBirth: boolean;
  private readonly inferName: boolean;
  private readonly anyColumnMrn: boolean;
  private readonly onHit = (h: Hit) => this.emit(this.currentCol as Column, h.kind, h.rule, h.masked);
  private readonly collect: Hit[] = [];
  private readonly onCollect = (h: Hit) => {
    this.collect.push(h);
  };

  constructor(
    private readonly sink: Sink,
    private readonly c: Compiled,
    private readonly where: TableWhere,
    private readonly cache: ScanCache = new ScanCache(),
  ) {
    this.inferBirth = c.rules.birthDate.enabled && c.rules.birthDate.inferColumns;
    this.inferName = c.rules.name.enabled && c.rules.name.surnames;
    this.anyColumnMrn = c.mrn.some((m) => m.anyColumn);
  }

  /** While the header is not known yet, every cell must be passed in. */
  get wantsAll(): boolean {
    return this.headerState === 'pending';
  }

  /**
   * Must the reader pass this cell in? `digits`/`flags` as cellStats computes them; `leftLabel`:
   * the cell on the left is short text without digits (a label in a form).
   */
  wants(col: number, digits: number, flags: number, leftLabel: boolean): boolean {
    if (this.headerState === 'pending' || interestingStats(digits, flags)) return true;
    const column = this.cols[col];
    if (!column) return this.anyColumnMrn || (digits >= 6 && (leftLabel || this.inferBirth));
    if (column.needsAll) return true;
    return digits >= 6 && (leftLabel || column.birth === 'sampling');
  }

  startRow(row: number): void {
    this.row = row;
    if (this.headerState === 'pending') this.buffered = { row, cells: [] };
  }

  /** A non-empty cell the reader did not pass in (counts for the column shares). */
  skipped(col: number): void {
    const column = this.cols[col] ?? this.column(col);
    column.nonEmpty++;
    if (column.nonEmpty >= INFER_SAMPLE && (column.birth === 'sampling' || column.name === 'sampling')) this.decide(column);
  }

  /**
   * A cell's value (`normalized`: already through normalizeText, as XLSX shared strings are);
   * `left` is the raw value of the cell just left of it, if any.
   */
  cell(col: number, raw: string, left: string | null, normalized = false): void {
    if (raw.length === 0) return;
    if (left === null && !this.buffered && this.cache.clean.has(raw)) {
      // Seen before without context and without a finding: only the count matters.
      const column = this.cols[col];
      if (column && !column.needsAll && column.context === '' && column.birth === 'no' && column.name === 'no') {
        column.nonEmpty++;
        return;
      }
    }
    const value = normalized ? raw : this.cache.normalize(raw);
    if (this.buffered) {
      this.buffered.cells.push({ col, value, left });
      return;
    }
    this.scanCell(col, value, left, raw);
  }

  endRow(): void {
    const b = this.buffered;
    if (!b) return;
    this.buffered = null;
    const cells = b.cells.filter((x) => x.value.trim() !== '');
    if (cells.length === 0) return;
    this.pendingRows++;
    const labels = cells.every((x) => isLabel(x.value));
    const known = cells.some((x) => anyFlag(this.label(x.value).flags));
    if (labels && (cells.length >= 2 || known)) {
      this.headerRow(cells);
      return;
    }
    const titleOnly = labels && cells.length === 1;
    if (!titleOnly || this.pendingRows >= HEADER_SCAN_ROWS) this.headerState = 'none';
    for (const x of cells) this.scanCell(x.col, x.value, x.left);
  }

  /** End of the table: columns still being sampled are judged on what was seen. */
  finish(): void {
    for (const col of this.cols) if (col) this.decide(col, true);
  }

  /** The header name of a column, if the table has one there. */
  headerOf(col: number): string | null {
    return this.cols[col]?.header ?? null;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * The header row: each column takes its header's meaning. Header cells are still text; a header
   * cell holding an identifier must not become the column's name (findings show column names
   * unmasked), so that column is named by its letter.
   */
  private headerRow(cells: { col: number; value: string }[]): void {
    const byCol = new Map(cells.map((x) => [x.col, x.value]));
    const scanned = cells.map((x) => {
      this.collect.length = 0;
      detectText(x.value.trim(), this.c, '', this.onCollect);
      const hits = [...this.collect];
      // A form laid out as label | value (氏名 | 鈴木花子) looks like a header row.
      const left = byCol.get(x.col - 1);
      const pair = !!left && this.c.rules.name.enabled && this.label(left).flags.name && !this.isKnownLabel(x.value) && nameShaped(x.value);
      if (pair) hits.push({ kind: 'name', rule: 'name.label', masked: maskName(x.value), index: 0 });
      const shaped = hits.length === 0 && this.inferName && !this.isKnownLabel(x.value) && nameShaped(x.value);
      return { x, hits, pair, shaped };
    });
    // A form: its first column holds labels, not a header; cells are read with their left label.
    const form = scanned.some((s) => s.pair);
    this.headerState = form ? 'none' : 'found';
    for (const { x, hits, shaped } of scanned) {
      const col = this.defineColumn(x.col, form || hits.length || shaped ? null : x.value.trim());
      this.cellKinds = 0;
      for (const h of hits) this.emit(col, h.kind, h.rule, h.masked);
      if (shaped) {
        // "山田太郎" in the first row of a file without header: data for the column's name count.
        col.nonEmpty++;
        col.named++;
        col.nameCandidates.push(this.finding(col, 'name', 'name.column', maskName(x.value)));
      }
    }
  }

  private column(index: number): Column {
    return this.defineColumn(index, null);
  }

  private defineColumn(index: number, header: string | null): Column {
    const letter = columnLetter(index);
    const h = header ? normalizeText(header).slice(0, 100) : null;
    const flags = h ? classifyHeader(h, this.c.extraNameHeaders, this.c.mrnHeaders) : NO_FLAGS;
    const hkey = h ? normalizeHeader(h) : null;
    const waived = new Set<string>();
    for (const w of this.c.waivers) {
      if (w.sheet !== null && w.sheet !== (this.where.sheet ?? '')) continue;
      if ((hkey !== null && w.columnKey === hkey) || w.letterKey === letter) for (const k of w.kinds) waived.add(k);
    }
    const mrn = this.c.mrn.filter((m) => m.anyColumn || (hkey !== null && (flags.mrn || m.headers.has(hkey))));
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
      birth: this.inferBirth && !flags.birth && !waived.has('birth_date') ? 'sampling' : 'no',
      name: this.inferName && !flags.name && !waived.has('name') ? 'sampling' : 'no',
      dates: 0,
      oldDates: 0,
      named: 0,
      birthCandidates: [],
      nameCandidates: [],
      hits: new Map(),
    };
    this.cols[index] = col;
    return col;
  }

  private finding(col: Column, kind: HitKind, rule: string, masked: string): Finding {
    return {
      kind,
      rule,
      sheet: this.where.sheet,
      table: this.where.table ?? null,
      row: this.row,
      column: col.header ?? col.letter,
      columnLetter: col.letter,
      cell: `${col.letter}${this.row}`,
      masked,
    };
  }

  private emit(col: Column, kind: HitKind, rule: string, masked: string): void {
    const bit = KIND_BIT[kind];
    if (this.cellKinds & bit || col.waived?.has(kind)) return;
    this.cellKinds |= bit;
    this.sink.add(this.finding(col, kind, rule, masked), this.where.part, col.index);
  }

  /** What a short text says as a label (cached): header flags and keyword context. */
  private label(raw: string | null): Label {
    if (!raw) return NO_LABEL;
    const t = raw.trim();
    if (t.length === 0 || t.length > LABEL_MAX) return NO_LABEL;
    let l = this.cache.labels.get(t);
    if (!l) {
      if (/[0-9@]/.test(t)) l = NO_LABEL;
      else {
        const n = this.cache.normalize(t);
        const flags = classifyHeader(n, this.c.extraNameHeaders, this.c.mrnHeaders);
        const context = ANY_KEYWORD.test(n) ? n : '';
        l = flags === NO_FLAGS && context === '' ? NO_LABEL : { flags, context };
      }
      if (this.cache.labels.size >= CACHE_MAX) this.cache.labels.clear();
      this.cache.labels.set(t, l);
    }
    return l;
  }

  /** A value that is itself a header word (電話, 住所, 生年月日): a label in a form, not data. */
  private isKnownLabel(value: string): boolean {
    return anyFlag(this.label(value).flags);
  }

  /** Sampling over (or the table ended): is this a birth-date column, a name column? */
  private decide(col: Column, end = false): void {
    const r = this.c.rules;
    if (col.birth === 'sampling' && (end || col.nonEmpty >= INFER_SAMPLE)) {
      const bd = r.birthDate;
      const yes = col.dates >= bd.minColumnValues && col.dates >= col.nonEmpty * bd.columnShare && col.oldDates >= col.dates * bd.columnShare;
      col.birth = yes ? 'yes' : 'no';
      if (yes) {
        for (const f of col.birthCandidates) this.sink.add(f, this.where.part, col.index);
        col.needsAll = true;
      }
      col.birthCandidates = [];
    }
    if (col.name === 'sampling' && (end || col.nonEmpty >= INFER_SAMPLE)) {
      const yes = col.named >= r.name.minColumnValues && col.named >= col.nonEmpty * r.name.columnShare;
      col.name = yes ? 'yes' : 'no';
      if (yes) {
        for (const f of col.nameCandidates) this.sink.add(f, this.where.part, col.index);
        col.needsAll = true;
      }
      col.nameCandidates = [];
    }
  }

  private scanCell(colIndex: number, normalized: string, left: string | null, raw: string = normalized): void {
    const col = this.cols[colIndex] ?? this.column(colIndex);
    const value = normalized.trim();
    if (value.length === 0) return;
    col.nonEmpty++;
    this.cellKinds = 0;
    const r = this.c.rules;
    const label = left === null ? NO_LABEL : this.label(left);
    const lf = label.flags;
    const f = col.flags;

    if (col.needsAll || lf !== NO_FLAGS) {
      const hf = lf === NO_FLAGS ? f : mergeFlags(f, lf);
      if (r.name.enabled && (hf.name || col.name === 'yes') && nameLike(value) && !this.isKnownLabel(value)) {
        this.emit(col, 'name', hf.name ? 'name.header' : 'name.column', maskName(value));
      }
      if (r.initials.enabled && hf.initials && INITIALS_VALUE.test(value)) this.emit(col, 'initials', 'initials.header', maskInitials(value));
      if (r.birthDate.enabled && hf.birth && parseFullDate(value)) this.emit(col, 'birth_date', 'birth_date.header', maskDate(value));
      if (r.phone.enabled && hf.phone) {
        const p = parsePhone(value);
        if ((p && p.length === value.length) || (/^[1-9][0-9]{8,9}$/.test(value) && phoneDigitsValid('0' + value))) {
          this.emit(col, 'phone', 'phone.header', maskDigits(value, 3, 2));
        }
      }
      if (r.postalCode.enabled && hf.postal && POSTAL_VALUE.test(value)) this.emit(col, 'postal_code', 'postal_code.header', maskDigits(value, 1, 0));
      if (r.address.enabled && hf.address && /[\p{sc=Han}\p{sc=Katakana}\p{sc=Hiragana}]{2}/u.test(value)) {
        this.emit(col, 'address', 'address.header', maskAddress(value));
      }
      if (r.myNumber.enabled && hf.myNumber) {
        const d = value.replace(/[ -]/g, '');
        if (/^[0-9]{12}$/.test(d) && myNumberValid(d)) this.emit(col, 'my_number', 'my_number.check_digit', maskDigits(value, 0, 2));
      }
      if (r.insurerNumber.enabled && hf.insurer && /^[0-9]{6}(?:[0-9]{2})?$/.test(value) && insurerNumberValid(value)) {
        this.emit(col, 'insurer_number', 'insurer_number.check_digit', maskDigits(value, 0, 2));
      }
      if (r.insurerNumber.enabled && hf.insured && /[0-9]/.test(value)) {
        this.emit(col, 'insurer_number', 'insurer_number.insured', maskDigits(value, 0, 2));
      }
      if (r.mrn.enabled && (col.mrn.length > 0 || lf.mrn)) {
        const p = (lf.mrn ? this.c.mrn : col.mrn).find((m) => m.re.test(value));
        if (p) this.emit(col, 'mrn', `mrn.pattern:${p.id}`, maskTail(value));
      }
    }

    // Free-text detectors, with the header and the label on the left as nearby words. The result
    // depends on the text and those words only, so short values are cached (categorical values
    // repeat; plain numbers are not worth it).
    const context = col.context && label.context ? `${col.context} ${label.context}` : col.context || label.context;
    this.currentCol = col;
    // With context from the header only, the column keeps its own cache; with a label on the
    // left (rare), nothing is cached.
    const cache = label.context !== '' ? null : col.context !== '' ? col.hits : WORTH_CACHING.test(value) ? this.cache.hits : null;
    if (cache && value.length <= CACHE_VALUE_MAX) {
      let hits = cache.get(value);
      if (hits === undefined) {
        const collected: Hit[] = [];
        detectText(value, this.c, context, (h) => collected.push(h));
        hits = collected.length ? collected : NO_HITS;
        if (cache.size >= CACHE_MAX) cache.clear();
        cache.set(value, hits);
      }
      for (const h of hits) this.emit(col, h.kind, h.rule, h.masked);
      if (hits === NO_HITS && context === '' && cache === this.cache.hits) {
        if (this.cache.clean.size >= CACHE_MAX) this.cache.clean.clear();
        this.cache.clean.add(raw);
      }
    } else {
      detectText(value, this.c, context, this.onHit);
    }

    // Columns recognised by their values: birth dates and names.
    if (col.birth !== 'no') {
      const ymd = parseFullDate(value);
      if (ymd) {
        const old = ymd.y >= 1880 && olderThan(ymd, this.c.now, r.birthDate.minAgeYears);
        if (col.birth === 'yes') {
          if (old) this.emit(col, 'birth_date', 'birth_date.column', maskDate(value));
        } else {
          col.dates++;
          if (old) {
            col.oldDates++;
            if (col.birthCandidates.length < this.sink.max && !(this.cellKinds & KIND_BIT.birth_date)) {
              col.birthCandidates.push(this.finding(col, 'birth_date', 'birth_date.column', maskDate(value)));
            }
          }
        }
      }
    }
    if (col.name === 'sampling') {
      if (nameShaped(value)) col.named++;
      if (col.nameCandidates.length < this.sink.max && !(this.cellKinds & KIND_BIT.name) && nameLike(value) && !this.isKnownLabel(value)) {
        col.nameCandidates.push(this.finding(col, 'name', 'name.column', maskName(value)));
      }
    }
    if (col.nonEmpty >= INFER_SAMPLE && (col.birth === 'sampling' || col.name === 'sampling')) this.decide(col);
  }
}

function mergeFlags(a: HeaderFlags, b: HeaderFlags): HeaderFlags {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof HeaderFlags)[]) if (b[k]) out[k] = true;
  return out;
}

/** A header-like cell: has a letter, is not a number or a date, is short. */
function isLabel(t: string): boolean {
  const v = t.trim();
  if (v.length === 0 || v.length > 60) return false;
  if (!/[\p{L}]/u.test(v)) return false;
  if (parseFullDate(v)) return false;
  if (v.includes('@')) return false;
  if (/[0-9]{4,}/.test(v)) return false;
  return true;
}
