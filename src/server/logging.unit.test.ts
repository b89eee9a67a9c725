import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loggerOptions, logFormat, prettyLine } from './logging.js';

describe('server logs', () => {
  it('are JSON unless a person watches a terminal', () => {
    expect(logFormat({ isTTY: true } as NodeJS.WriteStream)).toBe('pretty');
    expect(logFormat({ isTTY: false } as NodeJS.WriteStream)).toBe('json');
    expect(loggerOptions('info', 'json')).not.toHaveProperty('stream');
  });

  it('turn a pino line into one short line: time, level, message, and the stack of an error', () => {
    const time = new Date('2026-12-07T09:30:05+09:00').getTime();
    const line = prettyLine(JSON.stringify({ level: 30, time, msg: 'GET /api/session 200 3 ms', reqId: 'x', req: { headers: {} } }));
    expect(line).toMatch(/^\d{2}:\d{2}:\d{2} INFO {2}GET \/api\/session 200 3 ms\n$/);
    const err = prettyLine(JSON.stringify({ level: 50, time, msg: 'scheduled job failed', err: { message: 'boom', stack: 'Error: boom\n    at job' } }));
    expect(err).toContain('ERROR scheduled job failed\nError: boom\n    at job');
    expect(prettyLine('not json')).toBe('not json');
  });

  it('write the short lines to the terminal, still redacting secrets', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const opts = loggerOptions('info', 'pretty', out);
    const { default: pino } = await import('pino');
    const log = pino({ level: opts.level, redact: opts.redact }, opts.stream);
    log.info({ req: { headers: { cookie: 'mamori_session=secret' } } }, 'hello');
    await new Promise((r) => setImmediate(r));
    expect(text).toMatch(/INFO {2}hello\n$/);
    expect(text).not.toContain('secret');
  });
});
