import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from '../context.js';
import { queryRows } from '../db/client.js';

/** Label of a request the router did not match (never the raw URL: ids and probes would explode the series). */
export const UNMATCHED = 'unmatched';

/** The outbox statuses always reported, so a backlog that drains to zero shows as 0, not as a missing series. */
const OUTBOX_STATUSES = ['queued', 'sending', 'held', 'failed', 'sent'] as const;

/**
 * One application's metrics, in its own registry (never prom-client's global one, so several apps
 * in one process — the tests — do not clash). Counters are fed by the HTTP hook, the scheduler's
 * and the mailer's observers and the exchange's upload observer; database figures (job successes,
 * the mail outbox) are read at scrape time.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly http: HttpMetrics;

  constructor(ctx: AppContext) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry }); // process_* and nodejs_*, under their usual names
    this.http = new HttpMetrics(this.registry);

    const database = ctx.database;
    const pool = () => database.poolStats?.() ?? { total: 1, idle: 0, waiting: 0 }; // PGlite: one connection
    new Gauge({ name: 'mamori_db_pool_connections', help: 'Database connections open (PGlite: always 1).', registers, collect() { this.set(pool().total); } });
    new Gauge({ name: 'mamori_db_pool_idle_connections', help: 'Database connections open and idle.', registers, collect() { this.set(pool().idle); } });
    new Gauge({ name: 'mamori_db_pool_waiting_clients', help: 'Queries waiting for a free database connection.', registers, collect() { this.set(pool().waiting); } });

    const jobs = ctx.jobs;
    // Every registered job shows from the start (at 0), so a rate or an alert has a series before the first run.
    const jobRuns = new Counter({ name: 'mamori_job_runs_total', help: 'Scheduled job runs on this node, failed ones included.', labelNames: ['job'], registers, collect() { for (const n of jobs.names()) this.labels(n).inc(0); } });
    const jobFailures = new Counter({ name: 'mamori_job_failures_total', help: 'Scheduled job runs on this node that failed.', labelNames: ['job'], registers, collect() { for (const n of jobs.names()) this.labels(n).inc(0); } });
    const jobDuration = new Histogram({ name: 'mamori_job_duration_seconds', help: 'Time a scheduled job run took on this node.', labelNames: ['job'], buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900], registers });
    jobs.observe(({ name, ok, durationMs }) => {
      jobRuns.labels(name).inc();
      if (!ok) jobFailures.labels(name).inc();
      jobDuration.labels(name).observe(durationMs / 1000);
    });
    new Gauge({
      name: 'mamori_job_last_success_timestamp_seconds',
      help: 'When each scheduled job last succeeded on any node (job_runs), Unix seconds.',
      labelNames: ['job'],
      registers,
      async collect() {
        this.reset();
        const rows = await queryRows<{ name: string; at: string | Date | null }>(ctx.db, sql`select name, last_run_at as at from job_runs where last_run_at is not null`).catch(() => null);
        for (const r of rows ?? []) if (r.at !== null) this.labels(r.name).set(new Date(r.at).getTime() / 1000);
      },
    });

    new Gauge({
      name: 'mamori_mail_outbox_messages',
      help: 'Messages in the mail outbox by status (queued and failed are the backlog; held = no SMTP server configured).',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await queryRows<{ status: string; n: number | string }>(ctx.db, sql`select status, count(*)::int as n from mail_outbox group by status`).catch(() => null);
        if (!rows) return this.reset();
        const counts = new Map(rows.map((r) => [r.status, Number(r.n)]));
        for (const s of new Set([...OUTBOX_STATUSES, ...counts.keys()])) this.labels(s).set(counts.get(s) ?? 0);
      },
    });
    const deliveries = new Counter({ name: 'mamori_mail_delivery_attempts_total', help: 'Email delivery attempts on this node: sent, to be retried, or failed for good.', labelNames: ['outcome'], registers });
    for (const o of ['sent', 'retry', 'failed']) deliveries.labels(o).inc(0);
    ctx.mailer.observe((outcome) => deliveries.labels(outcome).inc());

    const uploadBytes = new Counter({ name: 'mamori_exchange_upload_bytes_total', help: 'Bytes of exchange uploads received from clients on this node.', registers });
    ctx.observe = { ...ctx.observe, uploadBytes: (n) => uploadBytes.inc(n) };
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** The request counter and duration histogram (apart, so the benchmark can measure the hook alone). */
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route' | 'status'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({ name: 'mamori_http_requests_total', help: 'HTTP requests answered, by route pattern.', labelNames: ['method', 'route', 'status'], registers });
    this.durations = new Histogram({
      name: 'mamori_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
  }

  /** Records one answered request; `route` is the pattern the router matched, or UNMATCHED. */
  request(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.durations.observe(labels, seconds);
  }
}
