/**
 * HTTP throughput of the people directory: GET /api/people?page=N&pageSize=50 over 10,000 people,
 * signed in as the information security manager, on PGlite and on PostgreSQL, against a bare
 * Fastify route serving a same-size JSON constant. Prints figures and ratios; never asserts.
 *
 * Topology: the server under test runs in a child process (its own event loop, like production),
 * autocannon runs in this process. Both share the machine's cores with PostgreSQL, so the figures
 * are a lower bound for a dedicated server.
 *
 *   npm run bench                         (all benchmarks)
 *   node --import tsx bench/http.bench.ts (this one)
 *   BENCH_CPU_PROF=1 …                    (writes the servers' .cpuprofile files to $TMPDIR/mamori-bench-profiles/)
 *   BENCH_DATABASE_URL=postgres://…/postgres  (admin URL for the temporary database)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, type Db } from '../src/server/db/client.js';
import * as s from '../src/server/db/schema/index.js';
import { FAMILY_NAMES, GIVEN_NAMES } from '../src/server/demo/demo.data.js';
import { seededRandom } from '../src/server/demo/demo.plan.js';
import { loadSecrets } from '../src/server/secrets.js';
import { PREFECTURE_CODES } from '../src/shared/prefectures.js';
import { heading, note, printTable, table } from './lib/report.js';
import { PG_ADMIN_URL, pgAdmin, pgReachable } from './lib/pg.js';

const SELF = fileURLToPath(import.meta.url);
const PEOPLE = 10_000;
const PAGE_SIZE = 50;
const PAGES = PEOPLE / PAGE_SIZE;
const CONNECTIONS = 32;
const DURATION_S = 10;
const WARMUP_S = 2;
const GOAL = { rps: 3_000, p99: 25 };
const CLK_TCK = 100; // Linux USER_HZ, the unit of /proc/<pid>/stat times
const PROFILE_DIR = join(tmpdir(), 'mamori-bench-profiles');

type Engine = 'pglite' | 'postgres';
interface ServeMamori {
  role: 'mamori';
  engine: Engine;
  databaseUrl?: string;
  dataDir: string;
}
interface ServeBare {
  role: 'bare';
  body: string;
}
type Ready = { type: 'ready'; port: number; cookie?: string; seedMs?: number };
interface Figures {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  /** Errors other than timeouts. */
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: number;
  /** CPU milliseconds per request: the server process, PostgreSQL's backends, autocannon (this process). */
  serverCpu: number | null;
  dbCpu: number | null;
  clientCpu: number;
  /** Share of the machine's CPU used by processes outside this benchmark during the timed run. */
  otherCpuShare: number | null;
}

// ---- servers (child processes) -----------------------------------------------------------------
async function serveMamori(o: ServeMamori): Promise<void> {
  const config = loadConfig({ DATA_DIR: o.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production', ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}) });
  const database = await openDatabase(o.databaseUrl ? { databaseUrl: o.databaseUrl } : { pgliteDir: join(o.dataDir, 'pglite') });
  await database.migrate();
  const t0 = performance.now();
  const managerId = await seed(database.db);
  const seedMs = performance.now() - t0;
  const { app, ctx } = await buildApp({ config, database, secrets: loadSecrets(config), logger: false });
  const sessions = ctx.sessions;
  const session = await sessions.create(ctx.db, managerId, '127.0.0.1', 'autocannon');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  // Stop on the parent's word, or when the parent goes away (so no server outlives the run).
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void app
      .close()
      .then(() => database.close())
      .finally(() => process.exit(0));
  };
  process.once('message', shutdown);
  process.once('disconnect', shutdown);
  process.send?.({ type: 'ready', port, cookie: `${sessions.cookieName()}=${session.token}`, seedMs } satisfies Ready);
}

async function serveBare(o: ServeBare): Promise<void> {
  const app = Fastify({ logger: false });
  const constant = JSON.parse(o.body) as unknown;
  app.get('/api/people', async () => constant);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const shutdown = () => void app.close().finally(() => process.exit(0));
  process.once('message', shutdown);
  process.once('disconnect', shutdown);
  process.send?.({ type: 'ready', port: typeof addr === 'object' && addr ? addr.port : 0 } satisfies Ready);
}

/**
 * 10,000 people in multi-row INSERTs of 1,000, shaped like the real group: ~190 hospitals,
 * 16 research groups, central staff, site coordinators, researchers. Returns the manager's id.
 */
export async function seed(db: Db): Promise<string> {
  const rnd = seededRandom(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const now = new Date();
  const chunks = async <T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 1_000) await insert(rows.slice(i, i + 1_000));
  };

  const dc = randomUUID();
  const oo = randomUUID();
  const studyOffices = Array.from({ length: 20 }, () => randomUUID());
  await db.insert(s.units).values([
    { id: dc, code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' },
    { id: oo, code: 'OO', kind: 'operations_office', nameJa: '運営事務局', nameEn: 'Operations Office' },
    ...studyOffices.map((id, i) => ({ id, code: `SO${i + 1}`, kind: 'study_office' as const, nameJa: `研究事務局${i + 1}`, nameEn: `Study Office ${i + 1}` })),
  ]);
  const institutions = Array.from({ length: 190 }, () => randomUUID());
  await db.insert(s.institutions).values(
    institutions.map((id, i) => ({ id, code: `H${String(i + 1).padStart(3, '0')}`, nameJa: `ベンチ病院${i + 1}`, nameEn: `Bench Hospital ${i + 1}`, prefecture: PREFECTURE_CODES[i % 47] as string })),
  );
  const groups = Array.from({ length: 16 }, () => randomUUID());
  await db.insert(s.researchGroups).values(groups.map((id, i) => ({ id, code: `RG${i + 1}`, nameJa: `研究グループ${i + 1}`, nameEn: `Research Group ${i + 1}` })));
  const committees = Array.from({ length: 5 }, () => randomUUID());
  await db.insert(s.committees).values(committees.map((id, i) => ({ id, code: `C${i + 1}`, kind: i === 0 ? ('steering' as const) : ('other' as const), nameJa: `委員会${i + 1}`, nameEn: `Committee ${i + 1}` })));

  type Person = typeof s.people.$inferInsert & { id: string };
  const people: Person[] = [];
  const inst: { personId: string; institutionId: string }[] = [];
  const grp: { personId: string; researchGroupId: string }[] = [];
  const com: { personId: string; committeeId: string }[] = [];
  const roles: (typeof s.roleAssignments.$inferInsert)[] = [];
  const role = (personId: string, r: Omit<typeof s.roleAssignments.$inferInsert, 'personId' | 'createdAt'>) => roles.push({ personId, createdAt: now, ...r });
  for (let i = 0; i < PEOPLE; i++) {
    const [fJa, fKana, fEn] = pick(FAMILY_NAMES);
    const [gJa, gKana, gEn] = pick(GIVEN_NAMES);
    const id = randomUUID();
    const central = i < 200;
    const unitId = i === 0 ? null : i < 60 ? dc : i < 90 ? oo : i < 190 ? pick(studyOffices) : i < 200 ? dc : null;
    people.push({ id, familyNameJa: fJa, givenNameJa: gJa, familyNameKana: fKana, givenNameKana: gKana, familyNameEn: fEn, givenNameEn: gEn, email: `${gEn}.${fEn}.${i}@bench.example.jp`.toLowerCase(), unitId, createdAt: now, updatedAt: now });
    if (i === 0) role(id, { role: 'security_manager' });
    else if (i < 60) role(id, { role: 'data_center_staff', unitId });
    else if (i < 90) role(id, { role: 'operations_office_staff', unitId });
    else if (i < 190) role(id, { role: 'study_office_staff', unitId });
    else if (i < 200) role(id, { role: 'contractor' });
    if (central && i >= 90 && i < 190) grp.push({ personId: id, researchGroupId: pick(groups) });
    if (!central) {
      const home = pick(institutions);
      inst.push({ personId: id, institutionId: home });
      if (rnd() < 0.1) {
        const other = pick(institutions);
        if (other !== home) inst.push({ personId: id, institutionId: other });
      }
      const g = pick(groups);
      grp.push({ personId: id, researchGroupId: g });
      if (rnd() < 0.3) {
        const g2 = pick(groups);
        if (g2 !== g) grp.push({ personId: id, researchGroupId: g2 });
      }
      role(id, { role: 'researcher', institutionId: home });
      if (rnd() < 0.05) role(id, { role: 'site_coordinator', institutionId: home, researchGroupId: g });
      if (rnd() < 0.01) {
        const c = pick(committees);
        com.push({ personId: id, committeeId: c });
        role(id, { role: c === committees[0] ? 'steering_committee_member' : 'committee_member', committeeId: c });
      }
    }
  }
  await chunks(people, (b) => db.insert(s.people).values(b));
  await chunks(inst, (b) => db.insert(s.personInstitutions).values(b));
  await chunks(grp, (b) => db.insert(s.personResearchGroups).values(b));
  await chunks(com, (b) => db.insert(s.personCommittees).values(b));
  await chunks(roles, (b) => db.insert(s.roleAssignments).values(b));
  // Fresh planner statistics, as autovacuum would have them on a live system.
  await db.execute(sql`analyze`);
  return (people[0] as Person).id;
}

/** Busy CPU milliseconds of the whole machine so far, from /proc/stat (Linux); null elsewhere. */
function machineBusyMs(): number | null {
  try {
    const [, ...f] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = f.map(Number);
    return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}

// ---- orchestration -----------------------------------------------------------------------------
function start(spec: ServeMamori | ServeBare, profileName?: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const prof = process.env.BENCH_CPU_PROF === '1' && profileName;
  if (prof) mkdirSync(PROFILE_DIR, { recursive: true });
  const child = fork(SELF, ['--serve', JSON.stringify(spec)], {
    execArgv: ['--import', 'tsx', ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${profileName}.cpuprofile`] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((res, rej) => {
    child.once('message', (m: Ready) => res({ child, ready: m }));
    child.once('exit', (code) => rej(new Error(`${spec.role} server exited with code ${code} before it was ready`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (child.exitCode !== null) return res();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      res();
    });
    child.send('stop');
  });
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); null elsewhere or when not readable. */
function procCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return null;
  }
}
const sumCpu = (pids: number[]) => {
  const each = pids.map(procCpuMs);
  return each.some((x) => x === null) ? null : (each as number[]).reduce((a, b) => a + b, 0);
};

/** Postgres backend pids serving a database (the server's pool), to charge their CPU to the run. */
async function backendPids(dbName: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
    return r.rows.map((x) => x.pid);
  } finally {
    await c.end();
  }
}

async function cannon(label: string, port: number, headers: Record<string, string>, serverPid: number, dbName?: string): Promise<Figures> {
  const opts = (duration: number) =>
    ({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      duration,
      headers,
      requests: [
        {
          method: 'GET' as const,
          // A different page on every request, so the database and the response vary as in real use.
          setupRequest: (req: autocannon.Request) => ({ ...req, path: `/api/people?page=${1 + Math.floor(Math.random() * PAGES)}&pageSize=${PAGE_SIZE}` }),
        },
      ],
    }) as autocannon.Options;
  await autocannon(opts(WARMUP_S)); // warm-up: JIT, pool connections, caches; its figures are discarded
  const pids = dbName ? await backendPids(dbName) : [];
  const server0 = procCpuMs(serverPid);
  const db0 = dbName ? sumCpu(pids) : 0;
  const client0 = process.cpuUsage();
  const busy0 = machineBusyMs();
  const t0 = performance.now();
  const r = await autocannon(opts(DURATION_S));
  const wallMs = performance.now() - t0;
  const busy1 = machineBusyMs();
  const client = process.cpuUsage(client0);
  const server1 = procCpuMs(serverPid);
  const db1 = dbName ? sumCpu(pids) : 0;
  const n = Math.max(1, r.requests.total);
  return {
    label,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors - r.timeouts, // autocannon counts timeouts among errors
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    requests: r.requests.total,
    serverCpu: server0 === null || server1 === null ? null : (server1 - server0) / n,
    dbCpu: db0 === null || db1 === null ? null : (db1 - db0) / n,
    clientCpu: (client.user + client.system) / 1000 / n,
    otherCpuShare: (() => {
      if (busy0 === null || busy1 === null || server0 === null || server1 === null || db0 === null || db1 === null) return null;
      const ours = server1 - server0 + (db1 - db0) + (client.user + client.system) / 1000;
      return Math.max(0, busy1 - busy0 - ours) / (wallMs * availableParallelism());
    })(),
  };
}

async function main(): Promise<void> {
  const rows: Figures[] = [];
  const sizes: Record<string, number> = {};
  let sampleBody: string | null = null;
  const tmp = mkdtempSync(join(tmpdir(), 'mamori-bench-http-'));
  heading(`HTTP: GET /api/people?page=1..${PAGES}&pageSize=${PAGE_SIZE}, ${PEOPLE.toLocaleString('en-US')} people, ${CONNECTIONS} connections, ${DURATION_S} s after ${WARMUP_S} s warm-up`);
  note('Server in a child process, autocannon in this one; the page number is random per request.');

  const engines: { engine: Engine; label: string }[] = [
    { engine: 'pglite', label: 'Mamori on PGlite' },
    { engine: 'postgres', label: 'Mamori on PostgreSQL' },
  ];
  try {
    for (const { engine, label } of engines) {
      let databaseUrl: string | undefined;
      let dbName: string | undefined;
      if (engine === 'postgres') {
        const why = await pgReachable();
        if (why) {
          note(`PostgreSQL skipped: ${PG_ADMIN_URL} is unreachable (${why}). Set BENCH_DATABASE_URL.`);
          continue;
        }
        dbName = `mamori_bench_${process.pid}`;
        await pgAdmin(`drop database if exists ${dbName} with (force)`);
        await pgAdmin(`create database ${dbName}`);
        const u = new URL(PG_ADMIN_URL);
        u.pathname = `/${dbName}`;
        databaseUrl = u.toString();
      }
      try {
        const dataDir = join(tmp, engine);
        const { child, ready } = await start({ role: 'mamori', engine, databaseUrl, dataDir }, `mamori-${engine}`);
        try {
          note(`${label}: seeded ${PEOPLE.toLocaleString('en-US')} people in ${((ready.seedMs ?? 0) / 1000).toFixed(1)} s`);
          const headers = { cookie: ready.cookie ?? '' };
          const probe = await fetch(`http://127.0.0.1:${ready.port}/api/people?page=1&pageSize=${PAGE_SIZE}`, { headers });
          const body = await probe.text();
          if (probe.status !== 200) throw new Error(`probe returned ${probe.status}: ${body.slice(0, 200)}`);
          sizes[label] = Buffer.byteLength(body);
          sampleBody ??= body;
          rows.push(await cannon(label, ready.port, headers, child.pid ?? 0, dbName));
        } finally {
          await stop(child);
        }
      } finally {
        if (dbName) await pgAdmin(`drop database if exists ${dbName} with (force)`);
      }
    }

    if (sampleBody) {
      const { child, ready } = await start({ role: 'bare', body: sampleBody }, 'bare');
      try {
        sizes['bare Fastify'] = Buffer.byteLength(sampleBody);
        rows.push(await cannon('bare Fastify', ready.port, {}, child.pid ?? 0));
      } finally {
        await stop(child);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const bare = rows.find((r) => r.label === 'bare Fastify');
  const ms = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
  table(
    rows.map((r) => ({
      server: r.label,
      'req/s': Math.round(r.rps),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      requests: r.requests,
      errors: r.errors,
      timeouts: r.timeouts,
      'non-2xx': r.non2xx,
      'body bytes': sizes[r.label] ?? 0,
    })),
  );
  const cores = availableParallelism();
  heading('CPU per request (ms) over the timed run');
  note(`"ceiling" = ${cores} cores ÷ (server + database + autocannon) CPU per request: the CPU-bound limit on a quiet machine.`);
  table(
    rows.map((r) => {
      const total = (r.serverCpu ?? 0) + (r.dbCpu ?? 0) + r.clientCpu;
      return {
        server: r.label,
        'server CPU': ms(r.serverCpu),
        'postgres CPU': r.label.includes('PostgreSQL') ? ms(r.dbCpu) : r.label.includes('PGlite') ? 'in server' : '—',
        'autocannon CPU': ms(r.clientCpu),
        'ceiling req/s': r.serverCpu === null ? 'n/a' : Math.round((cores * 1000) / total),
      };
    }),
  );
  printTable(
    'Throughput against the bare Fastify route (same machine, same run)',
    rows.map((r) => ({ name: r.label, value: r.rps, unit: 'req/s', baseline: r === bare })),
  );
  for (const r of rows) {
    if (r.otherCpuShare !== null && r.otherCpuShare > 0.1) {
      note(`Note: during "${r.label}" other processes used ${Math.round(r.otherCpuShare * 100)}% of the machine's CPU; its req/s is a low bound.`);
    }
  }
  const onPg = rows.find((r) => r.label === 'Mamori on PostgreSQL');
  if (onPg) {
    const met = onPg.rps >= GOAL.rps && onPg.p99 <= GOAL.p99;
    note(`Goal on PostgreSQL: ≥ ${GOAL.rps.toLocaleString('en-US')} req/s and p99 ≤ ${GOAL.p99} ms — ${met ? 'met' : `not met (${Math.round(onPg.rps)} req/s, p99 ${onPg.p99} ms)`}.`);
  }
  if (process.env.BENCH_CPU_PROF === '1') note(`CPU profiles of the servers: ${PROFILE_DIR}`);
}

// Run only when executed, so experiments can import `seed`.
if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const serveIdx = process.argv.indexOf('--serve');
  if (serveIdx >= 0) {
    const spec = JSON.parse(process.argv[serveIdx + 1] ?? '{}') as ServeMamori | ServeBare;
    await (spec.role === 'mamori' ? serveMamori(spec) : serveBare(spec));
  } else {
    await main();
  }
}
