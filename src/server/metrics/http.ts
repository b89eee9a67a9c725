import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { App } from '../http.js';
import { Metrics, UNMATCHED, type HttpMetrics } from './metrics.js';

/** Whether an Authorization header carries `Bearer <token>`; compared in constant time (hashes of equal length). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const sent = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')?.[1];
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  const same = timingSafeEqual(digest(sent ?? ''), digest(token));
  return sent !== undefined && same;
}

/**
 * Metrics for one application (docs/OPERATIONS.md, "Metrics"). Off — no registry, no hook — unless
 * METRICS_TOKEN or METRICS_PORT is set. `GET /metrics` on the main port is always registered (so the
 * route table does not depend on the configuration) but answers 404 as an unknown route does unless
 * METRICS_TOKEN is set, and then only with `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise).
 * Returns the metrics (null when off), for the separate port (`listenMetrics`).
 */
export function registerMetrics(app: App, ctx: AppContext): Metrics | null {
  const { token, port } = ctx.config.metrics;
  const metrics = token !== undefined || port !== undefined ? new Metrics(ctx) : null;
  if (metrics) countRequests(app as unknown as FastifyInstance, metrics.http);
  // Not a session route: the token is its only key, so it is `public` to the sign-in check (which guards /api only anyway).
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    // The not-found handler's own answer (without its web-app fallback): nothing says metrics exist here.
    if (!metrics || token === undefined) return reply.code(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: 'No such route.', requestId: String(req.id) } });
    if (!bearerMatches(req.headers.authorization, token)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw new AppError(401, 'UNAUTHENTICATED', 'The metrics token is missing or wrong.');
    }
    const { contentType, body } = await metrics.render();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
  return metrics;
}

/** The onResponse hook that counts every answered request, labelled by the route pattern the router matched (never the raw URL: ids, probes). */
export function countRequests(app: FastifyInstance, http: HttpMetrics): void {
  app.addHook('onResponse', (req, reply, done) => {
    http.request(req.method, req.routeOptions.url ?? UNMATCHED, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

export interface MetricsListener {
  /** The port it listens on (useful with METRICS_PORT=0). */
  port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` alone on a separate port (METRICS_PORT on METRICS_HOST, by default
 * 127.0.0.1), for a scraper on a private network. With METRICS_TOKEN set the token is required
 * here too. Everything else answers 404.
 */
export async function listenMetrics(metrics: Metrics, opts: { host: string; port: number; token: string | undefined }): Promise<MetricsListener> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) return send(404, 'Not found\n');
    if (opts.token !== undefined && !bearerMatches(req.headers.authorization, opts.token)) return send(401, 'Unauthorized\n', { 'www-authenticate': 'Bearer realm="metrics"' });
    metrics.render().then(
      ({ contentType, body }) => send(200, body, { 'content-type': contentType }),
      () => send(500, 'Metrics could not be collected\n'),
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
