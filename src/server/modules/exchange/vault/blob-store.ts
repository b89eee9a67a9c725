import { join } from 'node:path';
import type { Config } from '../../../config.js';
import type { AppContext } from '../../../context.js';
import { S3BlobStore } from './s3-store.js';
import { LocalBlobStore, type BlobStore } from './store.js';

/** The configured store: local files under DATA_DIR/exchange, or an S3-compatible bucket (EXCHANGE_STORAGE=s3). */
export function createBlobStore(config: Config): BlobStore {
  const root = join(config.dataDir, 'exchange');
  if (config.exchange.storage === 'local') return new LocalBlobStore(root);
  const s3 = config.exchange.s3;
  const missing = (['endpoint', 'bucket', 'accessKeyId', 'secretAccessKey'] as const).filter((k) => !s3[k]);
  if (missing.length) {
    const names: Record<(typeof missing)[number], string> = { endpoint: 'S3_ENDPOINT', bucket: 'S3_BUCKET', accessKeyId: 'S3_ACCESS_KEY_ID', secretAccessKey: 'S3_SECRET_ACCESS_KEY' };
    throw new Error(`EXCHANGE_STORAGE=s3 needs ${missing.map((k) => names[k]).join(', ')}`);
  }
  return new S3BlobStore({
    endpoint: s3.endpoint!,
    region: s3.region,
    bucket: s3.bucket!,
    accessKeyId: s3.accessKeyId!,
    secretAccessKey: s3.secretAccessKey!,
    prefix: s3.prefix,
    forcePathStyle: s3.forcePathStyle,
    spoolDir: join(root, 'spool'),
  });
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
