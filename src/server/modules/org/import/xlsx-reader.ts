import { Inflate } from 'fflate';
import { SaxesParser } from 'saxes';

/**
 * A small streaming XLSX sheet reader: finds the parts in the ZIP's central directory, inflates
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

// ---- ZIP ---------------------------------------------------------------------------------------

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

type ZipDirectory = Map<string, ZipEntry>;

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;
const COMPRESSED_CHUNK = 16 * 1024;

const fail = (message: string): never => {
  throw new XlsxReadError(message);
};

const view = (data: Uint8Array) => new DataView(data.buffer, data.byteOffset, data.byteLength);
const u64 = (v: DataView, at: number) => Number(v.getBigUint64(at, true));

function findEocd(v: DataView): number {
  const last = v.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 0xffff; at--) if (v.getUint32(at, true) === EOCD) return at;
  return fail('no ZIP end of central directory');
}

/** Where the central directory starts and how many entries it has (ZIP64 aware). */
function centralDirectory(v: DataView): { offset: number; count: number } {
  const eocd = findEocd(v);
  const count = v.getUint16(eocd + 10, true);
  const offset = v.getUint32(eocd + 16, true);
  if (count !== 0xffff && offset !== U32_MAX) return { offset, count };
  const locator = eocd - 20;
  if (locator < 0 || v.getUint32(locator, true) !== EOCD64_LOCATOR) return fail('no ZIP64 locator');
  const rec = u64(v, locator + 8);
  if (v.getUint32(rec, true) !== EOCD64) fail('no ZIP64 end of central directory');
  return { offset: u64(v, rec + 48), count: u64(v, rec + 32) };
}

/** Applies a ZIP64 extra field to sizes and offset stored as 0xFFFFFFFF. */
function applyZip64(v: DataView, extraStart: number, extraEnd: number, e: ZipEntry): void {
  for (let at = extraStart; at + 4 <= extraEnd; ) {
    const id = v.getUint16(at, true);
    const len = v.getUint16(at + 2, true);
    if (id === 1) {
      let p = at + 4;
      const next = () => {
        const n = u64(v, p);
        p += 8;
        return n;
      };
      if (e.size === U32_MAX) e.size = next();
      if (e.compressedSize === U32_MAX) e.compressedSize = next();
      if (e.localOffset === U32_MAX) e.localOffset = next();
      return;
    }
    at += 4 + len;
  }
}

const utf8 = new TextDecoder('utf-8');

/** The ZIP's entries by name, read from its central directory. */
function readDirectory(data: Uint8Array): ZipDirectory {
  const v = view(data);
  const { offset, count } = centralDirectory(v);
  const entries: ZipDirectory = new Map();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (v.getUint32(at, true) !== CENTRAL) fail('damaged ZIP central directory');
    const nameLen = v.getUint16(at + 28, true);
    const extraLen = v.getUint16(at + 30, true);
    const commentLen = v.getUint16(at + 32, true);
    const name = utf8.decode(data.subarray(at + 46, at + 46 + nameLen)).replace(/\\/g, '/');
    const e: ZipEntry = { name, flags: v.getUint16(at + 8, true), method: v.getUint16(at + 10, true), compressedSize: v.getUint32(at + 20, true), size: v.getUint32(at + 24, true), localOffset: v.getUint32(at + 42, true) };
    applyZip64(v, at + 46 + nameLen, at + 46 + nameLen + extraLen, e);
    entries.set(name, e);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** An entry by its part name (OPC part names are case-insensitive). */
function findEntry(dir: ZipDirectory, name: string): ZipEntry | undefined {
  const exact = dir.get(name);
  if (exact) return exact;
  const key = name.toLowerCase();
  for (const [n, e] of dir) if (n.toLowerCase() === key) return e;
  return undefined;
}

/** The entry's compressed bytes. */
function rawBytes(data: Uint8Array, e: ZipEntry): Uint8Array {
  const v = view(data);
  if (v.getUint32(e.localOffset, true) !== LOCAL) fail(`damaged ZIP entry ${e.name}`);
  const start = e.localOffset + 30 + v.getUint16(e.localOffset + 26, true) + v.getUint16(e.localOffset + 28, true);
  if (start + e.compressedSize > data.byteLength) fail(`truncated ZIP entry ${e.name}`);
  return data.subarray(start, start + e.compressedSize);
}

/** Inflates raw deflate bytes a slice at a time, yielding what each slice expands to. */
function* inflateChunks(raw: Uint8Array): Generator<Uint8Array> {
  const out: Uint8Array[] = [];
  const inflate = new Inflate((chunk) => out.push(chunk));
  for (let at = 0; at < raw.byteLength || at === 0; at += COMPRESSED_CHUNK) {
    const end = Math.min(at + COMPRESSED_CHUNK, raw.byteLength);
    inflate.push(raw.subarray(at, end), end >= raw.byteLength);
    yield* out.splice(0);
  }
}

/** An entry's uncompressed bytes, in chunks, checked against the size the directory declares. */
function* entryChunks(data: Uint8Array, e: ZipEntry): Generator<Uint8Array> {
  if (e.flags & 1) fail(`encrypted ZIP entry ${e.name}`);
  const raw = rawBytes(data, e);
  let chunks: Iterable<Uint8Array>;
  if (e.method === 0) chunks = storedChunks(raw);
  else if (e.method === 8) chunks = inflateChunks(raw);
  else return fail(`unsupported ZIP compression ${e.method} in ${e.name}`);
  let total = 0;
  for (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > e.size) fail(`ZIP entry ${e.name} is larger than declared`);
    yield chunk;
  }
  if (total !== e.size) fail(`ZIP entry ${e.name} is shorter than declared`);
}

function* storedChunks(raw: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < raw.byteLength; at += COMPRESSED_CHUNK) yield raw.subarray(at, at + COMPRESSED_CHUNK);
}

/** An entry's text, decoded as UTF-8, chunk by chunk. */
function* textChunks(data: Uint8Array, e: ZipEntry): Generator<string> {
  const decoder = new TextDecoder('utf-8');
  for (const chunk of entryChunks(data, e)) yield decoder.decode(chunk, { stream: true });
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
function parsePart(data: Uint8Array, e: ZipEntry, h: XmlHandler): void {
  const p = xmlParser(h);
  for (const text of textChunks(data, e)) p.write(text);
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

function readWorkbook(data: Uint8Array, e: ZipEntry): Workbook {
  const book: Workbook = { sheets: [], date1904: false };
  parsePart(data, e, {
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
function readRels(data: Uint8Array, e: ZipEntry, folder: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  parsePart(data, e, {
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
function readStyles(data: Uint8Array, e: ZipEntry): (string | undefined)[] {
  const custom = new Map<number, string>();
  const xfIds: number[] = [];
  let inCellXfs = false;
  parsePart(data, e, {
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

function readSharedStrings(data: Uint8Array, e: ZipEntry): string[] {
  const strings: string[] = [];
  const item = new StringItem();
  let inItem = false;
  parsePart(data, e, {
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
function sheetEntry(dir: ZipDirectory, book: Workbook, rels: Map<string, Relationship>, req: XlsxSheetRequest): ZipEntry {
  const index = book.sheets.findIndex((s) => s.name === req.name);
  const at = index >= 0 ? index : req.position - 1;
  const sheet = book.sheets[at] ?? fail(`no sheet "${req.name}" or at position ${req.position}`);
  const target = (sheet.relId && rels.get(sheet.relId)?.target) || `xl/worksheets/sheet${at + 1}.xml`;
  return findEntry(dir, target) ?? fail(`missing worksheet part ${target}`);
}

function optionalPart<T>(data: Uint8Array, dir: ZipDirectory, name: string, read: (data: Uint8Array, e: ZipEntry) => T, none: T): T {
  const e = findEntry(dir, name);
  return e ? read(data, e) : none;
}

/** The workbook's sheets and relationships, and the cell context (shared strings, styles) of a read. */
function openWorkbook(data: Uint8Array, dir: ZipDirectory, format: XlsxCellFormat): { book: Workbook; rels: Map<string, Relationship>; ctx: SheetContext } {
  const book = readWorkbook(data, findEntry(dir, WORKBOOK) ?? fail('no xl/workbook.xml'));
  const rels = optionalPart(data, dir, WORKBOOK_RELS, (d, e) => readRels(d, e, 'xl/'), new Map<string, Relationship>());
  const ctx: SheetContext = {
    strings: optionalPart(data, dir, partOfType(rels, '/sharedStrings', 'xl/sharedStrings.xml'), readSharedStrings, []),
    numFmts: optionalPart(data, dir, partOfType(rels, '/styles', 'xl/styles.xml'), readStyles, []),
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
  const dir = readDirectory(data);
  const { book, rels, ctx } = openWorkbook(data, dir, req.format);
  const entry = sheetEntry(dir, book, rels, req);
  const rows = new SheetRows(ctx);
  const parser = xmlParser(rows);
  for (const text of textChunks(data, entry)) {
    parser.write(text);
    yield* rows.ready.splice(0);
    if (rows.done) return;
  }
  parser.close();
  yield* rows.ready.splice(0);
}
