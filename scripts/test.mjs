#!/usr/bin/env node
// Runs every test: unit and integration tests (on PGlite and PostgreSQL) and, side by side with
// them, the browser tests (which mostly wait on pages and servers, so the two share the cores well).
// Prints a final line "N passed, N failed, N skipped" from the runners' JSON results.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { summarize, RESULTS_DIR } from './test-summary.mjs';

mkdirSync(RESULTS_DIR, { recursive: true });
for (const f of ['vitest.json', 'e2e.json']) rmSync(`${RESULTS_DIR}/${f}`, { force: true });

const env = { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' };
const started = Date.now();
const minutes = () => `${((Date.now() - started) / 60_000).toFixed(1)} min`;

/** Runs a command with its output on ours; resolves to its exit code. */
const run = (name, args) =>
  new Promise((resolve) => {
    const child = spawn('npx', args, { stdio: 'inherit', env });
    child.on('error', () => resolve(1));
    child.on('exit', (code) => {
      console.log(`\n■ ${name} finished (exit ${code ?? 1}) after ${minutes()}`);
      resolve(code ?? 1);
    });
  });

console.log('\n▶ Building the web app for the browser tests');
const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit', env }).status ?? 1;
if (build !== 0) console.error('The web build failed; browser tests not run.');

console.log('\n▶ Unit and integration tests (PGlite and PostgreSQL) and browser tests (Chromium), side by side');
const [unit, e2e] = await Promise.all([
  run('Unit and integration tests', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS_DIR}/vitest.json`]),
  build === 0 ? run('Browser tests', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS_DIR}/e2e.json`]) : Promise.resolve(1),
]);

const s = summarize();
console.log(`\n${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`);
process.exit(unit === 0 && e2e === 0 && build === 0 && s.failed === 0 ? 0 : 1);
