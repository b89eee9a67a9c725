import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import type { Database } from '../db/client.js';
import { jobRuns } from '../db/schema/index.js';
import { freshDatabase } from '../testing/harness.js';
import { DEFAULT_LEASE_MS, Scheduler, type Job } from './scheduler.js';

const HOUR = 3_600_000;

/** A job that counts its runs and can be held open, as a slow job on a real node would be. */
function countingJob(name: string, everyMs = HOUR) {
  const runs: string[] = [];
  let hold: Promise<void> | null = null;
  let release = () => {};
  const job = (node: string): Job => ({
    name,
    everyMs,
    run: async () => {
      runs.push(node);
      if (hold) await hold;
      return { node };
    },
  });
  return {
    runs,
    job,
    /** The next runs wait until `open()` is called. */
    block() {
      hold = new Promise((r) => (release = r));
    },
    open() {
      hold = null;
      release();
    },
  };
}

describe('scheduled jobs with several nodes on one database', () => {
  let database: Database;
  let clock: ManualClock;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.db.delete(jobRuns);
    clock = new ManualClock(new Date('2026-12-01T09:00:00Z'));
  });

  const nodes = (n: number, ...jobs: ReturnType<typeof countingJob>[]) =>
    Array.from({ length: n }, (_, i) => {
      const s = new Scheduler(database.db, clock, `node-${i + 1}`);
      for (const j of jobs) s.register(j.job(s.node));
      return s;
    });
  const row = async (name: string) => (await database.db.select().from(jobRuns).where(eq(jobRuns.name, name)))[0];

  it('runs each due job on exactly one node when three nodes tick at once', async () => {
    const a = countingJob('reminders');
    const b = countingJob('expiry');
    const [n1, n2, n3] = nodes(3, a, b);
    const reports = await Promise.all([n1!.runDue(), n2!.runDue(), n3!.runDue()]);
    expect(a.runs).toHaveLength(1);
    expect(b.runs).toHaveLength(1);
    expect(reports.flat().filter((r) => r.ran)).toHaveLength(2);
    const done = await row('reminders');
    expect(done).toMatchObject({ lastRunAt: clock.now(), lastNode: a.runs[0], claimedBy: null, claimedUntil: null, lastResult: { node: a.runs[0] } });

    // Not due again until its interval has passed, on any node.
    clock.advance(HOUR - 1);
    await Promise.all([n1!.runDue(), n2!.runDue(), n3!.runDue()]);
    expect(a.runs).toHaveLength(1);
    clock.advance(1);
    await Promise.all([n3!.runDue(), n1!.runDue(), n2!.runDue()]);
    expect(a.runs).toHaveLength(2);
    expect(b.runs).toHaveLength(2);
  });

  it('skips a job another node is running, even when forced, and names that node', async () => {
    const a = countingJob('reminders');
    const [n1, n2] = nodes(2, a);
    a.block();
    const first = n1!.runDue();
    while (a.runs.length === 0) await new Promise((r) => setTimeout(r, 5));
    const second = await n2!.runDue(true);
    expect(second).toEqual([{ name: 'reminders', ran: false, claimedBy: 'node-1' }]);
    a.open();
    expect((await first)[0]).toMatchObject({ name: 'reminders', ran: true });
    expect(a.runs).toEqual(['node-1']);
    // Once the claim is released, a forced run goes ahead although the job is not due.
    expect((await n2!.runDue(true))[0]).toMatchObject({ ran: true });
    expect(a.runs).toEqual(['node-1', 'node-2']);
  });

  it('lets another node take over a job whose node died mid-run, once the lease has passed', async () => {
    const a = countingJob('reminders');
    const [, n2] = nodes(2, a);
    // What a node killed while running the job leaves behind.
    await database.db.insert(jobRuns).values({ name: 'reminders', claimedBy: 'node-1', claimedUntil: new Date(clock.now().getTime() + DEFAULT_LEASE_MS) });
    expect(await n2!.runDue()).toEqual([{ name: 'reminders', ran: false, claimedBy: 'node-1' }]);
    clock.advance(DEFAULT_LEASE_MS);
    expect((await n2!.runDue())[0]).toMatchObject({ ran: true });
    expect(a.runs).toEqual(['node-2']);
    expect(await row('reminders')).toMatchObject({ lastNode: 'node-2', claimedBy: null });
  });

  it('records a failure without marking the job as run, and releases it for the next tick', async () => {
    let fail = true;
    const s = new Scheduler(database.db, clock, 'node-1');
    s.register({
      name: 'flaky',
      everyMs: HOUR,
      run: async () => {
        if (fail) throw new Error('SMTP server unreachable');
        return { sent: 3 };
      },
    });
    expect(await s.runDue()).toEqual([{ name: 'flaky', ran: true, error: 'SMTP server unreachable' }]);
    expect(await row('flaky')).toMatchObject({ lastRunAt: null, lastFailedAt: clock.now(), lastError: 'SMTP server unreachable', claimedBy: null });
    fail = false;
    clock.advance(60_000);
    expect(await s.runDue()).toEqual([{ name: 'flaky', ran: true, result: { sent: 3 } }]);
    expect(await row('flaky')).toMatchObject({ lastRunAt: clock.now(), lastResult: { sent: 3 }, lastError: 'SMTP server unreachable' });
  });

  it('does not let a node whose lease expired overwrite the claim of the node that took over', async () => {
    const a = countingJob('reminders');
    const [n1, n2] = nodes(2, a);
    a.block();
    const slow = n1!.runDue();
    while (a.runs.length === 0) await new Promise((r) => setTimeout(r, 5));
    clock.advance(DEFAULT_LEASE_MS);
    const takeover = n2!.runDue();
    while (a.runs.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(await row('reminders')).toMatchObject({ claimedBy: 'node-2' });
    a.open();
    await Promise.all([slow, takeover]);
    // The node that finished last under its own claim recorded the run; the stale one changed nothing.
    expect(await row('reminders')).toMatchObject({ claimedBy: null, lastNode: 'node-2' });
  });
});
