#!/usr/bin/env node
// Runs every test: unit and integration tests (on PGlite and PostgreSQL), then the browser tests.
// Prints a final line "N passed, N failed, N skipped" from the runners' JSON results.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { summarize, RESULTS_DIR } from './test-summary.mjs';

mkdirSync(RESULTS_DIR, { recursive: true });
for (const f of ['vitest.json', 'e2e.json']) rmSync(`${RESULTS_DIR}/${f}`, { force: true });

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' } }).status ?? 1;

console.log('\n▶ Building the web app for the browser tests');
const build = run('npx', ['vite', 'build', '--logLevel', 'warn']);

console.log('\n▶ Unit and integration tests (PGlite and PostgreSQL)');
const unit = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS_DIR}/vitest.json`]);

let e2e = 1;
if (build === 0) {
  console.log('\n▶ Browser tests (Chromium)');
  e2e = run('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS_DIR}/e2e.json`]);
} else {
  console.error('The web build failed; browser tests not run.');
}

const s = summarize();
console.log(`\n${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`);
process.exit(unit === 0 && e2e === 0 && build === 0 && s.failed === 0 ? 0 : 1);
