/**
 * The risk register at size: 100,000 assets and 300,000 risks (bench/lib/risks-seed.ts), on
 * PostgreSQL and PGlite. For each list, filter and heat-map case it measures p50/p95 through HTTP
 * (app.inject: routing, validation, session, authorization, the service, serialisation) and the
 * same query or queries (list: page + total; heat map: the grouped count) run directly through the
 * driver in the same process, and prints the ratio. The same goals as the asset list: p95 ≤ 50 ms
 * on PostgreSQL, ≤ 100 ms on PGlite. Prints figures; never asserts.
 *
 *   npm run bench -- risks                      (or: npx tsx bench/risks.bench.ts)
 *   BENCH_DATABASE_URL=postgres://…/postgres    admin URL for the temporary database
 *   BENCH_ASSETS=100000  BENCH_RISKS=300000     sizes
 *   BENCH_RISKS_RUNS=40                         timed runs per case and path (after 5 warm-ups)
 *   BENCH_RISKS_ENGINES=postgres,pglite         engines to run
 */
import { fileURLToPath } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app.js';
import type { Actor } from '../src/server/authz/actor.js';
import { type Db } from '../src/server/db/client.js';
import * as s from '../src/server/db/schema/index.js';
import { tokyoToday } from '../src/server/calendar.js';
import { RiskReader } from '../src/server/modules/risks/risks.read.js';
import { loadSecrets } from '../src/server/secrets.js';
import { ListRisksQuery, RiskFilters } from '../src/shared/risks.js';
import { seedAssets, seedOrg } from './assets.bench.js';
import { seedRisks } from './lib/risks-seed.js';
import { heading, note, table, timed } from './lib/report.js';
import { withBenchDatabase } from './lib/engine.js';
import { pgReachable } from './lib/pg.js';

const N_ASSETS = Number(process.env.BENCH_ASSETS ?? 100_000);
const N_RISKS = Number(process.env.BENCH_RISKS ?? 300_000);
const RUNS = Number(process.env.BENCH_RISKS_RUNS ?? 40);
const WARMUP = 5;
type Engine = 'pglite' | 'postgres';
const ENGINES = (process.env.BENCH_RISKS_ENGINES ?? 'postgres,pglite').split(',') as Engine[];
const GOAL: Record<Engine, number> = { postgres: 50, pglite: 100 };

const pct = (xs: number[], p: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)] ?? 0;
};

/** The actor a session of this person gets (roles and affiliations), for building the same queries. */
async function actorOf(db: Db, personId: string): Promise<Actor> {
  const roles = await db.select().from(s.roleAssignments).where(eq(s.roleAssignments.personId, personId));
  const inst = await db.select().from(s.personInstitutions).where(eq(s.personInstitutions.personId, personId));
  const grp = await db.select().from(s.personResearchGroups).where(eq(s.personResearchGroups.personId, personId));
  return {
    kind: 'person',
    personId,
    sessionId: null,
    ip: null,
    userAgent: null,
    roles: roles.map((r) => ({ role: r.role as Actor['roles'][number]['role'], institutionId: r.institutionId, researchGroupId: r.researchGroupId, unitId: r.unitId, committeeId: r.committeeId })),
    unitId: null,
    institutionIds: inst.map((x) => x.institutionId),
    researchGroupIds: grp.map((x) => x.researchGroupId),
    committeeIds: [],
  };
}

async function runEngine(engine: Engine): Promise<Record<string, string | number>[]> {
  return withBenchDatabase(engine, 'risks', async ({ database, db, config }) => {
    const org = await seedOrg(db);
    const a = await timed(() => seedAssets(db, org));
    const r = await timed(() => seedRisks(db, { count: N_RISKS, managerId: org.managerId }));
    await db.execute(sql`analyze`);
    note(`${engine}: ${N_ASSETS.toLocaleString('en-US')} assets in ${(a.ms / 1000).toFixed(1)} s, ${r.result.toLocaleString('en-US')} risks in ${(r.ms / 1000).toFixed(1)} s`);

    const { app, ctx } = await buildApp({ config, database, secrets: loadSecrets(config), logger: false });
    await app.ready();
    const sessions = ctx.sessions;
    const cookie = async (personId: string) => `${sessions.cookieName()}=${(await sessions.create(ctx.db, personId, '127.0.0.1', 'bench')).token}`;
    const cookies = { manager: await cookie(org.managerId), researcher: await cookie(org.researcherId) };
    const actors = { manager: await actorOf(db, org.managerId), researcher: await actorOf(db, org.researcherId) };
    const reader = new RiskReader(db);
    const today = tokyoToday(new Date());
    const [oneAsset] = await db.select({ id: s.riskAssets.assetId }).from(s.riskAssets).limit(1);

    const cases: { name: string; who: 'manager' | 'researcher'; path: 'list' | 'heatmap'; qs: string }[] = [
      { name: 'list: by level (default), page 1', who: 'manager', path: 'list', qs: '' },
      { name: 'list: newest first, page 40', who: 'manager', path: 'list', qs: 'sort=ref&page=40' },
      { name: 'filter: very high (current)', who: 'manager', path: 'list', qs: 'level=very_high' },
      { name: 'filter: undecided and open', who: 'manager', path: 'list', qs: 'treatment=none&status=open' },
      { name: 'filter: review overdue, by review date', who: 'manager', path: 'list', qs: 'reviewOverdue=true&sort=nextReviewDate' },
      { name: 'filter: heat map cell inherent 4×5', who: 'manager', path: 'list', qs: 'basis=inherent&likelihood=4&impact=5' },
      { name: 'filter: one owner', who: 'manager', path: 'list', qs: `ownerId=${org.managerId}` },
      { name: 'filter: one asset (asset page panel)', who: 'manager', path: 'list', qs: `assetId=${oneAsset?.id}&status=open,in_treatment,accepted,needs_review,closed` },
      { name: 'search: R-000123 (reference)', who: 'manager', path: 'list', qs: 'q=R-000123' },
      { name: 'search: ランサムウェア (threat name)', who: 'manager', path: 'list', qs: `q=${encodeURIComponent('ランサムウェア')}` },
      { name: 'heat map: everything', who: 'manager', path: 'heatmap', qs: '' },
      { name: 'heat map: open, one owner', who: 'manager', path: 'heatmap', qs: `status=open&ownerId=${org.managerId}` },
      { name: 'researcher: list (own hospital and group)', who: 'researcher', path: 'list', qs: '' },
      { name: 'researcher: heat map', who: 'researcher', path: 'heatmap', qs: '' },
    ];

    const client = (db as unknown as { $client: { query: (text: string, params: unknown[]) => Promise<unknown> } }).$client;
    const driverRun = (q: { sql: string; params: unknown[] }) => client.query(q.sql, q.params);

    const rows: Record<string, string | number>[] = [];
    for (const c of cases) {
      const base = c.path === 'list' ? 'pageSize=50' : '';
      const qs = [base, c.qs].filter(Boolean).join('&');
      const url = `/api/risks${c.path === 'heatmap' ? '/heatmap' : ''}${qs ? `?${qs}` : ''}`;
      const params = Object.fromEntries(new URLSearchParams(qs));
      const queries =
        c.path === 'list'
          ? (() => {
              const l = reader.listQueries(actors[c.who], ListRisksQuery.parse(params), today);
              return [l.page.toSQL(), l.total.toSQL()];
            })()
          : [reader.heatmapQuery(actors[c.who], RiskFilters.parse(params), today).toSQL()];
      const http = async () => {
        const res = await app.inject({ method: 'GET', url, headers: { cookie: cookies[c.who] } });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        return (JSON.parse(res.body) as { total: number }).total;
      };
      const driver = () => Promise.all(queries.map(driverRun));
      const h: number[] = [];
      const d: number[] = [];
      let matched = 0;
      for (let i = 0; i < WARMUP; i++) {
        matched = await http();
        await driver();
      }
      // interleaved, so both paths see the same cache and machine load
      for (let i = 0; i < RUNS; i++) {
        h.push((await timed(http)).ms);
        d.push((await timed(driver)).ms);
      }
      const hp95 = pct(h, 95);
      const dp95 = pct(d, 95);
      rows.push({
        case: c.name,
        matched,
        'http p50 ms': pct(h, 50),
        'http p95 ms': hp95,
        'driver p50 ms': pct(d, 50),
        'driver p95 ms': dp95,
        'p95 ratio http/driver': `${(hp95 / dp95).toFixed(2)}×`,
        [`goal ≤ ${GOAL[engine]} ms`]: hp95 <= GOAL[engine] ? 'met' : 'MISSED',
      });
    }
    await app.close();
    return rows;
  });
}

async function main(): Promise<void> {
  heading(`Risk register: list, filters and heat map over ${N_RISKS.toLocaleString('en-US')} risks on ${N_ASSETS.toLocaleString('en-US')} assets (${RUNS} runs per case and path)`);
  note('http = GET /api/risks or /api/risks/heatmap through app.inject (validation, session, authorization, service, serialisation);');
  note('driver = the same page and total queries (or the heat map’s grouped count) run directly through the driver; ratio = http p95 / driver p95.');
  for (const engine of ENGINES) {
    if (engine === 'postgres') {
      const why = await pgReachable();
      if (why) {
        note(`\nPostgreSQL skipped: ${why}`);
        continue;
      }
    }
    const rows = await runEngine(engine);
    heading(`${engine === 'postgres' ? 'PostgreSQL' : 'PGlite'} (goal: p95 ≤ ${GOAL[engine]} ms)`);
    table(rows);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
