import { join } from 'node:path';
import type { APIRequestContext } from 'playwright-core';
import { systemActor } from '../../src/server/authz/actor.js';
import { buildContext } from '../../src/server/build-context.js';
import { moduleSessionRequirements } from '../../src/server/compose.js';
import type { AppContext } from '../../src/server/context.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/client.js';
import { makeRegistries, type Registries } from '../../src/server/modules/org/registries.js';
import { loadSecrets } from '../../src/server/secrets.js';
import { preparedDataDir } from './data-dir.js';

/** A JSON call with the browser context's session cookie and the CSRF token of its latest session; throws on a non-2xx answer. */
export async function apiCall(baseUrl: string, req: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown) {
  const s = await (await req.get(`${baseUrl}/api/session`)).json();
  const res = await req.fetch(`${baseUrl}${path}`, { method, data, headers: { 'x-csrf-token': s.csrfToken } });
  const body = res.status() === 204 ? null : await res.json();
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${JSON.stringify(body)}`);
  return body;
}

/**
 * Seeds a data directory through Mamori's own services before the server starts (PGlite allows
 * one process at a time): migrates, hands `fill` the context, the system actor and the registries,
 * and closes the database.
 */
export async function seedDataDir<T>(dataDir: string, fill: (s: { ctx: AppContext; system: ReturnType<typeof systemActor>; registries: Registries }) => Promise<T>): Promise<T> {
  preparedDataDir(dataDir);
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const database = await openDatabase({ pgliteDir: join(dataDir, 'pglite') });
  try {
    await database.migrate();
    const ctx = buildContext({ config, database, secrets: loadSecrets(config), sessionRequirements: moduleSessionRequirements() });
    return await fill({ ctx, system: systemActor('e2e'), registries: makeRegistries(ctx) });
  } finally {
    await database.close();
  }
}
