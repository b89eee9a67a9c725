import { inspectArchive } from '../../../files/zip-inspect.js';
import { DEFAULT_ZIP_LIMITS, rangeSource, ZipError, type ZipEntry, type ZipLimits } from '../../../files/zip.js';

/**
 * What may be exchanged (issue 7 §2): an allow-list checked by name AND by content. The name's
 * extension picks the expected type; the first bytes must carry that type's magic number (text
 * types must look like text); ZIP-based types are inspected entry by entry when the upload
 * completes (entry count, real unpacked size, compression ratio, nested archives, unsafe names,
 * encryption, macros), so a zip bomb or a disguised file is refused.
 */

export const FILE_TYPES = ['csv', 'tsv', 'txt', 'xlsx', 'docx', 'pdf', 'zip', 'png', 'jpeg'] as const;
export type FileType = (typeof FILE_TYPES)[number];

/** Allowed extensions and the type each one must contain. */
export const EXTENSIONS: Readonly<Record<string, FileType>> = {
  csv: 'csv',
  tsv: 'tsv',
  txt: 'txt',
  xlsx: 'xlsx',
  docx: 'docx',
  pdf: 'pdf',
  zip: 'zip',
  png: 'png',
  jpg: 'jpeg',
  jpeg: 'jpeg',
};

export const MEDIA_TYPES: Readonly<Record<FileType, string>> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  zip: 'application/zip',
  png: 'image/png',
  jpeg: 'image/jpeg',
};

export const ZIP_TYPES: ReadonlySet<FileType> = new Set(['xlsx', 'docx', 'zip']);
const TEXT_TYPES: ReadonlySet<FileType> = new Set(['csv', 'tsv', 'txt']);

export const MAX_NAME_LENGTH = 200;

/** A refusal with a stable reason (shown to the sender, recorded in the audit log). */
export class ContentRefusedError extends Error {
  constructor(
    public readonly code: 'FILE_TYPE_REFUSED' | 'ARCHIVE_REFUSED' | 'FILE_NAME_RESERVED',
    public readonly reason: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${reason}`);
    this.name = 'ContentRefusedError';
  }
}

// ---- names --------------------------------------------------------------------------------------

/**
 * A display name safe to show and to offer as a download name: NFC; only the last path part (of
 * either slash); no control, format (bidi overrides, zero-width) or Windows-reserved characters;
 * no leading or trailing dots and spaces; at most MAX_NAME_LENGTH characters, keeping the
 * extension. Never used as a storage path (blobs are named by random ids).
 */
export function sanitizeFileName(raw: string): string {
  let name = raw.normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '');
  name = name.replace(/[<>:"|?*]/g, '_');
  name = name.replace(/\s+/g, ' ');
  name = name.replace(/^[\s.]+|[\s.]+$/g, '');
  const chars = [...name];
  if (chars.length > MAX_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? [...name.slice(dot)] : [];
    const keep = ext.length > 0 && ext.length <= 10 ? ext : [];
    name = chars.slice(0, MAX_NAME_LENGTH - keep.length).join('').replace(/[\s.]+$/, '') + keep.join('');
  }
  if (!name || name === '.' || name === '..') throw new ContentRefusedError('FILE_TYPE_REFUSED', 'name_empty');
  return name;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/**
 * Refuses a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1–9, LPT1–9), with or
 * without extensions and trailing dots or spaces, in any case: saved under such a name, a download
 * would fail or write to the device on the recipient's computer. Refused at upload rather than
 * renamed at download, so both sides see the same name next to the same SHA-256.
 */
export function refuseReservedName(name: string): void {
  const base = name.split('.')[0]!.replace(/[\s.]+$/, '');
  if (WINDOWS_RESERVED.test(base)) throw new ContentRefusedError('FILE_NAME_RESERVED', 'windows_reserved', { name: base.toUpperCase() });
}

/** The lower-case extension of a name, or ''. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The type a (sanitized) name promises; refuses names outside the allow-list. */
export function typeForName(name: string): FileType {
  const ext = extensionOf(name);
  const type = EXTENSIONS[ext];
  if (!type) throw new ContentRefusedError('FILE_TYPE_REFUSED', 'extension_not_allowed', { extension: ext || null, allowed: Object.keys(EXTENSIONS) });
  return type;
}

// ---- first bytes --------------------------------------------------------------------------------

const MAGIC: Partial<Record<FileType, Buffer[]>> = {
  pdf: [Buffer.from('%PDF-')],
  png: [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  jpeg: [Buffer.from([0xff, 0xd8, 0xff])],
  xlsx: [Buffer.from('PK\x03\x04', 'latin1')],
  docx: [Buffer.from('PK\x03\x04', 'latin1')],
  // an empty archive is only an end-of-central-directory record
  zip: [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')],
};

/** Binary formats that must not pass as text even when they happen to decode. */
const BINARY_SIGNATURES = [Buffer.from('%PDF-'), Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1'), Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from([0xff, 0xd8, 0xff]), Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) /* OLE2: .xls, .doc */, Buffer.from('MZ'), Buffer.from('\x7fELF', 'latin1'), Buffer.from('{\\rtf')];

/** How many leading bytes the check wants (it is given fewer only when the file is shorter). */
export const SNIFF_BYTES = 64 * 1024;

/**
 * Checks the first bytes of a file against the type its name promises. `complete` says whether
 * `head` is the whole file (a truncated multi-byte character at the end is then an error).
 */
export function checkHead(type: FileType, head: Buffer, complete: boolean): void {
  if (TEXT_TYPES.has(type)) {
    if (BINARY_SIGNATURES.some((m) => head.subarray(0, m.length).equals(m))) throw new ContentRefusedError('FILE_TYPE_REFUSED', 'content_mismatch', { expected: type });
    const verdict = textVerdict(head.subarray(0, SNIFF_BYTES), complete && head.length <= SNIFF_BYTES);
    if (!verdict.text) throw new ContentRefusedError('FILE_TYPE_REFUSED', 'not_text', { expected: type, why: verdict.why });
    return;
  }
  const magics = MAGIC[type] ?? [];
  if (!magics.some((m) => head.length >= m.length && head.subarray(0, m.length).equals(m))) {
    throw new ContentRefusedError('FILE_TYPE_REFUSED', 'content_mismatch', { expected: type });
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const sjis = new TextDecoder('shift_jis', { fatal: true });

/**
 * Whether bytes look like text: no NUL, valid UTF-8 (with or without BOM) or Shift_JIS / CP932,
 * and almost no control characters other than tab, line breaks and form feed.
 */
export function textVerdict(sample: Buffer, complete: boolean): { text: true; encoding: 'utf-8' | 'shift_jis' } | { text: false; why: string } {
  if (sample.includes(0)) return { text: false, why: 'nul' };
  let decoded: string | null = null;
  let encoding: 'utf-8' | 'shift_jis' = 'utf-8';
  // A sample cut inside a multi-byte character: drop up to 3 trailing bytes and try again.
  for (let cut = 0; cut <= (complete ? 0 : 3) && decoded === null; cut++) {
    try {
      decoded = utf8.decode(sample.subarray(0, sample.length - cut));
    } catch {
      decoded = null;
    }
  }
  if (decoded === null) {
    encoding = 'shift_jis';
    for (let cut = 0; cut <= (complete ? 0 : 1) && decoded === null; cut++) {
      try {
        decoded = sjis.decode(sample.subarray(0, sample.length - cut));
      } catch {
        decoded = null;
      }
    }
  }
  if (decoded === null) return { text: false, why: 'encoding' };
  let controls = 0;
  for (let i = 0; i < decoded.length; i++) {
    const c = decoded.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1a) || c === 0x7f) controls++;
  }
  if (controls > Math.max(2, decoded.length / 1000)) return { text: false, why: 'control_characters' };
  return { text: true, encoding };
}

// ---- archives -----------------------------------------------------------------------------------

export type { ZipLimits };
export { DEFAULT_ZIP_LIMITS };

export interface ZipReport {
  type: 'zip' | 'xlsx' | 'docx';
  entries: number;
  unpacked: number;
}

/**
 * Inspects a ZIP archive (and so xlsx / docx) with the shared zip-bomb check (files/zip-inspect.ts:
 * entry count, real unpacked size, ratio, overlapping entries, nested archives, encryption,
 * methods, unsafe names, headers that disagree), adding what only uploads care about: an xlsx or
 * docx must have its parts, and must carry no macros. `read` gives small plaintext ranges and
 * `stream(start)` the plaintext from `start`. Refusals are ContentRefusedErrors as before.
 */
export async function inspectZip(
  expected: 'zip' | 'xlsx' | 'docx',
  size: number,
  read: (start: number, end: number) => Promise<Buffer>,
  stream: (start: number) => Promise<AsyncIterable<Buffer>>,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipReport> {
  const onDirectory = (entries: readonly ZipEntry[]) => {
    const names = new Set(entries.map((e) => e.name));
    const isXlsx = names.has('[Content_Types].xml') && names.has('xl/workbook.xml');
    const isDocx = names.has('[Content_Types].xml') && names.has('word/document.xml');
    if (expected === 'xlsx' && !isXlsx) throw new ContentRefusedError('FILE_TYPE_REFUSED', 'content_mismatch', { expected });
    if (expected === 'docx' && !isDocx) throw new ContentRefusedError('FILE_TYPE_REFUSED', 'content_mismatch', { expected });
    if ((isXlsx || isDocx) && [...names].some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) throw new ContentRefusedError('ARCHIVE_REFUSED', 'macros');
  };
  try {
    const report = await inspectArchive(rangeSource(size, stream, read), limits, { onDirectory });
    return { type: expected, ...report };
  } catch (e) {
    if (e instanceof ZipError) throw new ContentRefusedError('ARCHIVE_REFUSED', e.reason, e.details);
    throw e;
  }
}
