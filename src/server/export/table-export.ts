import { PassThrough, Readable, type Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { contentDisposition } from '../files/content-disposition.js';

/**
 * Generic tabular export: any list the product shows, as CSV or XLSX, streamed so a register of
 * 100,000 rows never sits in memory whole. Modules build the rows (already filtered to what the
 * actor may see, and audited) and call `sendTable`.
 */

export type TableFormat = 'csv' | 'xlsx';

/** One column of the export. */
export interface TableColumn {
  /** Property of the row to read (unless `value` is given). */
  key: string;
  /** Header shown in the first row, in the reader's language. */
  header: string;
  /**
   * How to write the value. Without it: Date objects are timestamps, numbers are numbers,
   * strings of the form YYYY-MM-DD are dates, everything else is text.
   * `text` keeps a value as text even if it looks like a date or number (codes such as 0012).
   */
  type?: 'text' | 'number' | 'date' | 'datetime';
  /** Column width in characters (XLSX); estimated from the header and the first rows otherwise. */
  width?: number;
  /** Computes the cell from the row instead of reading `row[key]`. */
  value?: (row: Record<string, unknown>) => unknown;
}

export type TableRows = AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;

export interface TableExport {
  /** File name shown to the reader (Japanese allowed); the extension is added if missing. */
  fileName: string;
  format: TableFormat;
  columns: readonly TableColumn[];
  rows: TableRows;
  /** Sheet name (XLSX); defaults to the file name. */
  sheetName?: string;
  /** Time zone timestamps are written in (the reader's wall clock). Default Asia/Tokyo. */
  timeZone?: string;
}

export const CONTENT_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// Characters a spreadsheet treats as the start of a formula (CSV injection, OWASP): = + - @, and tab / CR.
const FORMULA_START = /^[=+\-@\t\r]/;
// XML 1.0 forbids C0 controls other than tab, LF, CR; a workbook containing one does not open.
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const EXCEL_CELL_MAX = 32_767;
const WIDTH_SAMPLE = 200;
const CSV_CHUNK = 64 * 1024;

// ---- values ------------------------------------------------------------------------------------

const cellOf = (col: TableColumn, row: Record<string, unknown>): unknown => (col.value ? col.value(row) : row[col.key]);

/** "YYYY-MM-DD" → a Date at UTC midnight of that day, or null if it is not a real date. */
function parseDateOnly(s: string): Date | null {
  const m = DATE_ONLY.exec(s);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1 ? d : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The wall-clock parts of an instant in a time zone. */
function wallClock(d: Date, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A timestamp as the reader's wall clock, e.g. 2025-04-01 09:30:00. */
export function formatTimestamp(d: Date, timeZone = 'Asia/Tokyo'): string {
  const w = wallClock(d, timeZone);
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)} ${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
}

/** A Date that Excel shows as the reader's wall clock (Excel dates have no time zone). */
function excelWallDate(d: Date, timeZone: string): Date {
  const w = wallClock(d, timeZone);
  return new Date(Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s));
}

/** The text of a value in CSV (before quoting and injection guarding). */
function csvText(v: unknown, col: Pick<TableColumn, 'type'>, timeZone: string): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    return col.type === 'date' ? formatTimestamp(v, timeZone).slice(0, 10) : formatTimestamp(v, timeZone);
  }
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map((x) => csvText(x, { ...col, type: 'text' }, timeZone)).filter(Boolean).join('; ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * One CSV field: a text that a spreadsheet would run as a formula gets a leading apostrophe
 * (shown as text, not evaluated), and fields with quotes, commas or line breaks are quoted.
 * Numbers are written as they are, so a negative amount stays a number.
 */
export function csvField(v: unknown, col: Pick<TableColumn, 'type'> = {}, timeZone = 'Asia/Tokyo'): string {
  let s = csvText(v, col, timeZone);
  if (typeof v !== 'number' && typeof v !== 'bigint' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A cell value for exceljs, and the number format it needs. */
function xlsxCell(v: unknown, col: TableColumn, timeZone: string): { value: ExcelJS.CellValue; numFmt?: string } {
  if (v === null || v === undefined || v === '') return { value: null };
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return { value: null };
    if (col.type === 'date') {
      const w = wallClock(v, timeZone);
      return { value: new Date(Date.UTC(w.y, w.mo - 1, w.d)), numFmt: 'yyyy-mm-dd' };
    }
    return { value: excelWallDate(v, timeZone), numFmt: 'yyyy-mm-dd hh:mm' };
  }
  if (typeof v === 'number') return Number.isFinite(v) && col.type !== 'text' ? { value: v } : { value: Number.isFinite(v) ? String(v) : null };
  if (typeof v === 'bigint') return { value: Number(v) };
  if (typeof v === 'boolean') return { value: col.type === 'text' ? String(v) : v };
  if (typeof v === 'string' && col.type !== 'text') {
    const d = col.type === 'date' || col.type === undefined ? parseDateOnly(v) : null;
    if (d) return { value: d, numFmt: 'yyyy-mm-dd' };
    if (col.type === 'number' && v.trim() !== '' && Number.isFinite(Number(v))) return { value: Number(v) };
  }
  const text = csvText(v, { ...col, type: col.type === 'date' ? 'date' : undefined }, timeZone).replace(XML_ILLEGAL, '');
  return { value: text.length > EXCEL_CELL_MAX ? text.slice(0, EXCEL_CELL_MAX) : text };
}

/** How wide a text looks: East Asian wide characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    w += c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000) ? 2 : 1;
  }
  return w;
}

// ---- rows --------------------------------------------------------------------------------------

async function* iterate(rows: TableRows): AsyncGenerator<Record<string, unknown>> {
  if (Symbol.asyncIterator in rows) yield* rows as AsyncIterable<Record<string, unknown>>;
  else yield* rows as Iterable<Record<string, unknown>>;
}

// ---- CSV ---------------------------------------------------------------------------------------

/**
 * CSV that Excel on Japanese Windows opens correctly: UTF-8 starting with a byte order mark
 * (without it Excel assumes Shift_JIS), CRLF line ends, RFC 4180 quoting, formula cells guarded.
 */
export function csvStream(t: Pick<TableExport, 'columns' | 'rows' | 'timeZone'>): Readable {
  const tz = t.timeZone ?? 'Asia/Tokyo';
  async function* lines(): AsyncGenerator<string> {
    let buf = `\uFEFF${t.columns.map((c) => csvField(c.header, { type: 'text' }, tz)).join(',')}\r\n`;
    for await (const row of iterate(t.rows)) {
      buf += `${t.columns.map((c) => csvField(cellOf(c, row), c, tz)).join(',')}\r\n`;
      if (buf.length >= CSV_CHUNK) {
        yield buf;
        buf = '';
      }
    }
    yield buf;
  }
  return Readable.from(lines(), { objectMode: false, encoding: 'utf8' });
}

// ---- XLSX --------------------------------------------------------------------------------------

/** The sheet name Excel allows: at most 31 characters, none of : \ / ? * [ ]. */
export function safeSheetName(name: string): string {
  const s = name.replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31);
  return s || 'Sheet1';
}

/**
 * Writes the table into `out` as an XLSX workbook with exceljs's streaming writer: one sheet,
 * bold frozen header row with an autofilter, column widths from the header and the first rows,
 * dates as real dates. Rows are committed as they come, so memory stays flat.
 */
export async function writeXlsx(t: Pick<TableExport, 'columns' | 'rows' | 'timeZone' | 'sheetName' | 'fileName'>, out: NodeJS.WritableStream): Promise<void> {
  const tz = t.timeZone ?? 'Asia/Tokyo';
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out as unknown as Stream, useStyles: true, useSharedStrings: false });
  wb.creator = 'Mamori';
  const ws = wb.addWorksheet(safeSheetName(t.sheetName ?? t.fileName.replace(/\.(csv|xlsx)$/i, '')), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });

  const it = iterate(t.rows)[Symbol.asyncIterator]();
  // The first rows decide the column widths (the streaming writer writes widths before any row).
  const head: Record<string, unknown>[] = [];
  let next = await it.next();
  while (!next.done && head.length < WIDTH_SAMPLE) {
    head.push(next.value);
    next = await it.next();
  }
  ws.columns = t.columns.map((c) => {
    let w = c.width;
    if (w === undefined) {
      w = displayWidth(c.header) + 4; // room for the filter button
      for (const r of head) {
        const cell = xlsxCell(cellOf(c, r), c, tz);
        const shown = cell.value instanceof Date ? (cell.numFmt === 'yyyy-mm-dd' ? 10 : 16) : displayWidth(String(cell.value ?? ''));
        w = Math.max(w, shown + 2);
      }
      w = Math.min(Math.max(w, 8), 60);
    }
    return { key: c.key, width: w };
  });

  const header = ws.addRow(t.columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  let count = 0;
  const add = (r: Record<string, unknown>) => {
    const row = ws.getRow(++count + 1);
    t.columns.forEach((c, i) => {
      const { value, numFmt } = xlsxCell(cellOf(c, r), c, tz);
      const cell = row.getCell(i + 1);
      cell.value = value;
      if (numFmt) cell.numFmt = numFmt;
    });
    row.commit();
  };
  for (const r of head) add(r);
  while (!next.done) {
    add(next.value);
    // Let the zip stream drain now and then, so a slow reader does not make the writer buffer everything.
    if (count % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    next = await it.next();
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: count + 1, column: Math.max(1, t.columns.length) } };
  ws.commit();
  await wb.commit();
}

/** The workbook as a readable stream (errors while writing destroy the stream). */
export function xlsxStream(t: Pick<TableExport, 'columns' | 'rows' | 'timeZone' | 'sheetName' | 'fileName'>): Readable {
  const out = new PassThrough();
  writeXlsx(t, out).catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}

// ---- HTTP --------------------------------------------------------------------------------------

/** The file name with the format's extension. */
export function exportFileName(fileName: string, format: TableFormat): string {
  // eslint-disable-next-line no-control-regex
  const clean = fileName.replace(/[\u0000-\u001f\u007f"\\/]/g, '').trim() || 'export';
  return clean.toLowerCase().endsWith(`.${format}`) ? clean : `${clean}.${format}`;
}

/** The export as a stream, with the headers to send it. */
export function tableStream(t: TableExport): { stream: Readable; contentType: string; fileName: string } {
  const fileName = exportFileName(t.fileName, t.format);
  return { stream: t.format === 'csv' ? csvStream(t) : xlsxStream({ ...t, fileName }), contentType: CONTENT_TYPES[t.format], fileName };
}

/**
 * Sends a table as a CSV or XLSX download, streaming. The caller has already authorized and
 * audited the export. Use it as `return sendTable(reply, {...})` in a route handler.
 */
export function sendTable(reply: FastifyReply, t: TableExport): FastifyReply {
  const { stream, contentType, fileName } = tableStream(t);
  return reply
    .header('content-type', contentType)
    .header('content-disposition', contentDisposition(fileName))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(stream);
}
