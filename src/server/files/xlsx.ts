/**
 * An XLSX workbook over the shared ZIP reader: the workbook part and its relationships (sheet
 * names, tab order, parts, the 1904 date system), the styles (each cell style's number format),
 * the shared strings and, on demand, a sheet's comments. Worksheets themselves are streamed cell
 * by cell by xlsx-sheet.ts; only the shared-string table is held whole, as Excel itself does.
 */
import { readRels, targetOfType, type Relationship } from './opc.js';
import { attrOf, parseEntry, prefixedAttr, RunText, type XmlHandler } from './xml.js';
import type { ZipArchive, ZipEntry } from './zip.js';

/** The workbook cannot be read as one (missing parts, a bad reference). */
export class XlsxError extends Error {}

/** A sheet as the workbook lists it. */
export interface XlsxSheet {
  name: string;
  /** 0-based tab position. */
  order: number;
  /** Its worksheet part: the relationship's target, else the name Excel would use. */
  part: string;
}

/** A cell style's number format: its id, and its code (custom, or the built-in one Excel shows dates with). */
export interface XlsxStyle {
  numFmtId: number;
  code: string | undefined;
  /** Whether the code is the workbook's own (numFmts), not a built-in. */
  custom: boolean;
}

/** A cell comment (note) and the cell it is attached to. */
export interface XlsxComment {
  ref: string;
  text: string;
}

export interface XlsxOpenOptions {
  /** Applied to each shared string as it is stored (a scanner normalizes them once, here). */
  mapString?: (s: string) => string;
}

const WORKBOOK = 'xl/workbook.xml';
const NOTHING = () => undefined;
/** A comment longer than this is cut; more comments than this per sheet are left out (a scanner's bound, not Excel's). */
const COMMENT_CHARS = 65_536;
const MAX_COMMENTS = 100_000;

/** Built-in number formats that show dates or times (ids 27–36 and 50–58 are East Asian date formats). */
export function builtinFormat(id: number): string | undefined {
  const known: Record<number, string> = { 14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy h:mm', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0' };
  if (known[id]) return known[id];
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return 'yyyy-mm-dd';
  return undefined;
}

/** A part parsed whole (it is still inflated and parsed in slices). */
async function parsePart(zip: ZipArchive, part: string | undefined, h: XmlHandler): Promise<boolean> {
  const e = part === undefined ? undefined : zip.find(part);
  if (!e) return false;
  await parseEntry(zip, e, h);
  return true;
}

async function readStyles(zip: ZipArchive, part: string): Promise<XlsxStyle[]> {
  const custom = new Map<number, string>();
  const ids: number[] = [];
  let inCellXfs = false;
  await parsePart(zip, part, {
    open: (name, a) => {
      if (name === 'numFmt' && a.numFmtId !== undefined) custom.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) ids.push(Number(a.numFmtId ?? 0));
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text: NOTHING,
  });
  return ids.map((id) => {
    const own = custom.get(id);
    return { numFmtId: id, code: own ?? builtinFormat(id), custom: own !== undefined };
  });
}

async function readSharedStrings(zip: ZipArchive, part: string, map: (s: string) => string): Promise<string[]> {
  const strings: string[] = [];
  const item = new RunText();
  let inItem = false;
  await parsePart(zip, part, {
    open: (name) => {
      if (name === 'si') inItem = true;
      else if (inItem) item.open(name);
    },
    close: (name) => {
      if (name === 'si') {
        strings.push(map(item.take()));
        inItem = false;
      } else if (inItem) item.close(name);
    },
    text: (t) => {
      if (inItem) item.text(t);
    },
  });
  return strings;
}

/** What the workbook part and its relationships say. */
export interface XlsxWorkbook {
  sheets: XlsxSheet[];
  date1904: boolean;
  rels: Map<string, Relationship>;
}

/**
 * The workbook part alone (sheet names in tab order, their parts, the date system): enough to
 * list the sheets of an upload without reading its strings. Throws XlsxError without xl/workbook.xml.
 */
export async function readWorkbook(zip: ZipArchive): Promise<XlsxWorkbook> {
  const listed: { name: string; relId: string | undefined }[] = [];
  let date1904 = false;
  const found = await parsePart(zip, WORKBOOK, {
    open: (name, a) => {
      if (name === 'sheet') listed.push({ name: a.name ?? '', relId: prefixedAttr(a, 'id') });
      else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
    },
    close: NOTHING,
    text: NOTHING,
  });
  if (!found) throw new XlsxError(zip.entries.length ? 'no xl/workbook.xml: not an Excel workbook' : 'no entries');
  const rels = await readRels(zip, WORKBOOK);
  const sheets = listed.map((s, order) => ({ name: s.name, order, part: (s.relId && rels.get(s.relId)?.target) || `xl/worksheets/sheet${order + 1}.xml` }));
  return { sheets, date1904, rels };
}

/** An open workbook: its sheets, styles and shared strings, read once. */
export class XlsxBook {
  private constructor(
    readonly zip: ZipArchive,
    readonly sheets: readonly XlsxSheet[],
    readonly date1904: boolean,
    readonly strings: readonly string[],
    readonly styles: readonly XlsxStyle[],
  ) {}

  /** Reads the workbook, its relationships, styles and shared strings; throws XlsxError without xl/workbook.xml. */
  static async open(zip: ZipArchive, options: XlsxOpenOptions = {}): Promise<XlsxBook> {
    const { sheets, date1904, rels } = await readWorkbook(zip);
    const strings = await readSharedStrings(zip, targetOfType(rels, '/sharedStrings') ?? 'xl/sharedStrings.xml', options.mapString ?? ((s) => s));
    const styles = await readStyles(zip, targetOfType(rels, '/styles') ?? 'xl/styles.xml');
    return new XlsxBook(zip, sheets, date1904, strings, styles);
  }

  /** The number format code of a cell style (custom, or a built-in date/time format), if any. */
  numFmt(style: number): string | undefined {
    return this.styles[style]?.code;
  }

  /** The sheet's worksheet entry; undefined when the part is missing. */
  entryOf(sheet: XlsxSheet): ZipEntry | undefined {
    return this.zip.find(sheet.part);
  }

  /**
   * The comments (notes) of a worksheet part, from the comments part its relationships name;
   * rich-text runs joined, phonetic readings left out.
   */
  async comments(part: string): Promise<XlsxComment[]> {
    const out: XlsxComment[] = [];
    const text = new RunText(COMMENT_CHARS);
    let ref: string | null = null;
    await parsePart(this.zip, targetOfType(await readRels(this.zip, part), '/comments'), {
      open: (name, a) => {
        if (name === 'comment') ref = attrOf(a, 'ref') ?? '';
        else if (ref !== null) text.open(name);
      },
      close: (name) => {
        if (ref === null) return;
        if (name !== 'comment') text.close(name);
        else {
          if (out.length < MAX_COMMENTS) out.push({ ref, text: text.take() });
          ref = null;
        }
      },
      text: (t) => {
        if (ref !== null) text.text(t);
      },
    });
    return out;
  }
}
