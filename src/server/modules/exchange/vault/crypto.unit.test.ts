import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chunkCount, chunkNonce, importChunkKey, KeyRing, KeyUnavailableError, masterKeyId, newDataKey, newNoncePrefix, openChunk, openChunkAsync, openTail, sealChunk, sealChunkAsync, sealTail } from './crypto.js';

const FILE = '0b8f6c5e-4a43-4a8e-9d1c-2b7f3c9e1a01';
const OTHER = '7d2a9e1c-1b3f-4c5d-8e6f-9a0b1c2d3e4f';

describe('chunk encryption', () => {
  const dek = newDataKey();
  const prefix = newNoncePrefix();
  const sealed = (i: number, final: boolean, p: Buffer) => Buffer.concat(sealChunk(dek, prefix, FILE, i, final, p));

  it('round-trips chunks of any length, including an empty final chunk', () => {
    for (const n of [0, 1, 15, 16, 17, 4096, 100_003]) {
      const p = randomBytes(n);
      const s = sealed(3, true, p);
      expect(s.length).toBe(n + 16);
      expect(openChunk(dek, prefix, FILE, 3, true, s).equals(p)).toBe(true);
    }
  });

  it('binds each chunk to its file, its index and whether it is the last (no reordering, truncation or swapping)', () => {
    const p = randomBytes(1000);
    const s = sealed(5, false, p);
    expect(() => openChunk(dek, prefix, FILE, 6, false, s)).toThrow(); // moved
    expect(() => openChunk(dek, prefix, FILE, 5, true, s)).toThrow(); // made the last chunk (truncation)
    expect(() => openChunk(dek, prefix, OTHER, 5, false, s)).toThrow(); // another file
    expect(() => openChunk(dek, newNoncePrefix(), FILE, 5, false, s)).toThrow(); // another segment
    expect(() => openChunk(newDataKey(), prefix, FILE, 5, false, s)).toThrow(); // another key
    for (const bit of [0, 8 * 500 + 3, 8 * (s.length - 1)]) {
      const bad = Buffer.from(s);
      bad[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => openChunk(dek, prefix, FILE, 5, false, bad)).toThrow();
    }
    expect(openChunk(dek, prefix, FILE, 5, false, s).equals(p)).toBe(true);
  });

  it('derives nonces from the segment prefix and the chunk index, all distinct', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(chunkNonce(prefix, i).toString('hex'));
    expect(seen.size).toBe(1000);
    expect(chunkNonce(prefix, 0x01020304).subarray(8).toString('hex')).toBe('01020304');
    expect(() => chunkNonce(prefix, -1)).toThrow();
    expect(() => chunkNonce(Buffer.alloc(4), 0)).toThrow();
  });

  it('seals the pending tail under its own subkey and random nonce (never a chunk nonce)', () => {
    const p = randomBytes(700);
    const a = sealTail(dek, FILE, 9, p);
    const b = sealTail(dek, FILE, 9, p);
    expect(a.equals(b)).toBe(false);
    expect(openTail(dek, FILE, 9, 700, a).equals(p)).toBe(true);
    expect(() => openTail(dek, FILE, 10, 700, a)).toThrow();
    expect(() => openTail(dek, OTHER, 9, 700, a)).toThrow();
    // the tail's bytes are not what the chunk would be
    expect(a.includes(sealChunk(dek, prefix, FILE, 9, false, p)[0].subarray(0, 32))).toBe(false);
  });

  it('counts at least one chunk (an empty file is one empty final chunk)', () => {
    expect([chunkCount(0, 10), chunkCount(1, 10), chunkCount(10, 10), chunkCount(11, 10)]).toEqual([1, 1, 1, 2]);
  });
});

describe('key wrapping and master-key rotation', () => {
  const m1 = randomBytes(32);
  const m2 = randomBytes(32);

  it('wraps a data key under the current master key, bound to the file', () => {
    const ring = new KeyRing(m1);
    const dek = newDataKey();
    const w = ring.wrap(dek, FILE);
    expect(w.keyId).toBe(masterKeyId(m1));
    expect(w.wrappedKey).not.toContain(dek.toString('base64url'));
    expect(ring.unwrap(w.wrappedKey, w.keyId, FILE).equals(dek)).toBe(true);
    expect(() => ring.unwrap(w.wrappedKey, w.keyId, OTHER)).toThrow(KeyUnavailableError);
    const parts = w.wrappedKey.split('.');
    const body = Buffer.from(parts[1]!, 'base64url');
    body[0]! ^= 1;
    expect(() => ring.unwrap([parts[0], body.toString('base64url'), parts[2]].join('.'), w.keyId, FILE)).toThrow(KeyUnavailableError);
  });

  it('re-wraps under a new master key; afterwards the old one is not needed', () => {
    const dek = newDataKey();
    const old = new KeyRing(m1).wrap(dek, FILE);
    expect(() => new KeyRing(m2).unwrap(old.wrappedKey, old.keyId, FILE)).toThrow(/not configured/);
    const rotating = new KeyRing(m2, [m1]);
    const next = rotating.rewrap(old.wrappedKey, old.keyId, FILE);
    expect(next.keyId).toBe(masterKeyId(m2));
    expect(new KeyRing(m2).unwrap(next.wrappedKey, next.keyId, FILE).equals(dek)).toBe(true);
    expect(rotating.rewrap(next.wrappedKey, next.keyId, FILE)).toEqual(next); // already current
  });

  it('names master keys by a one-way id that is stable and distinct', () => {
    expect(masterKeyId(m1)).toBe(masterKeyId(Buffer.from(m1)));
    expect(masterKeyId(m1)).not.toBe(masterKeyId(m2));
    expect(masterKeyId(m1)).toMatch(/^[0-9a-f]{16}$/);
    expect(() => new KeyRing(Buffer.alloc(16))).toThrow();
  });
});

describe('chunk encryption on the thread pool (WebCrypto)', () => {
  it('produces and opens exactly the same stored form as the synchronous functions', async () => {
    const dek = newDataKey();
    const prefix = newNoncePrefix();
    const key = await importChunkKey(dek);
    for (const n of [0, 1, 4096, 100_001]) {
      const p = randomBytes(n);
      const sync = Buffer.concat(sealChunk(dek, prefix, FILE, 7, n === 0, p));
      const async = await sealChunkAsync(key, prefix, FILE, 7, n === 0, p);
      expect(async.equals(sync)).toBe(true);
      expect((await openChunkAsync(key, prefix, FILE, 7, n === 0, sync)).equals(p)).toBe(true);
      expect(openChunk(dek, prefix, FILE, 7, n === 0, async).equals(p)).toBe(true);
      await expect(openChunkAsync(key, prefix, FILE, 8, n === 0, sync)).rejects.toThrow();
      await expect(openChunkAsync(key, prefix, OTHER, 7, n === 0, sync)).rejects.toThrow();
    }
  });

  it('takes a copy of the bytes when it is called (the upload reuses its chunk buffer)', async () => {
    const dek = newDataKey();
    const prefix = newNoncePrefix();
    const key = await importChunkKey(dek);
    const scratch = randomBytes(65_536);
    const original = Buffer.from(scratch);
    const sealing = sealChunkAsync(key, prefix, FILE, 1, false, scratch);
    scratch.fill(0);
    expect(openChunk(dek, prefix, FILE, 1, false, await sealing).equals(original)).toBe(true);
  });
});
