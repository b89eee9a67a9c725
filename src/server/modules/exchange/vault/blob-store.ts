import { join } from 'node:path';
import type { Config } from '../../../config.js';
import type { AppContext } from '../../../context.js';
import { S3_PART_BYTES, S3BlobStore } from './s3-store.js';
import { LocalBlobStore, type BlobStore } from './store.js';

/** The configured store: local files under DATA_DIR/exchange, or an S3-compatible bucket (EXCHANGE_STORAGE=s3). */
export function createBlobStore(config: Config): BlobStore {
  if (config.exchange.storage === 'local') return new LocalBlobStore(join(config.dataDir, 'exchange'));
  const s3 = config.exchange.s3;
  if (!s3.bucket) throw new Error('EXCHANGE_STORAGE=s3 needs S3_BUCKET');
  // Both keys, or neither (then the SDK's default chain: environment, shared files, container or instance role).
  if (!s3.accessKeyId !== !s3.secretAccessKey) throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the default AWS credential chain');
  return new S3BlobStore({
    endpoint: s3.endpoint,
    region: s3.region,
    bucket: s3.bucket,
    credentials: s3.accessKeyId && s3.secretAccessKey ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } : undefined,
    prefix: s3.prefix,
    forcePathStyle: s3.forcePathStyle,
    partSize: partSizeFor(Math.min(config.exchange.segmentBytes, config.exchange.maxBytes)),
  });
}

/**
 * The multipart part size for objects up to `largest` plaintext bytes: 8 MiB, or more when a
 * segment would otherwise need more than S3's 10,000 parts (with room for the cipher's overhead).
 */
export function partSizeFor(largest: number): number {
  return Math.max(S3_PART_BYTES, Math.ceil(largest / 9_000 / (1024 * 1024)) * 1024 * 1024);
}

const stores = new WeakMap<AppContext, BlobStore>();

/** The application's store (one per AppContext, shared by the upload routes and every Vault). */
export function blobStoreOf(ctx: AppContext): BlobStore {
  let s = stores.get(ctx);
  if (!s) stores.set(ctx, (s = createBlobStore(ctx.config)));
  return s;
}

/** Replaces the application's store (tests inject a failing or instrumented one). */
export function useBlobStore(ctx: AppContext, store: BlobStore): void {
  stores.set(ctx, store);
}
