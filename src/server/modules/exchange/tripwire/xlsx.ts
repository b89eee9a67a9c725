/**
 * XLSX through the shared streaming reader (src/server/files/xlsx.ts): the workbook, styles and
 * shared strings first, then every worksheet cell by cell into a TableScanner, then the cell
 * comments as free text at their cell. Only the shared-string table is held in memory.
 */
import { XlsxBook, type XlsxSheet } from '../../../files/xlsx.js';
import { streamSheet, type XlsxCell } from '../../../files/xlsx-sheet.js';
import { decodeOoxmlEscapes } from '../../../files/xml.js';
import type { ZipArchive } from '../../../files/zip.js';
import type { Compiled } from './compiled.js';
import { detectText } from './detect.js';
import { excelSerialToYmd, ymdString } from './dates.js';
import { normalizeText } from './normalize.js';
import { StopScan, type Sink } from './sink.js';
import { cellStats, columnIndex, labelStats, ScanCache, TableScanner } from './table.js';

/** A number format that shows a date: has y/m/d/e/g outside quotes and brackets, and no digit placeholders. */
export function isDateFormat(code: string): boolean {
  const s = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  if (/^general$/i.test(s.trim())) return false;
  return /[ymdeg]/i.test(s) && !/[0#?]/.test(s);
}

/** Text as the detectors read it: Excel's _xHHHH_ escapes decoded, then normalized. */
const textOf = (s: string) => normalizeText(decodeOoxmlEscapes(s));

/** Which cell styles show numbers as dates: a custom format that reads as one, or a built-in date/time format. */
function dateStylesOf(book: XlsxBook): boolean[] {
  return book.styles.map((s) => (s.custom ? isDateFormat(s.code ?? '') : s.code !== undefined));
}

/** A cell's text for the detectors: shared strings by index, dates by style as YYYY-MM-DD, numbers as written. */
function cellText(c: Readonly<XlsxCell>, book: XlsxBook, dateStyles: boolean[]): string {
  switch (c.type) {
    case 's': {
      const i = Number(c.raw);
      return Number.isInteger(i) ? (book.strings[i] ?? '') : '';
    }
    case 'inlineStr':
    case 'str':
      return textOf(c.raw);
    case 'b':
    case 'e':
      return '';
    case 'd':
      return c.raw.slice(0, 10);
    default: {
      if (c.raw === '') return '';
      if (dateStyles[c.style]) {
        const ymd = excelSerialToYmd(Number(c.raw), book.date1904);
        if (ymd) return ymdString(ymd);
      }
      return c.raw;
    }
  }
}

/** One worksheet into a TableScanner, with the value on a cell's left as its label. */
async function scanSheet(book: XlsxBook, sheet: XlsxSheet, table: TableScanner, dateStyles: boolean[], sink: Sink): Promise<void> {
  const entry = book.entryOf(sheet);
  if (!entry) return;
  let prevCol = -2;
  let prevValue: string | null = null;
  let prevLabel = false;
  await streamSheet(book, entry, {
    startRow(row) {
      prevCol = -2;
      prevValue = null;
      table.startRow(row);
    },
    cell(c) {
      const col = c.col;
      if (col < 0) return;
      const value = cellText(c, book, dateStyles);
      if (value) {
        const left = prevCol === col - 1 ? prevValue : null;
        const st = cellStats(value);
        const label = left !== null && prevLabel;
        if (table.wants(col, st.digits, st.flags, label)) table.cell(col, value, label ? left : null, true);
        else table.skipped(col);
        prevLabel = labelStats(value.length, st.digits, st.flags);
      } else prevLabel = false;
      prevCol = col;
      prevValue = value;
    },
    endRow() {
      table.endRow();
      if (sink.full) throw new StopScan();
    },
  });
  table.finish();
}

/** The workbook's sheets, and worksheet parts no sheet names (still scanned, named after their file). */
function sheetsOf(book: XlsxBook, archive: ZipArchive): XlsxSheet[] {
  const listed = new Set(book.sheets.map((s) => book.entryOf(s)));
  let order = book.sheets.length;
  const orphans = archive.entries
    .filter((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name) && !listed.has(e))
    .map((e) => ({ name: e.name.replace(/^.*\//, '').replace(/\.xml$/, ''), order: order++, part: e.name }));
  return [...book.sheets, ...orphans];
}

/** Scans a workbook: every sheet cell by cell (shared strings, dates by style), then its cell comments. */
export async function scanXlsx(archive: ZipArchive, c: Compiled, sink: Sink): Promise<void> {
  const book = await XlsxBook.open(archive, { mapString: textOf });
  const dateStyles = dateStylesOf(book);
  const sheets = sheetsOf(book, archive);
  const cache = new ScanCache();
  const tables = new Map<XlsxSheet, TableScanner>();
  // In archive order, as the parts lie in the file (a streamed source reads forward).
  const offset = (s: XlsxSheet) => book.entryOf(s)?.offset ?? Infinity;
  for (const sheet of [...sheets].sort((a, b) => offset(a) - offset(b))) {
    const table = new TableScanner(sink, c, { sheet: sheet.name, part: sheet.order }, cache);
    tables.set(sheet, table);
    await scanSheet(book, sheet, table, dateStyles, sink);
  }

  // Cell comments, as free text at their cell.
  for (const sheet of sheets) {
    for (const cm of await book.comments(sheet.part)) {
      if (sink.full) return;
      const m = /^([A-Z]+)([0-9]+)$/.exec(cm.ref);
      const letter = m ? (m[1] as string) : null;
      const row = m ? Number(m[2]) : null;
      const header = letter ? (tables.get(sheet)?.headerOf(columnIndex(letter)) ?? null) : null;
      detectText(textOf(cm.text), c, '', (h) =>
        sink.add(
          { kind: h.kind, rule: `comment:${h.rule}`, sheet: sheet.name, table: null, row, column: header ?? letter, columnLetter: letter, cell: cm.ref || null, masked: h.masked },
          sheet.order,
          letter ? columnIndex(letter) : 0,
        ),
      );
    }
  }
}
