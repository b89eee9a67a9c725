import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import type { UploadDto } from '../../../../shared/exchange-vault.js';
import { ENGINE } from '../../../testing/harness.js';
import { LocalBlobStore } from './store.js';

const C = 4096;
const SEGMENT = 4 * C;
const SEALED_SEGMENT = 4 * (C + 16);
const CHILD = fileURLToPath(new URL('../../../testing/vault-crash-child.ts', import.meta.url));

interface Server {
  proc: ChildProcess;
  base: string;
  cookie: string;
  csrf: string;
}

/** Starts a real server process on the data directory; resolves once it listens. */
function startServer(dataDir: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, CRASH_DATA_DIR: dataDir, CRASH_TEMPLATE: ENGINE === 'pglite' ? inject('pgliteTemplate') : '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        const { port, cookie, csrf } = JSON.parse(line) as { port: number; cookie: string; csrf: string };
        resolve({ proc, base: `http://127.0.0.1:${port}`, cookie, csrf });
      }
    });
    proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    proc.once('exit', (code) => reject(new Error(`server exited (${code}): ${err.slice(-2000)}`)));
  });
}

async function call(s: Server, method: string, path: string, body?: unknown) {
  const res = await fetch(`${s.base}${path}`, {
    method,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as UploadDto };
}

const wait = async (what: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 1000; i++) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting');
};

// The child runs PGlite in its own data directory whatever the test engine is, so once is enough.
describe.skipIf(ENGINE === 'postgres')('kill -9 during an upload', () => {
  it('leaves no visible partial file, and the upload resumes in a new server process', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mamori-crash-'));
    const objects = join(dataDir, 'exchange', 'objects');
    const tmp = join(dataDir, 'exchange', 'tmp');
    const data = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(10 * SEGMENT + 1000 - 8)]);
    const a = await startServer(dataDir);
    let b: Server | null = null;
    try {
      const u = (await call(a, 'POST', '/api/exchange/uploads', { fileName: 'crash.png', size: data.length })).body;
      // Stream a PATCH that stops part-way into a segment, as if the sender were slow.
      const req = httpRequest(`${a.base}/api/exchange/uploads/${u.id}`, {
        method: 'PATCH',
        headers: { cookie: a.cookie, 'x-csrf-token': a.csrf, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'content-length': String(data.length) },
      });
      req.on('error', () => undefined);
      req.write(data.subarray(0, 6 * SEGMENT + C + 37));
      // Six segments committed; the seventh is being written (its first chunk is in a temp file).
      await wait(async () => (await call(a, 'GET', `/api/exchange/uploads/${u.id}`)).body.offset === 6 * SEGMENT);
      await wait(() => existsSync(tmp) && readdirSync(tmp).some((n) => statSync(join(tmp, n)).size > 0));

      a.proc.kill('SIGKILL');
      await new Promise((r) => a.proc.once('exit', r));

      // Only whole, committed segments are visible; the interrupted one is an invisible temp file.
      const [folder, ...others] = readdirSync(objects);
      expect(others).toEqual([]);
      const visible = readdirSync(join(objects, folder!)).map((n) => statSync(join(objects, folder!, n)).size);
      expect(visible).toEqual(Array(6).fill(SEALED_SEGMENT));
      expect(readdirSync(tmp).length).toBe(1);

      b = await startServer(dataDir);
      const status = await call(b, 'GET', `/api/exchange/uploads/${u.id}`);
      expect(status.body).toMatchObject({ offset: 6 * SEGMENT, status: 'uploading' });
      const res = await fetch(`${b.base}/api/exchange/uploads/${u.id}`, {
        method: 'PATCH',
        headers: { cookie: b.cookie, 'x-csrf-token': b.csrf, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(6 * SEGMENT) },
        body: data.subarray(6 * SEGMENT),
      });
      expect(res.status).toBe(200);
      const done = (await res.json()) as UploadDto;
      expect(done.file?.sha256).toBe(createHash('sha256').update(data).digest('hex'));
      // the leftover of the killed write is swept by the housekeeping job
      expect(await new LocalBlobStore(join(dataDir, 'exchange')).sweep(0, Date.now() + 1000)).toBe(1);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (a.proc.exitCode === null) a.proc.kill('SIGKILL');
      if (b) {
        b.proc.kill('SIGTERM');
        await new Promise((r) => b!.proc.once('exit', r));
      }
    }
  });
});
