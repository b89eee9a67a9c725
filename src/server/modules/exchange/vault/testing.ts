import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3BlobStore } from './s3-store.js';

/**
 * An in-process S3-compatible server (s3rver, a dev dependency) for the S3 store's tests. It checks
 * Signature V4 with its fixed credentials S3RVER / S3RVER.
 */
export async function startFakeS3(bucket = 'mamori-test') {
  const { default: S3rver } = await import('s3rver');
  const dir = mkdtempSync(join(tmpdir(), 'mamori-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 'data'), configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const options = { endpoint, region: 'us-east-1', bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', prefix: 'mamori/exchange/', forcePathStyle: true, spoolDir: join(dir, 'spool') };
  return {
    endpoint,
    options,
    dir,
    /** Environment for createTestApp to select this server. */
    env: { EXCHANGE_STORAGE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
    store: () => new S3BlobStore(options),
    close: () => server.close(),
  };
}
