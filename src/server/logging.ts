import { Writable } from 'node:stream';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/**
 * How the server logs. To a terminal (a person started it by hand): short readable lines, one
 * per API request at most, none for the web app's own files, so the start-up banner with the
 * setup link stays in view. Otherwise (systemd, a container, a file): pino's JSON lines, one per
 * request, as log collectors expect. `LOG_LEVEL` rules both.
 */
export type LogFormat = 'pretty' | 'json';

export const logFormat = (stream: NodeJS.WriteStream = process.stdout): LogFormat => (stream.isTTY ? 'pretty' : 'json');

const REDACT = ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers.authorization'];
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** One pino JSON line as a short line of text: time, level, message, and the error if any. */
export function prettyLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = new Date(typeof o.time === 'number' ? o.time : Date.now()).toTimeString().slice(0, 8);
  const level = LEVELS[Number(o.level)] ?? String(o.level);
  const err = o.err as { message?: string; stack?: string } | undefined;
  const extra = err ? `\n${err.stack ?? err.message ?? ''}` : '';
  return `${time} ${level.padEnd(5)} ${String(o.msg ?? '')}${extra}\n`;
}

/** The Fastify logger options for a format. */
export function loggerOptions(level: string, format: LogFormat, out: NodeJS.WritableStream = process.stdout) {
  if (format === 'json') return { level, redact: REDACT };
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) out.write(prettyLine(line));
      done();
    },
  });
  return { level, redact: REDACT, stream };
}

/**
 * In the terminal format Fastify's two lines per request are off (`disableRequestLogging`); this
 * hook logs one concise line per API request instead: `POST /api/auth/sign-in 401 12 ms`.
 */
export function conciseRequestLines(app: FastifyInstance<never, never, never, FastifyBaseLogger>): void {
  app.addHook('onResponse', async (req, reply) => {
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/docs')) return;
    const path = req.routeOptions.url ?? req.url.split('?')[0];
    req.log.info(`${req.method} ${path} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`);
  });
}
