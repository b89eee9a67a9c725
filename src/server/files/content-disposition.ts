import contentDispositionHeader from 'content-disposition';

/**
 * `Content-Disposition` for a download, through the `content-disposition` library (RFC 6266): the
 * real name as `filename*=UTF-8''…` when it is not plain Latin-1 (Japanese names), with an ASCII
 * `filename` beside it for old clients (derived from the name unless given); a plain ASCII name is
 * sent as `filename` alone.
 */
export function contentDisposition(fileName: string, kind: 'attachment' | 'inline' = 'attachment', fallback = asciiFallback(fileName)): string {
  return contentDispositionHeader(fileName, { type: kind, fallback });
}

/** The name with everything outside printable ASCII taken out (accents folded first); `file` when nothing is left. */
function asciiFallback(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 ? fileName.slice(dot).replace(/[^A-Za-z0-9.]/g, '') : '';
  const base = (dot > 0 ? fileName.slice(0, dot) : fileName)
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\%;]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `${/[A-Za-z0-9]/.test(base) ? base : 'file'}${ext}`;
}
