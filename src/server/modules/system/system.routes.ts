import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { queryRows } from '../../db/client.js';
import type { App } from '../../http.js';

const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({ status: z.enum(['ready', 'not_ready']), database: z.enum(['pglite', 'postgres']), migrations: z.number().int() });

/** Liveness, readiness and the OpenAPI document. */
export function registerSystemRoutes(app: App, ctx: AppContext): void {
  app.get('/healthz', { config: { public: true }, schema: { hide: true, response: { 200: Health } } }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', { config: { public: true }, schema: { hide: true, response: { 200: Ready, 503: Ready } } }, async (_req, reply) => {
    try {
      const [row] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const n = Number(row?.n ?? 0);
      return { status: 'ready' as const, database: ctx.database.engine, migrations: n };
    } catch {
      return reply.code(503).send({ status: 'not_ready' as const, database: ctx.database.engine, migrations: 0 });
    }
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
}
