import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BlobNotFoundError, checkKey, checkPrefix, type BlobStat, type BlobStore } from './store.js';

export interface S3StoreOptions {
  /** Custom endpoint (MinIO, …); omitted for AWS S3 itself. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Explicit keys or a provider; omitted, the SDK's default chain (environment, shared files, container or instance role). */
  credentials?: S3ClientConfig['credentials'];
  /** Key prefix inside the bucket, e.g. `mamori/exchange/`. */
  prefix: string;
  forcePathStyle: boolean;
  /** Bytes per multipart part (at least 5 MiB); objects up to this size go in one PUT. */
  partSize?: number;
  /** Attempts per request, the first included (transient errors and throttling are retried with back-off). */
  maxAttempts?: number;
}

export const S3_PART_BYTES = 8 * 1024 * 1024;
/** Parts uploaded at once per object: with the part size, bounds the memory one write holds. */
const PARTS_IN_FLIGHT = 2;

/** The bucket ran out of space (HTTP 507, MinIO's XMinioStorageFull); `isStorageFull` recognises it. */
export class S3StorageFullError extends Error {
  readonly storageFull = true;
  constructor(what: string, cause: unknown) {
    super(`S3 ${what} failed: storage full`, { cause });
    this.name = 'S3StorageFullError';
  }
}

const statusOf = (e: unknown) => (e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined);
const notFound = (e: unknown) => statusOf(e) === 404 || (e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.name === 'NotFound'));

function mapError(e: unknown, what: string): unknown {
  if (statusOf(e) === 507 || (e instanceof S3ServiceException && e.name === 'XMinioStorageFull')) return new S3StorageFullError(what, e);
  return e;
}

/**
 * An S3-compatible object store (AWS S3, MinIO, …) through the AWS SDK, which signs the requests,
 * retries transient failures and finds credentials. Objects are immutable and a write is atomic:
 * a small object is one PUT; a larger one streams as a multipart upload (a few parts in memory at a
 * time, no local spool) that becomes visible only when completed, and is aborted if the source or
 * a part fails. A multipart upload left behind by a crash is invisible and removed by `sweep`.
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  private readonly partSize: number;

  constructor(private readonly o: S3StoreOptions) {
    this.partSize = o.partSize ?? S3_PART_BYTES;
    this.client = new S3Client({
      region: o.region,
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      ...(o.credentials ? { credentials: o.credentials } : {}),
      forcePathStyle: o.forcePathStyle,
      maxAttempts: o.maxAttempts ?? 3,
      retryMode: 'standard',
      // Checksums only where S3 requires them: many S3-compatible stores refuse the newer CRC
      // headers; each payload is still covered by the signed SHA-256, and every vault chunk by GCM.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private objectKey(key: string): string {
    return `${this.o.prefix}${checkKey(key)}`;
  }

  async put(key: string, data: AsyncIterable<Buffer>): Promise<BlobStat> {
    const Key = this.objectKey(key);
    let size = 0;
    const body = Readable.from(
      (async function* () {
        for await (const b of data) {
          size += b.length;
          yield b;
        }
      })(),
      { objectMode: false },
    );
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.o.bucket, Key, Body: body, ContentType: 'application/octet-stream' },
      partSize: this.partSize,
      queueSize: PARTS_IN_FLIGHT,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (e) {
      throw mapError(e, `PUT ${key}`);
    } finally {
      // stops the source (runs its finally blocks) if the upload gave up before reading it all
      body.destroy();
    }
    return { size };
  }

  async get(key: string, range: { start?: number; end?: number } = {}): Promise<Readable> {
    const start = range.start ?? 0;
    if (range.end !== undefined && range.end <= start) return Readable.from([]);
    const Range = start > 0 || range.end !== undefined ? `bytes=${start}-${range.end !== undefined ? range.end - 1 : ''}` : undefined;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: this.objectKey(key), Range }));
      return (res.Body as Readable | undefined) ?? Readable.from([]);
    } catch (e) {
      if (notFound(e)) throw new BlobNotFoundError(key);
      if (statusOf(e) === 416) return Readable.from([]);
      throw mapError(e, `GET ${key}`);
    }
  }

  async stat(key: string): Promise<BlobStat | null> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.o.bucket, Key: this.objectKey(key) }));
      return { size: res.ContentLength ?? 0 };
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: this.objectKey(key) }));
    } catch (e) {
      if (!notFound(e)) throw e;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const Prefix = `${this.o.prefix}${checkPrefix(prefix)}/`;
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.o.bucket, Prefix })) {
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key.slice(this.o.prefix.length));
    }
    return keys.sort();
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = await this.list(prefix);
    // one DELETE per object: multi-object delete needs a checksum header some S3-compatible stores refuse
    for (const k of keys) await this.delete(k);
    return keys.length;
  }

  /** Multipart uploads under the prefix started before `now - olderThanMs` (what a crash leaves behind). */
  async unfinished(olderThanMs = 0, now = Date.now()): Promise<{ key: string; uploadId: string }[]> {
    const found: { key: string; uploadId: string }[] = [];
    let marker: { KeyMarker?: string; UploadIdMarker?: string } = {};
    for (;;) {
      const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.o.bucket, Prefix: this.o.prefix, ...marker }));
      for (const u of page.Uploads ?? []) {
        if (u.Key && u.UploadId && (!u.Initiated || now - u.Initiated.getTime() >= olderThanMs)) found.push({ key: u.Key, uploadId: u.UploadId });
      }
      if (!page.IsTruncated || !page.NextKeyMarker) break;
      marker = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
    }
    return found;
  }

  async sweep(olderThanMs: number, now: number): Promise<number> {
    const stale = await this.unfinished(olderThanMs, now);
    for (const u of stale) await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.o.bucket, Key: u.key, UploadId: u.uploadId }));
    return stale.length;
  }

  async available(): Promise<number | null> {
    return null;
  }
}
