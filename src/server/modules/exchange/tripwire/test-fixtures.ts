/**
 * Fixture files for the tripwire's tests and benchmark, made on the fly: Shift_JIS/UTF-8 CSV,
 * XLSX (exceljs, in memory or with the streaming writer), DOCX (assembled with fflate), ZIP.
 * Not used by the product.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import iconv from 'iconv-lite';
import type { ScanFileInput } from './scan.js';

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** CSV text with CRLF line ends (as Excel writes). */
export function csvText(rows: readonly (readonly (string | number)[])[], delimiter = ','): string {
  return rows.map((r) => r.map((v) => (delimiter === ',' ? quote(String(v)) : String(v))).join(delimiter)).join('\r\n') + '\r\n';
}

export const sjisCsv = (rows: readonly (readonly (string | number)[])[]): Buffer => iconv.encode(csvText(rows), 'cp932');
export const utf8Csv = (rows: readonly (readonly (string | number)[])[], bom = false): Buffer =>
  Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(csvText(rows), 'utf8')]);

/** A readable giving `buf` in chunks of `chunk` bytes (small chunks exercise every boundary). */
export function streamOf(buf: Uint8Array, chunk = 4096): Readable {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  return Readable.from(parts);
}

export function fileInput(fileName: string, detectedType: string, buf: Uint8Array, chunk = 4096): ScanFileInput {
  return { fileName, detectedType, open: async () => streamOf(buf, chunk) };
}

export interface SheetSpec {
  name: string;
  /** Row by row from A1; `undefined` leaves a cell empty. */
  rows: readonly (readonly unknown[])[];
  /** Number formats by cell ('C4': 'yyyy/mm/dd'). */
  formats?: Record<string, string>;
  /** Cell notes (comments) by cell. */
  notes?: Record<string, string>;
}

/** An XLSX made by exceljs in memory (shared strings, sizes in local headers). */
export async function xlsxBuffer(sheets: readonly SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((r, i) => {
      r.forEach((v, j) => {
        if (v !== undefined && v !== null) ws.getCell(i + 1, j + 1).value = v as ExcelJS.CellValue;
      });
    });
    for (const [ref, fmt] of Object.entries(s.formats ?? {})) ws.getCell(ref).numFmt = fmt;
    for (const [ref, note] of Object.entries(s.notes ?? {})) ws.getCell(ref).note = note;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An XLSX made by exceljs's streaming writer (data descriptors, as big exports are). */
export async function xlsxStreamed(name: string, rows: Iterable<readonly unknown[]>, sharedStrings = true): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: sharedStrings, useStyles: true });
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r as unknown[]).commit();
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const para = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;

export type DocxBlock = string | { table: readonly (readonly string[])[] };

/** A minimal DOCX: body paragraphs and tables in order, optional header text. */
export function docxBuffer(blocks: readonly DocxBlock[], header?: string): Uint8Array {
  const body = blocks
    .map((b) =>
      typeof b === 'string'
        ? para(b)
        : `<w:tbl><w:tblPr/>${b.table.map((r) => `<w:tr>${r.map((c) => `<w:tc><w:tcPr/>${para(c)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`,
    )
    .join('');
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>`),
  };
  if (header !== undefined) files['word/header1.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr ${W}>${para(header)}</w:hdr>`);
  return zipSync(files);
}

/** A ZIP of named entries. */
export function zipBuffer(entries: Record<string, Uint8Array | string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])));
}

/**
 * A ZIP whose entries are stored with data descriptors (sizes only after the data and in the
 * central directory), as streaming writers produce: the case where a reader must not guess an
 * entry's end from signature bytes inside its data.
 */
export function zipWithDescriptors(entries: Record<string, Uint8Array | string>): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, v] of Object.entries(entries)) {
    const data = Buffer.from(typeof v === 'string' ? strToU8(v) : v);
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0808, 6); // data descriptor + UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(nameBuf.length, 26);
    const dd = Buffer.alloc(16);
    dd.writeUInt32LE(0x08074b50, 0);
    dd.writeUInt32LE(crc, 4);
    dd.writeUInt32LE(data.length, 8);
    dd.writeUInt32LE(data.length, 12);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0808, 8);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, nameBuf);
    parts.push(local, nameBuf, data, dd);
    offset += local.length + nameBuf.length + data.length + dd.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(entries).length, 8);
  eocd.writeUInt16LE(Object.keys(entries).length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, eocd]);
}

function crc32(b: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < b.length; i++) {
    c ^= b[i] as number;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
