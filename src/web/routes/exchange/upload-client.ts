import { vaultApi } from '../../../shared/api/exchange.js';
import { fillPath, type CallInput, type EndpointSpec, type ResponseOf } from '../../../shared/api/endpoint.js';
import type { UploadDto, VaultFileDto } from '../../../shared/exchange-vault.js';
import { UPLOAD_CONTENT_TYPE } from '../../../shared/exchange-vault.js';
import { ApiError, toApiError } from '../../api/client.js';
import { fetchSession } from '../../api/session.js';

/**
 * A resumable upload through the vault's PATCH protocol (src/shared/exchange-vault.ts): the file is
 * sent in parts from the last offset the server holds; after a dropped connection or a server
 * hiccup the client asks the server for its offset and goes on from there, with growing pauses.
 * Only one part (a slice of the File, read by the browser as it is sent) is in flight at a time.
 */

export interface UploadProgress {
  /** Bytes the server has confirmed, plus the bytes of the part in flight. */
  sent: number;
  total: number;
  /** Set while waiting to retry after an error. */
  retrying: boolean;
}

export interface UploadOptions {
  onProgress?: (p: UploadProgress) => void;
  /** Bytes per PATCH request (rounded to the server's chunk size). Default 8 MiB. */
  partBytes?: number;
  /** Attempts in a row without progress before giving up. Default 8. */
  maxRetries?: number;
  /** Pause before the n-th retry (ms); tests pass a short one. */
  backoff?: (attempt: number) => number;
  signal?: AbortSignal;
  /** The draft transfer the file is for: the server then holds its release until this upload is finished and attached. */
  transferId?: string;
}

const DEFAULT_PART = 8 * 1024 * 1024;
const defaultBackoff = (n: number) => Math.min(30_000, 500 * 2 ** n);

let csrf = '';
async function csrfToken(refresh = false): Promise<string> {
  if (!csrf || refresh) csrf = (await fetchSession()).csrfToken;
  return csrf;
}

/** Errors worth a retry: the network, the server being busy or unavailable. */
const retryable = (e: ApiError) => e.status === 0 || e.status === 429 || e.status >= 500 || e.code === 'UPLOAD_BUSY';

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

/**
 * One JSON request to an upload endpoint of the contract. Not `call()`: the upload keeps its own
 * CSRF token and reports errors to its retry loop, not to the session's listeners.
 */
async function json<E extends EndpointSpec>(endpoint: E, input: CallInput<E>, signal?: AbortSignal): Promise<ResponseOf<E>> {
  const { method } = endpoint;
  const { params, body } = input as { params?: Record<string, string | number>; body?: unknown };
  const url = fillPath(endpoint.path, params);
  const send = async (refresh: boolean) =>
    fetch(url, {
      method,
      credentials: 'same-origin',
      signal,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method !== 'GET' ? { 'x-csrf-token': await csrfToken(refresh) } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let res: Response;
  try {
    res = await send(false);
    if (res.status === 403 && method !== 'GET') {
      const err = toApiError(403, await res.clone().json().catch(() => null));
      if (err.code === 'CSRF_FAILED') res = await send(true);
    }
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'UNAVAILABLE', 'network error');
  }
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) throw toApiError(res.status, parsed);
  return parsed as ResponseOf<E>;
}

/** One PATCH with XMLHttpRequest (fetch reports no upload progress). */
function patch(id: string, offset: number, part: Blob, onSent: (n: number) => void, signal?: AbortSignal): Promise<UploadDto> {
  return csrfToken().then(
    (token) =>
      new Promise<UploadDto>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open(vaultApi.append.method, fillPath(vaultApi.append.path, { id }));
        xhr.setRequestHeader('accept', 'application/json');
        xhr.setRequestHeader('content-type', UPLOAD_CONTENT_TYPE);
        xhr.setRequestHeader('upload-offset', String(offset));
        xhr.setRequestHeader('x-csrf-token', token);
        xhr.upload.onprogress = (e) => onSent(e.loaded);
        xhr.onload = () => {
          let body: unknown = null;
          try {
            body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
          } catch {
            body = null;
          }
          if (xhr.status >= 200 && xhr.status < 300) resolve(body as UploadDto);
          else reject(toApiError(xhr.status, body));
        };
        xhr.onerror = () => reject(new ApiError(0, 'UNAVAILABLE', 'network error'));
        xhr.ontimeout = () => reject(new ApiError(0, 'UNAVAILABLE', 'timeout'));
        xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
        signal?.addEventListener('abort', () => xhr.abort());
        xhr.send(part);
      }),
  );
}

/**
 * Uploads one file and resolves with the finished vault file (its id is what a transfer attaches).
 * Rejects with ApiError for a refusal (too large, type not allowed, zip bomb…) or when retries run out.
 */
export async function uploadFile(file: File, opts: UploadOptions = {}): Promise<VaultFileDto> {
  const backoff = opts.backoff ?? defaultBackoff;
  const maxRetries = opts.maxRetries ?? 8;
  const report = (sent: number, retrying = false) => opts.onProgress?.({ sent: Math.min(sent, file.size), total: file.size, retrying });
  let u: UploadDto = await json(vaultApi.create, { body: { fileName: file.name, size: file.size, ...(opts.transferId ? { transferId: opts.transferId } : {}) } }, opts.signal);
  const part = Math.max(u.chunkSize, Math.floor((opts.partBytes ?? DEFAULT_PART) / u.chunkSize) * u.chunkSize);
  let offset = u.offset;
  let failures = 0;
  report(offset);
  try {
    for (;;) {
      if (u.file) {
        report(file.size);
        return u.file;
      }
      const end = Math.min(file.size, offset + part);
      try {
        u = await patch(u.id, offset, file.slice(offset, end), (n) => report(offset + n), opts.signal);
        if (u.offset > offset) failures = 0;
        offset = u.offset;
        report(offset);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (e.code === 'UPLOAD_OFFSET_MISMATCH') {
          // The server holds a different offset (a part arrived although its answer was lost): go on from there.
          const at = (e.details as { offset?: number } | undefined)?.offset;
          offset = typeof at === 'number' ? at : (await json(vaultApi.status, { params: { id: u.id } }, opts.signal)).offset;
          continue;
        }
        if (!retryable(e) || ++failures > maxRetries) throw e;
        report(offset, true);
        await sleep(backoff(failures - 1), opts.signal);
        // Ask where the server is: the part may have been stored up to some point before the drop.
        for (;;) {
          try {
            u = await json(vaultApi.status, { params: { id: u.id } }, opts.signal);
            offset = u.offset;
            break;
          } catch (g) {
            if (!(g instanceof ApiError) || !retryable(g) || ++failures > maxRetries) throw g;
            await sleep(backoff(failures - 1), opts.signal);
          }
        }
        report(offset);
      }
    }
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') {
      // Abandoned by the person: the server drops what it received.
      void json(vaultApi.abandon, { params: { id: u.id } }).catch(() => undefined);
    }
    throw e;
  }
}
