import { parse } from 'csv-parse/sync';
import type { ImportRowError } from '../../../../shared/org.js';
import { describeColumn, headerIndex, headerKey, type ColumnDef } from './import-columns.js';
import { FILE_ROW, HEADER_ROW, ImportFileError, problem } from './import-errors.js';

/** The most data rows one import takes: a registry import, not a data load (and one transaction). */
export const MAX_DATA_ROWS = 10_000;
// Header, the rows allowed, and some slack for blank lines in between.
const RECORD_LIMIT = MAX_DATA_ROWS + 101;

/** One data row: its spreadsheet row number and its cells, by field, NFKC-normalised and trimmed. */
export interface CsvRow {
  row: number;
  values: Record<string, string>;
  /** The row has non-empty values beyond the last header (usually an unquoted comma). */
  overflow: boolean;
}

/** A parsed file: the columns found (field → header as written in the file) and the data rows. */
export interface CsvTable {
  /** Header as written in the file, per field present. Fields absent from the file are absent here. */
  headers: Map<string, string>;
  rows: CsvRow[];
}

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * Values are compared and stored in NFKC, trimmed: full-width digits and letters in codes
 * become ASCII, half-width katakana become full-width, and `；` becomes `;`.
 */
export function normalizeCell(value: string): string {
  // NFKC leaves ASCII as it is; skipping it there makes large imports markedly faster.
  return NON_ASCII.test(value) ? value.normalize('NFKC').trim() : value.trim();
}

function parseRecords(text: string): string[][] {
  try {
    // `to` bounds the work for oversized files; reaching it means "too many rows" (see readTable).
    return parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, to: RECORD_LIMIT }) as string[][];
  } catch (e) {
    throw csvSyntaxError(e);
  }
}

/** A csv-parse error as the import's file error, naming the spreadsheet row. */
export function csvSyntaxError(e: unknown): ImportFileError {
  const err = e as { code?: string; records?: number; message?: string };
  // `records` counts the records completed before the broken one, which is therefore row records + 1.
  const row = typeof err.records === 'number' ? err.records + 1 : FILE_ROW;
  const hint = err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted value is never closed (check for a stray ")' : 'the CSV is malformed';
  return new ImportFileError([problem(row, null, 'CSV_SYNTAX', `Row ${row}: ${hint}.`)]);
}

/** The problem reported for a row with more values than the header has columns. */
export const overflowProblem = (row: number) =>
  problem(row, null, 'TOO_MANY_VALUES', `Row ${row} has more values than the header has columns (check for an unquoted comma).`);

/** The header row mapped to the kind's fields. */
export interface HeaderMap {
  /** Header as written in the file, per field present. */
  headers: Map<string, string>;
  /** Cell index → field. */
  fieldAt: Map<number, string>;
  /** Number of cells in the header row (values beyond it are an overflow). */
  width: number;
}

/**
 * Maps a header row to the kind's columns. `hasData(i)` says whether any data row has a value in
 * cell i (an unnamed column is a problem only when it holds data). Throws ImportFileError for
 * unknown, duplicated, unnamed-with-data or missing columns.
 */
export function mapHeader(header: string[], columns: readonly ColumnDef[], hasData: (i: number) => boolean): HeaderMap {
  const index = headerIndex(columns);
  const problems: ImportRowError[] = [];
  const fieldAt = new Map<number, string>();
  const headers = new Map<string, string>();
  header.forEach((raw, i) => {
    const name = normalizeCell(raw);
    if (name === '') {
      // Spreadsheets often leave an empty trailing column; only data in it is a problem.
      if (hasData(i)) problems.push(problem(HEADER_ROW, null, 'UNNAMED_COLUMN', `Column ${i + 1} has values but no header.`));
      return;
    }
    const c = index.get(headerKey(name));
    if (!c) {
      const known = columns.map(describeColumn).join(', ');
      problems.push(problem(HEADER_ROW, raw.trim(), 'UNKNOWN_COLUMN', `Unknown column "${raw.trim()}". Known columns: ${known}.`));
      return;
    }
    const first = headers.get(c.field);
    if (first !== undefined) {
      problems.push(problem(HEADER_ROW, raw.trim(), 'DUPLICATE_COLUMN', `Column "${raw.trim()}" repeats column "${first}" (both are ${describeColumn(c)}).`));
      return;
    }
    headers.set(c.field, raw.trim());
    fieldAt.set(i, c.field);
  });
  const missing = columns.filter((c) => c.required && !headers.has(c.field) && !(c.optionalWith && headers.has(c.optionalWith)));
  if (missing.length) {
    problems.push(problem(HEADER_ROW, null, 'MISSING_COLUMN', `Required column(s) missing: ${missing.map(describeColumn).join(', ')}.`));
  }
  if (problems.length) throw new ImportFileError(problems);
  return { headers, fieldAt, width: header.length };
}

/** One data row's cells as field values (NFKC, trimmed); a short row reads as empty values. */
export function rowOf(map: HeaderMap, row: number, cells: string[]): CsvRow {
  const values: Record<string, string> = {};
  for (const [i, field] of map.fieldAt) values[field] = normalizeCell(cells[i] ?? '');
  return { row, values, overflow: cells.length > map.width && !isBlank(cells.slice(map.width)) };
}

export const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/** The problem for a header row that is missing or empty. */
export const noHeaderProblem = () => problem(HEADER_ROW, null, 'NO_HEADER', 'The first row must be the header row (column names).');
/** The problem for a file without data rows. */
export const noRowsProblem = () => problem(FILE_ROW, null, 'NO_ROWS', 'The file has a header row but no data rows.');
/** The problem for a file over the row limit. */
export const tooManyRowsProblem = (max: number) => problem(FILE_ROW, null, 'TOO_MANY_ROWS', `The file has more than ${max} data rows. Split it into several files.`);

/**
 * Parses decoded CSV text and maps its header to the kind's columns. Throws ImportFileError for
 * what makes the whole file unusable: broken CSV, no data, too many rows, unknown, duplicated
 * or missing columns. Wholly blank rows (Excel leaves them at the end) are skipped but keep
 * their numbers, so every row number matches the spreadsheet.
 */
export function readTable(text: string, columns: readonly ColumnDef[]): CsvTable {
  const records = parseRecords(text);
  const [header, ...data] = records;
  if (!header || isBlank(header)) throw new ImportFileError([noHeaderProblem()]);
  const dataRows = data.map((cells, i) => ({ row: i + 2, cells })).filter((r) => !isBlank(r.cells));
  if (dataRows.length === 0) throw new ImportFileError([noRowsProblem()]);
  if (dataRows.length > MAX_DATA_ROWS || records.length >= RECORD_LIMIT) throw new ImportFileError([tooManyRowsProblem(MAX_DATA_ROWS)]);
  const map = mapHeader(header, columns, (i) => dataRows.some((r) => (r.cells[i] ?? '').trim() !== ''));
  return { headers: map.headers, rows: dataRows.map(({ row, cells }) => rowOf(map, row, cells)) };
}
