/**
 * XLSX in two streamed passes over the archive (its parts come in any order, and shared strings
 * usually come after the worksheets): pass 1 reads the workbook (sheet names, 1904 dates), its
 * relationships, the styles (which cells are dates), the shared strings and the cell comments;
 * pass 2 streams every worksheet cell by cell into a TableScanner. Only the shared-string table
 * is held in memory, as Excel itself does.
 */
import { eachEntry, type ZipArchive } from '../../../files/zip.js';
import type { Compiled } from './compiled.js';
import { detectText } from './detect.js';
import { excelSerialToYmd, ymdString } from './dates.js';
import { normalizeText } from './normalize.js';
import { StopScan, type Sink } from './sink.js';
import { cellStats, columnIndex, labelStats, ScanCache, TableScanner } from './table.js';
import { attr, decodeXml, XmlStream, type XmlHandler } from './xml.js';

export class XlsxStructureError extends Error {}

interface Meta {
  date1904: boolean;
  /** Worksheet part path → sheet name and order. */
  sheets: Map<string, { name: string; order: number }>;
  sheetRids: { name: string; rid: string }[];
  rels: Map<string, string>;
  sharedStringsPath: string | null;
  sst: string[];
  dateStyles: Set<number>;
  /** Comments part → its sheet's part path. */
  commentsOf: Map<string, string>;
  comments: { part: string; ref: string; text: string }[];
  sawWorkbook: boolean;
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A number format that shows a date: has y/m/d/e/g outside quotes and brackets, and no digit placeholders. */
export function isDateFormat(code: string): boolean {
  const s = code.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
  if (/^general$/i.test(s.trim())) return false;
  return /[ymdeg]/i.test(s) && !/[0#?]/.test(s);
}

function resolveTarget(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** Collects the text of one part into a string (small parts only: workbook, rels). */
function collect(limit: number, done: (xml: string) => void) {
  const dec = new TextDecoder('utf-8');
  let s = '';
  return (data: Uint8Array, final: boolean) => {
    s += dec.decode(data, { stream: !final });
    if (s.length > limit) throw new XlsxStructureError('workbook part too large');
    if (final) done(s);
  };
}

function parseRels(xml: string, base: string): { id: string; target: string; type: string }[] {
  const out: { id: string; target: string; type: string }[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = m[1] as string;
    const id = attr(a, 'Id');
    const target = attr(a, 'Target');
    if (!id || !target || attr(a, 'TargetMode') === 'External') continue;
    out.push({ id, target: resolveTarget(base, target), type: attr(a, 'Type') ?? '' });
  }
  return out;
}

/** Pass-1 handler for shared strings: <si> with <t> runs, phonetic <rPh> readings left out. */
function sharedStringsHandler(sst: string[]): XmlHandler {
  let cur = '';
  let inSi = false;
  let inRph = false;
  return {
    capture: false,
    open(name) {
      if (name === 'si') {
        inSi = true;
        cur = '';
      } else if (name === 'rPh') inRph = true;
      else if (name === 't' && inSi && !inRph) this.capture = true;
    },
    close(name) {
      if (name === 't') this.capture = false;
      else if (name === 'rPh') inRph = false;
      else if (name === 'si') {
        inSi = false;
        sst.push(normalizeText(decodeXml(cur)));
      }
    },
    text(raw) {
      cur += raw;
    },
  };
}

function stylesHandler(dateStyles: Set<number>): XmlHandler {
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let xf = 0;
  return {
    capture: false,
    open(name, attrs) {
      if (name === 'numFmt') {
        const id = Number(attr(attrs, 'numFmtId'));
        custom.set(id, attr(attrs, 'formatCode') ?? '');
      } else if (name === 'cellXfs') {
        inCellXfs = true;
        xf = 0;
      } else if (name === 'xf' && inCellXfs) {
        const id = Number(attr(attrs, 'numFmtId') ?? 0);
        const code = custom.get(id);
        if (code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id)) dateStyles.add(xf);
        xf++;
      }
    },
    close(name) {
      if (name === 'cellXfs') inCellXfs = false;
    },
    text() {},
  };
}

function commentsHandler(part: string, out: Meta['comments']): XmlHandler {
  let ref = '';
  let cur = '';
  let inRph = false;
  let inComment = false;
  return {
    capture: false,
    open(name, attrs) {
      if (name === 'comment') {
        inComment = true;
        ref = attr(attrs, 'ref') ?? '';
        cur = '';
      } else if (name === 'rPh') inRph = true;
      else if (name === 't' && inComment && !inRph) this.capture = true;
    },
    close(name) {
      if (name === 't') this.capture = false;
      else if (name === 'rPh') inRph = false;
      else if (name === 'comment') {
        inComment = false;
        if (out.length < 100_000) out.push({ part, ref, text: decodeXml(cur) });
      }
    },
    text(raw) {
      if (cur.length < 65536) cur += raw;
    },
  };
}

/** Pass-2 handler: one worksheet into a TableScanner. */
function sheetHandler(table: TableScanner, meta: Meta, sink: Sink): XmlHandler {
  let row = 0;
  let col = -1;
  let type = '';
  let style = -1;
  let v = '';
  let inlineText = '';
  let inIs = false;
  let inRph = false;
  let target: 'v' | 't' | null = null;
  let prevCol = -2;
  let prevValue: string | null = null;
  let prevLabel = false;
  let inRow = false;
  return {
    capture: false,
    open(name, attrs) {
      switch (name) {
        case 'row': {
          const r = attr(attrs, 'r');
          row = r ? Number(r) : row + 1;
          col = -1;
          prevCol = -2;
          prevValue = null;
          inRow = true;
          table.startRow(row);
          break;
        }
        case 'c': {
          const r = attr(attrs, 'r');
          if (r) {
            let k = 0;
            while (k < r.length && r.charCodeAt(k) >= 65) k++;
            col = columnIndex(r.slice(0, k).toUpperCase());
          } else col++;
          type = attr(attrs, 't') ?? '';
          const s = attr(attrs, 's');
          style = s ? Number(s) : -1;
          v = '';
          inlineText = '';
          break;
        }
        case 'v':
          target = 'v';
          this.capture = true;
          break;
        case 'is':
          inIs = true;
          break;
        case 'rPh':
          inRph = true;
          break;
        case 't':
          if (inIs && !inRph) {
            target = 't';
            this.capture = true;
          }
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'v':
        case 't':
          this.capture = false;
          target = null;
          break;
        case 'is':
          inIs = false;
          break;
        case 'rPh':
          inRph = false;
          break;
        case 'c': {
          if (!inRow || col < 0) break;
          const value = cellValue(type, style, v, inlineText, meta);
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
          break;
        }
        case 'row':
          inRow = false;
          table.endRow();
          if (sink.full) throw new StopScan();
          break;
      }
    },
    text(raw) {
      if (target === 'v') v += raw;
      else if (target === 't') inlineText += raw;
    },
  };
}

function cellValue(type: string, style: number, v: string, inlineText: string, meta: Meta): string {
  switch (type) {
    case 's': {
      const i = Number(v);
      return Number.isInteger(i) ? (meta.sst[i] ?? '') : '';
    }
    case 'inlineStr':
      return normalizeText(decodeXml(inlineText));
    case 'str':
      return normalizeText(decodeXml(v));
    case 'b':
    case 'e':
      return '';
    case 'd':
      return v.slice(0, 10);
    default: {
      if (v === '') return '';
      if (style >= 0 && meta.dateStyles.has(style)) {
        const ymd = excelSerialToYmd(Number(v), meta.date1904);
        if (ymd) return ymdString(ymd);
      }
      return v;
    }
  }
}

/** Scans a workbook: every sheet cell by cell (shared strings, dates by style), then its cell comments. */
export async function scanXlsx(archive: ZipArchive, c: Compiled, sink: Sink): Promise<void> {
  const meta: Meta = {
    date1904: false,
    sheets: new Map(),
    sheetRids: [],
    rels: new Map(),
    sharedStringsPath: null,
    sst: [],
    dateStyles: new Set(),
    commentsOf: new Map(),
    comments: [],
    sawWorkbook: false,
  };
  const sheetRels = new Map<string, string>();
  // Pass 1: everything but the worksheets.
  await eachEntry(archive, ({ name }) => {
    if (name === 'xl/workbook.xml') {
      meta.sawWorkbook = true;
      return collect(1 << 24, (xml) => {
        const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(xml);
        const d = pr ? attr(pr[1] as string, 'date1904') : null;
        meta.date1904 = d === '1' || d === 'true';
        for (const m of xml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
          const a = m[1] as string;
          const rid = attr(a, 'r:id') ?? /\bid="([^"]*)"/.exec(a)?.[1] ?? '';
          meta.sheetRids.push({ name: attr(a, 'name') ?? '', rid });
        }
      });
    }
    if (name === 'xl/_rels/workbook.xml.rels') {
      return collect(1 << 22, (xml) => {
        for (const r of parseRels(xml, 'xl/workbook.xml')) {
          meta.rels.set(r.id, r.target);
          if (r.type.endsWith('/sharedStrings')) meta.sharedStringsPath = r.target;
        }
      });
    }
    if (/^xl\/worksheets\/_rels\/[^/]+\.xml\.rels$/.test(name)) {
      const sheetPart = name.replace('_rels/', '').replace(/\.rels$/, '');
      return collect(1 << 22, (xml) => {
        for (const r of parseRels(xml, sheetPart)) if (r.type.endsWith('/comments')) meta.commentsOf.set(r.target, sheetPart);
        sheetRels.set(sheetPart, xml);
      });
    }
    if (/^xl\/[^/]*sharedStrings[^/]*\.xml$/i.test(name)) {
      const x = new XmlStream(sharedStringsHandler(meta.sst));
      return (d, f) => x.write(d, f);
    }
    if (name === 'xl/styles.xml') {
      const x = new XmlStream(stylesHandler(meta.dateStyles));
      return (d, f) => x.write(d, f);
    }
    if (/^xl\/comments[^/]*\.xml$/.test(name)) {
      const x = new XmlStream(commentsHandler(name, meta.comments));
      return (d, f) => x.write(d, f);
    }
    return null;
  });
  if (!meta.sawWorkbook) throw new XlsxStructureError(archive.entries.length ? 'no xl/workbook.xml: not an Excel workbook' : 'no entries');
  meta.sheetRids.forEach((s, order) => {
    const target = meta.rels.get(s.rid);
    if (target) meta.sheets.set(target, { name: s.name, order });
  });

  // Pass 2: the worksheets, cell by cell.
  const tables = new Map<string, TableScanner>();
  const cache = new ScanCache();
  let extra = meta.sheets.size;
  await eachEntry(archive, ({ name }) => {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) return null;
    const info = meta.sheets.get(name) ?? { name: name.replace(/^.*\//, '').replace(/\.xml$/, ''), order: extra++ };
    const table = new TableScanner(sink, c, { sheet: info.name, part: info.order }, cache);
    tables.set(name, table);
    const x = new XmlStream(sheetHandler(table, meta, sink));
    return (d, f) => {
      x.write(d, f);
      if (f) table.finish();
    };
  });

  // Cell comments, as free text at their cell.
  for (const cm of meta.comments) {
    if (sink.full) break;
    const sheetPart = meta.commentsOf.get(cm.part);
    const info = sheetPart ? meta.sheets.get(sheetPart) : undefined;
    const m = /^([A-Z]+)([0-9]+)$/.exec(cm.ref);
    const letter = m ? (m[1] as string) : null;
    const row = m ? Number(m[2]) : null;
    const text = normalizeText(cm.text);
    const header = sheetPart && letter ? (tables.get(sheetPart)?.headerOf(columnIndex(letter)) ?? null) : null;
    detectText(text, c, '', (h) =>
      sink.add(
        { kind: h.kind, rule: `comment:${h.rule}`, sheet: info?.name ?? null, table: null, row, column: header ?? letter, columnLetter: letter, cell: cm.ref || null, masked: h.masked },
        info?.order ?? 0,
        letter ? columnIndex(letter) : 0,
      ),
    );
  }
}
