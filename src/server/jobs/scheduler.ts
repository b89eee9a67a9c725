import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import type { Db } from '../db/client.js';
import { jobRuns } from '../db/schema/index.js';

/** One scheduled job: `run` does its work as the system actor and returns a summary for the log. */
export interface Job {
  name: string;
  /** Minimum time between runs. */
  everyMs: number;
  run: (now: Date) => Promise<Record<string, unknown> | void>;
}

export interface JobReport {
  name: string;
  ran: boolean;
  result?: Record<string, unknown> | void;
  error?: string;
}

/**
 * Runs registered jobs (dormancy, expiry, reminders, rotation schedules, mail retries). Each job
 * records when it last ran in `job_runs`, so restarts do not repeat work and the time comes from
 * the application clock (tests move a ManualClock and call `runDue`).
 */
export class Scheduler {
  private readonly jobs: Job[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<JobReport[]> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  register(job: Job): void {
    if (this.jobs.some((j) => j.name === job.name)) throw new Error(`job ${job.name} registered twice`);
    this.jobs.push(job);
  }

  names(): string[] {
    return this.jobs.map((j) => j.name);
  }

  /** Runs every job whose interval has passed (or every job, with `force`). One run at a time. */
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
    const now = this.clock.now();
    const last = new Map((await this.db.select().from(jobRuns)).map((r) => [r.name, r.lastRunAt]));
    const reports: JobReport[] = [];
    for (const job of this.jobs) {
      const prev = last.get(job.name);
      if (!force && prev && now.getTime() - prev.getTime() < job.everyMs) {
        reports.push({ name: job.name, ran: false });
        continue;
      }
      try {
        const result = await job.run(now);
        reports.push({ name: job.name, ran: true, result });
        await this.db
          .insert(jobRuns)
          .values({ name: job.name, lastRunAt: now, lastResult: result ?? null })
          .onConflictDoUpdate({ target: jobRuns.name, set: { lastRunAt: now, lastResult: sql`excluded.last_result` } });
      } catch (err) {
        reports.push({ name: job.name, ran: true, error: (err as Error).message });
      }
    }
    return reports;
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
