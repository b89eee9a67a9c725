/**
 * A real Mamori server in a child process, for the kill -9 test (vault.crash.test.ts): PGlite in
 * DATA_DIR/pglite, the vault in DATA_DIR/exchange, listening on a free port. It prints one JSON
 * line {port, cookie, csrf} for a session of a fixed test person (made on the first start).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import { PLEDGE_VERSION } from '../../shared/account.js';
import { CreatePerson } from '../../shared/org.js';
import { buildApp } from '../app.js';
import { systemActor } from '../authz/actor.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { people } from '../db/schema/index.js';
import { loadSecrets } from '../secrets.js';
import { PeopleService } from '../modules/org/people.service.js';

const dataDir = process.env.CRASH_DATA_DIR!;
const config = loadConfig({
  DATA_DIR: dataDir,
  LOG_LEVEL: 'silent',
  NODE_ENV: 'test',
  EXCHANGE_CHUNK_BYTES: process.env.CRASH_CHUNK ?? '4096',
  EXCHANGE_SEGMENT_BYTES: process.env.CRASH_SEGMENT ?? '16384',
});
const pgliteDir = join(dataDir, 'pglite');
if (process.env.CRASH_TEMPLATE && !existsSync(pgliteDir)) {
  // Start from the test run's migrated template (much faster than migrating a new directory).
  const seed = new PGlite(pgliteDir, { loadDataDir: new Blob([readFileSync(process.env.CRASH_TEMPLATE)]) });
  await seed.waitReady;
  await seed.close();
}
const database = await openDatabase({ pgliteDir });
await database.migrate();
const { app, ctx } = await buildApp({ config, database, secrets: loadSecrets(config), logger: false });
const email = 'crash.test@example.jp';
let [person] = await ctx.db.select({ id: people.id }).from(people).where(eq(people.email, email));
if (!person) {
  person = await new PeopleService(ctx).create(
    systemActor('test'),
    CreatePerson.parse({ familyNameJa: '試験', givenNameJa: '花子', familyNameKana: 'シケン', givenNameKana: 'ハナコ', familyNameEn: 'Shiken', givenNameEn: 'Hanako', email }),
  );
}
await ctx.db
  .update(people)
  .set({ accountStatus: 'active', mfaEnrolledAt: sql`coalesce(${people.mfaEnrolledAt}, now())`, pledgeVersion: PLEDGE_VERSION, mustChangePassword: false })
  .where(eq(people.id, person.id));
const s = await ctx.sessions.create(ctx.db, person.id, '127.0.0.1', 'crash-test');
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address() as { port: number };
process.stdout.write(`${JSON.stringify({ port: address.port, cookie: `${ctx.sessions.cookieName()}=${s.token}`, csrf: s.csrfToken })}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => database.close()).then(() => process.exit(0));
});
