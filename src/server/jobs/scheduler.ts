import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq, isNull, lte, or } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import { jobRuns } from '../db/schema/index.js';

/** One scheduled job: `run` does its work as the system actor and returns a summary for the log. */
export interface Job {
  name: string;
  /** Minimum time between runs. */
  everyMs: number;
  /**
   * How long a node's claim on a run lasts (default 15 minutes). Another node may take the job over
   * once it has passed, so it must be longer than the job ever takes.
   */
  leaseMs?: number;
  run: (now: Date) => Promise<Record<string, unknown> | void>;
}

export interface JobReport {
  name: string;
  ran: boolean;
  result?: Record<string, unknown> | void;
  error?: string;
  /** Not run because another node holds the job's claim. */
  claimedBy?: string;
}

/** What an observer hears after each run this node made (metrics); runs skipped for another node's claim are not reported. */
export interface JobRunEvent {
  name: string;
  ok: boolean;
  durationMs: number;
}
export type JobObserver = (event: JobRunEvent) => void;

export const DEFAULT_LEASE_MS = 15 * 60_000;

/** This process's name in `job_runs`: host, process id and a random tag (process ids repeat across containers). */
export function nodeName(): string {
  return `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

/**
 * Runs registered jobs (dormancy, expiry, reminders, rotation schedules, mail retries). Each job
 * records when it last ran in `job_runs`, so restarts do not repeat work and the time comes from
 * the application clock (tests move a ManualClock and call `runDue`).
 *
 * Several nodes may share one database: before running a job, a node claims it with one atomic
 * statement that succeeds only when the job is due and nobody else's claim is live, so each due run
 * happens on exactly one node. The claim is released when the run ends; if the node dies, the claim
 * expires after the job's lease and another node runs it.
 */
export class Scheduler {
  private readonly jobs: Job[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<JobReport[]> | null = null;
  private readonly observers: JobObserver[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** This node's name in the claims. */
    readonly node: string = nodeName(),
  ) {}

  register(job: Job): void {
    if (this.jobs.some((j) => j.name === job.name)) throw new Error(`job ${job.name} registered twice`);
    this.jobs.push(job);
  }

  /** Calls `observer` after every run of a job on this node (the metrics count runs and failures with it). */
  observe(observer: JobObserver): void {
    this.observers.push(observer);
  }

  private report(name: string, ok: boolean, started: number): void {
    const event = { name, ok, durationMs: performance.now() - started };
    for (const o of this.observers) {
      try {
        o(event);
      } catch {
        // an observer's failure never fails a job
      }
    }
  }

  names(): string[] {
    return this.jobs.map((j) => j.name);
  }

  /**
   * Runs every job whose interval has passed (or every job, with `force`), one run at a time in this
   * process. A job another node is running is skipped, even with `force`.
   */
  async runDue(force = false): Promise<JobReport[]> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.runOnce(force);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async runOnce(force: boolean): Promise<JobReport[]> {
    const reports: JobReport[] = [];
    for (const job of this.jobs) {
      const now = this.clock.now();
      if (!(await this.claim(job, now, force))) {
        const [row] = await this.db.select({ claimedBy: jobRuns.claimedBy, claimedUntil: jobRuns.claimedUntil }).from(jobRuns).where(eq(jobRuns.name, job.name));
        const held = row?.claimedBy && row.claimedUntil && row.claimedUntil > now ? row.claimedBy : undefined;
        reports.push({ name: job.name, ran: false, ...(held ? { claimedBy: held } : {}) });
        continue;
      }
      const started = performance.now();
      try {
        const result = await job.run(now);
        reports.push({ name: job.name, ran: true, result });
        this.report(job.name, true, started);
        await this.release(job, { lastRunAt: now, lastResult: result ?? null, lastNode: this.node });
      } catch (err) {
        const message = (err as Error).message;
        reports.push({ name: job.name, ran: true, error: message });
        this.report(job.name, false, started);
        // Not marked as run: the next tick (on any node) tries again.
        await this.release(job, { lastFailedAt: now, lastError: message.slice(0, 2000), lastNode: this.node }).catch(() => undefined);
      }
    }
    return reports;
  }

  /** Takes the job's claim if it is due (or forced) and no other claim is live. True if this node now holds it. */
  private async claim(job: Job, now: Date, force: boolean): Promise<boolean> {
    const until = new Date(now.getTime() + (job.leaseMs ?? DEFAULT_LEASE_MS));
    const dueBefore = new Date(now.getTime() - job.everyMs);
    const free = or(isNull(jobRuns.claimedUntil), lte(jobRuns.claimedUntil, now));
    const due = force ? free : and(free, or(isNull(jobRuns.lastRunAt), lte(jobRuns.lastRunAt, dueBefore)));
    const rows = await this.db
      .insert(jobRuns)
      .values({ name: job.name, claimedBy: this.node, claimedUntil: until })
      .onConflictDoUpdate({ target: jobRuns.name, set: { claimedBy: this.node, claimedUntil: until }, setWhere: due })
      .returning({ name: jobRuns.name });
    return rows.length === 1;
  }

  /** Ends this node's claim, recording the run's outcome; a claim taken over by another node after expiry is left alone. */
  private async release(job: Job, outcome: Partial<typeof jobRuns.$inferInsert>): Promise<void> {
    await this.db
      .update(jobRuns)
      .set({ ...outcome, claimedBy: null, claimedUntil: null })
      .where(and(eq(jobRuns.name, job.name), eq(jobRuns.claimedBy, this.node)));
  }

  /** Runs due jobs every `intervalMs` until stopped (the server calls this; tests call runDue). */
  start(intervalMs: number, onError: (err: unknown) => void = () => undefined): void {
    if (this.timer) return;
    // A job's failure is kept in its report; the server's log must see it too (e.g. a broken audit chain).
    const tick = () =>
      void this.runDue().then((reports) => {
        for (const r of reports) if (r.error) onError(new Error(`${r.name}: ${r.error}`));
      }, onError);
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    setTimeout(tick, 1000).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.running) await this.running.catch(() => undefined);
  }
}
