import type { FieldIssue } from '../../shared/validation.js';
import { fillPath, type CallInput, type EndpointSpec, type NoInput, type ResponseOf } from '../../shared/api/endpoint.js';

/**
 * The one way the web app talks to the server: same-origin fetch with JSON in and out, the CSRF
 * header on every state-changing request, and errors turned into ApiError with the server's code.
 */

/** One field problem from a 400 VALIDATION_FAILED response. */
export type { FieldIssue };

/** A failed request. `code` is the server's stable error code (translated via `errors.<code>`). */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly requestId: string | null = null,
    public readonly details: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The per-field problems of a validation error, if the server sent any. */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldIssue => !!d && typeof d === 'object' && typeof (d as FieldIssue).path === 'string' && typeof (d as FieldIssue).message === 'string',
    );
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

const SAFE_METHODS = new Set(['GET', 'HEAD']);

let csrfToken = '';
type Listener = (error: ApiError) => void;
let unauthenticatedListener: Listener | null = null;

/** Remembers the CSRF token of the latest session response. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when any request answers 401 for a missing or expired session (not a failed sign-in). */
export function onUnauthenticated(listener: Listener | null): void {
  unauthenticatedListener = listener;
}

/** Builds a same-origin URL with the defined query parameters. */
export function buildUrl(path: string, query?: QueryParams): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

function statusCode(status: number): string {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'UNAVAILABLE';
  if (status >= 400 && status < 500) return 'BAD_REQUEST';
  return 'INTERNAL';
}

/** Turns an error response body (or its absence) into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown } } | null)?.error;
  if (e && typeof e.code === 'string') {
    return new ApiError(status, e.code, typeof e.message === 'string' ? e.message : e.code, typeof e.requestId === 'string' ? e.requestId : null, e.details);
  }
  return new ApiError(status, statusCode(status), `HTTP ${status}`);
}

function notify(error: ApiError): ApiError {
  if (error.status === 401 && (error.code === 'UNAUTHENTICATED' || error.code === 'SESSION_EXPIRED')) {
    unauthenticatedListener?.(error);
  }
  return error;
}

async function refreshCsrfToken(): Promise<void> {
  const res = await fetch('/api/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (res.ok) {
    const body = (await res.json()) as { csrfToken?: string };
    if (body.csrfToken) csrfToken = body.csrfToken;
  }
}

interface RequestOptions {
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
}

async function send(method: string, path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method)) headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'UNAVAILABLE', err instanceof Error ? err.message : 'network error');
  }
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Sends a request; a stale CSRF token is refreshed once and the request retried. */
async function sendChecked(method: string, path: string, opts: RequestOptions): Promise<Response> {
  let res = await send(method, path, opts);
  if (res.status === 403 && !SAFE_METHODS.has(method)) {
    const body = await readJson(res.clone());
    if (toApiError(403, body).code === 'CSRF_FAILED') {
      await refreshCsrfToken();
      res = await send(method, path, opts);
    }
  }
  if (!res.ok) throw notify(toApiError(res.status, await readJson(res)));
  return res;
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await sendChecked(method, path, opts);
  if (res.status === 204) return undefined as T;
  return (await readJson(res)) as T;
}

/** A downloaded file: its bytes and the name the server suggested (if any). */
export interface Download {
  blob: Blob;
  fileName: string | null;
}

function fileNameOf(res: Response): string | null {
  const cd = res.headers.get('content-disposition');
  if (!cd) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain?.[1] ?? null;
}

type Args<E extends EndpointSpec> = NoInput<E> extends true ? [input?: CallInput<E>, signal?: AbortSignal] : [input: CallInput<E>, signal?: AbortSignal];

/**
 * Calls an endpoint of the API contract (`src/shared/api/`): the path, its parameters, the query,
 * the body and the answer are all typed from the declaration the server registers its route with.
 */
export function call<E extends EndpointSpec>(e: E, ...[input, signal]: Args<E>): Promise<ResponseOf<E>> {
  const i = (input ?? {}) as { params?: Record<string, string | number>; query?: QueryParams; body?: unknown };
  return request<ResponseOf<E>>(e.method, fillPath(e.path, i.params), { query: i.query, body: i.body, signal });
}

/** The address of a GET endpoint (a file the browser downloads with the session cookie). */
export function hrefOf<E extends EndpointSpec & { method: 'GET' }>(e: E, ...[input]: Args<E>): string {
  const i = (input ?? {}) as { params?: Record<string, string | number>; query?: QueryParams };
  return buildUrl(fillPath(e.path, i.params), i.query);
}

/** Calls a `'file'` endpoint that is not a plain link (POST, or one needing the CSRF header) and returns the file. */
export async function callForFile<E extends EndpointSpec & { response: 'file' }>(e: E, ...[input]: Args<E>): Promise<Download> {
  const i = (input ?? {}) as { params?: Record<string, string | number>; query?: QueryParams; body?: unknown };
  const res = await sendChecked(e.method, fillPath(e.path, i.params), { query: i.query, body: i.body });
  return { blob: await res.blob(), fileName: fileNameOf(res) };
}

export interface UploadHandle<T> {
  promise: Promise<T>;
  abort: () => void;
}

/**
 * Uploads multipart form data with XMLHttpRequest, which (unlike fetch) reports upload progress.
 * `onProgress` receives a fraction between 0 and 1.
 */
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(notify(toApiError(xhr.status, body)));
    };
    xhr.onerror = () => reject(new ApiError(0, 'UNAVAILABLE', 'network error'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/** Saves a blob as a file through a temporary object URL (no inline script, CSP-safe). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
