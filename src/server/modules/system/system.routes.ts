import { sql } from 'drizzle-orm';
import { systemApi as s } from '../../../shared/api/system.js';
import { Ready } from '../../../shared/system.js';
import type { AppContext } from '../../context.js';
import { queryRows } from '../../db/client.js';
import type { App } from '../../http.js';
import { route } from '../../route.js';

/** Liveness, readiness and the OpenAPI document. */
export function registerSystemRoutes(app: App, ctx: AppContext): void {
  const open = { config: { public: true }, hide: true } as const;

  route(app, s.health, async () => ({ status: 'ok' as const }), open);

  route(
    app,
    s.ready,
    async (_req, reply) => {
      try {
        const [row] = await queryRows<{ n: number }>(ctx.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        const n = Number(row?.n ?? 0);
        return { status: 'ready' as const, database: ctx.database.engine, migrations: n };
      } catch {
        reply.code(503);
        return { status: 'not_ready' as const, database: ctx.database.engine, migrations: 0 };
      }
    },
    { ...open, alsoResponds: { 503: Ready } },
  );

  route(app, s.openapi, async (_req, reply) => reply.send(app.swagger()), open);
}
