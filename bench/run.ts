/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after another, streaming
 * their output. Benchmarks print figures and never assert, so this exits non-zero only when one
 * of them crashes. Arguments filter by name: `npm run bench -- http audit`.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(filters.length ? `No benchmark matches ${filters.join(', ')}.` : `No benchmarks in ${dir}.`);
  process.exit(1);
}

function runOne(file: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, file)], { stdio: 'inherit', env: process.env });
    child.once('error', (e) => {
      console.error(e);
      resolve({ code: 1, signal: null });
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

const results: { file: string; ok: boolean; seconds: number; how: string }[] = [];
for (const [i, file] of files.entries()) {
  const title = `[${i + 1}/${files.length}] ${file}`;
  console.log(`\n${'═'.repeat(title.length + 4)}\n  ${title}\n${'═'.repeat(title.length + 4)}`);
  const t0 = performance.now();
  const { code, signal } = await runOne(file);
  const seconds = (performance.now() - t0) / 1000;
  const ok = code === 0;
  results.push({ file, ok, seconds, how: ok ? 'ok' : signal ? `killed by ${signal}` : `exit code ${code}` });
}

console.log('\nBenchmarks:');
for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.file.padEnd(32)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.how}`);
const crashed = results.filter((r) => !r.ok);
if (crashed.length) {
  console.error(`${crashed.length} benchmark(s) crashed: ${crashed.map((r) => r.file).join(', ')}`);
  process.exit(1);
}
