import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedMigrations } from '../../server/db/client.js';
import { ENGINE } from '../../server/testing/harness.js';
import { runMamori as mamori } from '../testing.js';

// The real CLI on PGlite in a temp DATA_DIR (PGlite project only, as the other CLI tests).
const STEP = 120_000;

describe.skipIf(ENGINE === 'postgres')('mamori migrate (CLI, PGlite)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mamori-migrate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--dry-run lists every shipped migration on an empty database and applies none', { timeout: STEP }, async () => {
    const shipped = shippedMigrations();
    expect(shipped.length).toBeGreaterThan(10);
    const first = await mamori(dir, ['migrate', '--dry-run']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${shipped.length} pending migrations (pglite):`);
    expect(first.stdout).toContain(`  ${shipped[0]!.tag}\n`);
    expect(first.stdout).toContain(`  ${shipped.at(-1)!.tag}\n`);
    // Nothing was applied: the same list again.
    expect((await mamori(dir, ['migrate', '--dry-run'])).stdout).toBe(first.stdout);
  });

  it('applies them, naming what it applied, after which nothing is pending', { timeout: STEP }, async () => {
    const applied = await mamori(dir, ['migrate']);
    expect(applied).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Migrations applied \(pglite\): 0000_init, .*\.\n$/) });
    expect(await mamori(dir, ['migrate', '--dry-run'])).toMatchObject({ code: 0, stdout: 'No pending migrations (pglite): the database is up to date.\n' });
    expect((await mamori(dir, ['migrate'])).stdout).toBe('Migrations applied (pglite): none were pending.\n');
  });
});
