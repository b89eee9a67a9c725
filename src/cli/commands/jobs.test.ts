import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../../server/testing/harness.js';

// The real CLI in a child process on PGlite in a temp DATA_DIR (so in the pglite project only).
const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'src/cli/main.ts');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

function mamori(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

describe.skipIf(ENGINE === 'postgres')('mamori jobs run (CLI, PGlite)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mamori-jobs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every module’s jobs without the web server, after the modules’ seeds', { timeout: 120_000 }, async () => {
    const run = await mamori(dir, ['jobs', 'run', '--force']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ran = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    // One line per job, from the core and from the modules' manifests, each run once.
    expect(ran).toEqual(expect.arrayContaining(['mail.deliver', 'identity.prune_auth_failures', 'accounts.dormancy', 'documents.daily', 'exchange.scans', 'exchange.uploads_expire', 'training.daily', 'breach.clock_reminders']));
    expect(new Set(ran).size).toBe(ran.length);
    expect(run.stdout).not.toMatch(/failed:/);

    // The seeds ran from the manifests too: the laws, the control catalogue and the sanction types are there.
    const pglite = new PGlite(join(dir, 'pglite'));
    try {
      const count = async (table: string) => Number((await pglite.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]?.n);
      expect(await count('laws')).toBeGreaterThan(5);
      expect(await count('controls')).toBeGreaterThan(50);
      expect(await count('sanction_types')).toBeGreaterThan(0);
    } finally {
      await pglite.close();
    }
  });

  it('is not due a second time straight after', { timeout: 120_000 }, async () => {
    const again = await mamori(dir, ['jobs', 'run']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^documents\.daily\s+not due$/m);
  });
});
