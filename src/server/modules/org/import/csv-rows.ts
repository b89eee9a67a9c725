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

/**
 * Values are compared and stored in NFKC, trimmed: full-width digits and letters in codes
 * become ASCII, half-width katakana become full-width, and `；` becomes `;`.
 */
export function normalizeCell(value: string): string {
  return value.normalize('NFKC').trim();
}

function parseRecords(text: string): string[][] {
  try {
    // `to` bounds the work for oversized files; reaching it means "too many rows" (see readTable).
    return parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, to: RECORD_LIMIT }) as string[][];
  } catch (e) {
    const err = e as { code?: string; records?: number; message?: string };
    // `records` counts the records completed before the broken one, which is therefore row records + 1.
    const row = typeof err.records === 'number' ? err.records + 1 : FILE_ROW;
    const hint = err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted value is never closed (check for a stray ")' : 'the CSV is malformed';
    throw new ImportFileError([problem(row, null, 'CSV_SYNTAX', `Row ${row}: ${hint}.`)]);
  }
}

const blank = (cells: string[]) => cells.every((c) => c.trim() === '');

/** The problem reported for a row with more values than the header has columns. */
export const overflowProblem = (row: number) =>
  problem(row, null, 'TOO_MANY_VALUES', `Row ${row} has more values than the header has columns (check for an unquoted comma).`);

/**
 * Parses decoded CSV text and maps its header to the kind's columns. Throws ImportFileError for
 * what makes the whole file unusable: broken CSV, no data, too many rows, unknown, duplicated
 * or missing columns. Wholly blank rows (Excel leaves them at the end) are skipped but keep
 * their numbers, so every row number matches the spreadsheet.
 */
export function readTable(text: string, columns: readonly ColumnDef[]): CsvTable {
  const records = parseRecords(text);
  const [header, ...data] = records;
  if (!header || blank(header)) throw new ImportFileError([problem(HEADER_ROW, null, 'NO_HEADER', 'The first row must be the header row (column names).')]);
  const dataRows = data.map((cells, i) => ({ row: i + 2, cells })).filter((r) => !blank(r.cells));
  if (dataRows.length === 0) throw new ImportFileError([problem(FILE_ROW, null, 'NO_ROWS', 'The file has a header row but no data rows.')]);
  if (dataRows.length > MAX_DATA_ROWS || records.length >= RECORD_LIMIT) {
    throw new ImportFileError([problem(FILE_ROW, null, 'TOO_MANY_ROWS', `The file has more than ${MAX_DATA_ROWS} data rows. Split it into several files.`)]);
  }

  const index = headerIndex(columns);
  const problems: ImportRowError[] = [];
  const fieldAt = new Map<number, string>();
  const headers = new Map<string, string>();
  header.forEach((raw, i) => {
    const name = normalizeCell(raw);
    if (name === '') {
      // Spreadsheets often leave an empty trailing column; only data in it is a problem.
      if (dataRows.some((r) => (r.cells[i] ?? '').trim() !== '')) problems.push(problem(HEADER_ROW, null, 'UNNAMED_COLUMN', `Column ${i + 1} has values but no header.`));
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
  const missing = columns.filter((c) => c.required && !headers.has(c.field));
  if (missing.length) {
    problems.push(problem(HEADER_ROW, null, 'MISSING_COLUMN', `Required column(s) missing: ${missing.map(describeColumn).join(', ')}.`));
  }
  if (problems.length) throw new ImportFileError(problems);

  const rows = dataRows.map(({ row, cells }) => {
    const values: Record<string, string> = {};
    // A short row (some tools drop trailing empty cells) reads as empty values.
    for (const [i, field] of fieldAt) values[field] = normalizeCell(cells[i] ?? '');
    return { row, values, overflow: !blank(cells.slice(header.length)) };
  });
  return { headers, rows };
}
