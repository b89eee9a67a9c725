/**
 * Sign-in under load, on PGlite: (1) sign-ins per second with the real argon2id parameters next to
 * raw argon2id hashes per second measured in the same run (goal: sign-in ≥ 80 % of raw, i.e. the
 * rest of sign-in costs little next to the hash); (2) p99 of an ordinary authenticated GET while a
 * sign-in storm runs, next to its idle p99 (goal ≤ 2×: argon2 runs on the libuv pool, not the event
 * loop). Prints figures; never asserts.
 *
 *   node --import tsx bench/signin.bench.ts
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { people } from '../src/server/db/schema/index.js';
import { HASH_CONCURRENCY, hashPassword, rawHash } from '../src/server/modules/identity/password.js';
import { PLEDGE_VERSION } from '../src/shared/account.js';
import { heading, note, table } from './lib/report.js';

const SELF = fileURLToPath(import.meta.url);
const PASSWORD = 'bench sign-in passphrase 2026';
const DURATION_S = 8;
const GOAL = { ratio: 0.8, p99x: 2 };

type Ready = { type: 'ready'; port: number; email: string };

async function serve(dataDir: string): Promise<void> {
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production', SIGN_IN_RATE_LIMIT: '100000000', MFA_REQUIRED_FOR_RESEARCHERS: 'false' });
  const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
  await database.migrate();
  const { app, ctx } = await buildApp({ config, database, secrets: (await import('../src/server/secrets.js')).loadSecrets(config), logger: false });
  const email = 'bench.signin@example.jp';
  await ctx.db
    .insert(people)
    .values({ familyNameJa: '負荷', familyNameEn: 'Fuka', email, passwordHash: await hashPassword(PASSWORD), accountStatus: 'active', pledgeVersion: PLEDGE_VERSION });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const shutdown = () => void app.close().then(() => database.close()).finally(() => process.exit(0));
  process.once('message', shutdown);
  process.once('disconnect', shutdown);
  process.send?.({ type: 'ready', port: typeof addr === 'object' && addr ? addr.port : 0, email } satisfies Ready);
}

/** Raw argon2id hashes per second with `concurrency` in flight (as many as the server lets run at once). */
async function rawHashRate(concurrency: number, seconds: number): Promise<number> {
  let n = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await rawHash(`${PASSWORD}${n}`);
        n++;
      }
    }),
  );
  return n / seconds;
}

const run = (opts: autocannon.Options) => autocannon({ ...opts, duration: DURATION_S });

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-bench-signin-'));
  const child = fork(SELF, ['--serve', dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const ready = await new Promise<Ready>((res, rej) => {
      child.once('message', (m) => res(m as Ready));
      child.once('exit', (code) => rej(new Error(`server exited ${code}`)));
    });
    const base = `http://127.0.0.1:${ready.port}`;
    // An anonymous CSRF token, then one sign-in to get a session (for the GETs) and a known-device cookie.
    const s0 = await fetch(`${base}/api/session`);
    const anonCookie = s0.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const csrf = ((await s0.json()) as { csrfToken: string }).csrfToken;
    const signInOnce = await fetch(`${base}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: anonCookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ email: ready.email, password: PASSWORD }),
    });
    if (signInOnce.status !== 200) throw new Error(`sign-in failed: ${signInOnce.status}`);
    const cookies = signInOnce.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const session = cookies.find((c) => c.startsWith('mamori_session='))!;
    const device = cookies.find((c) => c.startsWith('mamori_device='))!;
    // The server hashes at most HASH_CONCURRENCY passwords at once (one core stays with the event loop).
    const poolSize = HASH_CONCURRENCY;

    heading('Sign-in throughput (argon2id 19 MiB, t=2, p=1), PGlite');
    const raw = await rawHashRate(poolSize, DURATION_S);
    const signIns = await run({
      url: `${base}/api/auth/sign-in`,
      method: 'POST',
      connections: poolSize * 2,
      headers: { 'content-type': 'application/json', cookie: `${anonCookie}; ${device}`, 'x-csrf-token': csrf },
      body: JSON.stringify({ email: ready.email, password: PASSWORD }),
    });
    const ratio = signIns.requests.average / raw;
    table([
      { what: `raw argon2id hashes/s (${poolSize} in flight, this process)`, value: raw.toFixed(1) },
      { what: 'sign-ins/s (HTTP, new session each)', value: signIns.requests.average.toFixed(1) },
      { what: 'non-2xx', value: signIns.non2xx },
      { what: 'ratio', value: `${(ratio * 100).toFixed(0)} % (goal ≥ ${GOAL.ratio * 100} %)` },
    ]);

    heading('Authenticated GET /api/me/security: idle vs during a sign-in storm');
    const getOpts = { url: `${base}/api/me/security`, connections: 4, headers: { cookie: session } };
    const idle = await run(getOpts);
    const [busy, storm] = await Promise.all([
      run(getOpts),
      run({
        url: `${base}/api/auth/sign-in`,
        method: 'POST',
        connections: 16,
        headers: { 'content-type': 'application/json', cookie: `${anonCookie}; ${device}`, 'x-csrf-token': csrf },
        body: JSON.stringify({ email: ready.email, password: PASSWORD }),
      }),
    ]);
    table([
      { what: 'idle p99 (ms)', value: idle.latency.p99, rps: idle.requests.average.toFixed(0), non2xx: idle.non2xx },
      { what: 'during storm p99 (ms)', value: busy.latency.p99, rps: busy.requests.average.toFixed(0), non2xx: busy.non2xx },
      { what: 'storm sign-ins/s', value: storm.requests.average.toFixed(1), rps: '', non2xx: storm.non2xx },
      { what: 'p99 ratio', value: `${(busy.latency.p99 / Math.max(idle.latency.p99, 1)).toFixed(2)}× (goal ≤ ${GOAL.p99x}×)`, rps: '', non2xx: '' },
    ]);
    note('Client, server and hashing share the machine’s cores; figures are a lower bound for a dedicated server.');
  } finally {
    child.send('stop');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const i = process.argv.indexOf('--serve');
  if (i >= 0) await serve(process.argv[i + 1]!);
  else await main();
}
