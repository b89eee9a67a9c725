import { XlsxBook } from '../../../files/xlsx.js';
import { cellValue, sheetRows, type XlsxValue } from '../../../files/xlsx-sheet.js';
import { bytesSource, ZipArchive } from '../../../files/zip.js';

/**
 * The import's view of a workbook: one sheet's rows as text, through the shared streaming XLSX
 * reader (src/server/files/xlsx.ts). Rows are yielded as the sheet is parsed, so a sheet of any
 * length never sits in memory as a whole.
 */

export type { XlsxValue } from '../../../files/xlsx-sheet.js';

/** Turns a cell value into the text an import reads; `numFmt` is the cell's number format code. */
export type XlsxCellFormat = (value: XlsxValue, numFmt: string | undefined, date1904: boolean) => string;

/** The sheet to read: by name, else by 1-based position; and how cells become text. */
export interface XlsxSheetRequest {
  name: string;
  position: number;
  format: XlsxCellFormat;
}

/** One row of a sheet: its row number and cells (holes filled with '', no trailing empties). */
export interface XlsxRow {
  row: number;
  cells: string[];
}

/** The workbook has no such sheet, or its worksheet part is missing. */
export class XlsxReadError extends Error {}

/**
 * The rows of one sheet (the sheet named, else the one at `req.position`), streamed. Number cells
 * with a date format come out through `req.format` with that format. Throws XlsxReadError,
 * XlsxError, XmlError or ZipError when the workbook cannot be read.
 */
export async function* readXlsxSheet(data: Uint8Array, req: XlsxSheetRequest): AsyncGenerator<XlsxRow> {
  const zip = await ZipArchive.open(bytesSource(data));
  try {
    const book = await XlsxBook.open(zip);
    const index = book.sheets.findIndex((s) => s.name === req.name);
    const sheet = book.sheets[index >= 0 ? index : req.position - 1];
    if (!sheet) throw new XlsxReadError(`no sheet "${req.name}" or at position ${req.position}`);
    const entry = book.entryOf(sheet);
    if (!entry) throw new XlsxReadError(`missing worksheet part ${sheet.part}`);
    for await (const r of sheetRows(book, entry)) {
      const cells: string[] = [];
      for (const c of r.cells) {
        const value = cellValue(c, book);
        if (value !== null) cells[c.col] = req.format(value, book.numFmt(c.style), book.date1904);
      }
      yield { row: r.row, cells: Array.from(cells, (c) => c ?? '') };
    }
  } finally {
    zip.close();
  }
}
