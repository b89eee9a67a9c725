import { spawn } from 'node:child_process';
import { Readable, type Writable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { RawDatabase } from '../db/client.js';

/** What a backup records about the database, to check a restore against. */
export interface DatabaseFacts {
  /** Rows per table (schema-qualified), counted in the same snapshot as the dump. */
  counts: Record<string, number>;
  /** The newest audit entry in the dump. */
  audit: { lastSeq: number; lastHash: string | null };
  /** Migrations applied, by their creation time (Drizzle's journal). */
  migrations: number;
}

/** The tables of our schemas (public, and drizzle's migration journal). */
const TABLES_SQL = `select table_schema || '.' || table_name as t from information_schema.tables
  where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`;

type Query = (text: string) => Promise<Array<Record<string, unknown>>>;

/** Counts every table and reads the audit head, through one connection (inside the dump's snapshot). */
export async function databaseFacts(query: Query): Promise<DatabaseFacts> {
  const counts: Record<string, number> = {};
  for (const row of await query(TABLES_SQL)) {
    const t = String(row.t);
    const [schema, name] = t.split('.');
    const [c] = await query(`select count(*)::bigint as n from "${schema}"."${name}"`);
    counts[t] = Number(c?.n ?? 0);
  }
  const [head] = await query('select seq, hash from public.audit_log order by seq desc limit 1');
  const [mig] = counts['drizzle.__drizzle_migrations'] !== undefined ? await query('select count(*)::int as n from drizzle.__drizzle_migrations') : [{ n: 0 }];
  return { counts, audit: { lastSeq: Number(head?.seq ?? 0), lastHash: (head?.hash as string | undefined) ?? null }, migrations: Number(mig?.n ?? 0) };
}

/**
 * Writes a consistent dump of the live database to `out` while the server keeps answering, and
 * returns the facts of the same snapshot.
 * - PostgreSQL: `pg_dump --format=custom` in a snapshot exported by a repeatable-read transaction,
 *   in which the facts are counted too.
 * - PGlite: the data directory as a gzip tarball, taken between two statements (writes wait for
 *   the seconds it takes); the facts are counted in a copy opened from that tarball.
 */
export async function dumpDatabase(raw: RawDatabase, out: Writable): Promise<DatabaseFacts> {
  if (raw.engine === 'pglite') return dumpPglite(raw.client, out);
  return dumpPostgres(raw.url, raw.pool, out);
}

async function dumpPglite(client: PGlite, out: Writable): Promise<DatabaseFacts> {
  // Taken between two queries, so no statement is half-way through; a transaction that is (another
  // request's, between its statements) is not committed in the files and counts as rolled back when
  // the copy opens, as after a crash. The facts are counted in that copy, so they describe exactly
  // what was dumped, and opening it proves the dump opens.
  const tarball = await client.dumpDataDir('gzip');
  const copy = new PGlite({ loadDataDir: tarball });
  let facts: DatabaseFacts;
  try {
    await copy.waitReady;
    facts = await databaseFacts(async (text) => (await copy.query<Record<string, unknown>>(text)).rows);
  } finally {
    await copy.close();
  }
  await pipeline(Readable.fromWeb(tarball.stream() as WebReadableStream), out);
  return facts;
}

async function dumpPostgres(url: string, pool: pg.Pool, out: Writable): Promise<DatabaseFacts> {
  const conn = await pool.connect();
  try {
    await conn.query('begin isolation level repeatable read read only');
    const { rows } = await conn.query<{ s: string }>('select pg_export_snapshot() as s');
    const facts = await databaseFacts(async (text) => (await conn.query<Record<string, unknown>>(text)).rows);
    await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${rows[0]!.s}`, '--dbname', url], { stdout: out });
    await conn.query('commit');
    return facts;
  } catch (e) {
    await conn.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    conn.release();
  }
}

/** Restores a PostgreSQL dump (read from `input`) into the empty database at `url`. */
export async function restorePostgres(url: string, input: Readable): Promise<void> {
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', '--dbname', url], { stdin: input });
}

/** Runs pg_dump or pg_restore; a missing tool or a failure is an Error naming the tool and its message. */
function runTool(tool: string, args: string[], io: { stdout?: Writable; stdin?: Readable }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: [io.stdin ? 'pipe' : 'ignore', io.stdout ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'ENOENT' ? `${tool} was not found: install the PostgreSQL client tools (e.g. apt-get install postgresql-client)` : `${tool}: ${e.message}`)),
    );
    const piped: Promise<void>[] = [];
    if (io.stdout) piped.push(pipeline(child.stdout!, io.stdout));
    if (io.stdin) piped.push(pipeline(io.stdin, child.stdin!));
    const exited = new Promise<number | null>((r) => child.once('close', r));
    Promise.all([exited, ...piped]).then(
      ([code]) => (code === 0 ? resolve() : reject(new Error(`${tool} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`))),
      (e: Error) => {
        child.kill();
        reject(new Error(`${tool}: ${e.message}${stderr ? ` (${stderr.trim()})` : ''}`));
      },
    );
  });
}
