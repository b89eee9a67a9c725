/**
 * The audit log's speed: (a) appends inside transactions, against a plain INSERT of the same row
 * into a copy of the table (same indexes, no chain); (b) verifyAudit over a large chained log,
 * against raw chained SHA-256 over the same canonical bytes, run in this process. Prints figures
 * and ratios; never asserts.
 *
 *   npm run bench -- audit                      (or: npx tsx bench/audit.bench.ts)
 *   BENCH_DATABASE_URL=postgres://…/postgres    admin URL for the temporary database
 *   BENCH_AUDIT_N=1000000                       entries verified on PostgreSQL
 *   BENCH_AUDIT_PGLITE_N=200000                 entries verified on PGlite
 *   BENCH_AUDIT_APPENDS=5000                    appends per append figure
 *   BENCH_AUDIT_REFERENCE=0                     skip the original (pre-optimisation) verifier
 *
 * The verify goal is ≥ 500,000 entries/s and ≥ 60 % of raw hashing.
 */
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, gt, sql } from 'drizzle-orm';
import { bigint, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appendAudit, verifyAudit, type AuditEvent } from '../src/server/audit/audit.service.js';
import { canonicalEntry, chainHash, GENESIS_HASH, type ChainedFields } from '../src/server/audit/chain.js';
import { canonicalJsonFast, entryReader, linkHash, type RawEntry } from '../src/server/audit/verify-fast.js';
import { systemActor } from '../src/server/authz/actor.js';
import { systemClock } from '../src/server/clock.js';
import { openDatabase, type Database, type Db } from '../src/server/db/client.js';
import { auditLog } from '../src/server/db/schema/index.js';
import { collectGarbage, formatBytes, heading, memory, memoryPeak, note, printTable, rate, table, timed, type Figure } from './lib/report.js';
import { PG_ADMIN_URL, pgAdmin, pgReachable } from './lib/pg.js';

const N_PG = Number(process.env.BENCH_AUDIT_N ?? 1_000_000);
const N_PGLITE = Number(process.env.BENCH_AUDIT_PGLITE_N ?? 200_000);
const APPENDS = Number(process.env.BENCH_AUDIT_APPENDS ?? 5_000);
const REFERENCE = process.env.BENCH_AUDIT_REFERENCE !== '0';
const REFERENCE_MAX = 200_000;
const CHUNK = 10_000;
const GOAL = { rate: 500_000, share: 0.6 };

type Engine = 'pglite' | 'postgres';

// ---- synthetic but realistic entries, each a pure function of its seq ---------------------------
function mulberry(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const hex8 = (r: () => number) => Math.floor(r() * 0x1_0000_0000).toString(16).padStart(8, '0');
const hex = (r: () => number, n: number) => (hex8(r) + hex8(r)).slice(0, n);
const uuidFrom = (r: () => number) => {
  const a = hex8(r) + hex8(r) + hex8(r) + hex8(r);
  return `${a.slice(0, 8)}-${a.slice(8, 12)}-4${a.slice(13, 16)}-a${a.slice(17, 20)}-${a.slice(20, 32)}`;
};
const FAMILY = ['山田', '佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '中村'];
const GIVEN = ['花子', '太郎', '美咲', '健一', '陽菜', '翔太'];
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const T0 = Date.parse('2025-04-01T00:00:00Z');

function entryAt(seq: number): ChainedFields {
  const r = mulberry(seq * 2654435761);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const person = uuidFrom(r);
  const target = uuidFrom(r);
  const base = { seq, at: new Date(T0 + seq * 1_700 + Math.floor(r() * 1_000)), actorPersonId: person, actorSessionId: hex(r, 16), actorIp: `10.${seq % 256}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`, actorUserAgent: UA, targetType: 'person', targetId: target, scope: null };
  switch (seq % 8) {
    case 0:
      return { ...base, action: 'person.updated', details: { before: { familyNameJa: pick(FAMILY), note: null }, after: { familyNameJa: pick(FAMILY), note: `異動（${pick(GIVEN)}）` }, links: { institutionIds: { before: [uuidFrom(r)], after: [uuidFrom(r), uuidFrom(r)] } } } };
    case 1:
      return { ...base, action: 'auth.signed_in', details: null };
    case 2:
      return { ...base, action: 'role.granted', scope: { institutionId: uuidFrom(r) }, details: { role: 'researcher', institutionId: uuidFrom(r), researchGroupId: null, unitId: null, committeeId: null } };
    case 3:
      return { ...base, actorPersonId: null, actorSessionId: null, action: 'auth.sign_in_failed', details: { email: `user${seq}@hospital.example.jp`, reason: pick(['bad_password', 'unknown_email', 'inactive']) } };
    case 4:
      return { ...base, action: 'audit.viewed', targetType: null, targetId: null, details: { filters: { page: 1 + (seq % 7), pageSize: 50, action: 'person.viewed' } } };
    case 5:
      return { ...base, action: 'import.completed', targetType: 'import', details: { kind: 'people', fileName: '職員名簿_2026年度.csv', totalRows: 150, created: 140, updated: 10 } };
    case 6:
      return { ...base, actorPersonId: null, actorSessionId: null, actorIp: null, actorUserAgent: 'cli', action: 'person.created', details: { after: { familyNameJa: pick(FAMILY), givenNameJa: pick(GIVEN), email: `p${seq}@example.jp`, institutionIds: [uuidFrom(r)], note: null } } };
    default:
      return { ...base, action: 'person.viewed', details: null };
  }
}

// ---- databases ---------------------------------------------------------------------------------
/** A fresh migrated database: PGlite in memory or in a temp directory, or a temporary PostgreSQL database. */
async function open(engine: Engine, where: 'memory' | 'disk', tag: string): Promise<Database & { dispose(): Promise<void> }> {
  if (engine === 'pglite') {
    const dir = where === 'memory' ? null : mkdtempSync(join(tmpdir(), `mamori-bench-audit-${tag}-`));
    const d = await openDatabase({ pgliteDir: dir ? join(dir, 'pglite') : 'memory://' });
    await d.migrate();
    return { ...d, dispose: async () => { await d.close(); if (dir) rmSync(dir, { recursive: true, force: true }); } };
  }
  const name = `mamori_bench_audit_${tag}_${process.pid}`;
  await pgAdmin(`drop database if exists ${name} with (force)`);
  await pgAdmin(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const d = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  await d.migrate();
  return { ...d, dispose: async () => { await d.close(); await pgAdmin(`drop database if exists ${name} with (force)`); } };
}

const label = (engine: Engine, where?: string) => (engine === 'pglite' ? `PGlite${where ? ` (${where})` : ''}` : 'PostgreSQL');

/** A one-line progress indicator on stderr for the slow set-up phases. */
function progress(what: string, total: number) {
  let last = -1;
  return (done: number) => {
    const pct = Math.floor((done / total) * 10) * 10;
    if (pct === last) return;
    last = pct;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K  ${what}: ${pct} %${done >= total ? '\n' : ''}`);
    else if (done >= total) process.stderr.write(`  ${what}: done\n`);
  };
}

// ---- (a) appends -------------------------------------------------------------------------------
/** The same columns as audit_log, for a copy of the table without the chain. */
const plain = pgTable('bench_plain', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  actorPersonId: uuid('actor_person_id'),
  actorSessionId: text('actor_session_id'),
  actorIp: text('actor_ip'),
  actorUserAgent: text('actor_user_agent'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  scope: jsonb('scope'),
  details: jsonb('details'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});

async function appendFigures(engine: Engine): Promise<Figure[]> {
  const d = await open(engine, 'memory', 'append');
  try {
    const db = d.db;
    await db.execute(sql`create table bench_plain (like audit_log including all)`);
    const actor = { ...systemActor(), kind: 'person' as const, personId: '2f1e0c6a-58f4-4c11-9e57-3d1b2a0c9f10', sessionId: 'a'.repeat(64), ip: '192.0.2.7', userAgent: UA };
    const event = (i: number): AuditEvent => ({ action: 'person.updated', targetType: 'person', targetId: `p-${i}`, details: { before: { note: '旧メモ' }, after: { note: `新メモ ${i}` } } });
    let plainSeq = 0;
    const plainRow = (i: number) => ({ seq: ++plainSeq, at: systemClock.now(), actorPersonId: actor.personId, actorSessionId: actor.sessionId.slice(0, 16), actorIp: actor.ip, actorUserAgent: actor.userAgent, ...event(i), prevHash: GENESIS_HASH, hash: GENESIS_HASH });
    /** Milliseconds to write `count` rows, `per` to a transaction. */
    const perTx = async (count: number, per: number, write: (tx: Db, i: number) => Promise<unknown>) => {
      const { ms } = await timed(async () => {
        for (let i = 0; i < count; i += per) await db.transaction(async (tx) => { for (let j = i; j < Math.min(count, i + per); j++) await write(tx as unknown as Db, j); });
      });
      return ms;
    };
    const insertPlain = (tx: Db, i: number) => tx.insert(plain).values(plainRow(i));
    // One per transaction is what appendAuditAlone does; written out so both rows run the same loop.
    const insertChained = (tx: Db, i: number) => appendAudit(tx, systemClock, actor, event(i));
    // Warm-up: JIT, plans, the first pages of both tables.
    await perTx(200, 10, insertChained);
    await perTx(200, 10, insertPlain);
    const figures: Figure[] = [];
    const ROUNDS = 5;
    for (const per of [1, 100]) {
      // Interleaved rounds, so a change in machine load falls on both figures alike.
      let plainMs = 0;
      let chainedMs = 0;
      for (let round = 0; round < ROUNDS; round++) {
        plainMs += await perTx(APPENDS / ROUNDS, per, insertPlain);
        chainedMs += await perTx(APPENDS / ROUNDS, per, insertChained);
      }
      const baseline = rate(APPENDS, plainMs);
      const chained = rate(APPENDS, chainedMs);
      figures.push(
        { name: `${label(engine, 'in memory')}: plain INSERT, ${per} per transaction`, value: baseline, unit: 'rows/s', baseline: true, ratio: 1 },
        { name: `${label(engine, 'in memory')}: appendAudit, ${per} per transaction`, value: chained, unit: 'entries/s', ratio: chained / baseline },
      );
    }
    const v = await verifyAudit(db);
    if (!v.ok) throw new Error(`the appended chain does not verify: ${v.reason}`);
    return figures;
  } finally {
    await d.dispose();
  }
}

// ---- (b) verify --------------------------------------------------------------------------------
/** Fills audit_log with n chained entries, chained here, in multi-row INSERTs. Returns the last hash and the time spent in JS. */
async function load(db: Db, n: number, tick: (done: number) => void): Promise<{ lastHash: string; jsMs: number }> {
  // Bulk load as a restore would: secondary indexes dropped, then rebuilt once.
  const indexes = (await db.execute(sql`select indexname, indexdef from pg_indexes where tablename = 'audit_log' and indexname <> 'audit_log_pkey'`)) as unknown as { rows: { indexname: string; indexdef: string }[] };
  for (const ix of indexes.rows) await db.execute(sql.raw(`drop index ${ix.indexname}`));
  let prev = GENESIS_HASH;
  let jsMs = 0;
  let inflight: Promise<unknown> = Promise.resolve();
  for (let start = 1; start <= n; start += CHUNK) {
    const t0 = performance.now();
    const cols: unknown[][] = Array.from({ length: 13 }, () => []);
    for (let seq = start; seq < Math.min(start + CHUNK, n + 1); seq++) {
      const e = entryAt(seq);
      // The fast encoder (proven byte-identical by verify-fast.unit.test.ts); rawHashing below
      // rebuilds the bytes with chain.ts's canonicalEntry and must arrive at the same last hash.
      const h = linkHash(prev, canonicalJsonFast([seq, e.at.toISOString(), e.actorPersonId, e.actorSessionId, e.actorIp, e.actorUserAgent, e.action, e.targetType, e.targetId, e.scope, e.details]));
      const row = [seq, e.at.toISOString(), e.actorPersonId, e.actorSessionId, e.actorIp, e.actorUserAgent, e.action, e.targetType, e.targetId, e.scope === null ? null : JSON.stringify(e.scope), e.details === null ? null : JSON.stringify(e.details), prev, h];
      for (let i = 0; i < 13; i++) (cols[i] as unknown[]).push(row[i]);
      prev = h;
    }
    const p = cols.map((c) => sql.param(c));
    jsMs += performance.now() - t0;
    // One INSERT in flight while the next chunk is built (PostgreSQL works on another core meanwhile).
    // Wrapped in a real promise: a drizzle query runs again each time it is awaited.
    await inflight;
    inflight = Promise.resolve(db.execute(sql`insert into audit_log (seq, at, actor_person_id, actor_session_id, actor_ip, actor_user_agent, action, target_type, target_id, scope, details, prev_hash, hash)
      select a, b, c, d, e, f, g, h, i, j::jsonb, k::jsonb, l, m
        from unnest(${p[0]}::bigint[], ${p[1]}::timestamptz[], ${p[2]}::uuid[], ${p[3]}::text[], ${p[4]}::text[], ${p[5]}::text[], ${p[6]}::text[], ${p[7]}::text[], ${p[8]}::text[], ${p[9]}::text[], ${p[10]}::text[], ${p[11]}::text[], ${p[12]}::text[]) as t(a, b, c, d, e, f, g, h, i, j, k, l, m)`));
    void inflight.then(() => tick(Math.min(n, start + CHUNK - 1)), () => undefined);
  }
  await inflight;
  for (const ix of indexes.rows) await db.execute(sql.raw(ix.indexdef));
  await db.execute(sql`vacuum analyze audit_log`);
  return { lastHash: prev, jsMs };
}

/** Reads every entry the way the verifier does (same reader, same read-ahead), without hashing: what the database can deliver. */
async function readOnly(db: Db): Promise<number> {
  const { read, readAhead, defaultBatch } = entryReader(db);
  let n = 0;
  let pending: Promise<RawEntry[]> | null = read('-9223372036854775808', defaultBatch);
  while (pending) {
    const rows: RawEntry[] = await pending;
    pending = null;
    const after = rows.length === defaultBatch ? (rows[rows.length - 1] as RawEntry)[0] : null;
    if (after !== null && readAhead) pending = read(after, defaultBatch);
    n += rows.length;
    if (after !== null && !readAhead) pending = read(after, defaultBatch);
  }
  return n;
}

/** The verifier as first written (drizzle rows, Date objects, chainHash), over the first `max` entries. */
async function referenceVerify(db: Db, max: number): Promise<number> {
  let prevHash = GENESIS_HASH;
  let expected = 1;
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.seq, expected - 1)).orderBy(asc(auditLog.seq)).limit(Math.min(20_000, max - expected + 1));
    for (const r of rows) {
      if (r.seq !== expected || r.prevHash !== prevHash || chainHash(prevHash, r as ChainedFields) !== r.hash) throw new Error(`reference verifier: entry ${r.seq} is bad`);
      prevHash = r.hash;
      expected++;
    }
    if (rows.length === 0 || expected > max) return expected - 1;
  }
}

/** Raw chained SHA-256 over the same canonical bytes: only the hashing is timed (the bytes are rebuilt untimed, chunk by chunk). */
function rawHashing(n: number): { ms: number; last: string } {
  let prev = GENESIS_HASH;
  let ms = 0;
  for (let start = 1; start <= n; start += CHUNK) {
    const canon: string[] = [];
    for (let seq = start; seq < Math.min(start + CHUNK, n + 1); seq++) canon.push(canonicalEntry(entryAt(seq)));
    const t0 = performance.now();
    for (const c of canon) prev = hash('sha256', prev + '\n' + c, 'hex');
    ms += performance.now() - t0;
  }
  return { ms, last: prev };
}

async function verifyFigures(engine: Engine, n: number): Promise<void> {
  const d = await open(engine, 'disk', 'verify');
  try {
    const db = d.db;
    const { result: loaded, ms: loadMs } = await timed(() => load(db, n, progress(`${label(engine)}: loading ${n.toLocaleString('en-US')} entries`, n)));
    const lastHash = loaded.lastHash;
    note(`${label(engine)}: ${n.toLocaleString('en-US')} entries loaded in ${(loadMs / 1000).toFixed(1)} s (${(loaded.jsMs / 1000).toFixed(1)} s of it building the chain here; multi-row INSERT … SELECT FROM unnest, secondary indexes rebuilt after).`);

    // Read-only first: it also warms the caches for the runs after it.
    const read = await timed(() => readOnly(db));
    if (read.result !== n) throw new Error(`read ${read.result} entries, expected ${n}`);

    await collectGarbage();
    const before = memory();
    const peak = memoryPeak();
    const v = await timed(() => verifyAudit(db, { onProgress: () => peak.sample() }));
    const atEnd = memory();
    await collectGarbage();
    const after = memory();
    if (!v.result.ok || v.result.checked !== n || v.result.lastHash !== lastHash) throw new Error(`verify disagrees with the loaded chain: ${JSON.stringify(v.result)}`);

    const raw = rawHashing(n);
    if (raw.last !== lastHash) throw new Error('the raw hashing baseline did not hash the same bytes');

    const refN = REFERENCE ? Math.min(n, REFERENCE_MAX) : 0;
    const ref = refN ? await timed(() => referenceVerify(db, refN)) : null;

    const rawRate = rate(n, raw.ms);
    const verifyRate = rate(n, v.ms);
    const rows: Figure[] = [
      { name: 'raw chained SHA-256 over the same canonical bytes', value: rawRate, unit: 'entries/s', baseline: true },
      { name: 'verifyAudit (read + decode + encode + hash)', value: verifyRate, unit: 'entries/s' },
      { name: 'read only: same reader, no encoding or hashing', value: rate(n, read.ms), unit: 'entries/s' },
    ];
    if (ref) rows.push({ name: `original verifier (drizzle rows + chainHash), first ${refN.toLocaleString('en-US')}`, value: rate(ref.result, ref.ms), unit: 'entries/s' });
    printTable(`Verify ${n.toLocaleString('en-US')} entries, ${label(engine, 'on disk')}`, rows);
    const met = verifyRate >= GOAL.rate && verifyRate / rawRate >= GOAL.share;
    note(`verifyAudit: ${(v.ms / 1000).toFixed(1)} s, ${((verifyRate / rawRate) * 100).toFixed(0)} % of raw hashing, ${((verifyRate / rate(n, read.ms)) * 100).toFixed(0)} % of the read-only rate; goal ≥ ${GOAL.rate.toLocaleString('en-US')} entries/s and ≥ ${GOAL.share * 100} % of raw hashing: ${met ? 'met' : 'not met'}.`);
    note('Memory (after a full GC where noted):');
    table([
      { '': 'before verify (GC)', rss: formatBytes(before.rss), 'heap used': formatBytes(before.heapUsed) },
      { '': 'peak during verify', rss: formatBytes(peak.peak().rss), 'heap used': formatBytes(peak.peak().heapUsed) },
      { '': 'at the end, before GC', rss: formatBytes(atEnd.rss), 'heap used': formatBytes(atEnd.heapUsed) },
      { '': 'after verify (GC)', rss: formatBytes(after.rss), 'heap used': formatBytes(after.heapUsed) },
    ]);
  } finally {
    await d.dispose();
  }
}

// ---- main --------------------------------------------------------------------------------------
async function main() {
  heading('Audit log benchmark');
  note(`Node ${process.version}; appends: ${APPENDS.toLocaleString('en-US')} per figure; verify: ${N_PGLITE.toLocaleString('en-US')} entries on PGlite, ${N_PG.toLocaleString('en-US')} on PostgreSQL.`);
  const why = await pgReachable();
  const engines: Engine[] = why ? ['pglite'] : ['pglite', 'postgres'];
  if (why) note(`PostgreSQL skipped: ${PG_ADMIN_URL} is unreachable (${why}). Set BENCH_DATABASE_URL.`);
  if (N_PGLITE < 1_000_000) note(`PGlite verifies ${N_PGLITE.toLocaleString('en-US')} entries, not 1,000,000: bulk-loading PGlite runs at ~10k rows/s here, so 1,000,000 would take minutes. BENCH_AUDIT_PGLITE_N=1000000 to try.`);

  const appends: Figure[] = [];
  for (const e of engines) appends.push(...(await appendFigures(e)));
  printTable('(a) Appends inside transactions (ratio: to a plain INSERT of the same row into a same-indexed copy of the table)', appends);

  for (const e of engines) await verifyFigures(e, e === 'pglite' ? N_PGLITE : N_PG);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
