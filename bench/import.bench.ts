/**
 * Import of a whole asset register: a generated 100,000-row CSV (UTF-8 with BOM, Japanese text,
 * the columns of the Japanese template) POSTed to /api/imports/assets and run as a job to the
 * end (check every row, then write them all in one transaction), on PGlite and on PostgreSQL.
 * Beside it, in the same run: parsing the same bytes with csv-parse alone, and writing the same
 * number of asset rows with plain multi-row INSERTs through the driver. Prints rows/s, the ratio
 * to those baselines, and the peak RSS growth of the process (memory stays flat: a 20,000-row
 * import is measured too, and grows about as much). Never asserts.
 *
 * Each measurement runs in a child process of its own on a fresh database, so memory figures
 * are not polluted by the one before.
 *
 *   npm run bench -- import                  (or: node --import tsx bench/import.bench.ts)
 *   BENCH_IMPORT_ROWS=100000                 rows in the file
 *   BENCH_IMPORT_SMALL=20000                 rows in the flatness check (0 skips it)
 *   BENCH_IMPORT_ENGINES=pglite,postgres     engines to run
 *   BENCH_DATABASE_URL=postgres://…/postgres admin URL for the temporary database
 *
 * The goal is ≥ 10,000 rows/s with memory flat.
 */
import { fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, type Database, type Db } from '../src/server/db/client.js';
import * as s from '../src/server/db/schema/index.js';
import { bulkInsert, type BulkType } from '../src/server/modules/assets/import/bulk-insert.js';
import { importServiceOf } from '../src/server/modules/org/import/import.routes.js';
import { loadSecrets } from '../src/server/secrets.js';
import { PLEDGE_VERSION } from '../src/shared/account.js';
import type { ImportJobDto } from '../src/shared/org.js';
import { collectGarbage, formatBytes, heading, note, printTable, table } from './lib/report.js';
import { PG_ADMIN_URL, pgAdmin, pgReachable } from './lib/pg.js';

const SELF = fileURLToPath(import.meta.url);
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const SMALL = Number(process.env.BENCH_IMPORT_SMALL ?? 20_000);
const ENGINES = (process.env.BENCH_IMPORT_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim()) as Engine[];
const GOAL = 10_000;

type Engine = 'pglite' | 'postgres';
type Mode = 'import' | 'insert' | 'parse';
interface Spec {
  mode: Mode;
  engine: Engine;
  rows: number;
}
interface Result {
  spec: Spec;
  ms: number;
  rows: number;
  rssGrowth: number;
  heapGrowth: number;
  /** Peak of the heap right after a full collection: what the run holds. */
  liveGrowth: number;
  fileBytes?: number;
  phases?: { upload: number; validate: number; write: number };
  job?: Pick<ImportJobDto, 'status' | 'createdCount' | 'totalRows'> & { firstError?: string };
}

// ---- the register ----------------------------------------------------------------------------
function mulberry(seed: number) {
  let st = seed >>> 0;
  return () => {
    st = (st + 0x6d2b79f5) >>> 0;
    let t = Math.imul(st ^ (st >>> 15), st | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = ['資産番号', '名称', '種別', '区分', '情報の分類', '機密区分', '機密性', '完全性', '可用性', '説明', '管理部署', '管理責任者', '所在', '所在医療機関', '所在の詳細', '研究グループ', '関連する研究', '保存期限', '廃棄方法', 'RTO(時間)', 'RPO(時間)', 'バックアップ方法', '備考'];
// [type label, kind label, system?]
const TYPES: [string, string, boolean][] = [
  ['データセット', '情報', false],
  ['データベース', '情報', false],
  ['文書', '情報', false],
  ['アプリケーション', 'システム', true],
  ['サーバー', 'システム', true],
  ['サービス', 'システム', true],
  ['紙媒体', '媒体', false],
  ['USBメモリ', '媒体', false],
  ['ノートパソコン', '媒体', false],
  ['保管庫', '場所', false],
];
// [category, classifications it allows]
const CATEGORIES: [string, string[]][] = [
  ['個人情報', ['秘密']],
  ['要配慮個人情報', ['秘密']],
  ['診療情報', ['秘密']],
  ['解析情報', ['秘密', '内部']],
  ['安全性情報', ['秘密', '内部']],
  ['その他の秘密情報', ['秘密', '内部']],
  ['公開情報', ['公開', '内部']],
];
const WORDS = ['症例報告書', '同意書', '登録票', '有害事象報告', '解析計画書', 'モニタリング報告', '統計解析結果', '割付表', '匿名化対応表', 'プロトコル', '検査データ', '画像データ'];

const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

interface Org {
  institutionCodes: string[];
  studyCodes: string[];
  groupCodes: string[];
  emails: string[];
}

/** A register of `n` assets as Excel would save it ("CSV UTF-8"): every row valid, varied like a real one. */
export function registerCsv(n: number, org: Org): Buffer {
  const r = mulberry(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const lines: string[] = [HEADER.join(',')];
  for (let i = 0; i < n; i++) {
    const [type, kind, system] = pick(TYPES);
    const [category, classes] = pick(CATEGORIES);
    const atSite = !system && r() < 0.4;
    const study = pick(org.studyCodes);
    const cells = [
      '',
      `${study} ${pick(WORDS)} 第${(i % 97) + 1}版 #${i}`,
      r() < 0.5 ? kind : '',
      type,
      category,
      pick(classes),
      String(1 + Math.floor(r() * 3)),
      String(1 + Math.floor(r() * 3)),
      String(1 + Math.floor(r() * 3)),
      r() < 0.6 ? `${study} の${pick(WORDS)}。施設から回収し、鍵付きキャビネットで保管する。` : '',
      'DC',
      r() < 0.3 ? pick(org.emails) : '',
      atSite ? '医療機関' : pick(['データセンター', 'データセンター', 'その他']),
      atSite ? pick(org.institutionCodes) : '',
      atSite ? '' : `棚 ${1 + (i % 40)}`,
      r() < 0.5 ? pick(org.groupCodes) : '',
      r() < 0.7 ? study : '',
      r() < 0.8 ? `20${30 + Math.floor(r() * 10)}/${1 + Math.floor(r() * 12)}/${1 + Math.floor(r() * 28)}` : '',
      r() < 0.3 ? 'シュレッダー裁断' : '',
      system ? String(pick([4, 8, 24, 72])) : '',
      system ? String(pick([1, 4, 24])) : '',
      system ? '日次フルバックアップ（遠隔地保管）' : '',
      r() < 0.1 ? 'メモ: 次回の棚卸しで所在を確認' : '',
    ];
    lines.push(cells.map(q).join(','));
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

// ---- databases -----------------------------------------------------------------------------------
async function open(engine: Engine, tag: string): Promise<{ database: Database; dataDir: string; url?: string; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `mamori-bench-import-${tag}-`));
  if (engine === 'pglite') {
    const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
    await database.migrate();
    return { database, dataDir, dispose: async () => { await database.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const name = `mamori_bench_import_${tag}_${process.pid}`;
  await pgAdmin(`drop database if exists ${name} with (force)`);
  await pgAdmin(`create database ${name}`);
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 4 });
  await database.migrate();
  return {
    database,
    dataDir,
    url: u.toString(),
    dispose: async () => {
      await database.close();
      await pgAdmin(`drop database if exists ${name} with (force)`);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The organisation the register refers to: the data center, 100 hospitals, 10 groups, 40 studies, 50 staff. Returns the manager's id. */
async function seedOrg(db: Db): Promise<{ managerId: string; org: Org; dcId: string }> {
  const dcId = randomUUID();
  await db.insert(s.units).values([
    { id: dcId, code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' },
    { code: 'OO', kind: 'operations_office', nameJa: '運営事務局', nameEn: 'Operations Office' },
  ]);
  const institutionCodes = Array.from({ length: 100 }, (_, i) => `H${String(i + 1).padStart(3, '0')}`);
  await db.insert(s.institutions).values(institutionCodes.map((code, i) => ({ code, nameJa: `ベンチ病院${i + 1}`, nameEn: `Bench Hospital ${i + 1}`, prefecture: '13' })));
  const groups = await db
    .insert(s.researchGroups)
    .values(Array.from({ length: 10 }, (_, i) => ({ code: `RG${i + 1}`, nameJa: `研究グループ${i + 1}`, nameEn: `Research Group ${i + 1}` })))
    .returning({ id: s.researchGroups.id, code: s.researchGroups.code });
  const studyCodes = Array.from({ length: 40 }, (_, i) => `MMR${2000 + i}`);
  await db.insert(s.studies).values(studyCodes.map((code, i) => ({ code, titleJa: `試験${code}`, titleEn: `Study ${code}`, researchGroupId: groups[i % groups.length]!.id })));
  const people = await db
    .insert(s.people)
    .values(Array.from({ length: 50 }, (_, i) => ({ familyNameJa: '山田', givenNameJa: `太郎${i}`, familyNameEn: 'Yamada', givenNameEn: `Taro${i}`, email: `staff${i}@bench.example.jp`, unitId: dcId, accountStatus: 'active', mfaEnrolledAt: new Date(), pledgeVersion: PLEDGE_VERSION, mustChangePassword: false })))
    .returning({ id: s.people.id, email: s.people.email });
  await db.insert(s.roleAssignments).values([{ personId: people[0]!.id, role: 'security_manager' }, ...people.slice(1).map((p) => ({ personId: p.id, role: 'data_center_staff' as const, unitId: dcId }))]);
  await db.execute(sql`analyze`);
  return { managerId: people[0]!.id, dcId, org: { institutionCodes, studyCodes, groupCodes: groups.map((g) => g.code), emails: people.map((p) => p.email) } };
}

// ---- measurements (each in a child process) --------------------------------------------------------
/**
 * Peak RSS and heap every 10 ms; and once a second a full garbage collection first, so the "live
 * heap" peak counts what the run keeps, not garbage V8 has not collected yet.
 */
function rssSampler() {
  let peakRss = 0;
  let peakHeap = 0;
  let peakLive = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const gc = (globalThis as { gc?: () => void }).gc;
  const live = () => {
    gc?.();
    const h = process.memoryUsage().heapUsed;
    if (h > peakLive) peakLive = h;
  };
  sample();
  live();
  const timer = setInterval(sample, 10);
  const liveTimer = setInterval(live, 1000);
  return {
    stop() {
      clearInterval(timer);
      clearInterval(liveTimer);
      sample();
      live();
      return { peakRss, peakHeap, peakLive };
    },
  };
}

function multipart(fileName: string, content: Buffer): { payload: Buffer; contentType: string } {
  const boundary = `----mamori${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="encoding"\r\n\r\nauto\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function measure(spec: Spec): Promise<Result> {
  if (spec.mode === 'parse') {
    const file = registerCsv(spec.rows, { institutionCodes: ['H001'], studyCodes: ['MMR2000'], groupCodes: ['RG1'], emails: ['a@b.jp'] });
    await collectGarbage();
    const base = process.memoryUsage();
    const mem = rssSampler();
    const t0 = performance.now();
    const records = parse(file.subarray(3).toString('utf8'), { relax_column_count: true }) as string[][];
    const ms = performance.now() - t0;
    const peak = mem.stop();
    return { spec, ms, rows: records.length - 1, rssGrowth: peak.peakRss - base.rss, heapGrowth: peak.peakHeap - base.heapUsed, liveGrowth: peak.peakLive - base.heapUsed, fileBytes: file.length };
  }

  const db = await open(spec.engine, spec.mode);
  try {
    const seeded = await seedOrg(db.database.db);
    const file = registerCsv(spec.rows, seeded.org);
    if (spec.mode === 'insert') {
      // The same number of asset rows, already valid, straight through the driver: 1,000 per INSERT.
      const r = mulberry(7);
      const now = new Date();
      const rows = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, k) => {
          const c = 1 + Math.floor(r() * 3);
          return { name: `MMR2000 症例報告書 第1版 #${from + k}`, description: 'MMR2000 の症例報告書。施設から回収し、鍵付きキャビネットで保管する。', kind: 'information', type: 'document', category: 'personal', classification: 'confidential', confidentiality: c, integrity: 2, availability: 1, importance: Math.max(c, 2), ownerUnitId: seeded.dcId, location: 'data_center', locationDetail: `棚 ${k % 40}`, retentionUntil: '2035-03-31', status: 'active', version: 1, createdBy: seeded.managerId, createdAt: now, updatedAt: now };
        });
      await collectGarbage();
      const base = process.memoryUsage();
      const mem = rssSampler();
      const t0 = performance.now();
      await db.database.db.transaction(async (tx) => {
        for (let i = 0; i < spec.rows; i += 1000) {
          const batch = rows(i, Math.min(spec.rows, i + 1000));
          const cols = Object.keys(batch[0]!) as (keyof (typeof batch)[number])[];
          await bulkInsert(tx, s.assets, cols.map((k) => [s.assets[k] as PgColumn, TYPES_OF[k] as BulkType] as const), batch.map((r) => cols.map((k) => r[k])));
        }
      });
      const ms = performance.now() - t0;
      const peak = mem.stop();
      return { spec, ms, rows: spec.rows, rssGrowth: peak.peakRss - base.rss, heapGrowth: peak.peakHeap - base.heapUsed, liveGrowth: peak.peakLive - base.heapUsed, fileBytes: file.length };
    }

    const config = loadConfig({ DATA_DIR: db.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production', ...(db.url ? { DATABASE_URL: db.url } : {}) });
    const { app, ctx } = await buildApp({ config, database: db.database, secrets: loadSecrets(config), logger: false });
    try {
      const sessions = ctx.sessions;
      const session = await sessions.create(ctx.db, seeded.managerId, '127.0.0.1', 'bench');
      const { payload, contentType } = multipart('資産台帳.csv', file);
      await collectGarbage();
      const base = process.memoryUsage();
      const mem = rssSampler();
      const t0 = performance.now();
      const res = await app.inject({ method: 'POST', url: '/api/imports/assets', payload, headers: { 'content-type': contentType, cookie: `${sessions.cookieName()}=${session.token}`, 'x-csrf-token': session.csrfToken } });
      if (res.statusCode !== 202) throw new Error(`import refused: ${res.statusCode} ${res.body.slice(0, 500)}`);
      const tUpload = performance.now();
      const started = res.json() as ImportJobDto;
      // the phase changes, as this node's progress (the job row is updated inside the write transaction)
      let tWrite = 0;
      const live = (importServiceOf(app) as unknown as { live: Map<string, { status: string }> }).live;
      const watch = setInterval(() => {
        if (!tWrite && live.get(started.id)?.status === 'writing') tWrite = performance.now();
      }, 5);
      await importServiceOf(app).waitFor(started.id);
      const ms = performance.now() - t0;
      clearInterval(watch);
      const peak = mem.stop();
      const [job] = await ctx.db.select().from(s.importJobs).where(eq(s.importJobs.id, started.id));
      const wrote = tWrite || performance.now();
      return {
        spec,
        ms,
        rows: spec.rows,
        rssGrowth: peak.peakRss - base.rss,
        heapGrowth: peak.peakHeap - base.heapUsed,
        liveGrowth: peak.peakLive - base.heapUsed,
        fileBytes: file.length,
        phases: { upload: tUpload - t0, validate: wrote - tUpload, write: t0 + ms - wrote },
        job: { status: job!.status, createdCount: job!.createdCount, totalRows: job!.totalRows, firstError: job!.errors[0] ? `${job!.errors[0].row}/${job!.errors[0].column}: ${job!.errors[0].message}` : undefined },
      };
    } finally {
      await app.close();
    }
  } finally {
    await db.dispose();
  }
}

const TYPES_OF: Record<string, BulkType> = {
  name: 'text', description: 'text', kind: 'text', type: 'text', category: 'text', classification: 'text', confidentiality: 'int2', integrity: 'int2', availability: 'int2', importance: 'int2',
  ownerUnitId: 'uuid', location: 'text', locationDetail: 'text', retentionUntil: 'date', status: 'text', version: 'int4', createdBy: 'uuid', createdAt: 'timestamptz', updatedAt: 'timestamptz',
};

function inChild(spec: Spec): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, ['--measure', JSON.stringify(spec)], { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: Result | null = null;
    child.once('message', (m: Result) => (result = m));
    child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`measurement ${JSON.stringify(spec)} exited with code ${code}`))));
  });
}

// ---- report ------------------------------------------------------------------------------------
async function main(): Promise<void> {
  heading(`Asset import: ${ROWS.toLocaleString('en-US')} rows of CSV through the import job`);
  const engines: Engine[] = [];
  for (const e of ENGINES) {
    if (e === 'postgres') {
      const why = await pgReachable();
      if (why) {
        note(`PostgreSQL skipped: ${PG_ADMIN_URL} is unreachable (${why}). Set BENCH_DATABASE_URL.`);
        continue;
      }
    }
    engines.push(e);
  }
  const parsed = await inChild({ mode: 'parse', engine: 'pglite', rows: ROWS });
  note(`File: ${ROWS.toLocaleString('en-US')} rows, ${formatBytes(parsed.fileBytes ?? 0)} of UTF-8 CSV with a BOM (the Japanese template's columns).`);
  const summary: Record<string, string | number>[] = [];
  for (const engine of engines) {
    const imp = await inChild({ mode: 'import', engine, rows: ROWS });
    if (imp.job?.status !== 'succeeded') note(`!! the import did not succeed: ${JSON.stringify(imp.job)}`);
    const ins = await inChild({ mode: 'insert', engine, rows: ROWS });
    const small = SMALL > 0 ? await inChild({ mode: 'import', engine, rows: SMALL }) : null;
    const rate = (r: Result) => (r.rows * 1000) / r.ms;
    const label = engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
    printTable(`${label}: rows per second`, [
      { name: 'csv-parse alone (same bytes, no database)', value: rate(parsed), unit: 'rows/s' },
      { name: 'plain INSERT … SELECT unnest() of the asset rows (driver)', value: rate(ins), unit: 'rows/s', baseline: true },
      { name: `import job, ${ROWS.toLocaleString('en-US')} rows (check + write)`, value: rate(imp), unit: 'rows/s' },
      ...(small ? [{ name: `import job, ${SMALL.toLocaleString('en-US')} rows`, value: rate(small), unit: 'rows/s' }] : []),
    ]);
    note(`Import vs csv-parse alone: ${(rate(imp) / rate(parsed)).toFixed(2)}×. Goal ≥ ${GOAL.toLocaleString('en-US')} rows/s: ${rate(imp) >= GOAL ? 'met' : 'NOT met'}.`);
    if (imp.phases) {
      const p = imp.phases;
      note(`Phases: upload + file check ${(p.upload / 1000).toFixed(1)} s, row checks ${(p.validate / 1000).toFixed(1)} s, writing ${(p.write / 1000).toFixed(1)} s (total ${(imp.ms / 1000).toFixed(1)} s).`);
    }
    heading(`${label}: memory (peak growth over the start of the measurement)`);
    const mem = (run: string, r: Result) => ({ run, rows: r.rows, 'RSS growth': formatBytes(r.rssGrowth), 'heap growth': formatBytes(r.heapGrowth), 'live heap growth': formatBytes(r.liveGrowth) });
    table([mem('csv-parse alone (whole file in memory)', parsed), mem('plain INSERT', ins), mem('import job', imp), ...(small ? [mem('import job', small)] : [])]);
    if (small) {
      note(
        `Memory flat: the ${ROWS.toLocaleString('en-US')}-row import holds ${formatBytes(imp.liveGrowth)} of live heap at its peak, the ${SMALL.toLocaleString('en-US')}-row one ${formatBytes(small.liveGrowth)} (${(imp.liveGrowth / Math.max(1, small.liveGrowth)).toFixed(2)}× for ${(ROWS / SMALL).toFixed(0)}× the rows; csv-parse alone holds ${formatBytes(parsed.liveGrowth)} for the whole file).`,
      );
    }
    summary.push({ engine: label, 'import rows/s': Math.round(rate(imp)), 'INSERT rows/s': Math.round(rate(ins)), 'ratio to INSERT': `${(rate(imp) / rate(ins)).toFixed(2)}×`, 'RSS growth': formatBytes(imp.rssGrowth) });
  }
  heading('Summary');
  table(summary);
}

const at = process.argv.indexOf('--measure');
if (at >= 0) {
  const spec = JSON.parse(process.argv[at + 1] ?? '{}') as Spec;
  measure(spec)
    .then((r) => {
      process.send?.(r);
      process.exit(0);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
} else if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  await main();
}
