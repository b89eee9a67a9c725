/**
 * Where the bytes of an archive come from. The ZIP reader (zip.ts) needs random access: a few
 * small reads for the end record and the central directory, then one streamed range per entry.
 * Imports hold the file in memory; the vault decrypts any range on demand; the tripwire may only
 * be able to stream the file from its start. Each is turned into the same `ZipSource` here.
 */
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Random access to an archive's bytes. */
export interface ZipSource {
  size: number;
  /** Bytes [start, end) as one buffer: used for headers and the directory, so kept small. */
  read(start: number, end: number): Promise<Uint8Array>;
  /** Bytes [start, end) as a stream of pieces: used for entry data. */
  stream(start: number, end: number): AsyncIterable<Uint8Array>;
}

const PIECE = 64 * 1024;

/** A source over bytes already in memory. */
export function bytesSource(data: Uint8Array): ZipSource {
  return {
    size: data.byteLength,
    read: async (start, end) => data.subarray(start, end),
    stream: async function* (start, end) {
      for (let at = start; at < end; at += PIECE) yield data.subarray(at, Math.min(end, at + PIECE));
    },
  };
}

/**
 * Yields exactly the bytes [start, end) of a stream that begins at byte `from` (skipping what
 * comes before, stopping — and closing the stream — once `end` is reached).
 */
async function* cut(source: AsyncIterable<Uint8Array>, from: number, start: number, end: number): AsyncGenerator<Uint8Array> {
  let pos = from;
  for await (const chunk of source) {
    const s = Math.max(start, pos);
    const e = Math.min(end, pos + chunk.length);
    if (e > s) yield chunk.subarray(s - pos, e - pos);
    pos += chunk.length;
    if (pos >= end) return;
  }
  if (pos < end) throw new Error(`archive ends at ${pos}, before ${end}`);
}

/**
 * A source over a file of known size that can be read from any offset to its end (the vault's
 * decrypting reader). `read` is given for small ranges; when left out, they are cut from `stream`.
 */
export function rangeSource(size: number, stream: (start: number) => Promise<AsyncIterable<Uint8Array>>, read?: (start: number, end: number) => Promise<Uint8Array>): ZipSource {
  return {
    size,
    read: read ?? (async (start, end) => collect(cut(await stream(start), start, start, end))),
    stream: async function* (start, end) {
      yield* cut(await stream(start), start, start, end);
    },
  };
}

/** The bytes of the last few MiB of a streamed archive: its directory almost always lies there. */
const TAIL_KEEP = 4 * 1024 * 1024;

/**
 * A source over a file that can only be streamed from its start (`open`), optionally with a
 * ranged opener. The first pass reads the whole file once — its size, and its tail kept for the
 * directory; a reader that checks integrity at the end (the vault's SHA-256) so checks it all —
 * and `onBytes` counts that pass. Later reads come from the tail, or skip forward in a new stream.
 */
export async function streamSource(open: () => Promise<Readable>, options: { openRange?: (start: number, end: number) => Promise<Readable>; onBytes?: (n: number) => void } = {}): Promise<ZipSource> {
  let size = 0;
  let tail: Uint8Array[] = [];
  let tailBytes = 0;
  for await (const c of await open()) {
    const chunk = c as Uint8Array;
    options.onBytes?.(chunk.length);
    size += chunk.length;
    tail.push(chunk);
    tailBytes += chunk.length;
    while (tail.length > 1 && tailBytes - tail[0]!.length >= TAIL_KEEP) tailBytes -= tail.shift()!.length;
  }
  const kept = Buffer.concat(tail, tailBytes);
  tail = [];
  const keptFrom = size - kept.length;
  const ranged = async function* (start: number, end: number): AsyncGenerator<Uint8Array> {
    if (start >= keptFrom) yield kept.subarray(start - keptFrom, end - keptFrom);
    else if (options.openRange) yield* cut(await options.openRange(start, end), start, start, end);
    else yield* cut(await open(), 0, start, end);
  };
  return { size, read: async (start, end) => collect(ranged(start, end)), stream: ranged };
}

async function collect(pieces: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of pieces) parts.push(p);
  return Buffer.concat(parts);
}

/** Small reads are served from aligned blocks of this size, so a directory of many entries costs a few reads, not two per entry. */
const BLOCK = 256 * 1024;

/** yauzl's view of a ZipSource: its small reads cached by block, its streams as Node streams. */
export class SourceReader extends yauzl.RandomAccessReader {
  private block: { start: number; bytes: Uint8Array } | null = null;

  constructor(private readonly source: ZipSource) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from(this.source.stream(start, end), { objectMode: false });
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    this.bytesAt(position, position + length).then(
      (bytes) => {
        if (bytes.length < length) return callback(new Error('unexpected end of archive'));
        buffer.set(bytes.subarray(0, length), offset);
        callback(null);
      },
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  }

  private async bytesAt(start: number, end: number): Promise<Uint8Array> {
    const b = this.block;
    if (b && start >= b.start && end <= b.start + b.bytes.length) return b.bytes.subarray(start - b.start, end - b.start);
    if (end - start > BLOCK) return this.source.read(start, end);
    const from = Math.floor(start / BLOCK) * BLOCK;
    const to = Math.min(this.source.size, Math.max(end, from + BLOCK));
    this.block = { start: from, bytes: await this.source.read(from, to) };
    return this.block.bytes.subarray(start - from, end - from);
  }
}
