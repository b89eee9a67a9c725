import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { createBlobStore, partSizeFor } from './blob-store.js';
import { S3BlobStore } from './s3-store.js';
import { BlobNotFoundError, isStorageFull, LocalBlobStore, type BlobStore } from './store.js';
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

describe('S3BlobStore', () => {
  const MiB = 1024 * 1024;
  const partSize = 5 * MiB; // the smallest S3 allows, so the tests stay small
  const isPart = (n: number) => (r: { method: string; url: string }) => r.method === 'PUT' && new URL(r.url, 'http://s3').searchParams.get('partNumber') === String(n);
  const seen = (from: number, match: (r: { method: string; url: string }) => boolean) => s3.requests.slice(from).filter(match).length;

  it('streams an object larger than the part size as a multipart upload and reads it back byte for byte', async () => {
    const store = s3.store({ partSize });
    const data = randomBytes(2 * partSize + 3 * MiB + 5);
    const from = s3.requests.length;
    expect(await store.put('ff66/big', pieces(data, 100_003))).toEqual({ size: data.length });
    const parts = s3.requests.slice(from).filter((r) => r.method === 'PUT' && r.url.includes('partNumber='));
    expect(parts).toHaveLength(3);
    // each part's payload is covered by the signature (no unsigned payloads)
    for (const p of parts) expect(p.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.stat('ff66/big')).toEqual({ size: data.length });
    expect((await drain(await store.get('ff66/big'))).equals(data)).toBe(true);
    expect((await drain(await store.get('ff66/big', { start: partSize - 7, end: partSize + 9 }))).equals(data.subarray(partSize - 7, partSize + 9))).toBe(true);
    expect(await s3.unfinished()).toEqual([]);
  });

  it('aborts the multipart upload when the source fails after some parts: no object, no unfinished upload', async () => {
    const store = s3.store({ partSize });
    const data = randomBytes(3 * partSize);
    const from = s3.requests.length;
    await expect(store.put('ff66/broken', pieces(data, 64 * 1024, 2 * partSize + MiB))).rejects.toThrow('source failed');
    expect(seen(from, isPart(2))).toBe(1); // parts had been stored before the failure
    expect(seen(from, (r) => r.method === 'DELETE' && r.url.includes('uploadId='))).toBe(1);
    expect(await store.stat('ff66/broken')).toBeNull();
    expect(await store.list('ff66')).not.toContain('ff66/broken');
    expect(await s3.unfinished()).toEqual([]);
  });

  it('retries a failing part a bounded number of times, then gives up and aborts the upload', async () => {
    const store = s3.store({ partSize, maxAttempts: 3 });
    const data = randomBytes(2 * partSize + 1);
    s3.faults.push({ match: isPart(2), status: 500, code: 'InternalError', times: 1 });
    let from = s3.requests.length;
    expect(await store.put('gg77/retried', pieces(data, 1 * MiB))).toEqual({ size: data.length });
    expect(seen(from, isPart(2))).toBe(2);
    expect((await drain(await store.get('gg77/retried'))).equals(data)).toBe(true);

    s3.faults.push({ match: isPart(2), status: 500, code: 'InternalError', times: 5 });
    from = s3.requests.length;
    await expect(store.put('gg77/failed', pieces(data, 1 * MiB))).rejects.toMatchObject({ name: 'InternalError' });
    expect(seen(from, isPart(2))).toBe(3);
    expect(await store.stat('gg77/failed')).toBeNull();
    expect(await s3.unfinished()).toEqual([]);
    s3.faults.length = 0;
  });

  it('reports a full store (507, XMinioStorageFull) as storage full, for a single PUT and for a part', async () => {
    const store = s3.store({ partSize });
    s3.faults.push({ match: (r) => r.method === 'PUT' && !r.url.includes('partNumber='), status: 507, code: 'XMinioStorageFull', times: 1 });
    const small = await store.put('hh88/small', pieces(randomBytes(1000), 100)).catch((e: unknown) => e);
    expect(isStorageFull(small)).toBe(true);
    s3.faults.push({ match: isPart(2), status: 507, code: 'XMinioStorageFull', times: 1 });
    const big = await store.put('hh88/big', pieces(randomBytes(2 * partSize + 1), MiB)).catch((e: unknown) => e);
    expect(isStorageFull(big)).toBe(true);
    expect(await store.list('hh88')).toEqual([]);
    expect(await s3.unfinished()).toEqual([]);
    s3.faults.length = 0;
  });

  describe('with no keys in the configuration', () => {
    const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;
    let saved: Partial<Record<(typeof names)[number], string>>;
    beforeAll(() => {
      saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
      for (const n of names) delete process.env[n];
    });
    afterAll(() => {
      for (const n of names) {
        if (saved[n] === undefined) delete process.env[n];
        else process.env[n] = saved[n];
      }
    });

    it('takes the credentials from the environment through the default AWS chain', async () => {
      process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
      process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
      const store = s3.store({ credentials: undefined });
      await store.put('ii99/env', pieces(Buffer.from('from the chain'), 4));
      expect((await drain(await store.get('ii99/env'))).toString()).toBe('from the chain');
    });

    it('is refused by the server when the environment holds wrong keys', async () => {
      process.env.AWS_ACCESS_KEY_ID = 'NOT-S3RVER';
      process.env.AWS_SECRET_ACCESS_KEY = 'wrong';
      const store = s3.store({ credentials: undefined, maxAttempts: 1 });
      await expect(store.put('ii99/denied', pieces(Buffer.from('x'), 1))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    });
  });

  it('sweeps multipart uploads a crash left behind, once they are old enough', async () => {
    const store = s3.store();
    const { CreateMultipartUploadCommand } = await import('@aws-sdk/client-s3');
    await store.client.send(new CreateMultipartUploadCommand({ Bucket: s3.options.bucket, Key: `${s3.options.prefix}jj00/crashed` }));
    expect(await s3.unfinished()).toEqual([`${s3.options.prefix}jj00/crashed`]);
    expect(await store.sweep(3_600_000, Date.now())).toBe(0);
    expect(await store.sweep(0, Date.now() + 1000)).toBe(1);
    expect(await s3.unfinished()).toEqual([]);
  });
});

describe('createBlobStore (EXCHANGE_STORAGE=s3)', () => {
  const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'mamori-cfg-')), EXCHANGE_STORAGE: 's3', S3_BUCKET: 'mamori' };

  it('needs a bucket, and both keys or neither', () => {
    expect(() => createBlobStore(loadConfig({ ...env, S3_BUCKET: undefined }))).toThrow('S3_BUCKET');
    expect(() => createBlobStore(loadConfig({ ...env, S3_ACCESS_KEY_ID: 'AKIA' }))).toThrow('go together');
    expect(createBlobStore(loadConfig({ ...env, S3_ACCESS_KEY_ID: 'AKIA', S3_SECRET_ACCESS_KEY: 'secret' }))).toBeInstanceOf(S3BlobStore);
    expect(createBlobStore(loadConfig(env))).toBeInstanceOf(S3BlobStore); // the default credential chain
  });

  it('uses the endpoint and path style given, or AWS S3 in the region', async () => {
    const minio = createBlobStore(loadConfig({ ...env, S3_ENDPOINT: 'http://minio.example:9000', S3_FORCE_PATH_STYLE: 'true' })) as S3BlobStore;
    expect(minio.client.config.forcePathStyle).toBe(true);
    expect((await minio.client.config.endpoint?.())?.hostname).toBe('minio.example');
    const aws = createBlobStore(loadConfig({ ...env, S3_REGION: 'ap-northeast-1', S3_FORCE_PATH_STYLE: 'false' })) as S3BlobStore;
    expect(aws.client.config.endpoint).toBeUndefined();
    expect(await aws.client.config.region()).toBe('ap-northeast-1');
  });

  it('picks a part size that keeps the largest segment within 10,000 parts', () => {
    expect(partSizeFor(64 * 1024 ** 2)).toBe(8 * 1024 ** 2);
    expect(Math.ceil((2 ** 40 * 1.05) / partSizeFor(2 ** 40))).toBeLessThanOrEqual(10_000);
  });
});
