/**
 * Incidents at size: 20,000 incidents and 60,000 corrective/preventive actions, with breach clocks
 * for the reportable 10 % (seven clocks each), generated with INSERT … SELECT generate_series on
 * PostgreSQL (and a smaller run on PGlite). Measures through HTTP (app.inject: routing,
 * validation, session, authorization, the service, serialisation):
 *
 *   GET /api/breach/board           the deadline board             goal p95 ≤ 100 ms (PostgreSQL)
 *   GET /api/incidents/dashboard    the incidents dashboard        goal p95 ≤ 100 ms (PostgreSQL)
 *   GET /api/steering-report/pdf    one year, the committee's PDF  goal ≤ 5 s
 *
 * each beside a baseline run in the same process: the core SQL of that screen sent directly
 * through the driver (board: open clocks soonest first + counts by state; dashboard: open by
 * status/severity, clocks due in 7 days, 12-month trend by kind, mean times; report: the year's
 * counts by kind/severity, deadlines met, actions open/overdue). A route that is not in the app
 * prints "not available". Prints figures; never asserts.
 *
 *   npm run bench -- incidents                  (or: npx tsx bench/incidents.bench.ts)
 *   BENCH_DATABASE_URL=postgres://…/postgres    admin URL for the temporary database
 *   BENCH_INCIDENTS=20000  BENCH_ACTIONS_PER_INCIDENT=3   sizes on PostgreSQL
 *   BENCH_INCIDENTS_PGLITE=5000                 size on PGlite
 *   BENCH_INCIDENTS_RUNS=40  BENCH_PDF_RUNS=5   timed runs (after warm-ups)
 *   BENCH_INCIDENTS_ENGINES=postgres,pglite     engines to run
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app.js';
import { type Db } from '../src/server/db/client.js';
import { loadSecrets } from '../src/server/secrets.js';
import { seedOrg } from './assets.bench.js';
import { heading, note, table, timed } from './lib/report.js';
import { withBenchDatabase } from './lib/engine.js';
import { pgReachable } from './lib/pg.js';

type Engine = 'pglite' | 'postgres';
const SIZE: Record<Engine, number> = { postgres: Number(process.env.BENCH_INCIDENTS ?? 20_000), pglite: Number(process.env.BENCH_INCIDENTS_PGLITE ?? 5_000) };
const ACTIONS_PER_INCIDENT = Number(process.env.BENCH_ACTIONS_PER_INCIDENT ?? 3);
const RUNS = Number(process.env.BENCH_INCIDENTS_RUNS ?? 40);
const PDF_RUNS = Number(process.env.BENCH_PDF_RUNS ?? 5);
const ENGINES = (process.env.BENCH_INCIDENTS_ENGINES ?? 'postgres,pglite').split(',') as Engine[];
const WARMUP = 3;
const DAY = 86_400_000;

const pct = (xs: number[], p: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)] ?? 0;
};
const uuids = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x}'`).join(',')}]::uuid[]`);
const KINDS = sql.raw(`array['lost_device','misdelivery','unauthorized_access','malware','credential_loss','credential_sharing','data_alteration','system_outage','physical','other']`);

/**
 * Incidents over the last two years (10 kinds, institutions spread, older ones closed or dismissed,
 * recent ones in every open status), a "reported" timeline entry each, breach clocks for every
 * tenth (reportable: special-care data), and `perIncident` actions each (older ones verified or
 * accepted, recent ones open, in progress or done; some overdue).
 */
async function seedIncidents(db: Db, org: Awaited<ReturnType<typeof seedOrg>>, count: number, perIncident: number) {
  const BATCH = 10_000;
  for (let lo = 1; lo <= count; lo += BATCH) {
    const hi = Math.min(count, lo + BATCH - 1);
    await db.execute(sql`
      insert into incidents (ref, kind, title, description, occurred_at, aware_at, location, institution_id, reported_by, reported_at, status, severity, assignee_id,
                             personal_info, people_affected, special_care, encrypted, key_safe, triaged_at, contained_at, resolved_at, closed_at, dismissed_reason, created_at, updated_at)
      select 'INC-' || to_char(x.at, 'YYYY') || '-' || lpad(x.i::text, 6, '0'), (${KINDS})[1 + x.i % 10], 'ベンチ用インシデント ' || x.i, 'USBメモリの紛失など',
             x.at - interval '3 hours', x.at - interval '1 hour', '病院内', (${uuids(org.institutions)})[1 + x.i % ${org.institutions.length}],
             case when x.i % 3 = 0 then ${org.researcherId}::uuid else ${org.managerId}::uuid end, x.at, x.status,
             (array['low','medium','high','critical'])[1 + x.i % 4], case when x.status <> 'reported' then ${org.managerId}::uuid end,
             case when x.i % 10 = 0 then 'yes' when x.i % 3 = 0 then 'no' else 'unknown' end,
             case when x.i % 10 = 0 then 1 + x.i % 500 end, case when x.i % 10 = 0 then true end, case when x.i % 10 = 0 then false end, case when x.i % 10 = 0 then false end,
             case when x.status <> 'reported' then x.at + ((1 + x.i % 48) || ' hours')::interval end,
             case when x.status in ('contained','investigating','resolved','closed') then x.at + interval '2 days' end,
             case when x.status in ('resolved','closed') then x.at + interval '10 days' end,
             case when x.status in ('closed','dismissed') then x.at + ((5 + x.i % 40) || ' days')::interval end,
             case when x.status = 'dismissed' then '誤報' end, x.at, x.at
      from (
        select i, at, case when at < now() - interval '60 days' then (array['closed','closed','closed','dismissed'])[1 + i % 4]
                          else (array['reported','triaged','contained','investigating','resolved'])[1 + i % 5] end as status
        from (select i, now() - (((i * 37) % 730) || ' days')::interval - (((i * 13) % 1440) || ' minutes')::interval as at from generate_series(${lo}::int, ${hi}::int) g(i)) y
      ) x`);
  }
  await db.execute(sql`insert into incident_events (incident_id, type, at, recorded_at, actor_id, text) select id, 'reported', reported_at, reported_at, reported_by, '' from incidents`);
  // Seven clocks for each reportable incident; done for closed incidents (a few late), open otherwise (and for some old ones, to fill the overdue column).
  await db.execute(sql`
    insert into incident_clocks (incident_id, kind, due_at, overdue_at, done_at, waived, created_at, updated_at)
    select i.id, k.kind, i.aware_at + (k.days || ' days')::interval, i.aware_at + ((k.days + k.grace) || ' days')::interval,
           case when i.status in ('closed','dismissed') and (abs(hashtext(i.ref)) % 9) <> 0 then i.aware_at + ((k.days - 1 + (abs(hashtext(i.ref || k.kind)) % 3)) || ' days')::interval end,
           k.kind = 'sponsor' and i.ref like '%5', i.reported_at, i.reported_at
    from incidents i
    cross join (values ('ppc_preliminary', 3, 2), ('ppc_final', 30, 0), ('notify_subjects', 7, 0), ('ethics_committee', 7, 0), ('institution_heads', 7, 0), ('sponsor', 14, 0), ('steering_committee', 30, 0)) k(kind, days, grace)
    where i.personal_info = 'yes'`);
  await db.execute(sql`
    insert into incident_actions (incident_id, ref, kind, title, description, owner_id, due_on, status, effectiveness, checked_by, checked_at, closed_at, created_by, created_at, updated_at)
    select i.id, 'CA-' || to_char(i.reported_at, 'YYYY') || '-' || lpad((i.n * ${perIncident} + g.k)::text, 7, '0'),
           case when g.k % 2 = 0 then 'corrective' else 'preventive' end, '是正処置 ' || g.k || '（' || i.ref || '）', '',
           case when (i.n + g.k) % 3 = 0 then ${org.researcherId}::uuid else ${org.managerId}::uuid end,
           (i.reported_at + ((14 * (g.k + 1)) || ' days')::interval)::date,
           case when i.status in ('closed','dismissed') then (array['verified','verified','accepted','cancelled'])[1 + (i.n + g.k) % 4]
                else (array['open','in_progress','done','open'])[1 + (i.n + g.k) % 4] end,
           case when i.status in ('closed','dismissed') and (i.n + g.k) % 4 < 2 then 'effective' end,
           case when i.status in ('closed','dismissed') and (i.n + g.k) % 4 < 2 then ${org.managerId}::uuid end,
           case when i.status in ('closed','dismissed') then i.closed_at end,
           case when i.status in ('closed','dismissed') then i.closed_at end,
           ${org.managerId}::uuid, i.reported_at, i.reported_at
    from (select *, row_number() over (order by ref) as n from incidents) i
    cross join generate_series(0, ${perIncident - 1}) g(k)`);
  for (const t of ['incidents', 'incident_events', 'incident_clocks', 'incident_actions']) await db.execute(sql.raw(`vacuum analyze ${t}`));
  const rows = (await db.execute(sql`select (select count(*) from incidents)::int as i, (select count(*) from incident_actions)::int as a, (select count(*) from incident_clocks)::int as c`)) as unknown as { rows: { i: number; a: number; c: number }[] };
  return rows.rows[0]!;
}

/** The core SQL of each screen, as plain statements for the driver (the baseline). */
function baselines(now: Date) {
  const iso = now.toISOString();
  const soon = new Date(now.getTime() + 7 * DAY).toISOString();
  const jst = new Date(now.getTime() + 9 * 3_600_000);
  const start = new Date(Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth() - 11, 1) - 9 * 3_600_000).toISOString();
  const yearAgo = new Date(now.getTime() - 365 * DAY).toISOString();
  const today = jst.toISOString().slice(0, 10);
  const open = `c.done_at is null and not c.waived`;
  return {
    board: [
      { sql: `select c.*, i.id as iid, i.ref, i.title, i.status, i.severity from incident_clocks c join incidents i on i.id = c.incident_id where ${open} order by c.due_at, i.ref limit 201`, params: [] },
      {
        sql: `select count(*) filter (where c.overdue_at < $1) as overdue, count(*) filter (where c.overdue_at >= $1 and c.due_at <= $1::timestamptz + interval '1 day') as due, count(*) filter (where c.due_at > $1::timestamptz + interval '1 day') as later from incident_clocks c join incidents i on i.id = c.incident_id where ${open}`,
        params: [iso],
      },
    ],
    dashboard: [
      { sql: `select status, severity, count(*) from incidents where status in ('reported','triaged','contained','investigating','resolved') group by status, severity`, params: [] },
      { sql: `select c.incident_id, i.ref, i.title, c.kind, c.due_at, c.overdue_at from incident_clocks c join incidents i on i.id = c.incident_id where ${open} and c.due_at < $1 order by c.due_at limit 50`, params: [soon] },
      { sql: `select count(*) filter (where c.due_at >= $1) as soon, count(*) filter (where c.due_at < $1) as overdue from incident_clocks c where ${open} and c.due_at < $2`, params: [iso, soon] },
      { sql: `select to_char((reported_at at time zone 'UTC') + interval '9 hours', 'YYYY-MM') as month, kind, count(*) from incidents where reported_at >= $1 group by 1, 2`, params: [start] },
      {
        sql: `select avg(extract(epoch from (triaged_at - reported_at)) / 3600) filter (where reported_at >= $1 and triaged_at is not null), avg(extract(epoch from (closed_at - reported_at)) / 3600) filter (where closed_at >= $1) from incidents where reported_at >= $1 or (closed_at is not null and closed_at >= $1)`,
        params: [start],
      },
    ],
    report: [
      { sql: `select kind, severity, count(*) from incidents where reported_at >= $1 and reported_at < $2 group by kind, severity`, params: [yearAgo, iso] },
      {
        sql: `select i.ref, c.kind, c.due_at, c.overdue_at, c.done_at, c.waived from incident_clocks c join incidents i on i.id = c.incident_id where i.reported_at >= $1 and i.reported_at < $2 order by i.ref, c.kind`,
        params: [yearAgo, iso],
      },
      {
        sql: `select count(*) filter (where a.status in ('open','in_progress','done')) as open, count(*) filter (where a.status in ('open','in_progress') and a.due_on < $1) as overdue from incident_actions a`,
        params: [today],
      },
    ],
  };
}

interface Case {
  name: string;
  url: string;
  goalMs: number;
  runs: number;
  driver: { sql: string; params: unknown[] }[];
  pdf?: boolean;
}

async function runEngine(engine: Engine): Promise<Record<string, string | number>[]> {
  return withBenchDatabase(engine, 'incidents', async ({ database, db, config }) => {
    const org = await seedOrg(db);
    const seeded = await timed(() => seedIncidents(db, org, SIZE[engine], ACTIONS_PER_INCIDENT));
    note(
      `${engine}: ${seeded.result.i.toLocaleString('en-US')} incidents, ${seeded.result.a.toLocaleString('en-US')} actions, ${seeded.result.c.toLocaleString('en-US')} clocks in ${(seeded.ms / 1000).toFixed(1)} s`,
    );

    const { app, ctx } = await buildApp({ config, database, secrets: loadSecrets(config), logger: false });
    await app.ready();
    const sessions = ctx.sessions;
    const cookie = `${sessions.cookieName()}=${(await sessions.create(ctx.db, org.managerId, '127.0.0.1', 'bench')).token}`;
    const now = new Date();
    const to = new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
    const from = new Date(now.getTime() + 9 * 3_600_000 - 364 * DAY).toISOString().slice(0, 10);
    const b = baselines(now);
    const cases: Case[] = [
      { name: 'deadline board (GET /api/breach/board)', url: '/api/breach/board', goalMs: 100, runs: RUNS, driver: b.board },
      { name: 'dashboard (GET /api/incidents/dashboard)', url: '/api/incidents/dashboard', goalMs: 100, runs: RUNS, driver: b.dashboard },
      { name: `steering PDF, one year (${from} – ${to})`, url: `/api/steering-report/pdf?from=${from}&to=${to}&lang=ja&names=anonymized`, goalMs: 5_000, runs: PDF_RUNS, driver: b.report, pdf: true },
    ];

    const client = (db as unknown as { $client: { query: (text: string, params: unknown[]) => Promise<unknown> } }).$client;
    const driver = (qs: Case['driver']) => async () => {
      for (const q of qs) await client.query(q.sql, q.params);
    };
    const rows: Record<string, string | number>[] = [];
    for (const c of cases) {
      const probe = await app.inject({ method: 'GET', url: c.url, headers: { cookie } });
      if (probe.statusCode === 404 && probe.body.includes('ROUTE_NOT_FOUND')) {
        note(`${c.name}: not available (the route is not in the app yet)`);
        rows.push({ case: c.name, size: '', 'http p50 ms': 'n/a', 'http p95 ms': 'n/a', 'driver p95 ms': 'n/a', 'ratio http/driver': '—', goal: `≤ ${c.goalMs} ms`, result: 'not available' });
        continue;
      }
      if (probe.statusCode !== 200) {
        note(`${c.name}: ${probe.statusCode} ${probe.body.slice(0, 200)}`);
        rows.push({ case: c.name, size: '', 'http p50 ms': 'n/a', 'http p95 ms': 'n/a', 'driver p95 ms': 'n/a', 'ratio http/driver': '—', goal: `≤ ${c.goalMs} ms`, result: `failed (${probe.statusCode})` });
        continue;
      }
      const http = async () => {
        const res = await app.inject({ method: 'GET', url: c.url, headers: { cookie } });
        if (res.statusCode !== 200) throw new Error(`${c.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        return res.rawPayload.length;
      };
      const h: number[] = [];
      const d: number[] = [];
      let size = 0;
      for (let i = 0; i < (c.pdf ? 1 : WARMUP); i++) {
        size = await http();
        await driver(c.driver)();
      }
      // interleaved, so both paths see the same cache and machine load
      for (let i = 0; i < c.runs; i++) {
        h.push((await timed(http)).ms);
        d.push((await timed(driver(c.driver))).ms);
      }
      const hp95 = pct(h, 95);
      const dp95 = pct(d, 95);
      rows.push({
        case: c.name,
        size: c.pdf ? `${(size / 1024).toFixed(0)} KiB` : `${(size / 1024).toFixed(1)} KiB`,
        'http p50 ms': pct(h, 50),
        'http p95 ms': hp95,
        'driver p95 ms': dp95,
        'ratio http/driver': `${(hp95 / dp95).toFixed(2)}×`,
        goal: `≤ ${c.goalMs} ms`,
        result: engine === 'postgres' || c.pdf ? (hp95 <= c.goalMs ? 'met' : 'MISSED') : hp95 <= c.goalMs ? 'met (goal is for PostgreSQL)' : 'over (goal is for PostgreSQL)',
      });
    }
    await app.close();
    return rows;
  });
}

async function main(): Promise<void> {
  heading(`Incidents: deadline board, dashboard and steering-committee PDF over ${SIZE.postgres.toLocaleString('en-US')} incidents and ${(SIZE.postgres * ACTIONS_PER_INCIDENT).toLocaleString('en-US')} actions`);
  note('http = the route through app.inject as the information security manager (validation, session, authorization, service, serialisation, PDF rendering);');
  note('driver = the screen’s core SQL sent directly through the driver in the same process; ratio = http p95 / driver p95.');
  note(`Goals (issue 5): board and dashboard p95 ≤ 100 ms on PostgreSQL; steering-committee PDF for one year ≤ 5 s. PGlite runs ${SIZE.pglite.toLocaleString('en-US')} incidents for comparison.`);
  for (const engine of ENGINES) {
    if (engine === 'postgres') {
      const why = await pgReachable();
      if (why) {
        note(`\nPostgreSQL skipped: ${why}`);
        continue;
      }
    }
    const rows = await runEngine(engine);
    heading(`${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}: ${SIZE[engine].toLocaleString('en-US')} incidents (${RUNS} runs; PDF ${PDF_RUNS} runs)`);
    table(rows);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
