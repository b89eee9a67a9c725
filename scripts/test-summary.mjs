#!/usr/bin/env node
// Reads the static checks' and vitest's JSON reports and prints "N passed, N failed, N skipped".
// A runner that produced no report (it crashed) counts as one failure, so a crash is never silent.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = '.test-results';
const REPORTS = ['checks.json', 'vitest.json', 'e2e.json'];

export function summarize() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const f of REPORTS) {
    const path = `${RESULTS_DIR}/${f}`;
    if (!existsSync(path)) {
      failed += 1;
      continue;
    }
    const r = JSON.parse(readFileSync(path, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    // A file that failed without a failing test (it did not load, or a beforeAll/afterAll hook
    // failed or timed out) still counts as one failure.
    for (const file of r.testResults ?? [])
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed')) failed += 1;
  }
  return { passed, failed, skipped };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = summarize();
  console.log(`${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`);
}
