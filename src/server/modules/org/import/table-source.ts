import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { readWorkbook } from '../../../files/xlsx.js';
import { bytesSource, ZipArchive } from '../../../files/zip.js';
import { decodeCsv, type RequestedEncoding, type UsedEncoding } from './csv-decode.js';
import { csvSyntaxError, isBlank, mapHeader, noHeaderProblem, noRowsProblem, rowOf, tooManyRowsProblem, type CsvRow, type CsvTable, type HeaderMap } from './csv-rows.js';
import type { ColumnDef } from './import-columns.js';
import { FILE_ROW, ImportFileError, problem } from './import-errors.js';
import { readXlsxSheet, type XlsxCellFormat } from './xlsx-reader.js';

/**
 * An uploaded table, CSV or XLSX, read as a stream of rows. The file is checked once when it
 * arrives (format, encoding, header, row count: problems there are answered 422 before any job
 * exists); the importer then reads the rows as often as it needs, one at a time, so memory stays
 * flat however long the file is. CSV and XLSX end up as the same rows, so every importer reads
 * both.
 */

export type FileFormat = 'csv' | 'xlsx';

/** An uploaded file, as read from the request. */
export interface Upload {
  fileName: string;
  data: Buffer;
  /** CSV only: detect, or the encoding the uploader chose. */
  encoding: RequestedEncoding;
  /** XLSX only: the sheet to read, by name or 1-based position; the first sheet by default. */
  sheet?: string | null;
}

/** One record as the file holds it: its spreadsheet row number and raw cells. */
export interface RawRecord {
  row: number;
  cells: string[];
}

export interface TableSource {
  format: FileFormat;
  /** The CSV encoding used; null for XLSX. */
  encoding: UsedEncoding | null;
  /** The XLSX sheet read; null for CSV. */
  sheet: string | null;
  /** Header as written in the file, per field present. */
  headers: Map<string, string>;
  /** Non-blank data rows. */
  totalRows: number;
  /** The data rows, in file order (blank rows skipped; numbers as the spreadsheet shows them). Can be called again. */
  rows(): AsyncGenerator<CsvRow>;
}

const PK = [0x50, 0x4b, 0x03, 0x04];
const CSV_SLICE = 256 * 1024;

const fileProblem = (code: string, message: string) => new ImportFileError([problem(FILE_ROW, null, code, message)]);

// ---- CSV ---------------------------------------------------------------------------------------

function* slices(text: string): Generator<string> {
  for (let i = 0; i < text.length; i += CSV_SLICE) yield text.slice(i, i + CSV_SLICE);
}

/** The records of decoded CSV text, parsed as a stream (row n is the n-th record, as Excel numbers them). */
export async function* csvRecords(text: string): AsyncGenerator<RawRecord> {
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  const feed = Readable.from(slices(text), { objectMode: false });
  feed.pipe(parser);
  let row = 0;
  try {
    for await (const cells of parser) yield { row: ++row, cells: cells as string[] };
  } catch (e) {
    throw csvSyntaxError(e);
  } finally {
    feed.unpipe(parser);
    feed.destroy();
    parser.destroy();
  }
}

// ---- XLSX --------------------------------------------------------------------------------------

/** Whether the upload is an XLSX workbook (ZIP magic bytes, or an .xlsx name). */
export function looksLikeXlsx(upload: Pick<Upload, 'data' | 'fileName'>): boolean {
  return PK.every((b, i) => upload.data[i] === b) || /\.xls[xm]$/i.test(upload.fileName);
}

/**
 * Looks inside the workbook (the shared XLSX reader), parsing only xl/workbook.xml and its
 * relationships: checks that it is an XLSX (not a .docx or a plain ZIP), that it does not expand
 * to more than `maxUnzipped` bytes (a zip bomb), and lists the sheet names in tab order.
 */
export async function inspectXlsx(data: Buffer, maxUnzipped: number): Promise<string[]> {
  if (!PK.every((b, i) => data[i] === b)) {
    if (data[0] === 0xd0 && data[1] === 0xcf) throw fileProblem('NOT_XLSX', 'This is an old Excel workbook (.xls). Open it in Excel and save it as "Excel Workbook (.xlsx)" or as CSV UTF-8.');
    throw fileProblem('NOT_XLSX', 'The file is named .xlsx but is not an Excel workbook. Save it from Excel as "Excel Workbook (.xlsx)" or as CSV.');
  }
  const damaged = () => fileProblem('NOT_XLSX', 'The workbook is damaged and cannot be read. Open it in Excel, save it again as .xlsx, and retry.');
  let zip: ZipArchive;
  try {
    zip = await ZipArchive.open(bytesSource(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
  } catch {
    throw damaged();
  }
  const total = zip.entries.reduce((sum, e) => sum + e.size, 0);
  if (total > maxUnzipped) throw fileProblem('FILE_TOO_LARGE', `The workbook expands to more than ${Math.round(maxUnzipped / 1024 / 1024)} MB. Split it into several files, or save it as CSV.`);
  if (!zip.entries.some((e) => e.name === 'xl/workbook.xml')) throw fileProblem('NOT_XLSX', 'This is a ZIP file but not an Excel workbook (.xlsx). Save the register from Excel as .xlsx or as CSV.');
  let names: string[];
  try {
    names = (await readWorkbook(zip)).sheets.map((s) => s.name);
  } catch {
    throw damaged();
  } finally {
    zip.close();
  }
  if (names.length === 0) throw fileProblem('NOT_XLSX', 'The workbook has no sheets.');
  return names;
}

/** The sheet to read: the one asked for (by name, or by 1-based position), else the first. */
export function pickSheet(names: string[], wanted: string | null | undefined): string {
  const w = wanted?.trim();
  if (!w) return names[0] as string;
  const key = (s: string) => s.normalize('NFKC').trim().toLowerCase();
  const hit = names.find((n) => n === w) ?? names.find((n) => key(n) === key(w)) ?? (/^\d+$/.test(w) ? names[Number(w) - 1] : undefined);
  if (hit === undefined) throw fileProblem('SHEET_NOT_FOUND', `The workbook has no sheet "${w}". Its sheets are: ${names.map((n) => `"${n}"`).join(', ')}.`);
  return hit;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A date cell as the spreadsheet shows it: YYYY-MM-DD, with the time only when there is one. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  // Excel keeps times as fractions of a day; round away the float error (10:29:59.999 is 10:30).
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  const day = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const [h, m, s] = [t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()];
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
}

/** A number without binary float noise (0.1 + 0.2 is "0.3"); Excel itself keeps 15 significant digits. */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

/** Whether a number format shows a date or time (y, m, d, h, s outside quotes, escapes and [colour] sections). */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  const bare = fmt.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[ymdhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

const serialToDate = (serial: number) => new Date(Math.round((serial - 25569) * 86_400_000));

/** A cell's value as the text an import reads (what Excel shows, less number formatting). */
export function cellText(value: unknown, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return isDateFormat(numFmt) ? dateText(serialToDate(value)) : numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text?: string }[]; text?: unknown; result?: unknown; error?: string; formula?: string; sharedFormula?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('result' in v || 'formula' in v || 'sharedFormula' in v) return cellText(v.result, numFmt);
    if ('text' in v) return cellText(v.text, numFmt); // a hyperlink: its shown text
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/**
 * The rows of one sheet, read with the shared streaming reader (files/xlsx.ts, through
 * xlsx-reader.ts): the sheet is inflated and parsed a slice at a time, shared strings and styles
 * are read first so date cells come out as dates. Only the chosen sheet (by name, else by 1-based position) is parsed.
 */
export async function* xlsxRecords(data: Buffer, sheet: string, position: number): AsyncGenerator<RawRecord> {
  // A 1904-based workbook counts its date serials from 1904-01-01, 1462 days later than 1900.
  const format: XlsxCellFormat = (value, numFmt, date1904) => cellText(typeof value === 'number' && date1904 && isDateFormat(numFmt) ? value + 1462 : value, numFmt);
  try {
    yield* readXlsxSheet(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { name: sheet, position, format });
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    throw fileProblem('NOT_XLSX', 'The workbook could not be read. Open it in Excel, save it again as .xlsx, and retry.');
  }
}

// ---- both --------------------------------------------------------------------------------------

interface Scanned {
  map: HeaderMap;
  headerRow: number;
  totalRows: number;
}

/**
 * The first read: finds the header (the first row; in a workbook, the first non-blank row), maps
 * it to the columns, counts the data rows and checks the limit, all without keeping rows.
 */
async function scan(records: () => AsyncIterable<RawRecord>, columns: readonly ColumnDef[], maxRows: number, skipLeadingBlank: boolean): Promise<Scanned> {
  let header: string[] | null = null;
  let headerRow = 0;
  let unnamed: number[] = [];
  const withData = new Set<number>();
  let total = 0;
  for await (const rec of records()) {
    if (header === null) {
      if (isBlank(rec.cells)) {
        if (skipLeadingBlank) continue;
        break;
      }
      header = rec.cells;
      headerRow = rec.row;
      unnamed = header.flatMap((c, i) => (c.trim() === '' ? [i] : []));
      continue;
    }
    if (isBlank(rec.cells)) continue;
    if (++total > maxRows) throw new ImportFileError([tooManyRowsProblem(maxRows)]);
    for (const i of unnamed) if ((rec.cells[i] ?? '').trim() !== '') withData.add(i);
  }
  if (header === null) throw new ImportFileError([noHeaderProblem()]);
  if (total === 0) throw new ImportFileError([noRowsProblem()]);
  return { map: mapHeader(header, columns, (i) => withData.has(i)), headerRow, totalRows: total };
}

function sourceOf(records: () => AsyncIterable<RawRecord>, s: Scanned, meta: Pick<TableSource, 'format' | 'encoding' | 'sheet'>): TableSource {
  return {
    ...meta,
    headers: s.map.headers,
    totalRows: s.totalRows,
    async *rows() {
      for await (const rec of records()) {
        if (rec.row <= s.headerRow || isBlank(rec.cells)) continue;
        yield rowOf(s.map, rec.row, rec.cells);
      }
    },
  };
}

export interface OpenLimits {
  /** The most data rows the kind takes. */
  maxRows: number;
  /** The most bytes an XLSX may expand to. */
  maxUnzipped: number;
}

/**
 * Reads an upload's format, encoding and header, and counts its rows. Throws ImportFileError (422)
 * when it cannot be imported at all: not CSV or XLSX, bad encoding, broken CSV, no or wrong
 * header, no rows, too many rows.
 */
export async function openTable(upload: Upload, columns: readonly ColumnDef[], limits: OpenLimits): Promise<TableSource> {
  if (looksLikeXlsx(upload)) {
    const names = await inspectXlsx(upload.data, limits.maxUnzipped);
    const sheet = pickSheet(names, upload.sheet);
    const position = names.indexOf(sheet) + 1;
    const data = upload.data;
    const records = () => xlsxRecords(data, sheet, position);
    return sourceOf(records, await scan(records, columns, limits.maxRows, true), { format: 'xlsx', encoding: null, sheet });
  }
  const decoded = decodeCsv(upload.data, upload.encoding);
  const text = decoded.text;
  const records = () => csvRecords(text);
  return sourceOf(records, await scan(records, columns, limits.maxRows, false), { format: 'csv', encoding: decoded.encoding, sheet: null });
}

/** Every row in memory, for importers that validate a bounded file as a whole. */
export async function loadTable(source: TableSource): Promise<CsvTable> {
  const rows: CsvRow[] = [];
  for await (const r of source.rows()) rows.push(r);
  return { headers: source.headers, rows };
}

/** Groups rows into arrays of `size` (the last may be shorter). */
export async function* inBatches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const x of items) {
    batch.push(x);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
