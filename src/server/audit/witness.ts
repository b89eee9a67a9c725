import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Language } from '../../shared/account.js';
import { systemActor } from '../authz/actor.js';
import type { Config } from '../config.js';
import type { AppContext } from '../context.js';
import { auditLog, people, roleAssignments } from '../db/schema/index.js';
import { AppError } from '../errors.js';
import { appendAudit, AUDIT_LOCK } from './audit.service.js';
import { checkCheckpointSignature, CheckpointFile, createCheckpoint } from './checkpoint.js';
import { verifyChain } from './verify-fast.js';
import { chainBrokenMail, checkpointWitnessedMail } from './witness.mail.js';
import type { Job } from '../jobs/scheduler.js';

/*
 * Witnessed checkpoints: the audit chain alone cannot show that its newest entries were removed, or
 * that everything after some point was rewritten and re-hashed. A signed checkpoint kept where the
 * database's administrators cannot reach can. On a schedule (and at shutdown) the server signs the
 * chain's head and writes it to AUDIT_WITNESS_DIR, one file per checkpoint, and emails it to the
 * information security manager(s). `mamori audit verify` checks the log against the newest file.
 *
 * The run's own audit entry (`audit.checkpoint_witnessed`) is appended first and the checkpoint
 * covers it, so after a run the head *is* the witnessed entry: a log that did not grow since then
 * is not signed again (no entry-per-hour loop). A new checkpoint is signed only over a log that
 * still extends the previous witnessed one, so a tampered log never gets vouched for.
 */

const FILE = /^checkpoint-(\d{12})\.json$/;
const actor = systemActor('job:audit.witness_checkpoint');

/** The file name of the checkpoint of entry `seq`: names sort in sequence order. */
export const witnessFileName = (seq: number) => `checkpoint-${String(seq).padStart(12, '0')}.json`;

/**
 * The newest witnessed checkpoint file in the witness directory, or null when there is none.
 * This is the hook for backups: `mamori backup` copies this file into the backup's second copy, so
 * a restored database can be checked against the checkpoint witnessed before it was saved.
 */
export function latestWitnessFile(config: Pick<Config, 'auditWitnessDir'>): string | null {
  const dir = resolve(config.auditWitnessDir);
  if (!existsSync(dir)) return null;
  const names = readdirSync(dir).filter((n) => FILE.test(n)).sort();
  const last = names[names.length - 1];
  return last ? join(dir, last) : null;
}

/** Reads a checkpoint file; null when it is not one (the caller says what that means). */
export function readCheckpointFile(path: string): CheckpointFile | null {
  try {
    const parsed = CheckpointFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface LatestWitness {
  path: string;
  checkpoint: CheckpointFile | null;
  /** Why the file cannot be trusted (unreadable, or not signed by this installation's key); null when genuine. */
  problem: string | null;
}

/** The newest witnessed checkpoint with its signature checked against the installation's own key. */
export function latestWitness(config: Pick<Config, 'auditWitnessDir'>, publicKey: AppContext['secrets']['auditPublicKey']): LatestWitness | null {
  const path = latestWitnessFile(config);
  if (!path) return null;
  const checkpoint = readCheckpointFile(path);
  if (!checkpoint) return { path, checkpoint: null, problem: 'the file is not a Mamori audit checkpoint' };
  return { path, checkpoint, problem: checkCheckpointSignature(checkpoint, publicKey) };
}

/** Writes a checkpoint file atomically: a temporary file, fsync, rename, then fsync of the directory. */
export function writeWitnessFile(dir: string, cp: CheckpointFile): string {
  const abs = resolve(dir);
  mkdirSync(abs, { recursive: true, mode: 0o700 });
  const path = join(abs, witnessFileName(cp.seq));
  const tmp = join(abs, `.${witnessFileName(cp.seq)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(cp, null, 2) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  const dirFd = openSync(abs, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
  return path;
}

export interface WitnessResult {
  /** Whether a checkpoint was signed and written by this run. */
  signed: boolean;
  seq?: number;
  file?: string;
  /** Emails queued to the information security manager(s). */
  mails?: number;
  /** Why nothing was signed when nothing was due. */
  skipped?: 'not_grown' | 'empty';
}

/** The active information security managers, to alert. */
export async function managers(conn: AppContext['db']) {
  return conn
    .selectDistinct({ id: people.id, email: people.email, language: people.language })
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(and(eq(people.active, true), eq(roleAssignments.role, 'security_manager')));
}

/**
 * Signs a checkpoint of the audit log's head and witnesses it outside the database — a file in
 * AUDIT_WITNESS_DIR and an email to the information security manager(s) — when the log grew since
 * the newest witnessed checkpoint. Before signing, the entries since that checkpoint are verified
 * against it; when the log no longer extends it (entries removed, or rewritten), nothing is signed,
 * the manager(s) are alerted and AUDIT_CHAIN_BROKEN is thrown.
 */
export async function witnessCheckpoint(ctx: AppContext, now: Date, why: 'scheduled' | 'shutdown' = 'scheduled'): Promise<WitnessResult> {
  const latest = latestWitness(ctx.config, ctx.secrets.auditPublicKey);
  if (latest?.problem) return broken(ctx, `${latest.path}: ${latest.problem}`, null);
  const prev = latest?.checkpoint ?? null;

  type Outcome = { broken: string } | { skipped: 'not_grown' | 'empty' } | { checkpoint: CheckpointFile; mails: number };
  const outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
    // The append lock: the head cannot move, and another node's run waits and then sees our entry.
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [head] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash, action: auditLog.action }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    const headSeq = head?.seq ?? 0;
    if (prev && headSeq < prev.seq) {
      return { broken: `the log ends at entry ${headSeq} but the witnessed checkpoint covers entry ${prev.seq}: entries ${headSeq + 1}–${prev.seq} were removed (the tail was truncated)` };
    }
    if (prev && headSeq === prev.seq) {
      return head?.hash === prev.hash ? { skipped: 'not_grown' } : { broken: `entry ${prev.seq} differs from the witnessed checkpoint (the log was rewritten)` };
    }
    if (!head) return { skipped: 'empty' };
    const v = await verifyChain(tx, prev ? { from: prev } : {});
    if (!v.ok) return { broken: v.reason ?? `entry ${v.firstBadSeq} is bad` };
    // Witnessed already by another node whose directory is not ours: sign the same head again, for
    // this directory only — no new entry, no second email, so nodes do not take turns growing the log.
    if (head.action === 'audit.checkpoint_witnessed') return { checkpoint: await createCheckpoint(tx, ctx.secrets.auditSigningKey, now), mails: 0 };
    const seq = await appendAudit(tx, ctx.clock, actor, {
      action: 'audit.checkpoint_witnessed',
      details: { reason: why, previousSeq: prev?.seq ?? null, verifiedEntries: v.checked },
    });
    const checkpoint = await createCheckpoint(tx, ctx.secrets.auditSigningKey, now);
    if (checkpoint.seq !== seq) throw new Error(`checkpoint covers entry ${checkpoint.seq}, expected ${seq}`);
    const to = await managers(tx);
    for (const m of to) {
      await ctx.mailer.enqueue(tx, { to: m.email, personId: m.id, language: m.language as Language, template: checkpointWitnessedMail, params: { checkpoint } });
    }
    return { checkpoint, mails: to.length };
  });

  if ('broken' in outcome) return broken(ctx, outcome.broken, prev);
  if ('skipped' in outcome) return { signed: false, skipped: outcome.skipped };
  // Written after the commit: a crash in between leaves an entry not yet witnessed, which the next
  // run signs; never a file naming an entry that did not commit.
  const file = writeWitnessFile(ctx.config.auditWitnessDir, outcome.checkpoint);
  if (outcome.mails) ctx.mailer.kick();
  return { signed: true, seq: outcome.checkpoint.seq, file, mails: outcome.mails };
}

async function broken(ctx: AppContext, reason: string, prev: CheckpointFile | null): Promise<never> {
  await ctx.db.transaction(async (tx) => {
    for (const m of await managers(tx)) {
      await ctx.mailer.enqueue(tx, { to: m.email, personId: m.id, language: m.language as Language, template: chainBrokenMail, params: { reason, witnessSeq: prev?.seq ?? null, witnessedAt: prev?.createdAt ?? null } });
    }
  });
  ctx.mailer.kick();
  throw new AppError(409, 'AUDIT_CHAIN_BROKEN', `No checkpoint was signed: ${reason}.`, { reason });
}

/** The scheduled witness, every AUDIT_CHECKPOINT_MINUTES (checked at each JOB_INTERVAL_SECONDS tick). */
export function auditJobs(ctx: AppContext): Job[] {
  return [{ name: 'audit.witness_checkpoint', everyMs: ctx.config.auditCheckpointMs, run: async (now) => ({ ...(await witnessCheckpoint(ctx, now)) }) }];
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The last checkpoint at graceful shutdown: best effort and bounded by `timeoutMs`, so a slow or
 * failing database never holds the process for long. Its email stays in the outbox until the next
 * start delivers it; the file is written at once.
 */
export async function witnessAtShutdown(ctx: AppContext, log: Log, timeoutMs = 5_000): Promise<WitnessResult | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), timeoutMs);
  });
  const work = witnessCheckpoint(ctx, ctx.clock.now(), 'shutdown');
  work.catch(() => undefined); // abandoned on timeout: its late failure is not an unhandled rejection
  try {
    const r = await Promise.race([work, timeout]);
    if (r === 'timeout') {
      log.warn({ timeoutMs }, 'audit checkpoint at shutdown abandoned: it took too long');
      return null;
    }
    log.info({ checkpoint: r }, r.signed ? 'audit checkpoint witnessed at shutdown' : 'audit log unchanged since its last witnessed checkpoint');
    return r;
  } catch (err) {
    log.warn({ err }, 'audit checkpoint at shutdown failed');
    return null;
  } finally {
    clearTimeout(timer);
  }
}
