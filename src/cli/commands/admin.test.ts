import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../shared/account.js';
import { buildApp, type BuiltApp } from '../../server/app.js';
import { ManualClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase, type Database } from '../../server/db/client.js';
import { people } from '../../server/db/schema/index.js';
import { Browser } from '../../server/modules/identity/testkit.js';
import { base32Decode, totp } from '../../server/modules/identity/totp.js';
import { loadSecrets } from '../../server/secrets.js';
import { ENGINE, type TestEnv } from '../../server/testing/harness.js';
import { runMamori as mamori } from '../testing.js';

// The real CLI in a child process on PGlite in a temp DATA_DIR, then the real app on the same
// database: what an operator does on a new installation. PGlite project only (see audit.test.ts).
const STEP = 180_000;
const PASSWORD = 'correct horse battery staple';

describe.skipIf(ENGINE === 'postgres')('mamori admin create on a new installation (CLI, PGlite)', () => {
  let dir: string;
  let database: Database | undefined;
  let built: BuiltApp | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mamori-admin-'));
  });
  afterAll(async () => {
    await built?.app.close();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a common password through the password policy, creating nothing', { timeout: STEP }, async () => {
    const weak = await mamori(dir, ['admin', 'create', '--email', 'weak@example.jp', '--family-name-ja', '弱', '--family-name-en', 'Weak', '--password-stdin'], 'password1234\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/Nothing was created\./);
  });

  it('creates a manager who signs in with the password, enrols an authenticator and signs the pledge', { timeout: STEP }, async () => {
    const created = await mamori(
      dir,
      ['admin', 'create', '--email', 'kanri@example.jp', '--family-name-ja', '管理', '--given-name-ja', '花子', '--family-name-en', 'Kanri', '--given-name-en', 'Hanako', '--password-stdin'],
      `${PASSWORD}\n`,
    );
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);

    // The server on the same data directory, as `mamori serve` builds it.
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    database = await openDatabase({ pgliteDir: join(dir, 'pglite') });
    const clock = new ManualClock(new Date());
    built = await buildApp({ config, database, secrets: loadSecrets(config), clock, logger: false });
    await built.app.ready();
    const [weak] = await database.db.select({ id: people.id }).from(people).where(eq(people.email, 'weak@example.jp'));
    expect(weak).toBeUndefined();
    // A manager who can sign in exists: no setup link is printed at start.
    expect(await built.auth.issueSetupLink()).toBeNull();

    const b = await Browser.open({ app: built.app } as unknown as TestEnv);
    const signedIn = await b.signIn('kanri@example.jp', PASSWORD);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ authenticated: true, stage: 'full', requirements: ['mfa_enroll', 'pledge'], person: { roles: ['security_manager'] } });

    const enroll = await b.post('/api/me/mfa/enroll');
    expect(enroll.status).toBe(200);
    const key = base32Decode((enroll.body as { secret: string }).secret);
    expect((await b.post('/api/me/mfa/confirm', { code: totp(key, clock.now().getTime()) })).status).toBe(200);
    expect((await b.post('/api/me/pledge', { version: PLEDGE_VERSION, language: 'ja' })).status).toBe(200);
    expect(await b.refresh()).toMatchObject({ authenticated: true, stage: 'full', requirements: [] });
    expect((await b.get('/api/people')).status).toBe(200);
    // The operator is told what the new manager does first.
    expect(created.stdout).toMatch(/authenticator/);
  });
});
