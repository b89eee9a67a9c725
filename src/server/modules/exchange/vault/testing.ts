import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3BlobStore, type S3StoreOptions } from './s3-store.js';

/** A request the fake server saw. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

/** An error the fake server answers instead of serving `times` matching requests. */
export interface Fault {
  match: (r: SeenRequest) => boolean;
  status: number;
  code: string;
  times: number;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An in-process S3-compatible server (s3rver, a dev dependency) for the S3 store's tests. It checks
 * Signature V4 with its fixed credentials S3RVER / S3RVER. s3rver stores multipart uploads but
 * neither lists nor aborts them; the two calls are added here (unauthenticated, test only), with
 * a log of the requests and injected errors (`faults`).
 */
export async function startFakeS3(bucket = 'mamori-test') {
  const { default: S3rver } = await import('s3rver');
  const dir = mkdtempSync(join(tmpdir(), 'mamori-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(dir, 'data'), configureBuckets: [{ name: bucket }] });
  const uploadsDir = join(dir, 'data', bucket, '._S3rver_uploads');
  const requests: SeenRequest[] = [];
  const faults: Fault[] = [];

  const send = (res: ServerResponse, status: number, xml: string) => {
    res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
  };
  const listUploads = async () => {
    const ids = await readdir(uploadsDir).catch(() => [] as string[]);
    return Promise.all(ids.map(async (id) => ({ id, key: await readFile(join(uploadsDir, id, 'key'), 'utf8'), initiated: (await stat(join(uploadsDir, id, 'key'))).mtime })));
  };
  server.middleware.unshift(async (ctx, next) => {
    const { req, res } = ctx;
    const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    requests.push(seen);
    const url = new URL(seen.url, 'http://s3');
    const fault = faults.find((f) => f.times > 0 && f.match(seen));
    if (fault) {
      fault.times--;
      for await (const _ of req) void _; // read the body, so the client sees the answer, not a reset
      ctx.respond = false;
      return send(res, fault.status, `<Error><Code>${fault.code}</Code><Message>injected</Message></Error>`);
    }
    if (seen.method === 'DELETE' && url.searchParams.has('uploadId')) {
      ctx.respond = false;
      const id = url.searchParams.get('uploadId')!;
      if (!/^[0-9a-f]+$/.test(id) || !(await listUploads()).some((u) => u.id === id)) return send(res, 404, '<Error><Code>NoSuchUpload</Code></Error>');
      await rm(join(uploadsDir, id), { recursive: true, force: true });
      res.writeHead(204).end();
      return;
    }
    if (seen.method === 'GET' && url.searchParams.has('uploads') && url.pathname.replace(/\/$/, '') === `/${bucket}`) {
      ctx.respond = false;
      const prefix = url.searchParams.get('prefix') ?? '';
      const items = (await listUploads()).filter((u) => u.key.startsWith(prefix));
      const body = items.map((u) => `<Upload><Key>${xmlEscape(u.key)}</Key><UploadId>${u.id}</UploadId><Initiated>${u.initiated.toISOString()}</Initiated></Upload>`).join('');
      return send(res, 200, `<ListMultipartUploadsResult><Bucket>${bucket}</Bucket><IsTruncated>false</IsTruncated>${body}</ListMultipartUploadsResult>`);
    }
    return next();
  });

  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const options: S3StoreOptions = { endpoint, region: 'us-east-1', bucket, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, prefix: 'mamori/exchange/', forcePathStyle: true };
  return {
    endpoint,
    options,
    dir,
    requests,
    faults,
    /** Multipart uploads started and neither completed nor aborted. */
    unfinished: async () => (await listUploads()).map((u) => u.key),
    /** Environment for createTestApp to select this server. */
    env: { EXCHANGE_STORAGE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' },
    store: (more: Partial<S3StoreOptions> = {}) => new S3BlobStore({ ...options, ...more }),
    close: () => server.close(),
  };
}
