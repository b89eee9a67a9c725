import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../../server/testing/harness.js';
import { runMamori as mamori } from '../testing.js';

// The real CLI on PGlite in child processes (pglite project only): backup, list, verify, restore
// into a new DATA_DIR, and a drill. Each CLI start costs seconds: few steps.
const STEP = 120_000;

describe.skipIf(ENGINE === 'postgres')('mamori backup and mamori restore (CLI, PGlite)', () => {
  let root: string;
  const env = () => ({ BACKUP_KEY: key, BACKUP_DIR: join(root, 'backups') });
  const key = randomBytes(32).toString('base64');
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mamori-cli-backup-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('backs up an installation, lists and verifies the backup, and refuses without the key', { timeout: STEP }, async () => {
    const data = join(root, 'data');
    mkdirSync(data);
    expect((await mamori(data, ['migrate'])).code).toBe(0);
    const created = await mamori(data, ['admin', 'create', '--email', 'kanri@example.jp', '--family-name-ja', '管理', '--family-name-en', 'Kanri', '--password-stdin'], 'correct horse battery staple\n');
    expect(created.code).toBe(0);
    const b = await mamori(data, ['backup'], '', env());
    expect(b.stderr).toMatch(/Dumping the database: [\d.]+ MiB/);
    expect(b).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Backup mamori-\d{8}T\d{6}Z written to .*backups\/mamori-.* rows, \d+ files, audit entry \d+\) in [\d.]+ s\.\nSealed with the key [0-9a-f]{16}/) });
    const [name] = readdirSync(join(root, 'backups'));
    const list = await mamori(data, ['backup', 'list'], '', env());
    expect(list.stdout).toContain(name);
    const ok = await mamori(data, ['backup', 'verify', join(root, 'backups', name!)], '', env());
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: mamori-.* manifest authentic, 2 parts match their SHA-256/) });
    const noKey = await mamori(data, ['backup', 'verify', join(root, 'backups', name!)], '', { BACKUP_DIR: join(root, 'backups') });
    expect(noKey).toMatchObject({ code: 1, stderr: expect.stringMatching(/^REFUSED: This backup was sealed with a key \(BACKUP_KEY\), which is not set\./) });
  });

  it('restores into a new DATA_DIR whose audit chain then verifies, refuses a DATA_DIR that is not empty, and runs a drill', { timeout: STEP }, async () => {
    const [name] = readdirSync(join(root, 'backups'));
    const backup = join(root, 'backups', name!);
    const restored = join(root, 'restored');
    mkdirSync(restored);
    const r = await mamori(restored, ['restore', backup], '', env());
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Restored mamori-.* tables, [\d,]+ rows \(the same as the backup\), \d+ audit entries verified, \d+ files\./) });
    // The chain verifies with the restore's own entry appended to it.
    const verify = await mamori(restored, ['audit', 'verify']);
    expect(verify).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: \d+ entries verified/) });
    const pglite = new PGlite(join(restored, 'pglite'));
    try {
      const [entry] = (await pglite.query<{ action: string; details: { backup: string } }>(`select action, details from audit_log order by seq desc limit 1`)).rows;
      expect(entry).toMatchObject({ action: 'backup.restored', details: { backup: name } });
      const [run] = (await pglite.query<{ kind: string; status: string }>(`select kind, status from backup_runs where kind = 'restore'`)).rows;
      expect(run).toEqual({ kind: 'restore', status: 'succeeded' });
    } finally {
      await pglite.close();
    }
    const again = await mamori(restored, ['restore', backup], '', env());
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/REFUSED: .*pglite is not empty/) });
    const drill = await mamori(restored, ['restore', '--drill', backup], '', env());
    expect(drill).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Drill OK: mamori-.* restored into .* and checked in [\d.]+ s/) });
  });
});
