import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { UploadDto } from '../../shared/exchange-vault.js';
import { openDatabase } from '../db/client.js';
import { backupRuns, mailOutbox, people } from '../db/schema/index.js';
import { createTestApp, ENGINE, seedPerson, sessionFor, type Client, type TestEnv } from '../testing/harness.js';
import { BackupRefusedError, checkBackup, restoreBackup, type BackupResult, type RestoreTarget } from './backup.js';
import { BackupService } from './backup.service.js';
import { directoryFileSet } from './file-set.js';

const KEY = randomBytes(32).toString('base64');
const C = 4096;
/** A PNG signature and random bytes: a binary file the exchange's allow-list accepts. */
const png = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(n - 8)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestEnv;
let me: Client;
let work: string;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mamori-backup-test-'));
  t = await createTestApp({ BACKUP_KEY: KEY, EXCHANGE_CHUNK_BYTES: String(C), EXCHANGE_SEGMENT_BYTES: String(4 * C) });
  me = await sessionFor(t, (await seedPerson(t)).id);
});
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
  await t?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Uploads a file to the exchange vault through the API, as a person would. */
async function upload(name: string, data: Buffer): Promise<UploadDto> {
  const started = await me.post('/api/exchange/uploads', { fileName: name, size: data.length });
  expect(started.status).toBe(201);
  const id = (started.body as UploadDto).id;
  const res = await me.request('PATCH', `/api/exchange/uploads/${id}`, data, { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' });
  expect(res.status).toBe(200);
  return res.body as UploadDto;
}

/** An empty target of this test's engine: a new directory, or a new PostgreSQL database dropped afterwards. */
async function emptyTarget(): Promise<RestoreTarget> {
  if (ENGINE === 'pglite') return { engine: 'pglite', dir: mkdtempSync(join(work, 'restore-')) + '/pglite' };
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await admin.connect();
  const name = `mamori_t_${process.ppid}_restore_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const a = new pg.Client({ connectionString: inject('pgAdminUrl') });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  });
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${name}`;
  return { engine: 'postgres', url: url.toString() };
}

const restoredFiles = (root: string) => (names: string[] = ['secrets', 'audit-witness', 'exchange']) => () => names.map((n) => directoryFileSet(n, join(root, n)));

describe('backup → wipe → restore', () => {
  let result: BackupResult & { deleted: string[] };

  it('backs up while people keep writing, with a second copy, and restores the same rows, files and audit chain', { timeout: 120_000 }, async () => {
    const files = [png(3 * C + 17), png(9 * C)];
    for (const [i, data] of files.entries()) expect((await upload(`scan-${i}.png`, data)).status).toBe('complete');

    // Writes go on during the backup; the dump is one snapshot, so the counts it records hold for the restore.
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        await seedPerson(t, { familyNameEn: `Writer${n++}` });
        // Requests arrive through I/O, a few a second here: wait between them (an in-memory PGlite
        // answers in microtasks alone, which would starve the backup's own file I/O).
        await new Promise((r) => setTimeout(r, 25));
      }
      return n;
    })();
    const svc = new BackupService(t.ctx);
    result = await svc.backup({ dir: join(work, 'backups'), copyDir: join(work, 'offline') });
    writing = false;
    expect(await writer).toBeGreaterThan(0);

    const m = result.manifest;
    expect(m).toMatchObject({ format: 'mamori-backup/1', engine: ENGINE, key: { kdf: { kind: 'raw' } } });
    expect(m.database.counts['public.people']).toBeGreaterThanOrEqual(1);
    expect(m.database.audit.lastSeq).toBeGreaterThan(0);
    expect(m.files.filter((f) => f.path.startsWith('exchange/')).length).toBeGreaterThanOrEqual(2);
    expect(m.files.some((f) => f.path === 'secrets/master.key' || f.path.startsWith('secrets/'))).toBe(true);
    expect(readdirSync(join(work, 'offline'))).toEqual([result.name]);
    // Nothing readable in the backup: the parts are sealed.
    const raw = readFileSync(join(result.path, 'database.mbk'));
    expect(raw.subarray(0, 4).toString()).toBe('MBK1');
    expect(raw.includes(Buffer.from('Writer0'))).toBe(false);

    // Restore into an empty installation of the same engine.
    const target = await emptyTarget();
    const root = join(work, 'restored-files');
    const report = await restoreBackup(result.path, { key: KEY }, target, restoredFiles(root)());
    expect(report).toMatchObject({ name: result.name, engine: ENGINE, files: m.files.length, auditEntries: m.database.audit.lastSeq });
    expect(report.rows).toBe(Object.values(m.database.counts).reduce((a, b) => a + b, 0));

    // The same files, byte for byte, and the same people.
    for (const f of m.files) expect(sha(readFileSync(join(root, f.path)))).toBe(f.sha256);
    const restored = await openDatabase(target.engine === 'pglite' ? { pgliteDir: target.dir } : { databaseUrl: target.url, poolSize: 1 });
    try {
      const all = await restored.db.select().from(people);
      expect(all.length).toBe(m.database.counts['public.people']);
      // Someone who existed before the backup is there, as they were.
      const [before] = await t.ctx.db.select().from(people).where(eq(people.id, all[0]!.id));
      expect(all[0]).toEqual(before);
    } finally {
      await restored.close();
    }
    const [run] = await t.ctx.db.select().from(backupRuns).where(eq(backupRuns.backup, result.name));
    expect(run).toMatchObject({ kind: 'backup', status: 'succeeded', bytes: result.bytes });
  });

  it('refuses a backup whose part, manifest or key is not the one it was made with', async () => {
    const copy = join(work, 'tampered');
    rmSync(copy, { recursive: true, force: true });
    const { cpSync } = await import('node:fs');
    cpSync(result.path, copy, { recursive: true });
    // A flipped byte in the middle of the database part.
    const part = join(copy, 'database.mbk');
    const bytes = readFileSync(part);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(part, bytes);
    await expect(checkBackup(copy, { key: KEY })).rejects.toThrow(/database\.mbk was changed or damaged/);
    await expect(restoreBackup(copy, { key: KEY }, await emptyTarget(), restoredFiles(join(work, 'x'))())).rejects.toBeInstanceOf(BackupRefusedError);

    // A manifest edited to match the flipped part is refused by its MAC.
    const manifest = JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
    manifest.parts[0].sha256 = sha(bytes);
    writeFileSync(join(copy, 'manifest.json'), JSON.stringify(manifest));
    await expect(checkBackup(copy, { key: KEY })).rejects.toThrow(/manifest was changed/);

    // Another key.
    await expect(checkBackup(result.path, { key: randomBytes(32).toString('base64') })).rejects.toThrow(/needs the key/);
    await expect(checkBackup(result.path, {})).rejects.toThrow(/BACKUP_KEY/);
  });

  it('refuses to restore over an installation that is not empty', async () => {
    const target = await emptyTarget();
    const root = join(work, 'not-empty');
    await restoreBackup(result.path, { key: KEY }, target, restoredFiles(root)());
    await expect(restoreBackup(result.path, { key: KEY }, target, restoredFiles(join(work, 'other'))())).rejects.toThrow(/not empty/);
  });

  it('emails the managers when the newest backup failed, or none succeeded for 26 hours, at most once a day', { timeout: 120_000 }, async () => {
    const manager = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
    const svc = new BackupService(t.ctx);
    const alerts = async () => (await t.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.template, 'backup.alert'))).filter((m) => m.personId === manager.id);
    expect(await svc.watch(t.clock.now())).toBeNull(); // the backup above just succeeded

    // A backup into a directory that cannot exist fails, is recorded, and alerts once.
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, 'not a directory');
    await expect(svc.backup({ dir: join(blocker, 'backups'), copyDir: null })).rejects.toThrow();
    expect((await svc.recent('backup', 1))[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/ENOTDIR|not a directory/) });
    expect(await svc.watch(t.clock.now())).toBe('failed');
    expect(await svc.watch(t.clock.now())).toBeNull();
    const [mail] = await alerts();
    expect(mail).toMatchObject({ subject: '【Mamori】バックアップに失敗しました' });
    expect(mail!.body).toMatch(/最後に成功したバックアップ: .+（日本時間）\nエラー: .*(ENOTDIR|not a directory)/);

    // A day later a success; 27 hours after that, with no further success, "stale".
    t.clock.advance(25 * 3_600_000);
    await svc.backup({ dir: join(work, 'backups'), copyDir: null });
    expect(await svc.watch(t.clock.now())).toBeNull();
    t.clock.advance(27 * 3_600_000);
    expect(await svc.watch(t.clock.now())).toBe('stale');
    expect((await alerts()).map((m) => m.subject)).toEqual(['【Mamori】バックアップに失敗しました', '【Mamori】26時間以上バックアップが成功していません']);
  });

  it('runs a restore drill into a scratch copy and records it with its time', async () => {
    const report = await new BackupService(t.ctx).drill({ path: result.path });
    expect(report).toMatchObject({ name: result.name, files: result.manifest.files.length });
    const runs = await new BackupService(t.ctx).recent('drill');
    expect(runs[0]).toMatchObject({ kind: 'drill', status: 'succeeded', backup: result.name });
    expect(runs[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(readdirSync(tmpdir()).some((n) => n.startsWith('mamori-drill-') && report.scratch.endsWith(n))).toBe(false);
  });
});
