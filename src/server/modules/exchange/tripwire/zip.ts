/**
 * Reads ZIP archives (XLSX, DOCX, ZIP) from streams, with exact entry boundaries: a first read
 * keeps only the archive's tail to parse the central directory (the authoritative list of entries,
 * sizes and offsets, ZIP64 included); then each read streams the archive once more and inflates
 * only the wanted entries (fflate's Inflate), skipping the others by their sizes. Nothing is held
 * whole. (fflate's streaming Unzip finds the end of an entry written with a data descriptor by
 * searching for a signature in the compressed bytes, which fails on large streamed workbooks.)
 */
import type { Readable } from 'node:stream';
import { Inflate } from 'fflate';

export type EntryHandler = (data: Uint8Array, final: boolean) => void;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  /** Absolute offset of the local header in the stream. */
  offset: number;
}

/** Inflated bytes one read may produce before giving up (a guard besides the upload's zip-bomb check). */
export const MAX_INFLATED = 8 * 1024 ** 3;
const TAIL_KEEP = 4 * 1024 * 1024;
const CD_MAX = 64 * 1024 * 1024;

export class ZipError extends Error {}

const u16 = (b: Uint8Array, i: number) => (b[i] as number) | ((b[i + 1] as number) << 8);
const u32 = (b: Uint8Array, i: number) => ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16)) + (b[i + 3] as number) * 0x1000000;
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 0x100000000;
const concat = (parts: Uint8Array[], total: number) => {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

async function* chunks(stream: Readable): AsyncGenerator<Uint8Array> {
  try {
    for await (const c of stream) yield c as Uint8Array;
  } finally {
    if (!stream.destroyed) stream.destroy();
  }
}

/** Reads the whole stream once, keeping its tail, and returns the central directory's entries. */
export async function zipDirectory(open: () => Promise<Readable>, onBytes?: (n: number) => void): Promise<ZipEntry[]> {
  let total = 0;
  let tail: Uint8Array[] = [];
  let tailBytes = 0;
  let head: Uint8Array | null = null;
  for await (const c of chunks(await open())) {
    if (!head) head = c.subarray(0, 4);
    onBytes?.(c.length);
    total += c.length;
    tail.push(c);
    tailBytes += c.length;
    while (tail.length > 1 && tailBytes - (tail[0] as Uint8Array).length >= TAIL_KEEP) tailBytes -= (tail.shift() as Uint8Array).length;
  }
  if (!head || total < 22) throw new ZipError(total === 0 ? 'empty file' : 'not a ZIP archive');
  if (!(head[0] === 0x50 && head[1] === 0x4b)) throw new ZipError('not a ZIP archive');
  const t = concat(tail, tailBytes);
  tail = [];
  const tailStart = total - t.length;
  let e = -1;
  for (let i = t.length - 22; i >= Math.max(0, t.length - 22 - 65535); i--) {
    if (t[i] === 0x50 && t[i + 1] === 0x4b && t[i + 2] === 5 && t[i + 3] === 6) {
      e = i;
      break;
    }
  }
  if (e < 0) throw new ZipError('no end of central directory: truncated or not a ZIP archive');
  let count = u16(t, e + 10);
  let cdSize = u32(t, e + 12);
  let cdOffset = u32(t, e + 16);
  if (cdOffset === 0xffffffff || count === 0xffff || cdSize === 0xffffffff) {
    const loc = e - 20;
    if (loc < 0 || u32(t, loc) !== 0x07064b50) throw new ZipError('ZIP64 locator missing');
    const e64 = u64(t, loc + 8) - tailStart;
    if (e64 < 0 || u32(t, e64) !== 0x06064b50) throw new ZipError('ZIP64 end record out of reach');
    count = u64(t, e64 + 32);
    cdSize = u64(t, e64 + 40);
    cdOffset = u64(t, e64 + 48);
  }
  // Archives with bytes before them (self-extractors) have offsets relative to their start.
  const zip64 = e >= 20 && u32(t, e - 20) === 0x07064b50;
  const base = zip64 ? 0 : Math.max(0, tailStart + e - cdSize - cdOffset);
  const cdAbs = base + cdOffset;
  if (cdSize > CD_MAX) throw new ZipError('central directory too large');
  let cd: Uint8Array;
  if (cdAbs >= tailStart) cd = t.subarray(cdAbs - tailStart, cdAbs - tailStart + cdSize);
  else cd = await readRange(open, cdAbs, cdSize);
  return parseDirectory(cd, count, base);
}

async function readRange(open: () => Promise<Readable>, start: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let pos = 0;
  let got = 0;
  for await (const c of chunks(await open())) {
    const s = Math.max(start, pos);
    const end = Math.min(start + length, pos + c.length);
    if (end > s) {
      out.set(c.subarray(s - pos, end - pos), s - start);
      got += end - s;
    }
    pos += c.length;
    if (pos >= start + length) break;
  }
  if (got < length) throw new ZipError('central directory truncated');
  return out;
}

function parseDirectory(cd: Uint8Array, count: number, base: number): ZipEntry[] {
  const out: ZipEntry[] = [];
  const dec = new TextDecoder('utf-8');
  let i = 0;
  for (let n = 0; n < count; n++) {
    if (i + 46 > cd.length || u32(cd, i) !== 0x02014b50) throw new ZipError('central directory corrupt');
    const flags = u16(cd, i + 8);
    const method = u16(cd, i + 10);
    let compressedSize = u32(cd, i + 20);
    let size = u32(cd, i + 24);
    const nameLen = u16(cd, i + 28);
    const extraLen = u16(cd, i + 30);
    const commentLen = u16(cd, i + 32);
    let offset = u32(cd, i + 42);
    const name = dec.decode(cd.subarray(i + 46, i + 46 + nameLen));
    // ZIP64 extra field: the 0xFFFFFFFF values, in this order.
    let x = i + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = u16(cd, x);
      const len = u16(cd, x + 2);
      if (id === 0x0001) {
        let p = x + 4;
        if (size === 0xffffffff) {
          size = u64(cd, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(cd, p);
          p += 8;
        }
        if (offset === 0xffffffff) offset = u64(cd, p);
      }
      x += 4 + len;
    }
    out.push({ name, method, flags, compressedSize, size, offset: base + offset });
    i = xEnd + commentLen;
  }
  return out;
}

/**
 * Streams the archive once and hands each wanted entry's inflated bytes to its handler, in
 * archive order. `onEntry(name)` returns a handler or null (skipped without inflating). Errors
 * thrown by handlers (including StopScan) propagate. Stops reading after the last wanted entry.
 */
export async function readEntries(open: () => Promise<Readable>, entries: readonly ZipEntry[], onEntry: (name: string) => EntryHandler | null): Promise<void> {
  const wanted: { e: ZipEntry; h: EntryHandler }[] = [];
  for (const e of [...entries].sort((a, b) => a.offset - b.offset)) {
    if (e.name.endsWith('/')) continue;
    const h = onEntry(e.name);
    if (!h) continue;
    if (e.flags & 1) throw new ZipError(`${e.name}: encrypted entry`);
    if (e.method !== 0 && e.method !== 8) throw new ZipError(`${e.name}: unsupported compression ${e.method}`);
    wanted.push({ e, h });
  }
  if (wanted.length === 0) return;
  let k = 0;
  let pos = 0; // absolute position of the next byte of the stream
  let header: Uint8Array[] = [];
  let headerBytes = 0;
  let dataLeft = -1; // bytes of the current entry's data still to come; -1: not in data
  let inflated = 0;
  type Feed = (c: Uint8Array, final: boolean) => void;
  const st: { sink: Feed | null } = { sink: null };

  const startData = () => {
    const cur = wanted[k] as { e: ZipEntry; h: EntryHandler };
    const { e, h } = cur;
    const emit = (d: Uint8Array, final: boolean) => {
      inflated += d.length;
      if (inflated > MAX_INFLATED) throw new ZipError('archive inflates to more than the scan limit');
      h(d, final);
    };
    if (e.method === 8) {
      const inf = new Inflate((d, final) => emit(d, final));
      st.sink = (c, final) => inf.push(c, final);
    } else st.sink = emit;
    dataLeft = e.compressedSize;
    if (dataLeft === 0) finishEntry();
  };
  const finishEntry = () => {
    (st.sink as Feed)(new Uint8Array(0), true);
    st.sink = null;
    dataLeft = -1;
    k++;
  };

  for await (const chunk of chunks(await open())) {
    let c = chunk;
    while (c.length > 0 && k < wanted.length) {
      const e = (wanted[k] as { e: ZipEntry }).e;
      if (dataLeft >= 0) {
        const take = Math.min(dataLeft, c.length);
        dataLeft -= take;
        (st.sink as Feed)(c.subarray(0, take), false);
        c = c.subarray(take);
        pos += take;
        if (dataLeft === 0) finishEntry();
        continue;
      }
      if (pos < e.offset) {
        const skip = Math.min(e.offset - pos, c.length);
        c = c.subarray(skip);
        pos += skip;
        continue;
      }
      if (pos > e.offset && headerBytes === 0) throw new ZipError(`${e.name}: overlapping entries`);
      // The local header: 30 bytes, then the name and extra field (lengths from the header itself).
      header.push(c);
      headerBytes += c.length;
      const h = concat(header, headerBytes);
      if (headerBytes < 30) {
        header = [h];
        pos += c.length;
        c = c.subarray(c.length);
        continue;
      }
      if (u32(h, 0) !== 0x04034b50) throw new ZipError(`${e.name}: local header missing`);
      const need = 30 + u16(h, 26) + u16(h, 28);
      if (headerBytes < need) {
        header = [h];
        pos += c.length;
        c = c.subarray(c.length);
        continue;
      }
      // Bytes of this chunk beyond the header are data.
      const used = need - (headerBytes - c.length);
      pos += used;
      c = c.subarray(used);
      header = [];
      headerBytes = 0;
      startData();
    }
    if (k >= wanted.length) break;
  }
  if (k < wanted.length) throw new ZipError(`truncated archive (${(wanted[k] as { e: ZipEntry }).e.name})`);
}
