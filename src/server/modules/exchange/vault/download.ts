import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from '../../../files/content-disposition.js';
import { MEDIA_TYPES, type FileType } from './content-check.js';
import { VaultIntegrityError } from './errors.js';
import { toAppError } from './upload.js';
import type { Vault } from './vault.service.js';
import type { VaultFile } from './vault.js';

/**
 * One byte range of a `Range: bytes=…` header against a file of `size` bytes: the range to send,
 * 'unsatisfiable' (416), or null to send the whole file (no header, a syntax we ignore, or several
 * ranges — a multipart answer is not worth it for downloads that resume).
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || last < start) return 'unsatisfiable';
  return { start, end: last + 1 };
}

/** How a streamed download ended, for whoever records it. */
export interface DownloadOutcome {
  /** Every byte of the requested range was handed to the connection. */
  completed: (sent: number) => Promise<void>;
  /** It stopped part-way: a chunk failed its check (`integrity`), or the client went away (`aborted`). */
  failed: (reason: 'integrity' | 'aborted', sent: number) => Promise<void>;
}

/**
 * Streams a vault file as the reply: Content-Length, Content-Disposition (Japanese names too),
 * `Repr-Digest` and `X-Content-SHA256` with the SHA-256 recorded at upload, an ETag, and single
 * byte ranges (206; a download that was cut off resumes with `Range` + `If-Range`).
 *
 * The first chunk of the range is read and authenticated before any header is set: a file whose
 * first chunk was tampered with answers the standard error (500 FILE_INTEGRITY_FAILED) and no
 * name or hash. A later chunk that fails ends the response early (the connection is cut, so the
 * client sees a failed download, never a short "complete" one). The vault audits the integrity
 * failure itself; `outcome` hears how the stream ended — `completed` runs before the response's end
 * is sent, so a download is recorded only once it was delivered.
 */
export async function sendVaultFile(vault: Vault, req: FastifyRequest, reply: FastifyReply, file: VaultFile, outcome?: DownloadOutcome): Promise<FastifyReply> {
  const etag = `"sha256-${file.sha256}"`;
  const ifRange = req.headers['if-range'];
  const wanted = ifRange && ifRange !== etag ? null : parseRange(req.headers.range, file.size);
  if (wanted === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${file.size}`).header('cache-control', 'no-store').send();
  }
  const range = wanted ?? { start: 0, end: file.size };
  const source = (await vault.openPlaintext(file.id, wanted ?? undefined)) as Readable;
  const it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: IteratorResult<Buffer>;
  try {
    first = await it.next();
  } catch (e) {
    source.destroy();
    if (e instanceof VaultIntegrityError) await outcome?.failed('integrity', 0).catch(() => undefined);
    throw toAppError(e);
  }
  reply
    .header('content-type', MEDIA_TYPES[file.detectedType as FileType] ?? 'application/octet-stream')
    .header('content-disposition', contentDisposition(file.fileName))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    .header('repr-digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
    .header('x-content-sha256', file.sha256)
    .header('content-length', String(range.end - range.start));
  if (wanted) reply.code(206).header('content-range', `bytes ${range.start}-${range.end - 1}/${file.size}`);
  let sent = 0;
  let settled = false;
  const completed = async () => {
    settled = true;
    await outcome?.completed(sent);
  };
  const failed = async (reason: 'integrity' | 'aborted') => {
    if (settled) return;
    settled = true;
    await outcome?.failed(reason, sent).catch(() => undefined);
  };
  async function* body(): AsyncGenerator<Buffer> {
    let ended = false;
    try {
      if (!first.done) {
        sent += first.value.length;
        yield first.value;
        for (;;) {
          const r = await it.next();
          if (r.done) break;
          sent += r.value.length;
          yield r.value;
        }
      }
      ended = true;
      await completed();
    } catch (e) {
      if (!ended) await failed(e instanceof VaultIntegrityError ? 'integrity' : 'aborted');
      throw e;
    } finally {
      if (!ended) source.destroy();
    }
  }
  const stream = Readable.from(body(), { objectMode: false, highWaterMark: 1 });
  // A client that goes away stops the stream without an error: recorded as a failed download.
  reply.raw.once('close', () => {
    if (!settled) void failed('aborted');
  });
  return reply.send(stream);
}
