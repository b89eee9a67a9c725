import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { systemApi as s } from '../../../shared/api/system.js';
import { Ready, type NotReadyReason } from '../../../shared/system.js';
import type { AppContext } from '../../context.js';
import { queryRows } from '../../db/client.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';

/**
 * The directories the server must be able to write: DATA_DIR, and the exchange store's directory
 * when it is local (the same place exchange/vault/blob-store.ts puts it: DATA_DIR/exchange).
 */
export function writableDirs(ctx: AppContext): { dir: string; reason: NotReadyReason }[] {
  const dirs: ReturnType<typeof writableDirs> = [{ dir: resolve(ctx.config.dataDir), reason: 'data_dir_not_writable' }];
  if (ctx.config.exchange.storage === 'local') dirs.push({ dir: resolve(join(ctx.config.dataDir, 'exchange')), reason: 'exchange_store_not_writable' });
  return dirs;
}

/** Writes and removes a small probe file in `dir` (creating the directory if it is missing). Throws if it cannot. */
export async function probeWritable(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const probe = join(dir, `.ready-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, 'ok', { flag: 'wx', mode: 0o600 });
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

/** Liveness, readiness and the OpenAPI document. */
export function registerSystemRoutes(app: App, ctx: AppContext): void {
  const open = { config: { public: true }, hide: true } as const;

  route(app, s.health, async () => ({ status: 'ok' as const }), open);

  // Ready: the database answers (with its migrations counted) and storage can be written (P32-1.2.3).
  route(
    app,
    s.ready,
    async (req, reply) => {
      const database = ctx.database.engine;
      let migrations: number;
      try {
        const [row] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        migrations = Number(row?.n ?? 0);
      } catch (err) {
        req.log.warn({ err }, 'not ready: database unreachable');
        reply.code(503);
        return { status: 'not_ready' as const, database, migrations: 0, reason: 'database_unreachable' as const };
      }
      for (const { dir, reason } of writableDirs(ctx)) {
        try {
          await probeWritable(dir);
        } catch (err) {
          req.log.warn({ err, dir }, `not ready: ${reason}`);
          reply.code(503);
          return { status: 'not_ready' as const, database, migrations, reason };
        }
      }
      return { status: 'ready' as const, database, migrations };
    },
    { ...open, alsoResponds: { 503: Ready } },
  );

  route(app, s.openapi, async (_req, reply) => reply.send(app.swagger()), open);
}
