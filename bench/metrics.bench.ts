/**
 * What the metrics' onResponse hook (src/server/metrics: a counter and a histogram per request,
 * labelled by route pattern) costs on a bare Fastify route: the same route with and without the
 * hook, alternated, each in its own child process. Prints figures and the ratio; never asserts.
 *
 *   npm run bench -- metrics
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { Registry } from 'prom-client';
import { countRequests, HttpMetrics } from '../src/server/metrics/index.js';
import { heading, note, printTable, table } from './lib/report.js';

const SELF = fileURLToPath(import.meta.url);
const CONNECTIONS = 32;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
const WARMUP_S = 2;
const ROUNDS = 2;

async function serve(withHook: boolean): Promise<void> {
  const app = Fastify({ logger: false });
  if (withHook) countRequests(app, new HttpMetrics(new Registry()));
  app.get('/api/things/:id', async (req) => ({ id: (req.params as { id: string }).id, ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const shutdown = () => void app.close().finally(() => process.exit(0));
  process.once('message', shutdown);
  process.once('disconnect', shutdown);
  process.send?.({ port: typeof addr === 'object' && addr ? addr.port : 0 });
}

function start(withHook: boolean): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, [withHook ? 'hook' : 'bare'], { execArgv: ['--import', 'tsx'], env: { ...process.env, METRICS_BENCH_CHILD: '1' } });
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
}

async function run(withHook: boolean): Promise<{ rps: number; p50: number; p99: number; non2xx: number }> {
  const { child, port } = await start(withHook);
  try {
    const opts = (duration: number) =>
      ({
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration,
        requests: [{ method: 'GET' as const, setupRequest: (r: autocannon.Request) => ({ ...r, path: `/api/things/${Math.floor(Math.random() * 1e9)}` }) }],
      }) as autocannon.Options;
    await autocannon(opts(WARMUP_S));
    const r = await autocannon(opts(DURATION_S));
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  heading(`Metrics hook on a bare route: GET /api/things/:id (a random id each time), ${CONNECTIONS} connections, ${DURATION_S} s after ${WARMUP_S} s warm-up, ${ROUNDS} rounds alternated`);
  note('Server in a child process, autocannon in this one.');
  const rows: { server: string; round: number; rps: number; p50: number; p99: number; non2xx: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const withHook of [false, true]) rows.push({ server: withHook ? 'with metrics hook' : 'bare Fastify', round, ...(await run(withHook)) });
  }
  table(rows.map((r) => ({ server: r.server, round: r.round, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, 'non-2xx': r.non2xx })));
  const mean = (name: string) => {
    const xs = rows.filter((r) => r.server === name).map((r) => r.rps);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  printTable('Throughput against the bare route (mean of the rounds)', [
    { name: 'bare Fastify', value: mean('bare Fastify'), unit: 'req/s', baseline: true },
    { name: 'with metrics hook', value: mean('with metrics hook'), unit: 'req/s' },
  ]);
}

if (process.env.METRICS_BENCH_CHILD === '1') await serve(process.argv[2] === 'hook');
else await main();
