import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import './harness-types.js';
import { openDatabase } from '../db/client.js';
import { buildServer } from '../../../scripts/build-server.mjs';

export const TEMPLATE_DIR = resolve('.test-results');

/**
 * Migrates one database per engine once per test run; each test file then starts from a copy
 * (a PGlite data-dir image, or a PostgreSQL database created from a template).
 */
export default async function setup(project: TestProject) {
  const engine = project.name === 'postgres' ? 'postgres' : 'pglite';
  const provide = (key: 'pgliteTemplate' | 'pgTemplate' | 'pgAdminUrl', value: string) => project.provide(key, value);
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  // The CLI tests run the compiled bundle, as production does (src/cli/testing.ts).
  if (project.name === 'pglite') await buildServer({ quiet: true });
  if (engine === 'pglite') {
    const d = await openDatabase({ pgliteDir: 'memory://' });
    await d.migrate();
    const client = (d.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir('none');
    const file = join(TEMPLATE_DIR, `pglite-template-${process.pid}.tar`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await d.close();
    provide('pgliteTemplate', file);
    return;
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((e: Error) => {
    throw new Error(`PostgreSQL tests need a server at ${adminUrl} (set TEST_DATABASE_URL): ${e.message}`);
  });
  const tpl = `mamori_tpl_${process.pid}`;
  await admin.query(`drop database if exists ${tpl}`);
  await admin.query(`create database ${tpl}`);
  const url = new URL(adminUrl);
  url.pathname = `/${tpl}`;
  const d = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
  await d.migrate();
  await d.close();
  provide('pgTemplate', tpl);
  provide('pgAdminUrl', adminUrl);
  return async () => {
    // Test databases are dropped by their files; sweep any a crashed worker left behind, then the template.
    const left = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`mamori_t_${process.pid}_%`]);
    for (const r of left.rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    await admin.query(`drop database if exists ${tpl} with (force)`);
    await admin.end();
  };
}
