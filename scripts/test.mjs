#!/usr/bin/env node
// Runs every test: the static checks (the type checker, and the linter with the module boundaries)
// while the web app builds; then the unit and integration tests (on PGlite and PostgreSQL) and, side
// by side with them, the browser tests (which mostly wait on pages and servers, so the two share the
// cores well). Prints a final line "N passed, N failed, N skipped" from the runners' JSON results;
// each static check counts as one test.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { summarize, RESULTS_DIR } from './test-summary.mjs';

mkdirSync(RESULTS_DIR, { recursive: true });
for (const f of ['vitest.json', 'e2e.json', 'checks.json']) rmSync(`${RESULTS_DIR}/${f}`, { force: true });

const env = { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' };
const started = Date.now();
const minutes = () => `${((Date.now() - started) / 60_000).toFixed(1)} min`;

/** Runs a command with its output on ours; resolves to its exit code. */
const run = (name, args, quiet = false) =>
  new Promise((resolve) => {
    const child = spawn('npx', args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', () => resolve(1));
    child.on('exit', (code) => {
      // A quiet step shows its output only when it fails.
      if (quiet && code !== 0) process.stdout.write(out);
      console.log(`\n■ ${name} finished (exit ${code ?? 1}) after ${minutes()}`);
      resolve(code ?? 1);
    });
  });

console.log('\n▶ Type check, lint and module boundaries, while the web app builds');
const checks = [
  { name: 'Type check (tsc)', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'Lint (eslint) and module boundaries (dependency-cruiser)', args: ['npm', 'run', '--silent', 'lint'] },
];
const [build, ...checkCodes] = await Promise.all([
  run('Web app build', ['vite', 'build', '--logLevel', 'warn']),
  ...checks.map((c) => run(c.name, c.args, true)),
]);
if (build !== 0) console.error('The web build failed; browser tests not run.');
// The checks' results, in the shape the summary reads (one test each).
writeFileSync(
  `${RESULTS_DIR}/checks.json`,
  JSON.stringify({
    numPassedTests: checkCodes.filter((c) => c === 0).length,
    numFailedTests: checkCodes.filter((c) => c !== 0).length,
    testResults: checks.map((c, i) => ({ name: c.name, status: checkCodes[i] === 0 ? 'passed' : 'failed', assertionResults: [{ title: c.name, status: checkCodes[i] === 0 ? 'passed' : 'failed' }] })),
  }),
);

console.log('\n▶ Unit and integration tests (PGlite and PostgreSQL) and browser tests (Chromium), side by side');
const [unit, e2e] = await Promise.all([
  run('Unit and integration tests', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS_DIR}/vitest.json`]),
  build === 0 ? run('Browser tests', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS_DIR}/e2e.json`]) : Promise.resolve(1),
]);

const s = summarize();
console.log(`\n${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`);
process.exit(unit === 0 && e2e === 0 && build === 0 && checkCodes.every((c) => c === 0) && s.failed === 0 ? 0 : 1);
