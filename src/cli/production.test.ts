import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../server/testing/harness.js';
import { ROOT } from './testing.js';

// Mamori as production runs it: a copy holding only what ships (the compiled dist/, migrations,
// bin/ and scripts/, package files), its dependencies installed with `npm ci --omit=dev`, started
// with `node bin/mamori.js serve` and stopped with SIGTERM as systemd or a container does.
// PGlite project only: one installation is enough.
const STEP = 300_000;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

const get = (port: number, path: string) =>
  new Promise<{ status: number; body: string; cookies: string[] }>((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cookies: res.headers['set-cookie'] ?? [] }));
    })
      .once('error', reject)
      .end();
  });

describe.skipIf(ENGINE === 'postgres')('a production installation (compiled build, no development dependencies)', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let port: number;
  let output = '';

  beforeAll(async () => {
    // The web app is built by `npm test` before the tests, the server bundle by the tests' global setup.
    if (!existsSync(join(ROOT, 'dist/web/index.html'))) {
      const web = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
      expect(web.status).toBe(0);
    }
    dir = mkdtempSync(join(tmpdir(), 'mamori-prod-'));
    for (const p of ['package.json', 'package-lock.json', 'bin', 'scripts', 'migrations', 'dist']) cpSync(join(ROOT, p), join(dir, p), { recursive: true });
    writeFileSync(join(dir, 'dist/.build-stamp'), new Date().toISOString());
    const install = spawnSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
  }, STEP);
  afterAll(async () => {
    child?.kill('SIGKILL');
    // The copy holds a full node_modules: removing it can take a while on a busy disk.
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 });
  }, STEP);

  it('has none of the build tools', () => {
    for (const dev of ['tsx', 'vite', 'esbuild', 'typescript', 'vitest']) expect(existsSync(join(dir, 'node_modules', dev)), dev).toBe(false);
  });

  it('starts from dist/ and serves the API and the web app', { timeout: STEP }, async () => {
    port = await freePort();
    child = spawn(process.execPath, ['bin/mamori.js', 'serve'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, DATA_DIR: join(dir, 'data'), PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + STEP - 10_000;
    let ready = 0;
    while (Date.now() < deadline && child.exitCode === null) {
      ready = await get(port, '/readyz').then((r) => r.status, () => 0);
      if (ready === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(ready, output).toBe(200);
    expect(output).toContain('/setup?token=');
    const page = await get(port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
  });

  it('finishes a request in flight when SIGTERM arrives, then exits 0', { timeout: STEP }, async () => {
    // A sign-in attempt that passes the CSRF check, so its handler runs once the body has arrived.
    const session = await get(port, '/api/session');
    const csrf = (JSON.parse(session.body) as { csrfToken: string }).csrfToken;
    const cookie = session.cookies.map((c) => c.split(';')[0]).join('; ');
    const body = JSON.stringify({ email: 'nobody@example.jp', password: 'not a real passphrase' });
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-csrf-token': csrf, cookie };
    const answered = new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/auth/sign-in', method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.once('error', reject);
      // Half the body now, SIGTERM, the rest afterwards: the request is in flight when the signal lands.
      req.write(body.slice(0, 10));
      setTimeout(() => {
        child!.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 500);
      }, 300);
    });
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    expect(await answered).toBe(401);
    expect(await exited, output).toBe(0);
  });
});
