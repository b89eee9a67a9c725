/**
 * DOCX through the shared text extraction (src/server/files/docx.ts): paragraphs line by line,
 * tables cell by cell through a TableScanner each (first row as header, the cell on the left as
 * context), and the headers, footers, footnotes, endnotes and comments parts as free text.
 */
import { readDocx, type DocxVisitor } from '../../../files/docx.js';
import { decodeOoxmlEscapes } from '../../../files/xml.js';
import type { ZipArchive } from '../../../files/zip.js';
import type { Compiled } from './compiled.js';
import { StopScan, type Sink } from './sink.js';
import { TableScanner } from './table.js';
import { scanLine } from './text.js';

interface TableState {
  scanner: TableScanner;
  row: number;
  prevCell: string | null;
}

/** One part's scanner: findings name the part in `sheet` (null for the document body). */
function partScanner(sheet: string | null, partOrder: number, c: Compiled, sink: Sink, counters: { table: number }): DocxVisitor {
  const tables: TableState[] = [];
  const top = () => tables[tables.length - 1];
  let paraNo = 0;
  let tail = '';
  return {
    paragraph(text) {
      paraNo++;
      tail = scanLine(decodeOoxmlEscapes(text), paraNo, tail, c, sink, { sheet, part: partOrder * 10_000 });
      if (sink.full) throw new StopScan();
    },
    tableStart() {
      counters.table++;
      tables.push({ scanner: new TableScanner(sink, c, { sheet, table: counters.table, part: partOrder * 10_000 + counters.table }), row: 0, prevCell: null });
    },
    rowStart() {
      const t = top();
      if (!t) return;
      t.row++;
      t.prevCell = null;
      t.scanner.startRow(t.row);
    },
    cell(col, text) {
      const t = top();
      if (!t) return;
      const value = decodeOoxmlEscapes(text);
      t.scanner.cell(col, value, t.prevCell);
      t.prevCell = value;
    },
    rowEnd() {
      top()?.scanner.endRow();
      if (sink.full) throw new StopScan();
    },
    tableEnd() {
      tables.pop()?.scanner.finish();
    },
  };
}

/** Scans a Word document's parts; throws DocxError when it has no word/document.xml. */
export async function scanDocx(archive: ZipArchive, c: Compiled, sink: Sink): Promise<void> {
  const counters = { table: 0 };
  await readDocx(archive, (part) => partScanner(part.name === 'document' ? null : part.name, part.order, c, sink, counters));
}
