import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { BackupRefusedError, checkBackup, coreFileSets, listBackups, restoreBackup, type BackupPhase, type Progress } from '../../server/backup/backup.js';
import { BackupService } from '../../server/backup/backup.service.js';
import { moduleBackupFiles } from '../../server/compose.js';
import type { Config } from '../../server/config.js';
import type { AppContext } from '../../server/context.js';
import { DataDirLockedError } from '../../server/db/client.js';
import { appendAuditAlone } from '../../server/audit/audit.service.js';
import { systemActor } from '../../server/authz/actor.js';
import { systemClock } from '../../server/clock.js';
import { backupRuns } from '../../server/db/schema/index.js';
import { cliConfig } from '../run.js';
import { cliContext } from './admin.js';
import { CliError, runCommand, withDatabase } from './audit.js';

const PHASES: Record<BackupPhase, string> = {
  database: 'Dumping the database',
  files: 'Packing the files',
  copy: 'Copying to the second location',
  verify: 'Verifying',
  'restore-database': 'Restoring the database',
  'restore-files': 'Restoring the files',
  check: 'Checking the restored data',
};

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** A progress line on stderr for byte counts: rewritten in place on a terminal, one line per phase and 64 MiB otherwise. */
function bytesProgress(stream: NodeJS.WriteStream = process.stderr): Progress & { end(): void } {
  const tty = stream.isTTY === true;
  let phase: BackupPhase | null = null;
  let lastDraw = 0;
  let lastLogged = 0;
  const fn = ((p) => {
    const now = performance.now();
    if (p.phase !== phase) {
      if (tty && phase) stream.write('\n');
      phase = p.phase;
      lastLogged = -Infinity;
    }
    const text = `${PHASES[p.phase]}: ${mib(p.bytes)}`;
    if (tty) {
      if (now - lastDraw < 100) return;
      lastDraw = now;
      stream.write(`\r\x1b[2K${text}`);
    } else if (p.bytes - lastLogged >= 64 * 1024 * 1024 || lastLogged === -Infinity) {
      lastLogged = p.bytes;
      stream.write(`${text}\n`);
    }
  }) as Progress & { end(): void };
  fn.end = () => {
    if (tty && phase) stream.write('\n');
  };
  return fn;
}

/** Opens the database for a command; on PGlite, a running server holds it, so say what to do instead. */
async function withInstallation<T>(config: Config, fn: Parameters<typeof withDatabase<T>>[1]): Promise<T> {
  try {
    return await withDatabase(config, fn);
  } catch (e) {
    if (e instanceof DataDirLockedError) {
      throw new CliError(
        `${e.message}\nWith the embedded database the running server makes the backups itself: set BACKUP_DIR and BACKUP_KEY for it (nightly), or stop it and run this command again.`,
      );
    }
    throw e;
  }
}

const refused = (e: unknown): never => {
  if (e instanceof BackupRefusedError) throw new CliError(`REFUSED: ${e.message}`);
  throw e;
};

/** `mamori backup` and `mamori restore`: encrypted online backups, their checks, restores and restore drills. */
export function registerBackup(program: Command): void {
  const backup = program
    .command('backup')
    .description('make an encrypted backup of the database, the secrets, the audit witness files and the exchange files, while the server runs (PostgreSQL)')
    .option('--dir <dir>', 'where to write it (default BACKUP_DIR)')
    .option('--copy-dir <dir>', 'a second copy, checked after copying (default BACKUP_COPY_DIR)')
    .option('--no-copy', 'make no second copy')
    .action((opts: { dir?: string; copyDir?: string; copy?: boolean }) =>
      runCommand(async () => {
        const config = cliConfig();
        const dir = opts.dir ?? config.backup.dir;
        if (!dir) throw new CliError('No backup directory: set BACKUP_DIR or pass --dir.');
        return withInstallation(config, async (database) => {
          const ctx = cliContext(config, database);
          const progress = bytesProgress();
          try {
            const r = await new BackupService(ctx).backup({ dir: resolve(dir), copyDir: opts.copy === false ? null : (opts.copyDir ?? config.backup.copyDir), progress });
            progress.end();
            const m = r.manifest;
            const rows = Object.values(m.database.counts).reduce((a, b) => a + b, 0);
            console.log(`Backup ${r.name} written to ${r.path} (${mib(r.bytes)}, ${rows.toLocaleString('en-US')} rows, ${m.files.length} files, audit entry ${m.database.audit.lastSeq}) in ${(m.durationMs / 1000).toFixed(1)} s.`);
            if (r.copyPath) console.log(`Second copy: ${r.copyPath}`);
            if (r.deleted.length) console.log(`Removed ${r.deleted.length} older generation(s) past the retention (BACKUP_KEEP_DAILY/WEEKLY/MONTHLY).`);
            console.log(`Sealed with the key ${m.key.id}: keep BACKUP_${m.key.kdf.kind === 'raw' ? 'KEY' : 'PASSPHRASE'} apart from the backups; without it they cannot be restored.`);
          } catch (e) {
            progress.end();
            refused(e);
          }
        });
      }),
    );

  backup
    .command('list')
    .description('list the backups in BACKUP_DIR (or --dir), newest first')
    .option('--dir <dir>', 'the backup directory (default BACKUP_DIR)')
    .action((opts: { dir?: string }) =>
      runCommand(async () => {
        const config = cliConfig();
        const dir = opts.dir ?? config.backup.dir;
        if (!dir) throw new CliError('No backup directory: set BACKUP_DIR or pass --dir.');
        const list = await listBackups(resolve(dir));
        if (!list.length) console.log(`No backups in ${resolve(dir)}.`);
        for (const b of list) console.log(`${b.createdAt.toISOString()}  ${b.path}`);
      }),
    );

  backup
    .command('verify <path>')
    .description('check a backup without restoring it: the manifest’s MAC under the backup key and every part’s SHA-256')
    .action((path: string) =>
      runCommand(async () => {
        const config = cliConfig();
        try {
          const { manifest: m } = await checkBackup(resolve(path), config.backup.keySource);
          console.log(`OK: ${m.name} (${m.engine}, ${m.createdAt}): manifest authentic, ${m.parts.length} parts match their SHA-256, ${m.files.length} files listed, audit entry ${m.database.audit.lastSeq}.`);
        } catch (e) {
          refused(e);
        }
      }),
    );

  program
    .command('restore <path>')
    .description('restore a backup into this installation’s empty DATA_DIR or DATABASE_URL, checking sums, row counts and the audit chain; with --drill, into a scratch copy that is removed afterwards')
    .option('--drill', 'restore into a scratch database and directory, check, report the time, record the drill, and remove the scratch copy')
    .action((path: string, opts: { drill?: boolean }) =>
      runCommand(async () => {
        const config = cliConfig();
        const source = resolve(path);
        const progress = bytesProgress();
        if (opts.drill) {
          return withInstallation(config, async (database) => {
            try {
              const r = await new BackupService(cliContext(config, database)).drill({ path: source, progress });
              progress.end();
              console.log(`Drill OK: ${r.name} restored into ${r.scratch} and checked in ${(r.durationMs / 1000).toFixed(1)} s: ${r.tables} tables, ${r.rows.toLocaleString('en-US')} rows, ${r.auditEntries.toLocaleString('en-US')} audit entries verified, ${r.files} files.`);
            } catch (e) {
              progress.end();
              refused(e);
            }
          });
        }
        const pgliteDir = join(resolve(config.dataDir), 'pglite');
        if (!config.databaseUrl && existsSync(pgliteDir) && readdirSync(pgliteDir).length) {
          throw new CliError(`REFUSED: ${pgliteDir} is not empty. Restore into a new DATA_DIR (keep the old one until the restore is checked).`);
        }
        try {
          const r = await restoreBackup(
            source,
            config.backup.keySource,
            config.databaseUrl ? { engine: 'postgres', url: config.databaseUrl } : { engine: 'pglite', dir: pgliteDir },
            // Not the full context: building it would create new secrets where the backup's must go.
            (database) => [...coreFileSets(config), ...moduleBackupFiles({ config, database, db: database.db } as AppContext)],
            progress,
          );
          progress.end();
          // The restore itself goes on record in the restored installation: a run and an audit entry.
          await withDatabase(config, async (database) => {
            const now = new Date();
            await database.db.insert(backupRuns).values({ kind: 'restore', status: 'succeeded', backup: r.name, startedAt: new Date(now.getTime() - r.durationMs), finishedAt: now, durationMs: r.durationMs, details: { ...r } });
            await appendAuditAlone(database.db, systemClock, systemActor('cli'), { action: 'backup.restored', details: { backup: r.name, rows: r.rows, files: r.files, auditEntries: r.auditEntries } });
          });
          console.log(`Restored ${r.name} in ${(r.durationMs / 1000).toFixed(1)} s: ${r.tables} tables, ${r.rows.toLocaleString('en-US')} rows (the same as the backup), ${r.auditEntries.toLocaleString('en-US')} audit entries verified, ${r.files} files.`);
        } catch (e) {
          progress.end();
          refused(e);
        }
      }),
    );
}
