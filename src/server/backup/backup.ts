import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import * as tar from 'tar-stream';
import { verifyAudit } from '../audit/audit.service.js';
import { openDatabase, type Database } from '../db/client.js';
import { BackupIntegrityError, decryptStream, encryptStream, passphraseBackupKey, rawBackupKey, type BackupKey } from './crypto.js';
import { databaseFacts, dumpDatabase, restorePostgres, type DatabaseFacts } from './database-dump.js';
import { directoryFileSet, type BackupFileSet } from './file-set.js';
import { BACKUP_FORMAT, Manifest, manifestAuthentic, sealManifest } from './manifest.js';

/**
 * Mamori's own backups (P32-1.2.3). A backup is a folder `mamori-<UTC time>` holding:
 * - `database.mbk`: the database (pg_dump custom format, or PGlite's data directory), sealed;
 * - `files.mbk`: a tar of the secrets, the witnessed audit checkpoints and the modules' stored
 *   files (the exchange's segments), sealed;
 * - `manifest.json`: row counts and the audit head of the dumped snapshot, the SHA-256 of every
 *   part and file, and a MAC under the backup key.
 * A folder is written as `.partial-<name>` and renamed when complete, so a backup cut short never
 * looks like one. The backup key (or passphrase) is kept apart from DATA_DIR: without it the
 * backup cannot be read, with it any change to the backup is refused.
 */

export const DATABASE_PART = 'database.mbk';
export const FILES_PART = 'files.mbk';
export const MANIFEST = 'manifest.json';

export class BackupRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefusedError';
  }
}

export type BackupPhase = 'database' | 'files' | 'copy' | 'verify' | 'restore-database' | 'restore-files' | 'check';
export type Progress = (p: { phase: BackupPhase; bytes: number }) => void;

/** Where the backup key comes from: BACKUP_KEY (raw) or BACKUP_PASSPHRASE. */
export interface KeySource {
  key?: string;
  passphrase?: string;
}

/** The key for a new backup. */
export async function keyForNewBackup(src: KeySource): Promise<BackupKey> {
  if (src.key) return rawBackupKey(src.key);
  if (src.passphrase) return passphraseBackupKey(src.passphrase);
  throw new BackupRefusedError('No backup key: set BACKUP_KEY (32 random bytes, base64) or BACKUP_PASSPHRASE, and keep it apart from DATA_DIR.');
}

/** The key a backup was made with, made again from the source and the manifest's parameters. */
async function keyForManifest(src: KeySource, m: Manifest): Promise<BackupKey> {
  const key = m.key.kdf.kind === 'raw' ? (src.key ? rawBackupKey(src.key) : null) : src.passphrase ? await passphraseBackupKey(src.passphrase, m.key.kdf.salt) : null;
  if (!key) throw new BackupRefusedError(`This backup was sealed with a ${m.key.kdf.kind === 'raw' ? 'key (BACKUP_KEY)' : 'passphrase (BACKUP_PASSPHRASE)'}, which is not set.`);
  if (key.id !== m.key.id) throw new BackupRefusedError(`This backup needs the key ${m.key.id}; the key given is ${key.id}.`);
  return key;
}

/** Counts and hashes what passes through. */
function tap(onBytes?: (n: number) => void) {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(chunk.length);
      cb(null, chunk);
    },
  });
  return { stream, result: () => ({ bytes, sha256: hash.digest('hex') }) };
}

/** A writable whose content is sealed into `path`; `done` gives the file's size and SHA-256. */
function sealInto(path: string, key: Buffer, part: string, onBytes: (n: number) => void): { input: Writable; done: Promise<{ path: string; bytes: number; sha256: string }> } {
  const input = new PassThrough({ highWaterMark: 1024 * 1024 });
  const t = tap(onBytes);
  const done = pipeline(input, encryptStream(key, part), t.stream, createWriteStream(path, { mode: 0o600, flags: 'wx' })).then(() => ({ path: part, ...t.result() }));
  return { input, done };
}

async function sha256File(path: string): Promise<{ bytes: number; sha256: string }> {
  const t = tap();
  await pipeline(createReadStream(path), t.stream, new PassThrough().resume());
  return t.result();
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

export interface BackupSources {
  database: Database;
  /** The secrets, the audit witness files, and the modules' stored files. */
  fileSets: BackupFileSet[];
  keySource: KeySource;
  node: string;
  appVersion: string;
  now: () => Date;
}

export interface BackupResult {
  name: string;
  path: string;
  copyPath: string | null;
  manifest: Manifest;
  /** Bytes on disk (both parts). */
  bytes: number;
}

/** The core file sets: the secrets and the witnessed audit checkpoints. */
export function coreFileSets(config: { dataDir: string; auditWitnessDir: string }): BackupFileSet[] {
  return [directoryFileSet('secrets', join(config.dataDir, 'secrets')), directoryFileSet('audit-witness', config.auditWitnessDir, 0o644)];
}

/** Makes a backup in `dir` while the server runs, and a second copy in `copyDir` when given. */
export async function createBackup(src: BackupSources, dir: string, copyDir: string | null, progress: Progress = () => {}): Promise<BackupResult> {
  const started = Date.now();
  const createdAt = src.now();
  const key = await keyForNewBackup(src.keySource);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let name = `mamori-${stamp(createdAt)}`;
  if (existsSync(join(dir, name))) name += `-${randomBytes(2).toString('hex')}`;
  const partial = join(dir, `.partial-${name}`);
  await mkdir(partial, { mode: 0o700 });
  try {
    let written = 0;
    const count = (phase: BackupPhase) => (n: number) => progress({ phase, bytes: (written += n) });

    // 1. The database, consistent in itself.
    const db = sealInto(join(partial, DATABASE_PART), key.key, DATABASE_PART, count('database'));
    const [facts, dbPart] = await Promise.all([dumpDatabase(src.database.raw, db.input), db.done]);

    // 2. The files, listed after the dump so every file the dump refers to is there.
    const pack = tar.pack();
    const files = sealInto(join(partial, FILES_PART), key.key, FILES_PART, count('files'));
    const packed = pipeline(pack, files.input);
    const sums: Manifest['files'] = [];
    for (const set of src.fileSets) {
      for await (const f of set.list()) {
        const content = await set.read(f.path);
        if (!content) continue; // removed since it was listed (an expired exchange file)
        const t = tap();
        await new Promise<void>((resolve, reject) => {
          const entry = pack.entry({ name: `${set.name}/${f.path}`, size: f.size, mode: 0o600 }, (err) => (err ? reject(err) : resolve()));
          pipeline(content, t.stream, entry).catch(reject);
        });
        sums.push({ path: `${set.name}/${f.path}`, ...t.result() });
      }
    }
    pack.finalize();
    await packed;
    const filesPart = await files.done;

    const manifest = sealManifest(key.key, {
      format: BACKUP_FORMAT,
      name,
      createdAt: createdAt.toISOString(),
      engine: src.database.engine,
      appVersion: src.appVersion,
      node: src.node,
      key: { id: key.id, kdf: key.kdf },
      database: facts,
      parts: [dbPart, filesPart],
      files: sums,
      durationMs: Date.now() - started,
    });
    await writeFile(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    const path = join(dir, name);
    await rename(partial, path);

    // 3. The second copy (another disk, or an offline medium mounted there), checked after copying.
    let copyPath: string | null = null;
    if (copyDir) {
      copyPath = await copyBackup(path, copyDir, manifest, (n) => progress({ phase: 'copy', bytes: n }));
    }
    return { name, path, copyPath, manifest, bytes: dbPart.bytes + filesPart.bytes };
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}

async function copyBackup(path: string, copyDir: string, m: Manifest, onBytes: (n: number) => void): Promise<string> {
  await mkdir(copyDir, { recursive: true, mode: 0o700 });
  const partial = join(copyDir, `.partial-${m.name}`);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { mode: 0o700 });
  let copied = 0;
  for (const f of [DATABASE_PART, FILES_PART, MANIFEST]) {
    await copyFile(join(path, f), join(partial, f));
    copied += (await stat(join(partial, f))).size;
    onBytes(copied);
  }
  for (const part of m.parts) {
    const s = await sha256File(join(partial, part.path));
    if (s.sha256 !== part.sha256) throw new BackupRefusedError(`The copy of ${part.path} in ${copyDir} differs from the backup.`);
  }
  const final = join(copyDir, m.name);
  await rm(final, { recursive: true, force: true });
  await rename(partial, final);
  return final;
}

/** Reads and authenticates a backup's manifest and the sums of its parts, without opening them. */
export async function checkBackup(path: string, keySource: KeySource): Promise<{ manifest: Manifest; key: BackupKey }> {
  const text = await readFile(join(path, MANIFEST), 'utf8').catch(() => {
    throw new BackupRefusedError(`${path} is not a Mamori backup (no ${MANIFEST}).`);
  });
  let parsed: Manifest;
  try {
    parsed = Manifest.parse(JSON.parse(text));
  } catch {
    throw new BackupRefusedError(`${join(path, MANIFEST)} is not a valid backup manifest.`);
  }
  const key = await keyForManifest(keySource, parsed);
  if (!manifestAuthentic(key.key, parsed)) throw new BackupRefusedError('The manifest was changed after the backup was made (its MAC does not match).');
  for (const part of parsed.parts) {
    if (!existsSync(join(path, part.path))) throw new BackupRefusedError(`${part.path} is missing.`);
    const s = await sha256File(join(path, part.path));
    if (s.sha256 !== part.sha256 || s.bytes !== part.bytes) throw new BackupRefusedError(`${part.path} was changed or damaged (its SHA-256 does not match the manifest).`);
  }
  return { manifest: parsed, key };
}

/** The decrypted content of a part, as a stream that fails on the first chunk that does not authenticate. */
function openPart(path: string, key: Buffer, part: string): Readable {
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  pipeline(createReadStream(join(path, part)), decryptStream(key, part), out).catch((e: unknown) => out.destroy(e instanceof BackupIntegrityError ? new BackupRefusedError(e.message) : (e as Error)));
  return out;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Where a restore goes: an empty PGlite directory, or an empty PostgreSQL database. */
export type RestoreTarget = { engine: 'pglite'; dir: string } | { engine: 'postgres'; url: string };

export interface RestoreReport {
  name: string;
  engine: 'pglite' | 'postgres';
  tables: number;
  rows: number;
  auditEntries: number;
  files: number;
  durationMs: number;
}

/**
 * Restores a backup into an empty target, then checks it: the manifest and part sums first, every
 * chunk as it is read, every file's SHA-256, then the restored database's row counts and audit
 * chain against the manifest. Refuses (BackupRefusedError) at the first thing that does not match.
 * `fileSets` receive the files (by their set's name); the database is closed when it returns.
 */
export async function restoreBackup(path: string, keySource: KeySource, target: RestoreTarget, fileSets: (database: Database) => BackupFileSet[], progress: Progress = () => {}): Promise<RestoreReport> {
  const started = Date.now();
  const { manifest: m, key } = await checkBackup(path, keySource);
  if (m.engine !== target.engine) throw new BackupRefusedError(`This is a ${m.engine} backup; it restores only into ${m.engine === 'pglite' ? 'an embedded (PGlite) DATA_DIR' : 'PostgreSQL'}.`);

  let restored = 0;
  const counted = (phase: BackupPhase) =>
    new Transform({
      transform(c: Buffer, _e, cb) {
        progress({ phase, bytes: (restored += c.length) });
        cb(null, c);
      },
    });

  // 1. The database.
  if (target.engine === 'pglite') {
    if (existsSync(target.dir) && (await readdir(target.dir)).length) throw new BackupRefusedError(`${target.dir} is not empty: a backup restores only into an empty data directory.`);
    await mkdir(dirname(target.dir), { recursive: true, mode: 0o700 });
    const image = await readAll(openPart(path, key.key, DATABASE_PART).pipe(counted('restore-database')));
    const client = new PGlite({ dataDir: target.dir, loadDataDir: new Blob([new Uint8Array(image)]) });
    await client.waitReady;
    await client.close();
  } else {
    await assertEmptyPostgres(target.url);
    await restorePostgres(target.url, openPart(path, key.key, DATABASE_PART).pipe(counted('restore-database')));
  }

  const database = await openDatabase(target.engine === 'pglite' ? { pgliteDir: target.dir } : { databaseUrl: target.url, poolSize: 2 });
  try {
    // 2. The files.
    const sets = new Map(fileSets(database).map((s) => [s.name, s]));
    for (const s of sets.values()) if (!(await s.isEmpty())) throw new BackupRefusedError(`The ${s.name} files of the target are not empty: a backup restores only into an empty installation.`);
    const expected = new Map(m.files.map((f) => [f.path, f]));
    let files = 0;
    const extract = tar.extract();
    const extracted = (async () => {
      for await (const entry of extract) {
        const full = entry.header.name;
        const slash = full.indexOf('/');
        const set = sets.get(full.slice(0, slash));
        const want = expected.get(full);
        if (!set || !want) throw new BackupRefusedError(`The backup holds a file the manifest does not list: ${full}`);
        const t = tap();
        await set.write(full.slice(slash + 1), entry.pipe(t.stream));
        const got = t.result();
        if (got.sha256 !== want.sha256 || got.bytes !== want.bytes) throw new BackupRefusedError(`${full} does not match its SHA-256 in the manifest.`);
        expected.delete(full);
        files++;
      }
    })();
    await Promise.all([pipeline(openPart(path, key.key, FILES_PART), counted('restore-files'), extract), extracted]);
    if (expected.size) throw new BackupRefusedError(`${expected.size} file(s) listed in the manifest are missing from the backup, e.g. ${[...expected.keys()][0]}`);

    // 3. The restored database against the manifest.
    progress({ phase: 'check', bytes: restored });
    const facts = await factsOf(database);
    const diff = Object.entries(m.database.counts).filter(([t, n]) => facts.counts[t] !== n);
    if (diff.length) throw new BackupRefusedError(`Row counts differ from the backup's: ${diff.map(([t, n]) => `${t} ${facts.counts[t] ?? 'missing'} (expected ${n})`).join(', ')}`);
    const chain = await verifyAudit(database.db);
    if (!chain.ok) throw new BackupRefusedError(`The restored audit log does not verify: ${chain.reason}`);
    if ((chain.lastSeq ?? 0) !== m.database.audit.lastSeq || (chain.lastHash ?? null) !== m.database.audit.lastHash) {
      throw new BackupRefusedError(`The restored audit log ends at entry ${chain.lastSeq ?? 0}, the backup's at ${m.database.audit.lastSeq}.`);
    }
    return {
      name: m.name,
      engine: m.engine,
      tables: Object.keys(facts.counts).length,
      rows: Object.values(facts.counts).reduce((a, b) => a + b, 0),
      auditEntries: chain.checked,
      files,
      durationMs: Date.now() - started,
    };
  } finally {
    await database.close();
  }
}

async function factsOf(database: Database): Promise<DatabaseFacts> {
  const raw = database.raw;
  if (raw.engine === 'pglite') return databaseFacts(async (text) => (await raw.client.query<Record<string, unknown>>(text)).rows);
  return databaseFacts(async (text) => (await raw.pool.query<Record<string, unknown>>(text)).rows);
}

async function assertEmptyPostgres(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema in ('public', 'drizzle')`);
    if ((rows[0]?.n ?? 0) > 0) throw new BackupRefusedError('The target database is not empty: a backup restores only into an empty database.');
  } finally {
    await c.end();
  }
}

export interface DrillReport extends RestoreReport {
  /** Where the drill restored to (removed afterwards). */
  scratch: string;
}

/**
 * A restore drill: restores the backup into a scratch target (a temporary PGlite directory, or a
 * new database on the PostgreSQL server given), checks it as a restore does, reports the time,
 * and removes the scratch target.
 */
export async function drillBackup(path: string, keySource: KeySource, engineUrl: string | null, progress: Progress = () => {}): Promise<DrillReport> {
  const scratchDir = join(tmpdir(), `mamori-drill-${randomBytes(4).toString('hex')}`);
  const fileSets = () => ['secrets', 'audit-witness', 'exchange'].map((n) => directoryFileSet(n, join(scratchDir, 'files', n)));
  try {
    if (!engineUrl) {
      const report = await restoreBackup(path, keySource, { engine: 'pglite', dir: join(scratchDir, 'pglite') }, fileSets, progress);
      return { ...report, scratch: scratchDir };
    }
    const name = `mamori_drill_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: engineUrl });
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
      const url = new URL(engineUrl);
      url.pathname = `/${name}`;
      const report = await restoreBackup(path, keySource, { engine: 'postgres', url: url.toString() }, fileSets, progress);
      return { ...report, scratch: `database ${name}` };
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await admin.end();
    }
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}

/** The backups in a directory, newest first (complete ones only: a `.partial-` folder is not a backup). */
export async function listBackups(dir: string): Promise<Array<{ name: string; path: string; createdAt: Date }>> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: Array<{ name: string; path: string; createdAt: Date }> = [];
  for (const name of names) {
    if (!name.startsWith('mamori-')) continue;
    try {
      const m = JSON.parse(await readFile(join(dir, name, MANIFEST), 'utf8')) as { createdAt?: string };
      if (m.createdAt) out.push({ name, path: join(dir, name), createdAt: new Date(m.createdAt) });
    } catch {
      // not a backup
    }
  }
  return out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
