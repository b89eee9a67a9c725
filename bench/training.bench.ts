/**
 * Acknowledgments and training at size, on PostgreSQL: 50,000 people with active accounts over
 * 190 institutions, 16 research groups and several roles (generated with bulk SQL).
 *
 * (a) Publishing a document version to an audience of 50,000 through the real route
 *     POST /api/document-versions/:id/publish (the assignments are created in that request).
 *     Goal ≤ 10 s. Baseline: the bare INSERT … SELECT of the same rows, in the same process.
 * (b) 20 published courses with an assignment for everyone (1,000,000 rows, a realistic mix of
 *     completed, pending, overdue and cancelled), then p50/p95 of GET /api/coverage and
 *     GET /api/coverage/breakdown?by=institution through the HTTP app (app.inject: routing,
 *     validation, session, authorization, the service, serialisation). Goal p95 ≤ 200 ms.
 *     Baseline: the same grouped queries run directly through the driver. The organization-wide
 *     summary reads the running totals (coverage_tallies); for scale, the same summary counted
 *     from every assignment row is printed too.
 * Prints figures; never asserts.
 *
 *   npm run bench -- training                   (or: npx tsx bench/training.bench.ts)
 *   BENCH_DATABASE_URL=postgres://…/postgres    admin URL for the temporary database
 *   BENCH_PEOPLE=50000  BENCH_COURSES=20        sizes
 *   BENCH_TRAINING_RUNS=40                      timed runs per case and path (after 5 warm-ups)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, queryRows, type Database, type Db } from '../src/server/db/client.js';
import * as s from '../src/server/db/schema/index.js';
import { breakdownQuery, summaryQueries, summaryScanQueries } from '../src/server/modules/coverage/coverage.sql.js';
import { currentItems } from '../src/server/modules/coverage/coverage.service.js';
import { tokyoToday } from '../src/server/calendar.js';
import { loadSecrets } from '../src/server/secrets.js';
import { PLEDGE_VERSION } from '../src/shared/account.js';
import { EVERYONE } from '../src/shared/audience.js';
import { currentCycle } from '../src/shared/coverage.js';
import { heading, note, printTable, table, timed } from './lib/report.js';
import { PG_ADMIN_URL, pgAdmin, pgReachable } from './lib/pg.js';

const N_PEOPLE = Number(process.env.BENCH_PEOPLE ?? 50_000);
const N_COURSES = Number(process.env.BENCH_COURSES ?? 20);
const RUNS = Number(process.env.BENCH_TRAINING_RUNS ?? 40);
const WARMUP = 5;
const PUBLISH_GOAL_MS = 10_000;
const COVERAGE_GOAL_MS = 200;

const pct = (xs: number[], p: number) => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)] ?? 0;
};

interface Org {
  managerId: string;
  approverId: string;
  institutions: string[];
}

/** 190 institutions, 16 research groups, 3 units and N people with active accounts, in a few statements. */
async function seedPeople(db: Db): Promise<Org> {
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
  const arr = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x}'`).join(',')}]::uuid[]`);

  // People 1..N: 5 % central staff in a unit, the rest at hospitals (institution i mod 190).
  await db.execute(sql`
    insert into people (family_name_ja, given_name_ja, family_name_kana, family_name_en, given_name_en, email, unit_id, account_status, mfa_enrolled_at, pledge_version, note)
    select '研究', '者' || g, 'ケンキュウ' || lpad(g::text, 6, '0'), 'Kenkyu', 'R' || g, 'bench' || g || '@example.jp',
           case when g % 20 = 0 then (${arr(units)})[1 + g % 3] else null end, 'active', now(), ${PLEDGE_VERSION}, 'bench:' || g
    from generate_series(1, ${N_PEOPLE}) g`);
  await db.execute(sql`
    insert into person_institutions (person_id, institution_id)
    select p.id, (${arr(institutions)})[1 + (split_part(p.note, ':', 2)::int % 190)] from people p where p.note like 'bench:%' and split_part(p.note, ':', 2)::int % 20 <> 0
    union all
    select p.id, (${arr(institutions)})[1 + ((split_part(p.note, ':', 2)::int / 7) % 190)] from people p
    where p.note like 'bench:%' and split_part(p.note, ':', 2)::int % 20 = 3 and (split_part(p.note, ':', 2)::int / 7) % 190 <> split_part(p.note, ':', 2)::int % 190`);
  await db.execute(sql`
    insert into person_research_groups (person_id, research_group_id)
    select p.id, (${arr(groups)})[1 + (split_part(p.note, ':', 2)::int % 16)] from people p where p.note like 'bench:%' and split_part(p.note, ':', 2)::int % 5 <> 0`);
  await db.execute(sql`
    insert into role_assignments (person_id, role, institution_id, unit_id)
    select p.id,
           case when n % 20 = 0 then 'data_center_staff' when n % 20 = 1 then 'site_coordinator' when n % 20 = 2 then 'contractor' else 'researcher' end,
           case when n % 20 in (0, 2) then null else pi.institution_id end,
           case when n % 20 = 0 then p.unit_id else null end
    from (select p.*, split_part(p.note, ':', 2)::int as n from people p where p.note like 'bench:%') p
    left join lateral (select institution_id from person_institutions x where x.person_id = p.id limit 1) pi on true`);
  const managerId = randomUUID();
  const approverId = randomUUID();
  const staff = (id: string, i: number) => ({ id, familyNameJa: '管理', givenNameJa: `${i}`, familyNameEn: 'Kanri', givenNameEn: `${i}`, email: `manager${i}@example.jp`, accountStatus: 'active', mfaEnrolledAt: new Date(), pledgeVersion: PLEDGE_VERSION });
  await db.insert(s.people).values([staff(managerId, 1), staff(approverId, 2)]);
  await db.insert(s.roleAssignments).values([
    { personId: managerId, role: 'security_manager' },
    { personId: approverId, role: 'security_manager' },
  ]);
  return { managerId, approverId, institutions };
}

/** An approved version of a new document for everyone, ready to publish. */
async function approvedVersion(db: Db, org: Org, code: string): Promise<{ documentId: string; versionId: string }> {
  const [d] = await db.insert(s.documents).values({ code, kind: 'policy', titleJa: `情報セキュリティポリシー ${code}`, titleEn: `Information security policy ${code}`, audience: EVERYONE, ownerId: org.managerId }).returning({ id: s.documents.id });
  const at = new Date();
  const [v] = await db
    .insert(s.documentVersions)
    .values({ documentId: d!.id, version: '1.0', status: 'approved', bodyJa: '# 方針\n\n本文', bodyEn: '# Policy\n\nText', createdBy: org.approverId, submittedAt: at, approvedBy: org.managerId, approvedAt: at })
    .returning({ id: s.documentVersions.id });
  return { documentId: d!.id, versionId: v!.id };
}

/** N courses (half yearly) with an assignment for every person: 72 % completed, 16 % pending, 10 % overdue, 2 % cancelled. */
async function seedCourses(db: Db, today: string): Promise<void> {
  for (let i = 1; i <= N_COURSES; i++) {
    const recurrence = i % 2 === 0 ? 'fiscal_year' : 'none';
    const [c] = await db
      .insert(s.courses)
      .values({ code: `TR-${String(i).padStart(2, '0')}`, titleJa: `研修 ${i}`, titleEn: `Course ${i}`, status: 'published', audience: EVERYONE, recurrence, maxAttempts: 3 })
      .returning({ id: s.courses.id });
    const cycle = currentCycle(recurrence, today);
    await db.execute(sql`
      insert into course_assignments (course_id, person_id, cycle, assigned_at, due_on, completed_at, best_score, attempts, cancelled_at)
      select ${c!.id}::uuid, p.id, ${cycle}, now() - interval '40 days',
             case when h < 88 then current_date + 20 else current_date - 5 end,
             case when h < 72 then now() - interval '10 days' else null end,
             case when h < 72 then 85 else null end,
             case when h < 72 then 1 else 0 end,
             case when h >= 98 then now() - interval '3 days' else null end
      from (select p.id, abs(hashtext(p.id::text || ${String(i)})) % 100 as h from people p) p`);
  }
}

async function main(): Promise<void> {
  heading(`Acknowledgments and training over ${N_PEOPLE.toLocaleString('en-US')} people (PostgreSQL)`);
  const why = await pgReachable();
  if (why) {
    note(`PostgreSQL skipped: ${why}`);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-bench-training-'));
  const dbName = `mamori_bench_training_${process.pid}`;
  await pgAdmin(`drop database if exists ${dbName}`);
  await pgAdmin(`create database ${dbName}`);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${dbName}`;
  const databaseUrl = u.toString();
  let database: Database | null = null;
  try {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production', DATABASE_URL: databaseUrl });
    database = await openDatabase({ databaseUrl });
    await database.migrate();
    const db = database.db;
    const seeded = await timed(() => seedPeople(db));
    const org = seeded.result;
    await db.execute(sql`analyze`);
    note(`${N_PEOPLE.toLocaleString('en-US')} people over 190 institutions and 16 research groups in ${(seeded.ms / 1000).toFixed(1)} s`);

    const { app, ctx } = await buildApp({ config, database, secrets: loadSecrets(config), logger: false });
    await app.ready();
    const sessions = ctx.sessions;
    const session = await sessions.create(db, org.managerId, '127.0.0.1', 'bench');
    const headers = { cookie: `${sessions.cookieName()}=${session.token}`, 'x-csrf-token': session.csrfToken };

    // ---- (a) publishing to 50,000 ------------------------------------------------------------------
    const viaRoute = await approvedVersion(db, org, 'POL-BENCH-1');
    const bare = await approvedVersion(db, org, 'POL-BENCH-2');
    const published = await timed(() => app.inject({ method: 'POST', url: `/api/document-versions/${viaRoute.versionId}/publish`, headers, payload: {} }));
    const routeMissing = published.result.statusCode === 404 && published.result.body.includes('ROUTE_NOT_FOUND');
    const countRows = async (versionId: string) => Number((await queryRows<{ n: number }>(db, sql`select count(*)::int as n from document_acknowledgments where version_id = ${versionId}`))[0]?.n ?? 0);
    const baseline = await timed(() =>
      db.execute(sql`
        insert into document_acknowledgments (document_id, version_id, person_id, assigned_at, due_on)
        select ${bare.documentId}::uuid, ${bare.versionId}::uuid, p.id, now(), current_date + 30
        from people p where p.deactivated_at is null and p.account_status = 'active'
        on conflict (version_id, person_id) do nothing`),
    );
    const bareRows = await countRows(bare.versionId);
    if (routeMissing) {
      heading(`(a) Publish a document version to ${N_PEOPLE.toLocaleString('en-US')} people (goal ≤ ${PUBLISH_GOAL_MS / 1000} s)`);
      note('POST /api/document-versions/:id/publish: not available (the route is not registered in this build).');
      note(`baseline, bare INSERT … SELECT: ${bareRows.toLocaleString('en-US')} rows in ${baseline.ms.toFixed(0)} ms`);
    } else {
      const rows = await countRows(viaRoute.versionId);
      const ok = published.result.statusCode < 300;
      printTable(`(a) Publish a document version to ${N_PEOPLE.toLocaleString('en-US')} people (goal ≤ ${PUBLISH_GOAL_MS / 1000} s)`, [
        { name: `bare INSERT … SELECT (${bareRows.toLocaleString('en-US')} rows)`, value: baseline.ms, unit: 'ms', baseline: true },
        { name: `POST /api/document-versions/:id/publish → ${published.result.statusCode} (${rows.toLocaleString('en-US')} rows)`, value: published.ms, unit: 'ms' },
      ]);
      if (!ok) note(`publish answered ${published.result.statusCode}: ${published.result.body.slice(0, 300)}`);
      note(`goal ≤ ${PUBLISH_GOAL_MS.toLocaleString('en-US')} ms: ${ok && published.ms <= PUBLISH_GOAL_MS ? 'met' : 'MISSED'}`);
    }

    // ---- (b) coverage over 20 courses × 50,000 people ------------------------------------------------
    const today = tokyoToday(new Date());
    const courses = await timed(() => seedCourses(db, today));
    await db.execute(sql`analyze`);
    const total = Number((await queryRows<{ n: number }>(db, sql`select count(*)::int as n from course_assignments`))[0]?.n ?? 0);
    note(`\n${N_COURSES} courses, ${total.toLocaleString('en-US')} assignments in ${(courses.ms / 1000).toFixed(1)} s`);

    const items = await currentItems(db, today);
    const course = items.find((i) => i.target.kind === 'course')!;
    const client = (db as unknown as { $client: { query: (text: string, params: unknown[]) => Promise<unknown> } }).$client;
    const dialect = (db as unknown as { dialect: { sqlToQuery: (q: ReturnType<typeof sql>) => { sql: string; params: unknown[] } } }).dialect;
    const run = (q: ReturnType<typeof sql>) => {
      const { sql: text, params } = dialect.sqlToQuery(q);
      return client.query(text, params);
    };
    const summary = summaryQueries(
      items.map((i) => i.target),
      today,
      null,
    );
    // A site coordinator sees their own institution's people only (about 260 of the 50,000).
    const [coord] = await queryRows<{ id: string; n: number }>(
      db,
      sql`select ra.person_id::text as id, (select count(*)::int from person_institutions x where x.institution_id = ra.institution_id) as n
          from role_assignments ra where ra.role = 'site_coordinator' order by ra.person_id limit 1`,
    );
    const coordSession = await sessions.create(db, coord!.id, '127.0.0.1', 'bench');
    const coordHeaders = { cookie: `${sessions.cookieName()}=${coordSession.token}`, 'x-csrf-token': coordSession.csrfToken };
    const cases: { name: string; url: string; headers?: Record<string, string>; driver: (() => Promise<unknown>) | null }[] = [
      {
        name: `GET /api/coverage as a site coordinator (${coord!.n} people)`,
        url: '/api/coverage',
        headers: coordHeaders,
        driver: null,
      },
      {
        name: `GET /api/coverage/breakdown?by=role as a site coordinator`,
        url: `/api/coverage/breakdown?item=${course.item.key}&by=role`,
        headers: coordHeaders,
        driver: null,
      },
      {
        name: `GET /api/coverage (${items.length} items)`,
        url: '/api/coverage',
        // the service also reads the current items, then runs the grouped counts
        driver: () => Promise.all([currentItems(db, today), ...[summary.documents, summary.courses].filter((q): q is NonNullable<typeof q> => !!q).map(run)]),
      },
      {
        name: 'GET /api/coverage/breakdown?by=institution',
        url: `/api/coverage/breakdown?item=${course.item.key}&by=institution`,
        driver: () => Promise.all([currentItems(db, today), run(summaryQueries([course.target], today, null).courses!), run(breakdownQuery(course.target, 'institution', today, null))]),
      },
      {
        name: 'GET /api/coverage/breakdown?by=role',
        url: `/api/coverage/breakdown?item=${course.item.key}&by=role`,
        driver: () => Promise.all([currentItems(db, today), run(summaryQueries([course.target], today, null).courses!), run(breakdownQuery(course.target, 'role', today, null))]),
      },
      {
        name: 'GET /api/coverage/people?status=overdue (page 1)',
        url: `/api/coverage/people?item=${course.item.key}&status=overdue`,
        driver: null,
      },
    ];
    const rows: Record<string, string | number>[] = [];
    for (const c of cases) {
      const http = async () => {
        const res = await app.inject({ method: 'GET', url: c.url, headers: c.headers ?? headers });
        if (res.statusCode !== 200) throw new Error(`${c.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      };
      const h: number[] = [];
      const d: number[] = [];
      for (let i = 0; i < WARMUP; i++) {
        await http();
        await c.driver?.();
      }
      for (let i = 0; i < RUNS; i++) {
        h.push((await timed(http)).ms);
        if (c.driver) d.push((await timed(c.driver)).ms);
      }
      const hp95 = pct(h, 95);
      const dp95 = d.length ? pct(d, 95) : null;
      rows.push({
        case: c.name,
        'http p50 ms': pct(h, 50),
        'http p95 ms': hp95,
        'driver p50 ms': d.length ? pct(d, 50) : '—',
        'driver p95 ms': dp95 ?? '—',
        'p95 ratio http/driver': dp95 ? `${(hp95 / dp95).toFixed(2)}×` : '—',
        [`goal ≤ ${COVERAGE_GOAL_MS} ms`]: hp95 <= COVERAGE_GOAL_MS ? 'met' : 'MISSED',
      });
    }
    heading(`(b) Coverage over ${N_PEOPLE.toLocaleString('en-US')} people × ${N_COURSES} courses (${RUNS} runs per case and path; goal p95 ≤ ${COVERAGE_GOAL_MS} ms)`);
    note('http = app.inject (validation, session, authorization, service, serialisation); driver = the same SQL run directly.');
    table(rows);
    // For scale: the organization-wide summary counted from every assignment row, as a site
    // coordinator's scoped summary still is (the unscoped one reads coverage_tallies).
    const scan = summaryScanQueries(
      items.map((i) => i.target),
      today,
      null,
    );
    const scanMs: number[] = [];
    for (let i = 0; i < 10; i++) scanMs.push((await timed(() => Promise.all([scan.documents, scan.courses].filter((q): q is NonNullable<typeof q> => !!q).map(run)))).ms);
    note(`the same summary counted from all ${(N_COURSES * N_PEOPLE).toLocaleString('en-US')} assignment rows instead of the running totals: p50 ${pct(scanMs, 50).toFixed(0)} ms, p95 ${pct(scanMs, 95).toFixed(0)} ms (driver, 10 runs)`);
    await app.close();
  } finally {
    await database?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    // BENCH_KEEP=1 leaves the database for EXPLAIN (dropped by the next run)
    if (!process.env.BENCH_KEEP) await pgAdmin(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
    else note(`kept database ${dbName}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
