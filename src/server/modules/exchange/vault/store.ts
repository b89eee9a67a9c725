import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, statfs, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';

/**
 * Where the vault keeps its ciphertext. Keys are made by the vault from random ids only
 * (`<blob folder>/<object>`), never from file names; both implementations refuse anything else.
 *
 * Guarantees every implementation keeps (the contract tests in store.test.ts check them):
 * - `put` is atomic: the object is visible under its key only once every byte is durably written
 *   (local: fsync, then rename, then fsync of the folder; S3: one PUT, or a multipart upload that is
 *   aborted on failure). If the source throws, or the process dies, nothing is visible under the key.
 * - `get` streams a byte range without reading the rest; a missing object is BlobNotFoundError.
 * - `delete` and `deletePrefix` are idempotent.
 */
export interface BlobStore {
  readonly kind: 'local' | 's3';
  put(key: string, data: AsyncIterable<Buffer>): Promise<BlobStat>;
  /** Bytes [start, end) of an object (end defaults to its size). `chunkHint` suggests the read size. */
  get(key: string, range?: { start?: number; end?: number; chunkHint?: number }): Promise<Readable>;
  stat(key: string): Promise<BlobStat | null>;
  delete(key: string): Promise<void>;
  /** Deletes every object under `prefix/`; returns how many there were. */
  deletePrefix(prefix: string): Promise<number>;
  /** Keys under `prefix/`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Removes leftovers of writes interrupted by a crash, older than `olderThanMs`; returns how many. */
  sweep(olderThanMs: number, now: number): Promise<number>;
  /** Bytes that may still be written, when the store can tell (local disk); null otherwise. */
  available(): Promise<number | null>;
}

export interface BlobStat {
  size: number;
}

export class BlobNotFoundError extends Error {
  constructor(public readonly key: string) {
    super(`blob ${key} not found`);
    this.name = 'BlobNotFoundError';
  }
}

/** The store ran out of space (ENOSPC, or a quota: EDQUOT). */
export function isStorageFull(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || (e as { storageFull?: boolean } | null)?.storageFull === true;
}

const KEY = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
const PREFIX = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Refuses a key that is not made of the vault's own lower-case ids (no '..', no absolute paths, no file names). */
export function checkKey(key: string): string {
  if (key.length > 200 || !KEY.test(key)) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  return key;
}
export function checkPrefix(prefix: string): string {
  if (prefix.length > 100 || !PREFIX.test(prefix)) throw new Error(`invalid blob prefix ${JSON.stringify(prefix)}`);
  return prefix;
}

/**
 * The temporary file of a write in progress: named after the object's folder (the upload's random
 * blob key), so deleting the folder also removes writes cut off for it, e.g. by a killed process.
 */
export function tempName(key: string): string {
  return `${checkKey(key).split('/')[0]}.${randomBytes(12).toString('hex')}.part`;
}

/** Removes the temporary files of writes under `prefix/` in `dir`; returns how many there were. */
export async function removeTemps(dir: string, prefix: string): Promise<number> {
  const start = `${checkPrefix(prefix)}.`;
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith(start) && n.endsWith('.part'));
  for (const n of names) await rm(join(dir, n), { force: true });
  return names.length;
}

/** Writes the source to an open file handle with a few writes in flight (the next chunk is encrypted while the last is written). */
export async function writeAll(fh: FileHandle, data: AsyncIterable<Buffer>, maxInFlight = 3): Promise<number> {
  let pos = 0;
  let failure: unknown = null;
  const inflight: Promise<void>[] = [];
  const writeAt = async (buf: Buffer, at: number) => {
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await fh.write(buf, off, buf.length - off, at + off);
      off += bytesWritten;
    }
  };
  try {
    for await (const buf of data) {
      if (failure) break;
      if (buf.length === 0) continue;
      const p = writeAt(buf, pos).catch((e: unknown) => {
        failure ??= e;
      });
      pos += buf.length;
      inflight.push(p);
      if (inflight.length >= maxInFlight) await inflight.shift();
    }
  } finally {
    await Promise.all(inflight);
  }
  if (failure) throw failure;
  return pos;
}

/**
 * Files under `root` (DATA_DIR/exchange): `objects/<prefix>/<name>` for stored objects, `tmp/` for
 * writes in progress. A write goes to a random temp name, is fsynced, renamed into place, and the
 * folder is fsynced; a crash leaves at most an invisible temp file, removed by `sweep`.
 */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local' as const;
  private readonly objects: string;
  private readonly tmp: string;
  private ready: Promise<void> | null = null;

  constructor(readonly root: string) {
    this.objects = join(resolve(root), 'objects');
    this.tmp = join(resolve(root), 'tmp');
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.objects, { recursive: true, mode: 0o700 });
      await mkdir(this.tmp, { recursive: true, mode: 0o700 });
    })();
    return this.ready;
  }

  private path(key: string): string {
    return join(this.objects, checkKey(key));
  }

  async put(key: string, data: AsyncIterable<Buffer>): Promise<BlobStat> {
    const target = this.path(key);
    await this.init();
    const temp = join(this.tmp, tempName(key));
    const fh = await open(temp, 'wx', 0o600);
    let size: number;
    try {
      try {
        size = await writeAll(fh, data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      await rename(temp, target);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    await fsyncDir(dirname(target));
    return { size };
  }

  async get(key: string, range: { start?: number; end?: number; chunkHint?: number } = {}): Promise<Readable> {
    const path = this.path(key);
    const s = await stat(path).catch(() => null);
    if (!s) throw new BlobNotFoundError(key);
    const start = range.start ?? 0;
    const end = Math.min(range.end ?? s.size, s.size);
    if (end <= start) return Readable.from([]);
    return createReadStream(path, { start, end: end - 1, highWaterMark: Math.max(64 * 1024, Math.min(range.chunkHint ?? 1024 * 1024, 8 * 1024 * 1024)) });
  }

  async stat(key: string): Promise<BlobStat | null> {
    const s = await stat(this.path(key)).catch(() => null);
    return s ? { size: s.size } : null;
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<number> {
    const dir = join(this.objects, checkPrefix(prefix));
    const names = await readdir(dir).catch(() => [] as string[]);
    await rm(dir, { recursive: true, force: true });
    await removeTemps(this.tmp, prefix);
    return names.length;
  }

  async list(prefix: string): Promise<string[]> {
    const names = await readdir(join(this.objects, checkPrefix(prefix))).catch(() => [] as string[]);
    return names.map((n) => `${prefix}/${n}`).sort();
  }

  async sweep(olderThanMs: number, now: number): Promise<number> {
    await this.init();
    let n = 0;
    for (const name of await readdir(this.tmp)) {
      const p = join(this.tmp, name);
      const s = await stat(p).catch(() => null);
      if (s && now - s.mtimeMs >= olderThanMs) {
        await rm(p, { force: true });
        n++;
      }
    }
    return n;
  }

  async available(): Promise<number | null> {
    await this.init();
    const s = await statfs(this.objects);
    return s.bavail * s.bsize;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    // some file systems refuse fsync on a directory; the rename is then as durable as they make it
  } finally {
    await fh.close();
  }
}
