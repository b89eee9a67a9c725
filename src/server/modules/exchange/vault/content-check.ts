import { Inflate } from 'fflate';

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

export interface ZipLimits {
  maxEntries: number;
  /** Total bytes after decompression (measured, not trusted from the headers). */
  maxUnpacked: number;
  /** Unpacked / archive size, checked once more than `ratioFloor` bytes have been unpacked. */
  maxRatio: number;
  ratioFloor: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxUnpacked: 4 * 1024 ** 3, maxRatio: 200, ratioFloor: 16 * 1024 ** 2 };

/** Archives inside an archive are refused (a recursive zip bomb, or content the tripwire cannot see); Office files embedded in a document are allowed. */
const NESTED_ARCHIVE = /\.(zip|7z|rar|gz|tgz|tar|bz2|tbz2|xz|txz|lzh|lha|cab|arj|z|zst|jar|war|iso)$/i;

export interface ZipEntryInfo {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipReport {
  type: 'zip' | 'xlsx' | 'docx';
  entries: number;
  unpacked: number;
}

const u16 = (b: Buffer, o: number) => b.readUInt16LE(o);
const u32 = (b: Buffer, o: number) => b.readUInt32LE(o);
const u64 = (b: Buffer, o: number) => Number(b.readBigUInt64LE(o));

/**
 * Reads the central directory: from the last bytes of the archive (`tail`, the last up to
 * 65,557 + 20 bytes) finds the end record (ZIP64 too), then calls `read` for the directory.
 */
export async function readCentralDirectory(size: number, read: (start: number, end: number) => Promise<Buffer>, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipEntryInfo[]> {
  const refuse = (reason: string, details: Record<string, unknown> = {}) => new ContentRefusedError('ARCHIVE_REFUSED', reason, details);
  const tailStart = Math.max(0, size - (65_535 + 22 + 20));
  const tail = await read(tailStart, size);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 0x05 && tail[i + 3] === 0x06 && i + 22 + u16(tail, i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw refuse('not_a_zip');
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: a locator sits just before the end record and points at the ZIP64 end record.
    const loc = eocd - 20;
    if (loc < 0 || u32(tail, loc) !== 0x07064b50) throw refuse('malformed', { at: 'zip64_locator' });
    const recOffset = u64(tail, loc + 8);
    if (recOffset + 56 > size) throw refuse('malformed', { at: 'zip64_record' });
    const rec = await read(recOffset, recOffset + 56);
    if (u32(rec, 0) !== 0x06064b50) throw refuse('malformed', { at: 'zip64_record' });
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (count > limits.maxEntries) throw refuse('too_many_entries', { entries: count, limit: limits.maxEntries });
  if (cdOffset + cdSize > size || cdSize > 64 * 1024 ** 2) throw refuse('malformed', { at: 'central_directory' });
  const cd = await read(cdOffset, cdOffset + cdSize);
  const entries: ZipEntryInfo[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || u32(cd, p) !== 0x02014b50) throw refuse('malformed', { at: 'central_directory' });
    const flags = u16(cd, p + 8);
    const method = u16(cd, p + 10);
    let compressedSize = u32(cd, p + 20);
    let uncompressed = u32(cd, p + 24);
    const nameLen = u16(cd, p + 28);
    const extraLen = u16(cd, p + 30);
    const commentLen = u16(cd, p + 32);
    let localOffset = u32(cd, p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > cd.length) throw refuse('malformed', { at: 'central_directory' });
    const nameBytes = cd.subarray(p + 46, p + 46 + nameLen);
    const name = flags & 0x800 ? nameBytes.toString('utf8') : nameBytes.toString('latin1');
    // ZIP64 extended information: the 0xFFFFFFFF fields, in order, as 64-bit values.
    const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = u16(extra, e);
      const len = u16(extra, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressed === 0xffffffff && q + 8 <= e + 4 + len) {
          uncompressed = u64(extra, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff && q + 8 <= e + 4 + len) {
          compressedSize = u64(extra, q);
          q += 8;
        }
        if (localOffset === 0xffffffff && q + 8 <= e + 4 + len) localOffset = u64(extra, q);
      }
      e += 4 + len;
    }
    entries.push({ name, method, flags, compressedSize, size: uncompressed, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Entry names a careless extractor would write outside its folder. */
function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name) || name.split(/[/\\]/).includes('..') || name.includes('\0');
}

/** A sequential reader over an async stream of buffers. */
class Cursor {
  private buf: Buffer = Buffer.alloc(0);
  pos = 0;
  private readonly it: AsyncIterator<Buffer>;
  constructor(source: AsyncIterable<Buffer>) {
    this.it = source[Symbol.asyncIterator]();
  }
  private async fill(n: number): Promise<boolean> {
    while (this.buf.length < n) {
      const r = await this.it.next();
      if (r.done) return false;
      this.buf = this.buf.length ? Buffer.concat([this.buf, r.value]) : r.value;
    }
    return true;
  }
  async read(n: number): Promise<Buffer> {
    if (!(await this.fill(n))) throw new ContentRefusedError('ARCHIVE_REFUSED', 'malformed', { at: 'truncated' });
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    this.pos += n;
    return out;
  }
  async skip(n: number): Promise<void> {
    while (n > 0) {
      if (!this.buf.length && !(await this.fill(1))) throw new ContentRefusedError('ARCHIVE_REFUSED', 'malformed', { at: 'truncated' });
      const k = Math.min(n, this.buf.length);
      this.buf = this.buf.subarray(k);
      this.pos += k;
      n -= k;
    }
  }
  /** Calls `each` with the next n bytes, piece by piece (at most `piece` bytes at a time). */
  async take(n: number, piece: number, each: (b: Buffer, last: boolean) => void): Promise<void> {
    if (n === 0) return each(Buffer.alloc(0), true);
    while (n > 0) {
      if (!this.buf.length && !(await this.fill(1))) throw new ContentRefusedError('ARCHIVE_REFUSED', 'malformed', { at: 'truncated' });
      const k = Math.min(n, this.buf.length, piece);
      const b = this.buf.subarray(0, k);
      this.buf = this.buf.subarray(k);
      this.pos += k;
      n -= k;
      each(b, n === 0);
    }
  }
  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/**
 * Inspects a ZIP archive (and so xlsx / docx): the central directory for the entry count, then one
 * pass over the archive that inflates every entry and counts the bytes it really produces (the
 * sizes in the headers are not trusted), refusing more than `maxUnpacked` in total, a compression
 * ratio above `maxRatio`, overlapping entries (the non-recursive zip bomb), nested archives,
 * encrypted entries, unsupported methods, names that escape the folder, sizes that disagree with
 * the headers, and macro-enabled Office files. `stream(start)` gives the plaintext from `start`.
 */
export async function inspectZip(
  expected: 'zip' | 'xlsx' | 'docx',
  size: number,
  read: (start: number, end: number) => Promise<Buffer>,
  stream: (start: number) => Promise<AsyncIterable<Buffer>>,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipReport> {
  const refuse = (reason: string, details: Record<string, unknown> = {}) => new ContentRefusedError('ARCHIVE_REFUSED', reason, details);
  const entries = await readCentralDirectory(size, read, limits);
  const names = new Set(entries.map((e) => e.name));
  for (const e of entries) {
    if (unsafeEntryName(e.name)) throw refuse('unsafe_entry_name', { entry: e.name.slice(0, 200) });
    if (e.flags & 0x1) throw refuse('encrypted_entry', { entry: e.name.slice(0, 200) });
    if (e.method !== 0 && e.method !== 8) throw refuse('unsupported_method', { entry: e.name.slice(0, 200), method: e.method });
    if (NESTED_ARCHIVE.test(e.name)) throw refuse('nested_archive', { entry: e.name.slice(0, 200) });
  }
  const isXlsx = names.has('[Content_Types].xml') && names.has('xl/workbook.xml');
  const isDocx = names.has('[Content_Types].xml') && names.has('word/document.xml');
  if (expected === 'xlsx' && !isXlsx) throw new ContentRefusedError('FILE_TYPE_REFUSED', 'content_mismatch', { expected });
  if (expected === 'docx' && !isDocx) throw new ContentRefusedError('FILE_TYPE_REFUSED', 'content_mismatch', { expected });
  if ((isXlsx || isDocx) && [...names].some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) throw refuse('macros');
  const declared = entries.reduce((s, e) => s + e.size, 0);
  if (declared > limits.maxUnpacked) throw refuse('too_large_unpacked', { unpacked: declared, limit: limits.maxUnpacked });

  const ordered = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let unpacked = 0;
  const checkTotals = () => {
    if (unpacked > limits.maxUnpacked) throw refuse('too_large_unpacked', { unpacked, limit: limits.maxUnpacked });
    if (unpacked > limits.ratioFloor && unpacked / Math.max(1, size) > limits.maxRatio) throw refuse('compression_ratio', { ratio: Math.round(unpacked / Math.max(1, size)), limit: limits.maxRatio });
  };
  if (ordered.length === 0) return { type: expected, entries: 0, unpacked: 0 };
  const cursor = new Cursor(await stream(ordered[0]!.localOffset));
  cursor.pos = ordered[0]!.localOffset;
  try {
    let end = 0;
    for (const e of ordered) {
      if (e.localOffset < end) throw refuse('overlapping_entries', { entry: e.name.slice(0, 200) });
      await cursor.skip(e.localOffset - cursor.pos);
      const header = await cursor.read(30);
      if (u32(header, 0) !== 0x04034b50) throw refuse('malformed', { at: 'local_header', entry: e.name.slice(0, 200) });
      const nameLen = u16(header, 26);
      const extraLen = u16(header, 28);
      const localName = await cursor.read(nameLen);
      if (!localName.equals(Buffer.from(e.name, e.flags & 0x800 ? 'utf8' : 'latin1'))) throw refuse('inconsistent_headers', { entry: e.name.slice(0, 200) });
      await cursor.skip(extraLen);
      if (cursor.pos + e.compressedSize > size) throw refuse('malformed', { at: 'entry_size', entry: e.name.slice(0, 200) });
      let produced = 0;
      if (e.method === 0) {
        await cursor.take(e.compressedSize, 1024 * 1024, () => undefined);
        produced = e.compressedSize;
        unpacked += produced;
        checkTotals();
      } else {
        let done = false;
        const inflate = new Inflate((chunk, final) => {
          produced += chunk.length;
          unpacked += chunk.length;
          if (final) done = true;
          checkTotals();
        });
        try {
          // Small pieces bound the memory one push can produce (deflate expands at most ~1032×).
          await cursor.take(e.compressedSize, 4096, (b, last) => inflate.push(b, last));
        } catch (err) {
          if (err instanceof ContentRefusedError) throw err;
          throw refuse('malformed', { at: 'deflate', entry: e.name.slice(0, 200) });
        }
        if (!done) throw refuse('malformed', { at: 'deflate', entry: e.name.slice(0, 200) });
      }
      if (produced !== e.size) throw refuse('inconsistent_headers', { entry: e.name.slice(0, 200), declared: e.size, actual: produced });
      end = cursor.pos;
    }
  } finally {
    await cursor.close();
  }
  return { type: expected, entries: entries.length, unpacked };
}
