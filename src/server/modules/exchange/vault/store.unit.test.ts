import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFoundError, LocalBlobStore, type BlobStore } from './store.js';
import { startFakeS3 } from './testing.js';

async function drain(r: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of r as AsyncIterable<Buffer>) parts.push(b);
  return Buffer.concat(parts);
}

async function* pieces(data: Buffer, size: number, failAfter?: number) {
  for (let i = 0; i < data.length; i += size) {
    if (failAfter !== undefined && i >= failAfter) throw Object.assign(new Error('source failed'), { code: 'EIO' });
    yield data.subarray(i, i + size);
  }
}

/** The same contract, run against every implementation. */
function contract(name: string, make: () => { store: BlobStore; leftovers: () => string[] | Promise<string[]> }) {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let leftovers: () => string[] | Promise<string[]>;
    beforeAll(() => {
      ({ store, leftovers } = make());
    });

    it('stores an object from many small pieces and reads it back byte for byte, whole and by range', async () => {
      const data = randomBytes(3 * 1024 * 1024 + 17);
      expect(await store.put('aa11/seg-1', pieces(data, 65_537))).toEqual({ size: data.length });
      expect(await store.stat('aa11/seg-1')).toEqual({ size: data.length });
      expect((await drain(await store.get('aa11/seg-1'))).equals(data)).toBe(true);
      expect((await drain(await store.get('aa11/seg-1', { start: 1_000_000, end: 2_000_001 }))).equals(data.subarray(1_000_000, 2_000_001))).toBe(true);
      expect((await drain(await store.get('aa11/seg-1', { start: data.length - 5 }))).equals(data.subarray(data.length - 5))).toBe(true);
      expect((await drain(await store.get('aa11/seg-1', { start: 10, end: 10 }))).length).toBe(0);
    });

    it('stores an empty object', async () => {
      expect(await store.put('aa11/empty', pieces(Buffer.alloc(0), 1))).toEqual({ size: 0 });
      expect(await store.stat('aa11/empty')).toEqual({ size: 0 });
      expect((await drain(await store.get('aa11/empty'))).length).toBe(0);
    });

    it('leaves nothing visible when the source fails part-way, and no temp file behind', async () => {
      const data = randomBytes(2 * 1024 * 1024);
      await expect(store.put('bb22/seg-1', pieces(data, 64 * 1024, 1024 * 1024))).rejects.toThrow('source failed');
      expect(await store.stat('bb22/seg-1')).toBeNull();
      await expect(store.get('bb22/seg-1')).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await store.list('bb22')).toEqual([]);
      expect(await leftovers()).toEqual([]);
    });

    it('replaces an object atomically', async () => {
      await store.put('cc33/x', pieces(Buffer.from('first version'), 4));
      await store.put('cc33/x', pieces(Buffer.from('second'), 4));
      expect((await drain(await store.get('cc33/x'))).toString()).toBe('second');
    });

    it('lists, deletes one, deletes a prefix; deleting is idempotent', async () => {
      for (const n of ['s-1', 's-2', 'tail-1']) await store.put(`dd44/${n}`, pieces(Buffer.from(n), 2));
      await store.put('dd45/other', pieces(Buffer.from('other'), 2));
      expect(await store.list('dd44')).toEqual(['dd44/s-1', 'dd44/s-2', 'dd44/tail-1']);
      await store.delete('dd44/s-2');
      await store.delete('dd44/s-2');
      expect(await store.list('dd44')).toEqual(['dd44/s-1', 'dd44/tail-1']);
      expect(await store.deletePrefix('dd44')).toBe(2);
      expect(await store.deletePrefix('dd44')).toBe(0);
      expect(await store.list('dd44')).toEqual([]);
      expect(await store.list('dd45')).toEqual(['dd45/other']);
    });

    it('refuses keys that are not the vault’s own ids', async () => {
      for (const bad of ['../etc/passwd', '/abs', 'a//b', 'A/B', 'a/../b', 'a/b c', '患者.csv', '']) {
        await expect(store.put(bad, pieces(Buffer.from('x'), 1))).rejects.toThrow('invalid blob key');
      }
      await expect(store.deletePrefix('..')).rejects.toThrow('invalid blob prefix');
    });
  });
}

const localRoot = mkdtempSync(join(tmpdir(), 'mamori-blob-'));
contract('local files', () => ({
  store: new LocalBlobStore(localRoot),
  leftovers: () => readdirSync(join(localRoot, 'tmp')),
}));

let s3: Awaited<ReturnType<typeof startFakeS3>>;
beforeAll(async () => {
  s3 = await startFakeS3();
});
afterAll(() => s3?.close());
contract('S3 (s3rver, AWS SDK)', () => ({
  store: s3.store(),
  leftovers: () => s3.unfinished(),
}));

describe('LocalBlobStore', () => {
  it('keeps objects under DATA_DIR/exchange/objects/<random id>/ and reports free space', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mamori-blob-'));
    const store = new LocalBlobStore(root);
    await store.put('ee55/s-1', pieces(Buffer.from('x'), 1));
    expect(readdirSync(join(root, 'objects', 'ee55'))).toEqual(['s-1']);
    expect(await store.available()).toBeGreaterThan(0);
  });
});
