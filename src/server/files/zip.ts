/**
 * The one ZIP reader (XLSX, DOCX and plain archives), on yauzl: the central directory is read
 * through random access (ZIP64 included), entries are inflated as streams, and every byte an
 * entry really inflates to is counted against the limits below — the sizes the headers declare
 * are never trusted. Errors are `ZipError`s with a stable reason that callers map to their codes.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { SourceReader, type ZipSource } from './zip-source.js';

export type { ZipSource } from './zip-source.js';
export { bytesSource, rangeSource, streamSource } from './zip-source.js';

/** The zip-bomb limits; all sizes in bytes of inflated data. */
export interface ZipLimits {
  maxEntries: number;
  /** Total bytes after decompression (measured, not trusted from the headers). */
  maxUnpacked: number;
  /** Unpacked / archive size, checked once more than `ratioFloor` bytes have been unpacked. */
  maxRatio: number;
  ratioFloor: number;
  /** One entry's inflated bytes (default: maxUnpacked). */
  maxEntrySize?: number;
  /** How deep archives may nest in archives (inspectArchive; default 0: none). */
  maxDepth?: number;
}

/** What an upload may contain (the vault's content check). */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 10_000, maxUnpacked: 4 * 1024 ** 3, maxRatio: 200, ratioFloor: 16 * 1024 ** 2 };

/**
 * What a reader of an already accepted file (an import, the tripwire) allows: uploads passed the
 * check above, so these only stop runaway work on a file that reached us another way.
 */
export const READ_LIMITS: ZipLimits = { maxEntries: 100_000, maxUnpacked: 8 * 1024 ** 3, maxRatio: 2000, ratioFloor: 64 * 1024 ** 2 };

export type ZipRefusal =
  | 'not_a_zip'
  | 'malformed'
  | 'too_many_entries'
  | 'too_large_unpacked'
  | 'entry_too_large'
  | 'compression_ratio'
  | 'encrypted_entry'
  | 'unsupported_method'
  | 'unsafe_entry_name'
  | 'nested_archive'
  | 'overlapping_entries'
  | 'inconsistent_headers';

/** An archive that cannot or may not be read; `reason` is stable, `details` are safe to show. */
export class ZipError extends Error {
  constructor(
    public readonly reason: ZipRefusal,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(`ZIP ${reason}${details.entry ? ` (${String(details.entry)})` : ''}`);
    this.name = 'ZipError';
  }
}

export interface ZipEntry {
  /** Decoded name (UTF-8 when flagged, else CP437), backslashes kept as written. */
  name: string;
  /** The name's bytes as stored in the central directory. */
  rawName: Buffer;
  flags: number;
  method: number;
  compressedSize: number;
  /** Declared, not trusted: data() checks it against what really comes out. */
  size: number;
  /** Offset of the local header. */
  offset: number;
  isDirectory: boolean;
}

const shortName = (name: string) => name.slice(0, 200);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The flagged encoding (UTF-8, or Info-ZIP's Unicode path field) when there is one; else UTF-8
 * when the bytes are valid UTF-8 (many tools write it unflagged), and only then CP437.
 */
function decodeName(y: yauzl.Entry): string {
  const flagged = y.generalPurposeBitFlag & 0x800 || y.extraFields.some((f) => f.id === 0x7075);
  if (!flagged) {
    try {
      return strictUtf8.decode(y.fileNameRaw);
    } catch {
      // not UTF-8: the spec's default below
    }
  }
  return yauzl.getFileNameLowLevel(y.generalPurposeBitFlag, y.fileNameRaw, y.extraFields, true);
}

/** An open archive: its entries, and their data on demand. */
export class ZipArchive {
  /** Inflated bytes produced so far by data(), over all entries (the limits apply to this). */
  unpacked = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly yentries: Map<ZipEntry, yauzl.Entry>,
    readonly entries: readonly ZipEntry[],
    readonly size: number,
    readonly limits: ZipLimits,
  ) {}

  /** Reads the central directory; refuses more than `limits.maxEntries` entries before reading them. */
  static async open(source: ZipSource, limits: ZipLimits = READ_LIMITS): Promise<ZipArchive> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.fromRandomAccessReaderPromise(new SourceReader(source), source.size, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false });
    } catch (e) {
      throw new ZipError(/zip64|multi-disk/i.test(String(e)) ? 'malformed' : 'not_a_zip', { at: 'end_of_central_directory' });
    }
    if (zip.entryCount > limits.maxEntries) {
      zip.close();
      throw new ZipError('too_many_entries', { entries: zip.entryCount, limit: limits.maxEntries });
    }
    const map = new Map<ZipEntry, yauzl.Entry>();
    const entries: ZipEntry[] = [];
    try {
      for await (const y of zip.eachEntry()) {
        const rawName = y.fileNameRaw;
        const name = decodeName(y);
        const e: ZipEntry = { name, rawName, flags: y.generalPurposeBitFlag, method: y.compressionMethod, compressedSize: y.compressedSize, size: y.uncompressedSize, offset: y.relativeOffsetOfLocalHeader, isDirectory: name.endsWith('/') };
        map.set(e, y);
        entries.push(e);
      }
    } catch {
      zip.close();
      throw new ZipError('malformed', { at: 'central_directory' });
    }
    return new ZipArchive(zip, map, entries, source.size, limits);
  }

  /**
   * The entry of an OPC part name: exact first, else without case (part names are
   * case-insensitive); backslashes some writers use count as slashes.
   */
  find(name: string): ZipEntry | undefined {
    const norm = (n: string) => n.replace(/\\/g, '/');
    const key = name.toLowerCase();
    return this.entries.find((e) => norm(e.name) === name) ?? this.entries.find((e) => norm(e.name).toLowerCase() === key);
  }

  /** Where the entry's data starts, and the name its local header repeats. */
  async localHeader(entry: ZipEntry): Promise<{ dataStart: number; rawName: Buffer }> {
    try {
      const h = await this.zip.readLocalFileHeaderPromise(this.yentry(entry));
      return { dataStart: h.fileDataStart, rawName: h.fileName };
    } catch (e) {
      throw new ZipError('malformed', { at: /overflows/.test(String(e)) ? 'entry_size' : 'local_header', entry: shortName(entry.name) });
    }
  }

  /**
   * The entry's inflated bytes, streamed. Refuses encrypted entries and methods other than
   * stored/deflate; stops mid-stream as soon as the entry, the archive's total or the ratio goes
   * over the limits; at the end refuses an entry whose real size differs from the declared one.
   */
  async *data(entry: ZipEntry): AsyncGenerator<Uint8Array> {
    const name = shortName(entry.name);
    if (entry.flags & 0x1) throw new ZipError('encrypted_entry', { entry: name });
    if (entry.method !== 0 && entry.method !== 8) throw new ZipError('unsupported_method', { entry: name, method: entry.method });
    const { dataStart } = await this.localHeader(entry);
    if (dataStart + entry.compressedSize > this.size) throw new ZipError('malformed', { at: 'entry_size', entry: name });
    const l = this.limits;
    const entryCap = l.maxEntrySize ?? l.maxUnpacked;
    let produced = 0;
    if (entry.compressedSize > 0) {
      // The callback form: yauzl 3.4's openReadStreamLowLevelPromise calls the wrong method.
      const stream = await new Promise<Readable>((resolve, reject) =>
        this.zip.openReadStreamLowLevel(dataStart, entry.compressedSize, 0, entry.compressedSize, entry.method === 8, entry.size, (err, s) => (err ? reject(err) : resolve(s))),
      );
      try {
        for await (const chunk of iterate(stream, entry)) {
          produced += chunk.length;
          this.unpacked += chunk.length;
          if (produced > entryCap) throw new ZipError('entry_too_large', { entry: name, limit: entryCap });
          if (this.unpacked > l.maxUnpacked) throw new ZipError('too_large_unpacked', { unpacked: this.unpacked, limit: l.maxUnpacked });
          if (this.unpacked > l.ratioFloor && this.unpacked / Math.max(1, this.size) > l.maxRatio) throw new ZipError('compression_ratio', { ratio: Math.round(this.unpacked / Math.max(1, this.size)), limit: l.maxRatio });
          yield chunk;
        }
      } finally {
        stream.destroy();
      }
    }
    if (produced !== entry.size) throw new ZipError('inconsistent_headers', { entry: name, declared: entry.size, actual: produced });
  }

  /** Releases the reader (open streams end on their own). */
  close(): void {
    if (this.zip.isOpen) this.zip.close();
  }

  private yentry(entry: ZipEntry): yauzl.Entry {
    const y = this.yentries.get(entry);
    if (!y) throw new Error('entry of another archive');
    return y;
  }
}

/** A stream's chunks, with inflate and read errors turned into ZipErrors. */
async function* iterate(stream: Readable, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  try {
    for await (const c of stream) yield c as Uint8Array;
  } catch (e) {
    if (e instanceof ZipError) throw e;
    const inflate = typeof (e as { code?: unknown }).code === 'string' && String((e as { code: string }).code).startsWith('Z_');
    throw new ZipError('malformed', { at: inflate ? 'deflate' : 'data', entry: shortName(entry.name), cause: String((e as Error).message ?? e).slice(0, 200) });
  }
}

/** Receives an entry's data piece by piece; `final` marks its last (possibly empty) piece. */
export type EntryHandler = (data: Uint8Array, final: boolean) => void;

/**
 * Streams the wanted entries one after another in archive order (so a stream-only source is read
 * forward): `pick` returns a handler, or null to skip the entry without inflating it. Errors
 * thrown by handlers propagate and stop the reading.
 */
export async function eachEntry(archive: ZipArchive, pick: (entry: ZipEntry) => EntryHandler | null): Promise<void> {
  for (const e of [...archive.entries].sort((a, b) => a.offset - b.offset)) {
    if (e.isDirectory) continue;
    const handler = pick(e);
    if (!handler) continue;
    for await (const d of archive.data(e)) handler(d, false);
    handler(new Uint8Array(0), true);
  }
}
