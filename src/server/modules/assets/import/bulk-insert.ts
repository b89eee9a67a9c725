import { getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Conn } from '../../../db/client.js';

/** The PostgreSQL array type each column's values are sent as (one array parameter per column). */
export type BulkType = 'text' | 'uuid' | 'int2' | 'int4' | 'float4' | 'date' | 'timestamptz' | 'jsonb';

/**
 * Inserts many rows with one statement and one parameter per column:
 * `INSERT INTO t (a, b) SELECT * FROM unnest($1::text[], $2::uuid[])`. A VALUES list sends one
 * parameter per cell, which PGlite in particular handles slowly (tens of thousands of them per
 * statement); an array per column is several times faster on both engines.
 * `jsonb` values are sent as JSON text and cast row by row.
 */
export async function bulkInsert(conn: Conn, table: PgTable, columns: readonly (readonly [PgColumn, BulkType])[], rows: readonly (readonly unknown[])[]): Promise<void> {
  if (!rows.length) return;
  const names = columns.map(([c]) => sql.identifier(c.name));
  const arrays: SQL[] = columns.map(([, type], i) => {
    const values = rows.map((r) => {
      const v = r[i];
      if (v === undefined || v === null) return null;
      if (type === 'jsonb') return JSON.stringify(v);
      if (v instanceof Date) return v.toISOString();
      return v;
    });
    return sql`${sql.param(values)}::${sql.raw(type === 'jsonb' ? 'text' : type)}[]`;
  });
  const picks = columns.map(([, type], i) => (type === 'jsonb' ? sql.raw(`u.c${i}::jsonb`) : sql.raw(`u.c${i}`)));
  const aliases = sql.raw(columns.map((_, i) => `c${i}`).join(', '));
  await conn.execute(
    sql`insert into ${sql.identifier(getTableName(table))} (${sql.join(names, sql`, `)}) select ${sql.join(picks, sql`, `)} from unnest(${sql.join(arrays, sql`, `)}) as u(${aliases})`,
  );
}
