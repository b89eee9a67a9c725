import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Language } from '../../shared/account.js';
import { managers } from '../audit/witness.js';
import type { AppContext } from '../context.js';
import { backupRuns, mailOutbox } from '../db/schema/index.js';
import { BACKUP_ALERT_MAIL } from './backup.mail.js';
import type { Job } from '../jobs/scheduler.js';
import { createBackup, drillBackup, listBackups, type BackupResult, type DrillReport, type Progress } from './backup.js';
import { backupsToDelete } from './retention.js';

const APP_VERSION = '0.1.0';
const DAY = 86_400_000;
/** A backup is due every night: this long without a success is an alert. */
export const STALE_HOURS = 26;

type Run = typeof backupRuns.$inferSelect;

/**
 * Backups as the server runs them: each backup and drill recorded in `backup_runs`, old
 * generations pruned after a successful backup, and the nightly and drill jobs.
 */
export class BackupService {
  constructor(private readonly ctx: AppContext) {}

  private get node(): string {
    return this.ctx.jobs.node;
  }

  /** Records a run around `work`; a failure is recorded with its message and thrown on. */
  private async record<T>(kind: Run['kind'], work: (id: string) => Promise<{ result: T; backup: string; bytes?: number; details: Record<string, unknown> }>): Promise<T> {
    const started = this.ctx.clock.now();
    const t0 = Date.now();
    const [run] = await this.ctx.db.insert(backupRuns).values({ kind, status: 'running', startedAt: started, node: this.node }).returning({ id: backupRuns.id });
    try {
      const out = await work(run!.id);
      await this.ctx.db
        .update(backupRuns)
        .set({ status: 'succeeded', backup: out.backup, bytes: out.bytes ?? null, details: out.details, finishedAt: this.ctx.clock.now(), durationMs: Date.now() - t0 })
        .where(eq(backupRuns.id, run!.id));
      return out.result;
    } catch (e) {
      await this.ctx.db
        .update(backupRuns)
        .set({ status: 'failed', error: (e as Error).message.slice(0, 2000), finishedAt: this.ctx.clock.now(), durationMs: Date.now() - t0 })
        .where(eq(backupRuns.id, run!.id));
      throw e;
    }
  }

  /** Makes a backup into `dir` (default BACKUP_DIR), copies it to BACKUP_COPY_DIR, and prunes old generations in both. */
  async backup(opts: { dir?: string; copyDir?: string | null; progress?: Progress } = {}): Promise<BackupResult & { deleted: string[] }> {
    const cfg = this.ctx.config.backup;
    const dir = opts.dir ?? cfg.dir;
    if (!dir) throw new Error('No backup directory: set BACKUP_DIR (or pass --dir).');
    const copyDir = opts.copyDir === undefined ? cfg.copyDir : opts.copyDir;
    return this.record('backup', async () => {
      const result = await createBackup(
        {
          database: this.ctx.database,
          fileSets: this.ctx.backupFiles(),
          keySource: cfg.keySource,
          node: this.node,
          appVersion: APP_VERSION,
          now: () => this.ctx.clock.now(),
        },
        dir,
        copyDir,
        opts.progress,
      );
      const deleted: string[] = [];
      for (const d of [dir, ...(copyDir ? [copyDir] : [])]) {
        for (const name of backupsToDelete(await listBackups(d), cfg.keep)) {
          await rm(join(d, name), { recursive: true, force: true });
          deleted.push(join(d, name));
        }
      }
      const details = { path: result.path, copy: result.copyPath, files: result.manifest.files.length, auditLastSeq: result.manifest.database.audit.lastSeq, deleted: deleted.length };
      return { result: { ...result, deleted }, backup: result.name, bytes: result.bytes, details };
    });
  }

  /** Restores a backup (default: the newest in BACKUP_DIR) into a scratch target and checks it; recorded as a drill. */
  async drill(opts: { path?: string; progress?: Progress } = {}): Promise<DrillReport> {
    const cfg = this.ctx.config.backup;
    let path = opts.path;
    if (!path) {
      const newest = cfg.dir ? (await listBackups(cfg.dir))[0] : undefined;
      if (!newest) throw new Error('No backup to drill: none in BACKUP_DIR yet.');
      path = newest.path;
    }
    const url = this.ctx.database.raw.engine === 'postgres' ? this.ctx.database.raw.url : null;
    return this.record('drill', async () => {
      const report = await drillBackup(path, cfg.keySource, url, opts.progress);
      return { result: report, backup: report.name, details: { ...report } };
    });
  }

  /** The newest runs, newest first. */
  async recent(kind?: Run['kind'], limit = 20): Promise<Run[]> {
    return this.ctx.db
      .select()
      .from(backupRuns)
      .where(kind ? eq(backupRuns.kind, kind) : undefined)
      .orderBy(desc(backupRuns.startedAt))
      .limit(limit);
  }

  /**
   * Alerts the information security manager(s) when the newest backup failed, or none has
   * succeeded for STALE_HOURS (counted from the newest success, or the first attempt), at most once
   * a day. Returns whether it alerted.
   */
  async watch(now: Date): Promise<'failed' | 'stale' | null> {
    const [newest] = await this.recent('backup', 1);
    if (!newest || newest.status === 'running') return null;
    const success = await this.lastSuccess('backup');
    let kind: 'failed' | 'stale' | null = newest.status === 'failed' ? 'failed' : null;
    if (!kind) {
      const [first] = await this.ctx.db.select().from(backupRuns).where(eq(backupRuns.kind, 'backup')).orderBy(backupRuns.startedAt).limit(1);
      const since = success?.startedAt ?? first?.startedAt ?? now;
      if (now.getTime() - since.getTime() > STALE_HOURS * 3_600_000) kind = 'stale';
    }
    if (!kind) return null;
    const alerted = await this.ctx.db
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(and(eq(mailOutbox.template, BACKUP_ALERT_MAIL.name), gt(mailOutbox.createdAt, new Date(now.getTime() - DAY))))
      .limit(1);
    if (alerted.length) return null;
    await this.ctx.db.transaction(async (tx) => {
      for (const m of await managers(tx)) {
        await this.ctx.mailer.enqueue(tx, {
          to: m.email,
          personId: m.id,
          language: m.language as Language,
          template: BACKUP_ALERT_MAIL,
          params: { kind, lastSuccessAt: success?.finishedAt?.toISOString() ?? null, error: kind === 'failed' ? newest.error : null, hours: STALE_HOURS },
        });
      }
    });
    this.ctx.mailer.kick();
    return kind;
  }

  /** The newest successful run of a kind. */
  async lastSuccess(kind: Run['kind']): Promise<Run | null> {
    const [row] = await this.ctx.db
      .select()
      .from(backupRuns)
      .where(and(eq(backupRuns.kind, kind), eq(backupRuns.status, 'succeeded')))
      .orderBy(desc(backupRuns.startedAt))
      .limit(1);
    return row ?? null;
  }
}

/** The nightly backup and the periodic restore drill, when BACKUP_DIR is set. */
export function backupJobs(ctx: AppContext): Job[] {
  if (!ctx.config.backup.dir) return [];
  const svc = new BackupService(ctx);
  return [
    {
      name: 'backup.nightly',
      everyMs: DAY,
      leaseMs: 6 * 3_600_000,
      run: async () => {
        const r = await svc.backup();
        return { backup: r.name, bytes: r.bytes, copied: r.copyPath !== null, deleted: r.deleted.length };
      },
    },
    { name: 'backup.watch', everyMs: 3_600_000, run: async (now) => ({ alerted: await svc.watch(now) }) },
    {
      name: 'backup.drill',
      everyMs: ctx.config.backup.drillMs,
      leaseMs: 6 * 3_600_000,
      run: async () => {
        const r = await svc.drill();
        return { backup: r.name, durationMs: r.durationMs, rows: r.rows, files: r.files };
      },
    },
  ];
}
