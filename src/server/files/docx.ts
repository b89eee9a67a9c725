/**
 * DOCX text extraction over the shared XML layer: word/document.xml and the headers, footers,
 * footnotes, endnotes and comments parts, streamed paragraph by paragraph, with tables reported
 * row by row and cell by cell (a merged cell's span counted, so columns line up with the grid).
 * Tracked deletions are included — they are still in the file; text boxes appear once
 * (mc:Fallback copies are skipped) and continue the paragraph that holds them.
 */
import { attrOf, parseEntry, type XmlHandler } from './xml.js';
import type { ZipArchive } from './zip.js';

/** Not a Word document (no word/document.xml). */
export class DocxError extends Error {}

/** Receives one part's text in document order. Tables may nest: each tableStart has its tableEnd. */
export interface DocxVisitor {
  /** A paragraph outside any table, its runs joined (tabs as \t, breaks as \n). */
  paragraph(text: string): void;
  tableStart(): void;
  rowStart(): void;
  /** A cell's paragraphs joined by \n, at its 0-based grid column. */
  cell(col: number, text: string): void;
  rowEnd(): void;
  tableEnd(): void;
}

/** A text part: 'document', 'header1', 'footer2', 'footnotes', 'endnotes' or 'comments'; order 0 is the document. */
export interface DocxPart {
  name: string;
  order: number;
}

const PART = /^word\/(document|header[0-9]*|footer[0-9]*|footnotes|endnotes|comments)\.xml$/;

interface Table {
  col: number;
  span: number;
  /** The paragraphs of the cell being read; null between cells. */
  cell: string[] | null;
}

/** The SAX handler of one part. */
function wordHandler(v: DocxVisitor): XmlHandler {
  const paras: string[] = [];
  const tables: Table[] = [];
  let fallback = 0;
  let inText = false;
  const top = () => tables[tables.length - 1];
  const add = (s: string) => {
    if (paras.length) paras[paras.length - 1] += s;
  };
  return {
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
          break;
        case 'tab':
          if (!inText) add('\t');
          break;
        case 'br':
        case 'cr':
          if (!inText) add('\n');
          break;
        case 'tbl':
          tables.push({ col: -1, span: 1, cell: null });
          v.tableStart();
          break;
        case 'tr': {
          const t = top();
          if (t) {
            t.col = -1;
            v.rowStart();
          }
          break;
        }
        case 'tc': {
          const t = top();
          if (t) {
            t.col++;
            t.span = 1;
            t.cell = [];
          }
          break;
        }
        case 'gridSpan': {
          const t = top();
          const n = Number(attrOf(attrs, 'val') ?? 1);
          if (t && Number.isInteger(n) && n > 1 && n < 64) t.span = n;
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
          break;
        case 'p': {
          const text = paras.pop() ?? '';
          // A paragraph inside a text box continues its outer paragraph's text.
          if (paras.length) paras[paras.length - 1] += '\n' + text;
          else if (top()?.cell) top()?.cell?.push(text);
          else v.paragraph(text);
          break;
        }
        case 'tc': {
          const t = top();
          if (t?.cell) {
            v.cell(t.col, t.cell.join('\n'));
            t.cell = null;
            t.col += t.span - 1;
          }
          break;
        }
        case 'tr':
          if (top()) v.rowEnd();
          break;
        case 'tbl':
          if (tables.pop()) v.tableEnd();
          break;
      }
    },
    text(t) {
      if (inText) add(t);
    },
  };
}

/**
 * Reads a Word document's text parts in archive order (a streamed source is read forward), each
 * into the visitor `visit` returns for it. Throws DocxError when there is no word/document.xml.
 */
export async function readDocx(zip: ZipArchive, visit: (part: DocxPart) => DocxVisitor): Promise<void> {
  if (!zip.entries.some((e) => e.name === 'word/document.xml')) throw new DocxError(zip.entries.length ? 'no word/document.xml: not a Word document' : 'no entries');
  const parts = zip.entries.filter((e) => PART.test(e.name)).sort((a, b) => a.offset - b.offset);
  let order = 0;
  for (const e of parts) {
    const name = (PART.exec(e.name) as RegExpExecArray)[1] as string;
    await parseEntry(zip, e, wordHandler(visit({ name, order: name === 'document' ? 0 : ++order })));
  }
}
