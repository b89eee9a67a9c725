import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../../server/testing/harness.js';
import { runMamori as mamori } from '../testing.js';

// The real CLI in a child process on PGlite in a temp DATA_DIR (so in the pglite project only).

describe.skipIf(ENGINE === 'postgres')('mamori jobs run (CLI, PGlite)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mamori-jobs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every module’s jobs without the web server, after the modules’ seeds', { timeout: 120_000 }, async () => {
    const run = await mamori(dir, ['jobs', 'run', '--force']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const ran = run.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0]);
    // One line per job, from the core and from the modules' manifests, each run once.
    expect(ran).toEqual(expect.arrayContaining(['mail.deliver', 'identity.prune_auth_failures', 'accounts.dormancy', 'documents.daily', 'exchange.scans', 'exchange.uploads_expire', 'training.daily', 'breach.clock_reminders']));
    expect(new Set(ran).size).toBe(ran.length);
    expect(run.stdout).not.toMatch(/failed:/);

    // The seeds ran from the manifests too: the laws, the control catalogue and the sanction types are there.
    const pglite = new PGlite(join(dir, 'pglite'));
    try {
      const count = async (table: string) => Number((await pglite.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]?.n);
      expect(await count('laws')).toBeGreaterThan(5);
      expect(await count('controls')).toBeGreaterThan(50);
      expect(await count('sanction_types')).toBeGreaterThan(0);
    } finally {
      await pglite.close();
    }
  });

  it('is not due a second time straight after', { timeout: 120_000 }, async () => {
    const again = await mamori(dir, ['jobs', 'run']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^documents\.daily\s+not due$/m);
  });
});
