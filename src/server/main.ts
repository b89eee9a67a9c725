import { join, resolve } from 'node:path';
import { buildApp, type BuiltApp } from './app.js';
import { witnessAtShutdown, type WitnessResult } from './audit/witness.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { loadSecrets } from './secrets.js';
import { logFormat } from './logging.js';
import { listenMetrics, type MetricsListener } from './metrics/index.js';

/** Opens the database the configuration selects: PostgreSQL from DATABASE_URL, else PGlite in DATA_DIR/pglite. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: join(resolve(config.dataDir), 'pglite') });
}

export interface Started {
  url: string;
  setupUrl: string | null;
  close(): Promise<void>;
}

/**
 * The graceful shutdown: stop accepting and let in-flight requests finish (which also stops the
 * jobs and flushes the mailer), sign and witness a last audit checkpoint (bounded, best effort),
 * then close the database and release its lock.
 */
export async function shutdown({ app, ctx }: Pick<BuiltApp, 'app' | 'ctx'>, database: Database, checkpointTimeoutMs = 5_000): Promise<WitnessResult | null> {
  await app.close();
  const witnessed = await witnessAtShutdown(ctx, app.log, checkpointTimeoutMs);
  await database.close();
  return witnessed;
}

/** load config → open db → migrate → buildApp → listen. Shuts down gracefully on SIGINT/SIGTERM. */
export async function startServer(config: Config = loadConfig(), opts: { handleSignals?: boolean } = {}): Promise<Started> {
  const secrets = loadSecrets(config);
  const database = await openConfiguredDatabase(config);
  try {
    await database.migrate();
  } catch (e) {
    await database.close();
    throw e;
  }
  const { app, auth, ctx, metrics } = await buildApp({ config, database, secrets, logFormat: logFormat() });
  await app.listen({ port: config.port, host: config.host });
  // The metrics port (METRICS_PORT, on METRICS_HOST): only GET /metrics, meant for a private network.
  let metricsListener: MetricsListener | null = null;
  if (metrics && config.metrics.port !== undefined) {
    try {
      metricsListener = await listenMetrics(metrics, { host: config.metrics.host, port: config.metrics.port, token: config.metrics.token });
      app.log.info({ host: config.metrics.host, port: metricsListener.port }, 'metrics listening');
    } catch (e) {
      await app.close();
      await database.close();
      throw e;
    }
  }
  // Dormancy, expiry, reminders and mail delivery retries; stopped by app.close().
  ctx.jobs.start(config.jobIntervalMs, (err) => app.log.error({ err }, 'scheduled job failed'));
  const setupUrl = await auth.issueSetupLink();
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= (async () => {
    await metricsListener?.close();
    await shutdown({ app, ctx }, database);
  })());
  if (opts.handleSignals !== false) {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        app.log.info({ signal: sig }, 'shutting down');
        close().then(
          () => process.exit(0),
          (e: unknown) => {
            console.error(e);
            process.exit(1);
          },
        );
      });
    }
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return { url: config.publicUrl.replace(/:\d+$/, '') === config.publicUrl ? config.publicUrl : config.publicUrl.replace(/:\d+$/, `:${port}`), setupUrl, close };
}
