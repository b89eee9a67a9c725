import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/server/config.js';
import { openDatabase, type Database, type Db } from '../../src/server/db/client.js';
import { PG_ADMIN_URL, pgAdmin } from './pg.js';

export type Engine = 'pglite' | 'postgres';

/**
 * Runs one benchmark on a fresh, migrated database of the engine (a temporary PostgreSQL database,
 * or PGlite in a temporary data directory) with a production configuration, and removes it after.
 */
export async function withBenchDatabase<T>(engine: Engine, name: string, run: (b: { database: Database; db: Db; config: Config; dataDir: string }) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `mamori-bench-${name}-`));
  let dbName: string | null = null;
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    dbName = `mamori_bench_${name}_${process.pid}`;
    await pgAdmin(`drop database if exists ${dbName}`);
    await pgAdmin(`create database ${dbName}`);
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  let database: Database | null = null;
  try {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'production', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
    database = await openDatabase(databaseUrl ? { databaseUrl } : { pgliteDir: join(dataDir, 'pglite') });
    await database.migrate();
    return await run({ database, db: database.db, config, dataDir });
  } finally {
    await database?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) await pgAdmin(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
  }
}
