/**
 * The zip-bomb check, in one place: everything an archive must pass before it is accepted. Reads
 * the central directory (entry count), checks every entry's name, encryption and method, then
 * inflates every entry once, counting the bytes each really produces.
 */
import { bytesSource, DEFAULT_ZIP_LIMITS, ZipArchive, ZipError, type ZipEntry, type ZipLimits, type ZipSource } from './zip.js';

/** Archive formats inside an archive: a recursive zip bomb, or content no check can see. */
const NESTED_ARCHIVE = /\.(zip|7z|rar|gz|tgz|tar|bz2|tbz2|xz|txz|lzh|lha|cab|arj|z|zst|jar|war|iso)$/i;

/** Entry names a careless extractor would write outside its folder (either slash counts). */
export function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name) || name.split(/[/\\]/).includes('..') || name.includes('\0');
}

export interface ArchiveReport {
  entries: number;
  /** Inflated bytes, measured (nested archives included). */
  unpacked: number;
}

export interface InspectOptions {
  /** Called with the directory once the names passed, before anything is inflated (type checks). */
  onDirectory?: (entries: readonly ZipEntry[]) => void;
}

/**
 * Inspects an archive and refuses (ZipError) more than `maxEntries` entries, unsafe names,
 * encrypted entries, methods other than stored/deflate, archives nested deeper than `maxDepth`
 * (a nested .zip within the depth is inspected too; other archive formats are always refused),
 * a declared or measured total above `maxUnpacked`, a ratio above `maxRatio` (past
 * `ratioFloor`), overlapping entries (the non-recursive zip bomb), and local headers or sizes
 * that disagree with the directory.
 */
export async function inspectArchive(source: ZipSource, limits: ZipLimits = DEFAULT_ZIP_LIMITS, options: InspectOptions = {}): Promise<ArchiveReport> {
  return inspectAt(source, limits, options, 0, { unpacked: 0 });
}

async function inspectAt(source: ZipSource, limits: ZipLimits, options: InspectOptions, depth: number, total: { unpacked: number }): Promise<ArchiveReport> {
  const archive = await ZipArchive.open(source, limits);
  try {
    const maxDepth = limits.maxDepth ?? 0;
    for (const e of archive.entries) {
      const entry = e.name.slice(0, 200);
      if (unsafeEntryName(e.name)) throw new ZipError('unsafe_entry_name', { entry });
      if (e.flags & 0x1) throw new ZipError('encrypted_entry', { entry });
      if (e.method !== 0 && e.method !== 8) throw new ZipError('unsupported_method', { entry, method: e.method });
      if (NESTED_ARCHIVE.test(e.name) && (depth >= maxDepth || !/\.zip$/i.test(e.name))) throw new ZipError('nested_archive', { entry, depth: depth + 1, limit: maxDepth });
    }
    if (depth === 0) options.onDirectory?.(archive.entries);
    const declared = archive.entries.reduce((s, e) => s + e.size, 0);
    if (total.unpacked + declared > limits.maxUnpacked) throw new ZipError('too_large_unpacked', { unpacked: total.unpacked + declared, limit: limits.maxUnpacked });

    // The measured total carries over from the outer archive, so nesting cannot multiply it.
    archive.unpacked = total.unpacked;
    let end = 0;
    for (const e of [...archive.entries].sort((a, b) => a.offset - b.offset)) {
      const entry = e.name.slice(0, 200);
      if (e.offset < end) throw new ZipError('overlapping_entries', { entry });
      const local = await archive.localHeader(e);
      if (!local.rawName.equals(e.rawName)) throw new ZipError('inconsistent_headers', { entry });
      const nested = NESTED_ARCHIVE.test(e.name) ? ([] as Uint8Array[]) : null;
      for await (const piece of archive.data(e)) nested?.push(piece);
      end = local.dataStart + e.compressedSize;
      if (nested) {
        total.unpacked = archive.unpacked;
        await inspectAt(bytesSource(Buffer.concat(nested)), limits, options, depth + 1, total);
        archive.unpacked = total.unpacked;
      }
    }
    total.unpacked = archive.unpacked;
    return { entries: archive.entries.length, unpacked: archive.unpacked };
  } finally {
    archive.close();
  }
}
