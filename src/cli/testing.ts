import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '../..');
/** The compiled CLI, as production runs it; the test run's global setup builds it from the sources. */
export const CLI_BUNDLE = join(ROOT, 'dist/server/mamori.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Tests only: runs the real `mamori` CLI in a child process on PGlite in `dataDir` (also its
 * working directory), with `stdin` piped in, and resolves with its exit code and output.
 */
export function runMamori(dataDir: string, args: string[], stdin = '', env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env };
  delete childEnv.DATABASE_URL;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--enable-source-maps', CLI_BUNDLE, ...args], { cwd: dataDir, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
