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
import type { Compiled } from './compiled.js';
import { anyFlag, NO_FLAGS } from './context.js';
import { olderThan, parseFullDate } from './dates.js';
import { detectText, INITIALS_VALUE, nameLike, nameShaped, parsePhone, phoneDigitsValid, POSTAL_VALUE, type Hit, type HitKind } from './detect.js';
import { maskAddress, maskDate, maskDigits, maskInitials, maskName, maskTail } from './mask.js';
import type { Sink } from './sink.js';
import { interestingStats } from './table-cells.js';
import {
  CACHE_MAX,
  CACHE_VALUE_MAX,
  decideColumn,
  HEADER_SCAN_ROWS,
  INFER_SAMPLE,
  isLabel,
  KIND_BIT,
  mergeFlags,
  newColumn,
  NO_HITS,
  NO_LABEL,
  readLabel,
  ScanCache,
  WORTH_CACHING,
  type Column,
  type Label,
  type TableWhere,
} from './table-columns.js';

export { cellStats, columnIndex, columnLetter, interestingStats, labelStats } from './table-cells.js';
export { INFER_SAMPLE, ScanCache, type TableWhere } from './table-columns.js';

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
    const col = newColumn(index, header, this.c, this.where, this.inferBirth, this.inferName);
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
    return readLabel(this.cache, this.c, raw);
  }

  /** A value that is itself a header word (電話, 住所, 生年月日): a label in a form, not data. */
  private isKnownLabel(value: string): boolean {
    return anyFlag(this.label(value).flags);
  }

  /** Sampling over (or the table ended): is this a birth-date column, a name column? */
  private decide(col: Column, end = false): void {
    decideColumn(col, this.c, this.sink, this.where.part, end);
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
