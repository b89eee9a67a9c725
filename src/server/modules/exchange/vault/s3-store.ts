import { createHash, createHmac } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat, unlink } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { BlobNotFoundError, checkKey, checkPrefix, removeTemps, tempName, writeAll, type BlobStat, type BlobStore } from './store.js';

export interface S3StoreOptions {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket, e.g. `mamori/exchange/`. */
  prefix: string;
  forcePathStyle: boolean;
  /** Local folder where an object is spooled before its PUT (S3 wants the length and checksum up front). */
  spoolDir: string;
}

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
/** RFC 3986 encoding, as SigV4 wants it. */
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

class S3Error extends Error {
  constructor(
    public readonly status: number,
    public readonly s3Code: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'S3Error';
  }
  get storageFull(): boolean {
    return this.status === 507 || this.s3Code === 'XMinioStorageFull';
  }
}

/**
 * An S3-compatible object store (AWS S3, MinIO, …) through a small Signature V4 client over
 * node:http(s), so no SDK is needed. Objects are immutable and a PUT is atomic, so a write that
 * fails or is interrupted leaves nothing under its key; the object is first spooled to a local
 * temp file to send its length and SHA-256 (the signature covers the payload).
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly base: URL;
  private ready: Promise<void> | null = null;

  constructor(private readonly o: S3StoreOptions) {
    this.base = new URL(o.endpoint);
  }

  private objectKey(key: string): string {
    return `${this.o.prefix}${checkKey(key)}`;
  }

  private init(): Promise<void> {
    this.ready ??= mkdir(resolve(this.o.spoolDir), { recursive: true, mode: 0o700 }).then(() => undefined);
    return this.ready;
  }

  /** Sends one signed request; resolves with the response (its body unread). */
  private async send(
    method: 'GET' | 'PUT' | 'HEAD' | 'DELETE',
    objectKey: string | null,
    opts: { query?: Record<string, string>; headers?: Record<string, string>; payloadHash?: string; body?: Readable } = {},
  ): Promise<IncomingMessage> {
    const basePath = this.base.pathname.replace(/\/$/, '');
    const keyPath = objectKey === null ? '' : `/${objectKey.split('/').map(enc).join('/')}`;
    const host = this.o.forcePathStyle ? this.base.host : `${this.o.bucket}.${this.base.host}`;
    const path = this.o.forcePathStyle ? `${basePath}/${enc(this.o.bucket)}${keyPath}` : `${basePath}${keyPath || '/'}`;
    const query = canonicalQuery(opts.query ?? {});
    // Signatures carry the real wall-clock time (servers refuse skewed requests), not the application clock.
    const headers: Record<string, string> = { ...(opts.headers ?? {}), host };
    headers.authorization = signV4({ method, path, query, headers, payloadHash: opts.payloadHash ?? EMPTY_SHA256, region: this.o.region, accessKeyId: this.o.accessKeyId, secretAccessKey: this.o.secretAccessKey, now: new Date() });

    const requestFn = this.base.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolvePromise, reject) => {
      const req = requestFn(
        { protocol: this.base.protocol, hostname: this.base.hostname, port: this.base.port || undefined, method, path: query ? `${path}?${query}` : path, headers },
        resolvePromise,
      );
      req.on('error', reject);
      if (opts.body) {
        opts.body.on('error', (e) => req.destroy(e));
        opts.body.pipe(req);
      } else req.end();
    });
  }

  private static async text(res: IncomingMessage, limit = 1 << 20): Promise<string> {
    const parts: Buffer[] = [];
    let n = 0;
    for await (const b of res as AsyncIterable<Buffer>) {
      n += b.length;
      if (n <= limit) parts.push(b);
    }
    return Buffer.concat(parts).toString('utf8');
  }

  private static async fail(res: IncomingMessage, what: string): Promise<never> {
    const body = await S3BlobStore.text(res, 16 * 1024);
    const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? null;
    throw new S3Error(res.statusCode ?? 0, code, `S3 ${what} failed: ${res.statusCode} ${code ?? ''}`.trim());
  }

  async put(key: string, data: AsyncIterable<Buffer>): Promise<BlobStat> {
    const objectKey = this.objectKey(key);
    await this.init();
    const temp = join(resolve(this.o.spoolDir), tempName(key));
    try {
      const hash = createHash('sha256');
      const fh = await open(temp, 'wx', 0o600);
      let size: number;
      try {
        size = await writeAll(
          fh,
          (async function* () {
            for await (const b of data) {
              hash.update(b);
              yield b;
            }
          })(),
        );
      } finally {
        await fh.close();
      }
      const res = await this.send('PUT', objectKey, {
        headers: { 'content-length': String(size), 'content-type': 'application/octet-stream' },
        payloadHash: hash.digest('hex'),
        body: createReadStream(temp, { highWaterMark: 1024 * 1024 }),
      });
      if (res.statusCode !== 200) await S3BlobStore.fail(res, `PUT ${key}`);
      res.resume();
      return { size };
    } finally {
      await unlink(temp).catch(() => undefined);
    }
  }

  async get(key: string, range: { start?: number; end?: number } = {}): Promise<Readable> {
    const start = range.start ?? 0;
    const headers: Record<string, string> = {};
    if (range.end !== undefined && range.end <= start) return Readable.from([]);
    if (start > 0 || range.end !== undefined) headers.range = `bytes=${start}-${range.end !== undefined ? range.end - 1 : ''}`;
    const res = await this.send('GET', this.objectKey(key), { headers });
    if (res.statusCode === 404) {
      res.resume();
      throw new BlobNotFoundError(key);
    }
    if (res.statusCode === 416) {
      res.resume();
      return Readable.from([]);
    }
    if (res.statusCode !== 200 && res.statusCode !== 206) await S3BlobStore.fail(res, `GET ${key}`);
    return res;
  }

  async stat(key: string): Promise<BlobStat | null> {
    const res = await this.send('HEAD', this.objectKey(key));
    res.resume();
    if (res.statusCode === 404) return null;
    if (res.statusCode !== 200) throw new S3Error(res.statusCode ?? 0, null, `S3 HEAD ${key} failed: ${res.statusCode}`);
    return { size: Number(res.headers['content-length'] ?? 0) };
  }

  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', this.objectKey(key));
    if (res.statusCode !== 204 && res.statusCode !== 200 && res.statusCode !== 404) await S3BlobStore.fail(res, `DELETE ${key}`);
    res.resume();
  }

  async list(prefix: string): Promise<string[]> {
    const full = `${this.o.prefix}${checkPrefix(prefix)}/`;
    const keys: string[] = [];
    let token: string | null = null;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix: full, 'max-keys': '1000' };
      if (token) query['continuation-token'] = token;
      const res = await this.send('GET', null, { query });
      if (res.statusCode !== 200) await S3BlobStore.fail(res, `LIST ${prefix}`);
      const xml = await S3BlobStore.text(res);
      for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(unescapeXml(m[1]!).slice(this.o.prefix.length));
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? (/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(xml)?.[1] ?? null) : null;
      if (token) token = unescapeXml(token);
    } while (token);
    return keys.sort();
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = await this.list(prefix);
    for (const k of keys) await this.delete(k);
    await removeTemps(resolve(this.o.spoolDir), prefix);
    return keys.length;
  }

  async sweep(olderThanMs: number, now: number): Promise<number> {
    await this.init();
    let n = 0;
    for (const name of await readdir(resolve(this.o.spoolDir))) {
      const p = join(resolve(this.o.spoolDir), name);
      const s = await stat(p).catch(() => null);
      if (s && now - s.mtimeMs >= olderThanMs) {
        await rm(p, { force: true });
        n++;
      }
    }
    return n;
  }

  async available(): Promise<number | null> {
    return null;
  }
}

/** The canonical query string of SigV4: names and values RFC 3986-encoded, sorted by name. */
export function canonicalQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/**
 * AWS Signature Version 4 for S3 (header-based). Adds x-amz-date and x-amz-content-sha256 to
 * `headers` (which must hold `host`) and returns the Authorization header value. `path` is the
 * already-encoded canonical URI, `query` the canonical query string.
 */
export function signV4(r: { method: string; path: string; query: string; headers: Record<string, string>; payloadHash: string; region: string; accessKeyId: string; secretAccessKey: string; now: Date }): string {
  const amzDate = r.now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  r.headers['x-amz-date'] = amzDate;
  r.headers['x-amz-content-sha256'] = r.payloadHash;
  const lower = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), String(v).trim().replace(/\s+/g, ' ')]));
  const signed = Object.keys(lower).sort();
  const canonical = [r.method, r.path, r.query, signed.map((h) => `${h}:${lower[h]}\n`).join(''), signed.join(';'), r.payloadHash].join('\n');
  const scope = `${day}/${r.region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${r.secretAccessKey}`, day), r.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${r.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (all, e: string) => {
    const m: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return m[e.toLowerCase()] ?? all;
  });
}
