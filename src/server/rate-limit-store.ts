import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { lt, sql } from 'drizzle-orm';
import type { Db } from './db/client.js';
import { rateLimitHits } from './db/schema/index.js';

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;

/** Expired counters are swept at most this often (by whichever request comes first). */
const SWEEP_EVERY_MS = 60_000;

/**
 * A store for @fastify/rate-limit that keeps the counts in `rate_limit_hits`, so a client's limit
 * is the same whichever node answers (the library's default store is one node's memory). Each
 * counted request is one upsert: the counter starts at 1 with a fresh window, or goes up by one
 * inside its window. Times are this node's clock (nodes keep time with NTP; a window is a minute).
 */
export function databaseRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  let lastSweep = 0;
  const sweep = (now: number) => {
    if (now - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = now;
    void db
      .delete(rateLimitHits)
      .where(lt(rateLimitHits.resetsAt, new Date(now)))
      .catch(() => undefined);
  };

  class DatabaseStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly prefix = '',
    ) {}

    incr(key: string, cb: Callback, timeWindow: number): void {
      const now = Date.now();
      const at = new Date(now);
      const fresh = new Date(now + timeWindow);
      const expired = sql`${rateLimitHits.resetsAt} <= ${at}`;
      db.insert(rateLimitHits)
        .values({ key: this.prefix + key, count: 1, resetsAt: fresh })
        .onConflictDoUpdate({
          target: rateLimitHits.key,
          set: {
            count: sql`case when ${expired} then 1 else ${rateLimitHits.count} + 1 end`,
            resetsAt: sql`case when ${expired} then excluded.resets_at else ${rateLimitHits.resetsAt} end`,
          },
        })
        .returning({ count: rateLimitHits.count, resetsAt: rateLimitHits.resetsAt })
        .then(([row]) => {
          sweep(now);
          cb(null, { current: row!.count, ttl: Math.max(0, row!.resetsAt.getTime() - now) });
        }, (err: Error) => cb(err));
    }

    child(routeOptions: { routeInfo?: { method?: string; url?: string }; method?: string | string[]; url?: string }): FastifyRateLimitStore {
      const method = routeOptions.routeInfo?.method ?? String(routeOptions.method);
      const url = routeOptions.routeInfo?.url ?? routeOptions.url ?? '';
      return new DatabaseStore({}, `${this.prefix}${method} ${url} `);
    }
  }
  return DatabaseStore as unknown as FastifyRateLimitStoreCtor;
}
