/**
 * A worksheet streamed cell by cell: the part is inflated and parsed a slice at a time, and each
 * cell is reported as it closes with its row, column, type, style and raw value (the cached value
 * of a formula, the text of an inline string), so a sheet of any length never sits in memory.
 * What a value means (a shared string, a date by its style) is decided by cellValue or the caller.
 */
import type { XlsxBook } from './xlsx.js';
import { XlsxError } from './xlsx.js';
import { RunText, XmlStream, type XmlHandler } from './xml.js';
import type { ZipEntry } from './zip.js';

/** A cell as the sheet stores it. */
export interface XlsxCell {
  /** 0-based column: from the reference, else one after the previous cell. */
  col: number;
  /** The reference as written (A1), when there is one. */
  ref: string | undefined;
  /** The t attribute: n (default), s, str, inlineStr, b, e, d. */
  type: string;
  /** The <v> text, or an inline string's text (phonetic runs left out). */
  raw: string;
  /** The cell style (cellXfs index), 0 by default. */
  style: number;
  /** Whether the cell had a value element at all (a styled empty cell has none). */
  hasValue: boolean;
}

/** Receives a sheet's rows and cells in order; the cell object is reused, so copy what you keep. */
export interface SheetVisitor {
  startRow(row: number): void;
  cell(cell: Readonly<XlsxCell>): void;
  endRow(row: number): void;
}

/** A column's 0-based index from a cell reference (A1 → 0, XFD9 → 16383), or -1 without letters. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    let c = ref.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** The SAX handler under sheet streaming: cells inside <sheetData> only; `done` once it closes. */
export class SheetHandler implements XmlHandler {
  done = false;
  private inData = false;
  private row = 0;
  private inValue = false;
  private inInline = false;
  private readonly inline = new RunText();
  private readonly cur: XlsxCell = { col: -1, ref: undefined, type: 'n', raw: '', style: 0, hasValue: false };

  constructor(private readonly visitor: SheetVisitor) {}

  open(name: string, attrs: Record<string, string>): void {
    if (!this.inData) {
      if (name === 'sheetData') this.inData = true;
      return;
    }
    const c = this.cur;
    switch (name) {
      case 'row': {
        const n = attrs.r === undefined ? NaN : Number.parseInt(attrs.r, 10);
        this.row = Number.isFinite(n) && n > 0 ? n : this.row + 1;
        c.col = -1;
        this.visitor.startRow(this.row);
        break;
      }
      case 'c': {
        const at = attrs.r === undefined ? -1 : columnIndex(attrs.r);
        c.col = at >= 0 ? at : c.col + 1;
        c.ref = attrs.r;
        c.type = attrs.t ?? 'n';
        c.style = Number(attrs.s ?? 0) || 0;
        c.raw = '';
        c.hasValue = false;
        break;
      }
      case 'v':
        this.inValue = c.hasValue = true;
        break;
      case 'is':
        this.inInline = c.hasValue = true;
        break;
      default:
        if (this.inInline) this.inline.open(name);
    }
  }

  close(name: string): void {
    if (!this.inData) return;
    switch (name) {
      case 'sheetData':
        this.inData = false;
        this.done = true;
        break;
      case 'row':
        this.visitor.endRow(this.row);
        break;
      case 'c':
        this.visitor.cell(this.cur);
        break;
      case 'v':
        this.inValue = false;
        break;
      case 'is':
        this.inInline = false;
        this.cur.raw = this.inline.take();
        break;
      default:
        if (this.inInline) this.inline.close(name);
    }
  }

  text(t: string): void {
    if (this.inValue) this.cur.raw += t;
    else if (this.inInline) this.inline.text(t);
  }
}

/** Streams one worksheet into a visitor (push: the tripwire's way, no per-row allocation here). */
export async function streamSheet(book: XlsxBook, entry: ZipEntry, visitor: SheetVisitor): Promise<void> {
  const h = new SheetHandler(visitor);
  const x = new XmlStream(h);
  for await (const bytes of book.zip.data(entry)) {
    x.write(bytes);
    if (h.done) return;
  }
  x.end();
}

/** One row as sheetRows yields it: its number and its cells with a value, in order. */
export interface XlsxSheetRow {
  row: number;
  cells: XlsxCell[];
}

/**
 * A worksheet's rows, pulled: each inflated slice is parsed and the rows it completed are yielded
 * before the next is inflated; stopping early closes the entry's stream. Cells without a value
 * element are left out.
 */
export async function* sheetRows(book: XlsxBook, entry: ZipEntry): AsyncGenerator<XlsxSheetRow> {
  const ready: XlsxSheetRow[] = [];
  let cells: XlsxCell[] = [];
  const h = new SheetHandler({
    startRow: () => {
      cells = [];
    },
    cell: (c) => {
      if (c.hasValue) cells.push({ ...c });
    },
    endRow: (row) => {
      ready.push({ row, cells });
    },
  });
  const x = new XmlStream(h);
  for await (const bytes of book.zip.data(entry)) {
    x.write(bytes);
    yield* ready.splice(0);
    if (h.done) return;
  }
  x.end();
  yield* ready.splice(0);
}

/** A cell's value, typed. */
export type XlsxValue = string | number | boolean | Date;

/** An ISO date cell (t="d"); a date-time without a zone is taken as written (UTC, like the rest). */
function isoDate(raw: string): XlsxValue {
  const s = raw.trim();
  const d = new Date(/T/.test(s) && !/(Z|[+-]\d\d:?\d\d)$/i.test(s) ? `${s}Z` : s);
  return Number.isNaN(d.getTime()) ? raw : d;
}

/**
 * A cell's value by its type: shared strings looked up (XlsxError for an index the table does not
 * have), booleans, ISO dates, numbers (a date-formatted number stays a serial: see XlsxBook.numFmt);
 * null for an empty value.
 */
export function cellValue(cell: Readonly<XlsxCell>, book: XlsxBook): XlsxValue | null {
  const raw = cell.raw;
  switch (cell.type) {
    case 'str':
    case 'inlineStr':
    case 'e':
      return raw;
    case 's': {
      if (raw.trim() === '') return null;
      const s = book.strings[Number(raw)];
      if (s === undefined) throw new XlsxError(`missing shared string ${raw}`);
      return s;
    }
    case 'b':
      return raw.trim() === '1' || raw.trim().toLowerCase() === 'true';
    case 'd':
      return raw.trim() === '' ? null : isoDate(raw);
    default: {
      const t = raw.trim();
      if (t === '') return null;
      const n = Number(t);
      return Number.isFinite(n) ? n : raw;
    }
  }
}
