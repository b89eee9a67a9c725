/**
 * DOCX: word/document.xml streamed paragraph by paragraph (tracked deletions included: they are
 * still in the file), tables cell by cell through a TableScanner each (first row as header, label
 * cells on the left as context), and the headers, footers, footnotes, endnotes and comments parts
 * as free text. Text boxes appear once (mc:Fallback copies are skipped).
 */
import { eachEntry, type ZipArchive } from '../../../files/zip.js';
import type { Compiled } from './compiled.js';
import { StopScan, type Sink } from './sink.js';
import { TableScanner } from './table.js';
import { scanLine } from './text.js';
import { attr, decodeXml, XmlStream, type XmlHandler } from './xml.js';

export class DocxStructureError extends Error {}

interface TableState {
  scanner: TableScanner;
  row: number;
  col: number;
  span: number;
  cellParas: string[] | null;
  prevCell: string | null;
}

const PART = /^word\/(document|header[0-9]*|footer[0-9]*|footnotes|endnotes|comments)\.xml$/;

function wordHandler(partName: string | null, partOrder: number, c: Compiled, sink: Sink, counters: { table: number; part: number }): XmlHandler {
  const paras: string[] = [];
  const tables: TableState[] = [];
  let paraNo = 0;
  let tail = '';
  let fallback = 0;
  let inText = false;
  return {
    capture: false,
    open(name, attrs) {
      if (name === 'Fallback') fallback++;
      if (fallback) return;
      switch (name) {
        case 'p':
          paras.push('');
          break;
        case 't':
        case 'delText':
          inText = true;
          this.capture = paras.length > 0;
          break;
        case 'tab':
          if (paras.length && !inText) paras[paras.length - 1] += '\t';
          break;
        case 'br':
        case 'cr':
          if (paras.length && !inText) paras[paras.length - 1] += '\n';
          break;
        case 'tbl': {
          counters.table++;
          tables.push({
            scanner: new TableScanner(sink, c, { sheet: partName, table: counters.table, part: partOrder * 10_000 + counters.table }),
            row: 0,
            col: -1,
            span: 1,
            cellParas: null,
            prevCell: null,
          });
          break;
        }
        case 'tr': {
          const t = tables[tables.length - 1];
          if (t) {
            t.row++;
            t.col = -1;
            t.prevCell = null;
            t.scanner.startRow(t.row);
          }
          break;
        }
        case 'tc': {
          const t = tables[tables.length - 1];
          if (t) {
            t.col++;
            t.span = 1;
            t.cellParas = [];
          }
          break;
        }
        case 'gridSpan': {
          const t = tables[tables.length - 1];
          const v = Number(attr(attrs, 'w:val') ?? attr(attrs, 'val') ?? 1);
          if (t && Number.isInteger(v) && v > 1 && v < 64) t.span = v;
          break;
        }
      }
    },
    close(name) {
      if (name === 'Fallback') {
        fallback = Math.max(0, fallback - 1);
        return;
      }
      if (fallback) return;
      switch (name) {
        case 't':
        case 'delText':
          inText = false;
          this.capture = false;
          break;
        case 'p': {
          const text = decodeXml(paras.pop() ?? '');
          if (paras.length) {
            // A paragraph inside a text box continues its outer paragraph's text.
            paras[paras.length - 1] += '\n' + text;
            break;
          }
          const t = tables[tables.length - 1];
          if (t?.cellParas) t.cellParas.push(text);
          else {
            paraNo++;
            tail = scanLine(text, paraNo, tail, c, sink, { sheet: partName, part: partOrder * 10_000 });
            if (sink.full) throw new StopScan();
          }
          break;
        }
        case 'tc': {
          const t = tables[tables.length - 1];
          if (t?.cellParas) {
            const value = t.cellParas.join('\n');
            t.scanner.cell(t.col, value, t.prevCell);
            t.prevCell = value;
            t.cellParas = null;
            t.col += t.span - 1;
          }
          break;
        }
        case 'tr': {
          const t = tables[tables.length - 1];
          if (t) {
            t.scanner.endRow();
            if (sink.full) throw new StopScan();
          }
          break;
        }
        case 'tbl': {
          const t = tables.pop();
          t?.scanner.finish();
          break;
        }
      }
    },
    text(raw) {
      if (paras.length) paras[paras.length - 1] += raw;
    },
  };
}

/** Scans a Word document's parts; throws DocxStructureError when it has no word/document.xml. */
export async function scanDocx(archive: ZipArchive, c: Compiled, sink: Sink): Promise<void> {
  let sawDocument = false;
  const counters = { table: 0, part: 0 };
  await eachEntry(
    archive,
    ({ name }) => {
      const m = PART.exec(name);
      if (!m) return null;
      const base = m[1] as string;
      if (base === 'document') sawDocument = true;
      const order = base === 'document' ? 0 : ++counters.part;
      const x = new XmlStream(wordHandler(base === 'document' ? null : base, order, c, sink, counters));
      return (d, f) => x.write(d, f);
    },
  );
  if (!sawDocument) throw new DocxStructureError(archive.entries.length ? 'no word/document.xml: not a Word document' : 'no entries');
}
