import type { Hash } from 'node:crypto';
import type { VaultSegment } from '../../../db/schema/index.js';
import { chunkCount, importChunkKey, openChunkAsync, TAG_BYTES } from './crypto.js';
import { VaultIntegrityError } from './errors.js';
import { BlobNotFoundError, type BlobStore } from './store.js';

/** What the reader needs of a stored file. */
export interface StoredLayout {
  id: string;
  size: number;
  chunkSize: number;
  blobKey: string;
  segments: VaultSegment[];
}

/** Chunks being opened on the thread pool at once, per download. */
const OPEN_AHEAD = 3;

export const objectKey = (blobKey: string, name: string) => `${blobKey}/${name}`;

/** Sealed length of chunk `i` of a file (plaintext + tag; the last chunk is shorter, possibly only a tag). */
export function sealedLength(size: number, chunkSize: number, i: number): number {
  const total = chunkCount(size, chunkSize);
  return (i === total - 1 ? size - i * chunkSize : chunkSize) + TAG_BYTES;
}

/** Bytes of ciphertext a segment holds. */
export function segmentBytes(size: number, chunkSize: number, first: number, count: number): number {
  const total = chunkCount(size, chunkSize);
  const last = first + count - 1;
  return count * (chunkSize + TAG_BYTES) - (last === total - 1 ? chunkSize * total - size : 0);
}

/**
 * Reads chunks `from … to` (inclusive) of the stored segments, authenticating each one, and yields
 * [chunk index, plaintext]. Only the segments (and byte ranges) that hold those chunks are read.
 * Throws VaultIntegrityError on a chunk that does not authenticate, a short or missing object, or
 * segments that do not line up.
 */
export async function* readChunks(store: BlobStore, file: StoredLayout, dek: Buffer, from: number, to: number): AsyncGenerator<[number, Buffer]> {
  const key = await importChunkKey(dek);
  const C = file.chunkSize;
  const total = chunkCount(file.size, C);
  const committed = file.segments.reduce((n, s) => n + s.count, 0);
  let expectFirst = 0;
  for (const seg of file.segments) {
    if (seg.first !== expectFirst || seg.count < 1) throw new VaultIntegrityError(file.id, 'layout', seg.first);
    expectFirst += seg.count;
  }
  if (to >= committed || to >= total) throw new VaultIntegrityError(file.id, 'truncated', to);
  for (const seg of file.segments) {
    const a = Math.max(seg.first, from);
    const b = Math.min(seg.first + seg.count - 1, to);
    if (a > b) continue;
    const prefix = Buffer.from(seg.prefix, 'hex');
    const start = (a - seg.first) * (C + TAG_BYTES);
    let end = start;
    for (let i = a; i <= b; i++) end += sealedLength(file.size, C, i);
    let source: AsyncIterable<Buffer>;
    try {
      source = (await store.get(objectKey(file.blobKey, seg.name), { start, end, chunkHint: C + TAG_BYTES })) as AsyncIterable<Buffer>;
    } catch (e) {
      if (e instanceof BlobNotFoundError) throw new VaultIntegrityError(file.id, 'missing', a);
      throw e;
    }
    let i = a;
    let need = sealedLength(file.size, C, i);
    let parts: Buffer[] = [];
    let have = 0;
    // Chunks are opened on the thread pool, a few ahead, and handed out in order: a chunk that fails
    // stops the stream before anything after it is handed out.
    const opening: { index: number; plain: Promise<Buffer> }[] = [];
    const open = (sealed: Buffer) => {
      const index = i;
      const plain = openChunkAsync(key, prefix, file.id, index, index === total - 1, sealed).catch(() => {
        throw new VaultIntegrityError(file.id, 'chunk', index);
      });
      plain.catch(() => undefined); // awaited in order below
      opening.push({ index, plain });
    };
    const next = async (): Promise<[number, Buffer]> => {
      const o = opening.shift()!;
      return [o.index, await o.plain];
    };
    for await (let buf of source) {
      while (buf.length > 0 && i <= b) {
        if (have === 0 && buf.length >= need) {
          // the common case: a read holds the whole chunk, no copy
          open(buf.subarray(0, need));
          buf = buf.subarray(need);
        } else {
          const k = Math.min(need - have, buf.length);
          parts.push(buf.subarray(0, k));
          have += k;
          buf = buf.subarray(k);
          if (have < need) continue;
          const sealed = Buffer.concat(parts, have);
          parts = [];
          have = 0;
          open(sealed);
        }
        i++;
        if (i <= b) need = sealedLength(file.size, C, i);
        if (opening.length >= OPEN_AHEAD) yield await next();
      }
    }
    while (opening.length) yield await next();
    if (i <= b) throw new VaultIntegrityError(file.id, 'truncated', i);
  }
}

/**
 * The plaintext bytes [start, end) of a stored file. With `hash`, every chunk read is also fed to
 * it (meaningful when the whole file is read).
 */
export async function* readPlaintext(store: BlobStore, file: StoredLayout, dek: Buffer, opts: { start?: number; end?: number; hash?: Hash } = {}): AsyncGenerator<Buffer> {
  const C = file.chunkSize;
  const start = opts.start ?? 0;
  const end = opts.end ?? file.size;
  if (file.size === 0) {
    for await (const [, plain] of readChunks(store, file, dek, 0, 0)) opts.hash?.update(plain);
    return;
  }
  if (end <= start) return;
  const from = Math.floor(start / C);
  const to = Math.floor((end - 1) / C);
  for await (const [i, plain] of readChunks(store, file, dek, from, to)) {
    opts.hash?.update(plain);
    const chunkStart = i * C;
    const s = Math.max(0, start - chunkStart);
    const e = Math.min(plain.length, end - chunkStart);
    if (s === 0 && e === plain.length) yield plain;
    else if (e > s) yield plain.subarray(s, e);
  }
}

/** Reads a small plaintext range into one buffer (archive directories, headers). */
export async function readRange(store: BlobStore, file: StoredLayout, dek: Buffer, start: number, end: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of readPlaintext(store, file, dek, { start, end })) parts.push(b);
  return Buffer.concat(parts);
}
