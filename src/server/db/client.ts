import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: repositories take this as their last parameter. */
export type Conn = Db | Tx;

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /** Runs the forward-only migrations in `migrations/`. Safe to call from several app nodes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The engine's own handle, for what only the engine can do (backups, pool figures). */
  raw: RawDatabase;
  /** PostgreSQL: the connection pool's counts (metrics). Absent on PGlite, which has one connection. */
  poolStats?(): PoolStats;
}

export interface PoolStats {
  /** Connections open, idle or in use. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

export type RawDatabase = { engine: 'pglite'; client: PGlite } | { engine: 'postgres'; url: string; pool: pg.Pool };

/** A migration in `migrations/` (its journal entry). */
export interface MigrationInfo {
  tag: string;
  /** When it was generated; the migrator applies those newer than the newest one applied. */
  when: number;
}

/** The migrations this build ships, oldest first. */
export function shippedMigrations(): MigrationInfo[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: MigrationInfo[] };
  return journal.entries.map((e) => ({ tag: e.tag, when: e.when }));
}

/**
 * The migrations `migrate` would apply, oldest first: those newer than the newest one the
 * database has recorded (Drizzle's own rule), all of them on an empty database.
 */
export async function pendingMigrations(conn: Conn): Promise<MigrationInfo[]> {
  const [exists] = await queryRows<{ t: string | null }>(conn, sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  let last = -1;
  if (exists?.t) {
    const [row] = await queryRows<{ at: string | number | null }>(conn, sql`select max(created_at) as at from drizzle.__drizzle_migrations`);
    last = row?.at === null || row?.at === undefined ? -1 : Number(row.at);
  }
  return shippedMigrations().filter((m) => m.when > last);
}

export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'migrations');
const MIGRATION_LOCK = 727_274; // advisory lock id shared by every node running migrations

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: string) {
    super(
      `The data directory ${dir} is in use by another Mamori process (pid ${pid}). ` +
        'Stop that process first; two processes must never open the same embedded database.',
    );
    this.name = 'DataDirLockedError';
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes an exclusive lock file in the PGlite directory; a stale lock from a dead process is taken over. */
function lockDataDir(dir: string): () => void {
  mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readFileSync(lockPath, 'utf8').trim();
      const pid = Number(holder);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) throw new DataDirLockedError(dir, holder);
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(dir, 'unknown');
}

export interface OpenOptions {
  databaseUrl?: string;
  /** Directory for PGlite; `memory://` keeps it in memory (tests). */
  pgliteDir?: string;
  poolSize?: number;
}

/** Opens PostgreSQL when a URL is given, otherwise PGlite in `pgliteDir`. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle connection the server closes (restart, failover, a dropped database) is discarded by
    // the pool and replaced on next use; without a listener its error would end the process.
    pool.on('error', () => undefined);
    const db = drizzlePg({ client: pool, schema }) as unknown as Db;
    await db.execute(sql`select 1`);
    return {
      db,
      engine: 'postgres',
      raw: { engine: 'postgres', url: opts.databaseUrl, pool },
      async migrate() {
        const client = await pool.connect();
        try {
          await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
          await migratePg(drizzlePg({ client, schema }), { migrationsFolder: MIGRATIONS_DIR });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
          client.release();
        }
      },
      close: () => pool.end(),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  const dir = opts.pgliteDir ?? 'memory://';
  const inMemory = dir.startsWith('memory://');
  const release = inMemory ? () => undefined : lockDataDir(resolve(dir));
  let client: PGlite;
  try {
    client = new PGlite(inMemory ? dir : resolve(dir));
    await client.waitReady;
  } catch (e) {
    release();
    throw e;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    engine: 'pglite',
    raw: { engine: 'pglite', client },
    async migrate() {
      await migratePglite(drizzlePglite({ client, schema }), { migrationsFolder: MIGRATIONS_DIR });
    },
    async close() {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** Runs raw SQL and returns its rows (both drivers return `{ rows }`). */
export async function queryRows<T>(conn: Conn, query: SQL): Promise<T[]> {
  const res = (await conn.execute(query)) as { rows: T[] };
  return res.rows;
}
