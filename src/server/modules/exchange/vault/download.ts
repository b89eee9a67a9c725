import type { FastifyReply, FastifyRequest } from 'fastify';
import { MEDIA_TYPES, type FileType } from './content-check.js';
import type { Vault } from './vault.service.js';
import type { VaultFile } from './vault.js';

/**
 * `Content-Disposition: attachment` with an ASCII fallback name and the real name in RFC 5987 /
 * RFC 6266 form (`filename*=UTF-8''…`), which browsers use for Japanese names.
 */
export function contentDisposition(fileName: string, kind: 'attachment' | 'inline' = 'attachment'): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot).replace(/[^A-Za-z0-9.]/g, '') : '';
  const base = (dot > 0 ? fileName.slice(0, dot) : fileName)
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\%;]/g, '')
    .trim();
  const ascii = `${base || 'file'}${ext}`;
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

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

/**
 * Streams a vault file as the reply: Content-Length, Content-Disposition (Japanese names too),
 * `Repr-Digest` with the SHA-256 recorded at upload, an ETag, and single byte ranges (206; a
 * download that was cut off resumes with `Range` + `If-Range`). Each chunk is authenticated before
 * it is sent; a tampered chunk ends the response early (the client sees a short download), and the
 * vault audits the failure. The caller authorizes and audits the download itself.
 */
export async function sendVaultFile(vault: Vault, req: FastifyRequest, reply: FastifyReply, file: VaultFile): Promise<FastifyReply> {
  const etag = `"sha256-${file.sha256}"`;
  const ifRange = req.headers['if-range'];
  const wanted = ifRange && ifRange !== etag ? null : parseRange(req.headers.range, file.size);
  reply
    .header('content-type', MEDIA_TYPES[file.detectedType as FileType] ?? 'application/octet-stream')
    .header('content-disposition', contentDisposition(file.fileName))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    .header('repr-digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
  if (wanted === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${file.size}`).send();
  }
  const range = wanted ?? { start: 0, end: file.size };
  const stream = await vault.openPlaintext(file.id, wanted ?? undefined);
  reply.header('content-length', String(range.end - range.start));
  if (wanted) reply.code(206).header('content-range', `bytes ${range.start}-${range.end - 1}/${file.size}`);
  return reply.send(stream);
}
