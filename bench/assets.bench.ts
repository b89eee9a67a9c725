/**
 * The asset register at size: 100,000 assets (and, through the hook below, 300,000 risks), on
 * PostgreSQL and PGlite. For each list, filter and text-search case it measures p50/p95 through
 * HTTP (app.inject: routing, validation, authorization, the service, serialisation) and the same
 * two queries (page + total) run directly through the driver in the same process, and prints the
 * ratio. Goal: p95 ≤ 50 ms on PostgreSQL, ≤ 100 ms on PGlite. Prints figures; never asserts.
 *
 *   npm run bench -- assets                     (or: npx tsx bench/assets.bench.ts)
 *   BENCH_DATABASE_URL=postgres://…/postgres    admin URL for the temporary database
 *   BENCH_ASSETS=100000                         assets generated
 *   BENCH_RISKS=300000                          risks generated (when the hook is there)
 *   BENCH_ASSETS_RUNS=60                        timed runs per case and path (after 8 warm-ups)
 *   BENCH_ASSETS_ENGINES=postgres,pglite        engines to run
 *
 * Risks: bench/lib/risks-seed.ts (the risk register's generator) exports
 *   `seedRisks(db: Db, opts: { count: number; managerId: string }): Promise<number>`
 * and is called after the assets are generated; without it the bench runs on assets alone.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { buildApp } from '../src/server/app.js';
import type { Actor } from '../src/server/authz/actor.js';
import { type Db } from '../src/server/db/client.js';
import * as s from '../src/server/db/schema/index.js';
import { AssetsService } from '../src/server/modules/assets/assets.service.js';
import { loadSecrets } from '../src/server/secrets.js';
import { PLEDGE_VERSION } from '../src/shared/account.js';
import { ListAssetsQuery } from '../src/shared/assets.js';
import { heading, note, table, timed } from './lib/report.js';
import { withBenchDatabase } from './lib/engine.js';
import { pgReachable } from './lib/pg.js';

const N = Number(process.env.BENCH_ASSETS ?? 100_000);
const N_RISKS = Number(process.env.BENCH_RISKS ?? 300_000);
const RUNS = Number(process.env.BENCH_ASSETS_RUNS ?? 60);
const WARMUP = 8;
const ENGINES = (process.env.BENCH_ASSETS_ENGINES ?? 'postgres,pglite').split(',') as Engine[];
const GOAL: Record<Engine, number> = { postgres: 50, pglite: 100 };
const BATCH = 10_000;

type Engine = 'pglite' | 'postgres';

interface Org {
  managerId: string;
  researcherId: string;
  researcherInstitution: string;
  units: string[];
  institutions: string[];
  groups: string[];
}

/** Units, 190 hospitals, 16 groups, the manager and one researcher (fully onboarded). */
export async function seedOrg(db: Db): Promise<Org> {
  const units = [randomUUID(), randomUUID(), randomUUID()];
  await db.insert(s.units).values([
    { id: units[0], code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' },
    { id: units[1], code: 'OO', kind: 'operations_office', nameJa: '運営事務局', nameEn: 'Operations Office' },
    { id: units[2], code: 'SO1', kind: 'study_office', nameJa: '研究事務局1', nameEn: 'Study Office 1' },
  ]);
  const institutions = Array.from({ length: 190 }, () => randomUUID());
  await db.insert(s.institutions).values(institutions.map((id, i) => ({ id, code: `H${i + 1}`, nameJa: `ベンチ病院${i + 1}`, nameEn: `Bench Hospital ${i + 1}`, prefecture: '13' })));
  const groups = Array.from({ length: 16 }, () => randomUUID());
  await db.insert(s.researchGroups).values(groups.map((id, i) => ({ id, code: `RG${i + 1}`, nameJa: `研究グループ${i + 1}`, nameEn: `Research Group ${i + 1}` })));
  const person = (id: string, i: number, unitId: string | null) => ({
    id,
    familyNameJa: '試験',
    givenNameJa: `${i}`,
    familyNameEn: 'Bench',
    givenNameEn: `${i}`,
    email: `bench${i}@example.jp`,
    unitId,
    accountStatus: 'active',
    mfaEnrolledAt: new Date(),
    pledgeVersion: PLEDGE_VERSION,
  });
  const managerId = randomUUID();
  const researcherId = randomUUID();
  await db.insert(s.people).values([person(managerId, 0, null), person(researcherId, 1, null)]);
  const researcherInstitution = institutions[7]!;
  await db.insert(s.personInstitutions).values({ personId: researcherId, institutionId: researcherInstitution });
  await db.insert(s.personResearchGroups).values({ personId: researcherId, researchGroupId: groups[3]! });
  await db.insert(s.roleAssignments).values([
    { personId: managerId, role: 'security_manager' },
    { personId: researcherId, role: 'researcher', institutionId: researcherInstitution },
  ]);
  return { managerId, researcherId, researcherInstitution, units, institutions, groups };
}

const uuids = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x}'`).join(',')}]::uuid[]`);

/**
 * N assets in multi-row INSERT … SELECT generate_series statements of 10,000: names and
 * descriptions mixing Japanese and English, every kind and category, 60 % at hospitals.
 */
export async function seedAssets(db: Db, org: Org): Promise<void> {
  const names = ['症例報告書', '同意書', '検査結果', '画像データ', '解析用データセット', '安全性情報一覧', 'EDCシステム', 'バックアップサーバー', 'USBメモリ', 'ノートパソコン', '臨床検査値データベース', '登録票', '有害事象報告', '統計解析プログラム', '会議資料'];
  const kinds = ['medium', 'medium', 'information', 'information', 'information', 'information', 'system', 'system', 'medium', 'medium', 'information', 'medium', 'information', 'system', 'information'];
  const types = ['paper', 'paper', 'document', 'data_set', 'data_set', 'document', 'service', 'server', 'usb_memory', 'laptop', 'database', 'paper', 'document', 'application', 'document'];
  const descriptions = [
    '施設内の鍵付き書庫で保管する。',
    'データセンターのサーバー室で管理する。',
    '暗号化して送付すること。',
    'Pseudonymised extract for the trial statistician.',
    '定期的にバックアップを取得し、復元テストを実施する。',
    '閲覧は研究事務局の担当者に限る。',
  ];
  const arr = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`);
  for (let lo = 1; lo <= N; lo += BATCH) {
    const hi = Math.min(N, lo + BATCH - 1);
    await db.execute(sql`
      insert into assets (name, description, kind, type, category, classification, confidentiality, integrity, availability, importance,
                          owner_unit_id, location, location_institution_id, location_detail, institution_id, research_group_id,
                          retention_until, status, version, created_at, updated_at)
      select n || ' JCOG' || lpad(((i * 7) % 2000)::text, 4, '0') || ' 第' || (i % 9 + 1) || '版',
             d || ' 管理番号 ' || i,
             k, ty, cat,
             case when cat = 'public' then 'public' when cat in ('analysis', 'safety', 'other_confidential') and i % 2 = 0 then 'internal' else 'confidential' end,
             c, ig, av, greatest(c, ig, av),
             (${uuids(org.units)})[1 + i % 3],
             loc,
             case when loc = 'institution' then (${uuids(org.institutions)})[1 + (i * 13) % 190] end,
             case when loc = 'external_service' then 'クラウドストレージ' end,
             case when loc = 'institution' then (${uuids(org.institutions)})[1 + (i * 13) % 190] end,
             (${uuids(org.groups)})[1 + i % 16],
             date '2026-01-01' + (i % 3650),
             case when i % 50 = 0 then 'disposed' else 'active' end,
             1, now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval
      from (
        select i,
               (${arr(names)})[1 + i % 15] as n, (${arr(kinds)})[1 + i % 15] as k, (${arr(types)})[1 + i % 15] as ty,
               (${arr(descriptions)})[1 + i % 6] as d,
               (array['personal','special_care','medical','analysis','safety','other_confidential','public'])[1 + (i * 3) % 7] as cat,
               1 + i % 3 as c, 1 + (i / 3) % 3 as ig, 1 + (i / 9) % 3 as av,
               (array['institution','institution','institution','institution','institution','institution','data_center','data_center','operations_office','external_service'])[1 + i % 10] as loc
        from generate_series(${lo}::int, ${hi}::int) as g(i)
      ) x`);
  }
  // the steady state autovacuum keeps: statistics, and a visibility map for index-only counts
  await db.execute(sql`vacuum analyze`);
}

/** The optional risks hook (see the header). */
async function seedRisksHook(db: Db, managerId: string): Promise<string> {
  const file = fileURLToPath(new URL('./lib/risks-seed.ts', import.meta.url));
  if (!existsSync(file)) return 'not generated: no bench/lib/risks-seed.ts hook yet';
  const mod = (await import(pathToFileURL(file).href)) as { seedRisks?: (db: Db, o: { count: number; managerId: string }) => Promise<number> };
  if (!mod.seedRisks) return 'not generated: bench/lib/risks-seed.ts exports no seedRisks';
  const { result, ms } = await timed(() => mod.seedRisks!(db, { count: N_RISKS, managerId }));
  await db.execute(sql`vacuum analyze`);
  return `${result.toLocaleString('en-US')} generated in ${(ms / 1000).toFixed(1)} s`;
}

const pct = (xs: number[], p: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)] ?? 0;
};

async function runEngine(engine: Engine): Promise<Record<string, string | number>[]> {
  return withBenchDatabase(engine, 'assets', async ({ database, db, config }) => {
    const org = await seedOrg(db);
    const seeded = await timed(() => seedAssets(db, org));
    note(`${engine}: ${N.toLocaleString('en-US')} assets generated in ${(seeded.ms / 1000).toFixed(1)} s; risks: ${await seedRisksHook(db, org.managerId)}`);

    const { app, ctx } = await buildApp({ config, database, secrets: loadSecrets(config), logger: false });
    await app.ready();
    const sessions = ctx.sessions;
    const cookie = async (personId: string) => `${sessions.cookieName()}=${(await sessions.create(ctx.db, personId, '127.0.0.1', 'bench')).token}`;
    const cookies = { manager: await cookie(org.managerId), researcher: await cookie(org.researcherId) };
    const svc = new AssetsService(ctx);
    const actorOf = async (personId: string): Promise<Actor> => {
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
    };
    const actors = { manager: await actorOf(org.managerId), researcher: await actorOf(org.researcherId) };
    const [someRef] = await db.select({ n: s.assets.refNo }).from(s.assets).where(eq(s.assets.refNo, Math.floor(N / 2) + 1));

    const cases: { name: string; who: 'manager' | 'researcher'; qs: string }[] = [
      { name: 'list: newest first, page 1', who: 'manager', qs: '' },
      { name: 'list: by name, page 20', who: 'manager', qs: 'sort=name&dir=asc&page=20' },
      { name: 'filter: special-care, importance ≥ 3', who: 'manager', qs: 'category=special_care&importanceMin=3' },
      { name: 'filter: one hospital, media', who: 'manager', qs: `institutionId=${org.institutions[20]}&kind=medium` },
      { name: 'filter: retention due by 2026-06-30', who: 'manager', qs: 'retentionDueBefore=2026-06-30&sort=retentionUntil' },
      { name: 'search: 症例報告 (1 in 15)', who: 'manager', qs: `q=${encodeURIComponent('症例報告')}` },
      { name: 'search: 鍵付き 書庫 (two words)', who: 'manager', qs: `q=${encodeURIComponent('鍵付き 書庫')}` },
      { name: 'search: JCOG0123 (rare)', who: 'manager', qs: 'q=JCOG0123' },
      { name: 'search: reference', who: 'manager', qs: `q=A-${String(someRef?.n ?? 1).padStart(6, '0')}` },
      { name: 'search: pseudonymised (English, any case)', who: 'manager', qs: 'q=PSEUDONYMISED&category=analysis' },
      { name: 'researcher: own hospital and group', who: 'researcher', qs: '' },
      { name: 'researcher: search 同意書', who: 'researcher', qs: `q=${encodeURIComponent('同意書')}` },
    ];

    const client = (db as unknown as { $client: pg.Pool | PGlite }).$client;
    const driverRun = async (q: { sql: string; params: unknown[] }) => (client as pg.Pool).query(q.sql, q.params as unknown[]);

    const rows: Record<string, string | number>[] = [];
    for (const c of cases) {
      const url = `/api/assets?pageSize=50${c.qs ? `&${c.qs}` : ''}`;
      const parsed = ListAssetsQuery.parse(Object.fromEntries(new URLSearchParams(`pageSize=50${c.qs ? `&${c.qs}` : ''}`)));
      const { page, total } = svc.listQueries(actors[c.who], parsed);
      const pageSql = page.toSQL();
      const totalSql = total.toSQL();
      const http = async () => {
        const res = await app.inject({ method: 'GET', url, headers: { cookie: cookies[c.who] } });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        return (JSON.parse(res.body) as { total: number }).total;
      };
      const driver = () => Promise.all([driverRun(pageSql), driverRun(totalSql)]);
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
  heading(`Asset register: list, filter and text search over ${N.toLocaleString('en-US')} assets (${RUNS} runs per case and path)`);
  note('http = GET /api/assets through app.inject (validation, session, authorization, service, serialisation);');
  note('driver = the same page and total queries run directly through the database driver; ratio = http p95 / driver p95.');
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
