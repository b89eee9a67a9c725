import { SaxesParser } from 'saxes';
import { bytesSource, ZipArchive, type ZipEntry } from '../../../files/zip.js';

/**
 * A small streaming XLSX sheet reader: finds the parts in the ZIP's central directory (the shared
 * reader in src/server/files/zip.ts), inflates
 * the small ones (workbook, relationships, styles, shared strings) and streams the chosen
 * worksheet, a few KB of compressed bytes at a time, through a SAX parser. Rows are yielded as
 * they are parsed, so a sheet of any length never sits in memory as a whole.
 */

/** A cell's value as the sheet stores it, before it becomes text. */
export type XlsxValue = string | number | boolean | Date;

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

/** The workbook cannot be read (damaged ZIP, unsupported compression, broken XML, missing parts). */
export class XlsxReadError extends Error {}

const fail = (message: string): never => {
  throw new XlsxReadError(message);
};

/** An entry's text, decoded as UTF-8, chunk by chunk as it inflates. */
async function* textChunks(zip: ZipArchive, e: ZipEntry): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of zip.data(e)) yield decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}

// ---- XML ---------------------------------------------------------------------------------------

interface XmlHandler {
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

/** A tag's local name (x:row is row). */
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** A namespaced attribute by its local name (r:id as id), ignoring unprefixed ones. */
function prefixedAttr(attrs: Record<string, string>, local: string): string | undefined {
  for (const [k, val] of Object.entries(attrs)) if (k.endsWith(`:${local}`)) return val;
  return undefined;
}

interface PlainOptions {
  xmlns: false;
  position: false;
}

/** A SAX parser that reports local tag names and text (CDATA included) to a handler. */
function xmlParser(h: XmlHandler): SaxesParser<PlainOptions> {
  const p = new SaxesParser<PlainOptions>({ xmlns: false, position: false });
  p.on('opentag', (tag) => h.open(localName(tag.name), tag.attributes));
  p.on('closetag', (tag) => h.close(localName(tag.name)));
  p.on('text', (t) => h.text(t));
  p.on('cdata', (t) => h.text(t));
  p.on('error', (err) => fail(`broken XML: ${err.message}`));
  return p;
}

/** Parses a whole (small) part, still inflating and parsing it in chunks. */
async function parsePart(zip: ZipArchive, e: ZipEntry, h: XmlHandler): Promise<void> {
  const p = xmlParser(h);
  for await (const text of textChunks(zip, e)) p.write(text);
  p.close();
}

/** Collects the text of a string item (`<si>` or `<is>`): plain `<t>` or rich runs, phonetic runs skipped. */
class StringItem {
  private value = '';
  private inText = false;
  private skip = 0;

  open(name: string): void {
    if (name === 'rPh' || name === 'phoneticPr') this.skip++;
    else if (name === 't' && this.skip === 0) this.inText = true;
  }

  close(name: string): void {
    if (name === 'rPh' || name === 'phoneticPr') this.skip--;
    else if (name === 't') this.inText = false;
  }

  text(t: string): void {
    if (this.inText) this.value += t;
  }

  take(): string {
    const v = this.value;
    this.value = '';
    this.inText = false;
    this.skip = 0;
    return v;
  }
}

// ---- workbook parts ----------------------------------------------------------------------------

interface WorkbookSheet {
  name: string;
  relId: string | undefined;
}

interface Workbook {
  sheets: WorkbookSheet[];
  date1904: boolean;
}

const NOTHING = () => undefined;

async function readWorkbook(zip: ZipArchive, e: ZipEntry): Promise<Workbook> {
  const book: Workbook = { sheets: [], date1904: false };
  await parsePart(zip, e, {
    open: (name, attrs) => {
      if (name === 'sheet') book.sheets.push({ name: attrs.name ?? '', relId: prefixedAttr(attrs, 'id') });
      else if (name === 'workbookPr') book.date1904 = attrs.date1904 === '1' || attrs.date1904 === 'true';
    },
    close: NOTHING,
    text: NOTHING,
  });
  return book;
}

/** A relationship target as a part name, resolved against the source part's folder. */
export function resolveTarget(folder: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `${folder}${target}`;
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

interface Relationship {
  type: string;
  target: string;
}

/** Relationship id → type and target part name (external targets left out). */
async function readRels(zip: ZipArchive, e: ZipEntry, folder: string): Promise<Map<string, Relationship>> {
  const rels = new Map<string, Relationship>();
  await parsePart(zip, e, {
    open: (name, attrs) => {
      if (name === 'Relationship' && attrs.Id && attrs.Target && attrs.TargetMode !== 'External') rels.set(attrs.Id, { type: attrs.Type ?? '', target: resolveTarget(folder, attrs.Target) });
    },
    close: NOTHING,
    text: NOTHING,
  });
  return rels;
}

/** The part a relationship of the given type (e.g. /sharedStrings) points to, else the usual name. */
function partOfType(rels: Map<string, Relationship>, type: string, usual: string): string {
  for (const r of rels.values()) if (r.type.endsWith(type)) return r.target;
  return usual;
}

/** Built-in number formats that show dates or times (ids 27–36 and 50–58 are East Asian date formats). */
function builtinFormat(id: number): string | undefined {
  const known: Record<number, string> = { 14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy h:mm', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0' };
  if (known[id]) return known[id];
  if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return 'yyyy-mm-dd';
  return undefined;
}

/** The number format code of each cell style (`cellXfs` index), custom formats first. */
async function readStyles(zip: ZipArchive, e: ZipEntry): Promise<(string | undefined)[]> {
  const custom = new Map<number, string>();
  const xfIds: number[] = [];
  let inCellXfs = false;
  await parsePart(zip, e, {
    open: (name, attrs) => {
      if (name === 'numFmt' && attrs.numFmtId !== undefined) custom.set(Number(attrs.numFmtId), attrs.formatCode ?? '');
      else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) xfIds.push(Number(attrs.numFmtId ?? 0));
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text: NOTHING,
  });
  return xfIds.map((id) => custom.get(id) ?? builtinFormat(id));
}

async function readSharedStrings(zip: ZipArchive, e: ZipEntry): Promise<string[]> {
  const strings: string[] = [];
  const item = new StringItem();
  let inItem = false;
  await parsePart(zip, e, {
    open: (name) => {
      if (name === 'si') inItem = true;
      else if (inItem) item.open(name);
    },
    close: (name) => {
      if (name === 'si') {
        strings.push(item.take());
        inItem = false;
      } else if (inItem) item.close(name);
    },
    text: (t) => {
      if (inItem) item.text(t);
    },
  });
  return strings;
}

// ---- the worksheet -----------------------------------------------------------------------------

interface SheetContext {
  strings: string[];
  numFmts: (string | undefined)[];
  date1904: boolean;
  format: XlsxCellFormat;
}

/** A column's 0-based index from a cell reference (A1 → 0, XFD9 → 16383), or -1 without letters. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref.toUpperCase()) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** An ISO date cell (t="d"); a date-time without a zone is taken as written (UTC, like the rest). */
function isoDate(raw: string): XlsxValue {
  const s = raw.trim();
  const d = new Date(/T/.test(s) && !/(Z|[+-]\d\d:?\d\d)$/i.test(s) ? `${s}Z` : s);
  return Number.isNaN(d.getTime()) ? raw : d;
}

/** A cell's value by its type; null for an empty value. */
function cellValue(type: string, raw: string, strings: string[]): XlsxValue | null {
  switch (type) {
    case 'str':
    case 'inlineStr':
    case 'e':
      return raw;
    case 's': {
      if (raw.trim() === '') return null;
      return strings[Number(raw)] ?? fail(`missing shared string ${raw}`);
    }
    case 'b':
      return raw.trim() === '1' || raw.trim().toLowerCase() === 'true';
    case 'd':
      return raw.trim() === '' ? null : isoDate(raw);
    default: {
      const t = raw.trim();
      if (t === '') return null;
      const n = Number(t);
      return Number.isFinite(n) ? n : raw;
    }
  }
}

/** SAX handler for a worksheet: collects finished rows into a queue the reader drains. */
class SheetRows implements XmlHandler {
  readonly ready: XlsxRow[] = [];
  done = false;
  private inData = false;
  private rowNumber = 0;
  private cells: string[] = [];
  private col = -1;
  private type = 'n';
  private style = 0;
  private raw = '';
  private hasValue = false;
  private inValue = false;
  private inInline = false;
  private readonly inline = new StringItem();

  constructor(private readonly ctx: SheetContext) {}

  open(name: string, attrs: Record<string, string>): void {
    if (!this.inData) {
      if (name === 'sheetData') this.inData = true;
      return;
    }
    if (name === 'row') this.startRow(attrs.r);
    else if (name === 'c') this.startCell(attrs);
    else if (name === 'v') this.inValue = this.hasValue = true;
    else if (name === 'is') this.inInline = this.hasValue = true;
    else if (this.inInline) this.inline.open(name);
  }

  close(name: string): void {
    if (!this.inData) return;
    if (name === 'sheetData') {
      this.inData = false;
      this.done = true;
    } else if (name === 'row') this.endRow();
    else if (name === 'c') this.endCell();
    else if (name === 'v') this.inValue = false;
    else if (name === 'is') {
      this.inInline = false;
      this.raw = this.inline.take();
    } else if (this.inInline) this.inline.close(name);
  }

  text(t: string): void {
    if (this.inValue) this.raw += t;
    else if (this.inInline) this.inline.text(t);
  }

  private startRow(r: string | undefined): void {
    const n = r === undefined ? NaN : Number.parseInt(r, 10);
    this.rowNumber = Number.isFinite(n) && n > 0 ? n : this.rowNumber + 1;
    this.cells = [];
    this.col = -1;
  }

  private startCell(attrs: Record<string, string>): void {
    const c = attrs.r === undefined ? -1 : columnIndex(attrs.r);
    this.col = c >= 0 ? c : this.col + 1;
    this.type = attrs.t ?? 'n';
    this.style = Number(attrs.s ?? 0) || 0;
    this.raw = '';
    this.hasValue = false;
  }

  private endCell(): void {
    if (!this.hasValue) return;
    const value = cellValue(this.type, this.raw, this.ctx.strings);
    if (value === null) return;
    this.cells[this.col] = this.ctx.format(value, this.ctx.numFmts[this.style], this.ctx.date1904);
  }

  private endRow(): void {
    this.ready.push({ row: this.rowNumber, cells: Array.from(this.cells, (c) => c ?? '') });
  }
}

// ---- the reader --------------------------------------------------------------------------------

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';

/** The worksheet part to read: the sheet named, else the one at `position`. */
function sheetEntry(zip: ZipArchive, book: Workbook, rels: Map<string, Relationship>, req: XlsxSheetRequest): ZipEntry {
  const index = book.sheets.findIndex((s) => s.name === req.name);
  const at = index >= 0 ? index : req.position - 1;
  const sheet = book.sheets[at] ?? fail(`no sheet "${req.name}" or at position ${req.position}`);
  const target = (sheet.relId && rels.get(sheet.relId)?.target) || `xl/worksheets/sheet${at + 1}.xml`;
  return zip.find(target) ?? fail(`missing worksheet part ${target}`);
}

async function optionalPart<T>(zip: ZipArchive, name: string, read: (zip: ZipArchive, e: ZipEntry) => Promise<T>, none: T): Promise<T> {
  const e = zip.find(name);
  return e ? read(zip, e) : none;
}

/** The workbook's sheets and relationships, and the cell context (shared strings, styles) of a read. */
async function openWorkbook(zip: ZipArchive, format: XlsxCellFormat): Promise<{ book: Workbook; rels: Map<string, Relationship>; ctx: SheetContext }> {
  const book = await readWorkbook(zip, zip.find(WORKBOOK) ?? fail('no xl/workbook.xml'));
  const rels = await optionalPart(zip, WORKBOOK_RELS, (z, e) => readRels(z, e, 'xl/'), new Map<string, Relationship>());
  const ctx: SheetContext = {
    strings: await optionalPart(zip, partOfType(rels, '/sharedStrings', 'xl/sharedStrings.xml'), readSharedStrings, []),
    numFmts: await optionalPart(zip, partOfType(rels, '/styles', 'xl/styles.xml'), readStyles, []),
    date1904: book.date1904,
    format,
  };
  return { book, rels, ctx };
}

/**
 * The rows of one sheet, streamed: the worksheet is inflated and parsed a slice at a time and
 * rows are yielded as they are parsed. Shared strings and styles are read first (whole);
 * number cells with a date format come out through `req.format` with that format. Throws
 * XlsxReadError (or an inflate/XML error) when the workbook cannot be read.
 */
export async function* readXlsxSheet(data: Uint8Array, req: XlsxSheetRequest): AsyncGenerator<XlsxRow> {
  const zip = await ZipArchive.open(bytesSource(data));
  const { book, rels, ctx } = await openWorkbook(zip, req.format);
  const entry = sheetEntry(zip, book, rels, req);
  const rows = new SheetRows(ctx);
  const parser = xmlParser(rows);
  // Leaving early (done, or the caller stops) ends the entry's stream through the generator's return.
  for await (const text of textChunks(zip, entry)) {
    parser.write(text);
    yield* rows.ready.splice(0);
    if (rows.done) return;
  }
  parser.close();
  yield* rows.ready.splice(0);
}
