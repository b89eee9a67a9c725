import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../db/schema/index.js';
import { createTestApp, seedPerson, sessionFor, type TestEnv } from '../testing/harness.js';
import { defineMail } from '../mail/template.js';
import { TestSmtp } from '../testing/smtp.js';
import { listenMetrics, type MetricsListener } from './index.js';

const TOKEN = 'metrics-test-token-abcdefghijklmnopqrstuvwxyz';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The value of one series in the exposition text (`name{labels}` exactly as printed), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(t: TestEnv): Promise<string> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: bearer(TOKEN) });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(res.headers['cache-control']).toBe('no-store');
  return res.body;
}

describe('metrics switched off (neither METRICS_TOKEN nor METRICS_PORT)', () => {
  let t: TestEnv;
  beforeAll(async () => {
    // with a web build, whose fallback would answer an unknown path with the app's index.html
    const web = mkdtempSync(join(tmpdir(), 'mamori-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Mamori</title>');
    t = await createTestApp({ WEB_DIST: web });
  });
  afterAll(() => t?.close());

  it('keeps none and answers /metrics 404, token or not', async () => {
    expect(t.metrics).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/some/page' })).statusCode).toBe(200); // the web app's fallback
    for (const headers of [{}, bearer(TOKEN)]) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: { code: 'ROUTE_NOT_FOUND' } });
    }
    expect(t.ctx.observe).toBeUndefined();
  });
});

describe('metrics on the main port with METRICS_TOKEN', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => t?.close());

  it('refuses a scrape without the token or with a wrong one, and says nothing of the metrics', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, 'Bearer ', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`, TOKEN, `Bearer ${TOKEN} extra`]) {
      const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });
      expect([authorization, res.statusCode]).toEqual([authorization, 401]);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      expect(res.body).not.toMatch(/mamori_|process_|healthz/);
    }
  });

  it('counts requests by route pattern, never by raw URL; an unmatched URL is "unmatched"', async () => {
    const p = await seedPerson(t, {});
    const me = await sessionFor(t, p.id);
    expect((await me.get(`/api/people/${p.id}`)).status).toBe(200);
    expect((await me.get(`/api/people/${p.id}`)).status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/no/such/${p.id}` })).statusCode).toBe(404);
    const text = await scrape(t);
    expect(sample(text, 'mamori_http_requests_total{method="GET",route="/api/people/:id",status="200"}')).toBe(2);
    expect(sample(text, 'mamori_http_request_duration_seconds_count{method="GET",route="/api/people/:id",status="200"}')).toBe(2);
    expect(sample(text, 'mamori_http_requests_total{method="GET",route="unmatched",status="404"}')).toBe(1);
    expect(text).not.toContain(p.id);
    // the refused scrapes of the test above are counted too, under their route
    expect(sample(text, 'mamori_http_requests_total{method="GET",route="/metrics",status="401"}')).toBeGreaterThanOrEqual(6);
    // default process metrics, in this app's own registry
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
  });

  it('reports the database pool', async () => {
    const text = await scrape(t);
    const total = sample(text, 'mamori_db_pool_connections');
    if (t.database.engine === 'pglite') expect(total).toBe(1);
    else expect(total).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'mamori_db_pool_waiting_clients')).toBe(0);
    expect(sample(text, 'mamori_db_pool_idle_connections')).toBeGreaterThanOrEqual(0);
  });

  it('counts job runs and failures after runDue, and reads each job’s last success from job_runs', async () => {
    t.ctx.jobs.register({ name: 'test.works', everyMs: 60_000, run: async () => ({ ok: true }) });
    t.ctx.jobs.register({ name: 'test.breaks', everyMs: 60_000, run: async () => Promise.reject(new Error('broken on purpose')) });
    const before = await scrape(t);
    expect(sample(before, 'mamori_job_runs_total{job="test.works"}')).toBe(0);
    expect(sample(before, 'mamori_job_runs_total{job="mail.deliver"}')).toBe(0);
    expect(sample(before, 'mamori_job_last_success_timestamp_seconds{job="test.works"}')).toBeUndefined();

    await t.ctx.jobs.runDue();
    t.clock.advance(60_000);
    await t.ctx.jobs.runDue();
    const text = await scrape(t);
    expect(sample(text, 'mamori_job_runs_total{job="test.works"}')).toBe(2);
    expect(sample(text, 'mamori_job_failures_total{job="test.works"}')).toBe(0);
    expect(sample(text, 'mamori_job_runs_total{job="test.breaks"}')).toBe(2);
    expect(sample(text, 'mamori_job_failures_total{job="test.breaks"}')).toBe(2);
    expect(sample(text, 'mamori_job_duration_seconds_count{job="test.works"}')).toBe(2);
    expect(sample(text, 'mamori_job_last_success_timestamp_seconds{job="test.works"}')).toBe(t.clock.now().getTime() / 1000);
    expect(sample(text, 'mamori_job_last_success_timestamp_seconds{job="test.breaks"}')).toBeUndefined();
    expect(sample(text, 'mamori_job_runs_total{job="mail.deliver"}')).toBe(2);
  });

  it('reads the mail outbox backlog at scrape time', async () => {
    const base = await scrape(t);
    const queued0 = sample(base, 'mamori_mail_outbox_messages{status="queued"}') ?? -1;
    const failed0 = sample(base, 'mamori_mail_outbox_messages{status="failed"}') ?? -1;
    expect(queued0).toBeGreaterThanOrEqual(0);
    expect(failed0).toBeGreaterThanOrEqual(0);
    const message = { toAddress: 'someone@example.jp', language: 'ja', template: 'test', subject: 's', body: 'b' };
    await t.ctx.db.insert(mailOutbox).values([
      { ...message, status: 'queued' },
      { ...message, status: 'queued' },
      { ...message, status: 'failed' },
    ]);
    const text = await scrape(t);
    expect(sample(text, 'mamori_mail_outbox_messages{status="queued"}')).toBe(queued0 + 2);
    expect(sample(text, 'mamori_mail_outbox_messages{status="failed"}')).toBe(failed0 + 1);
    expect(sample(text, 'mamori_mail_delivery_attempts_total{outcome="sent"}')).toBe(0); // no SMTP in tests
  });

  it('counts the bytes of exchange uploads received', async () => {
    const p = await seedPerson(t, {});
    const me = await sessionFor(t, p.id);
    const before = sample(await scrape(t), 'mamori_exchange_upload_bytes_total') ?? 0;
    const data = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(5000)]);
    const created = await me.post('/api/exchange/uploads', { fileName: 'scan.png', size: data.length });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = (created.body as { id: string }).id;
    const first = await me.request('PATCH', `/api/exchange/uploads/${id}`, data.subarray(0, 3000), { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const text = await scrape(t);
    expect(sample(text, 'mamori_exchange_upload_bytes_total')).toBe(before + 3000);
    expect(sample(text, 'mamori_http_requests_total{method="PATCH",route="/api/exchange/uploads/:id",status="200"}')).toBe(1);
  });
});

describe('mail delivery attempts', () => {
  const NOTE = defineMail<{ n: number }>('test.metrics', { ja: (p) => ({ subject: `通知 ${p.n}`, text: 'x' }), en: (p) => ({ subject: `Note ${p.n}`, text: 'x' }) });
  let smtp: TestSmtp;
  let t: TestEnv;
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    t = await createTestApp({ METRICS_TOKEN: TOKEN, SMTP_URL: smtp.url });
  });
  let smtpOpen = true;
  afterAll(async () => {
    await t?.close();
    if (smtpOpen) await smtp?.close();
  });

  it('counts messages sent, and attempts to be retried when the server is away', async () => {
    await t.ctx.mailer.enqueue(t.ctx.db, { to: 'a@example.jp', language: 'ja', template: NOTE, params: { n: 1 } });
    await t.ctx.mailer.flush();
    let text = await scrape(t);
    expect(sample(text, 'mamori_mail_delivery_attempts_total{outcome="sent"}')).toBe(1);
    expect(sample(text, 'mamori_mail_outbox_messages{status="sent"}')).toBe(1);
    await smtp.close();
    smtpOpen = false;
    await t.ctx.mailer.enqueue(t.ctx.db, { to: 'b@example.jp', language: 'ja', template: NOTE, params: { n: 2 } });
    await t.ctx.mailer.flush();
    text = await scrape(t);
    expect(sample(text, 'mamori_mail_delivery_attempts_total{outcome="retry"}')).toBe(1);
    expect(sample(text, 'mamori_mail_delivery_attempts_total{outcome="failed"}')).toBe(0);
    expect(sample(text, 'mamori_mail_outbox_messages{status="queued"}')).toBe(1);
  });
});

describe('metrics on a separate port (METRICS_PORT)', () => {
  let t: TestEnv;
  const listeners: MetricsListener[] = [];
  beforeAll(async () => {
    t = await createTestApp({ METRICS_PORT: '0' });
  });
  afterAll(async () => {
    for (const l of listeners) await l.close();
    await t?.close();
  });

  it('serves /metrics there alone, and nothing on the main port without METRICS_TOKEN', async () => {
    expect(t.metrics).not.toBeNull();
    const l = await listenMetrics(t.metrics!, { host: '127.0.0.1', port: 0, token: undefined });
    listeners.push(l);
    expect(l.port).toBeGreaterThan(0);
    await t.app.inject({ method: 'GET', url: '/healthz' });
    const res = await fetch(`http://127.0.0.1:${l.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'mamori_http_requests_total{method="GET",route="/healthz",status="200"}')).toBe(1);
    for (const path of ['/', '/healthz', '/api/people', '/metrics/x']) expect((await fetch(`http://127.0.0.1:${l.port}${path}`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${l.port}/metrics`, { method: 'POST' })).status).toBe(404);
    const main = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(main.statusCode).toBe(404);
  });

  it('asks for the token there too when METRICS_TOKEN is set', async () => {
    const l = await listenMetrics(t.metrics!, { host: '127.0.0.1', port: 0, token: TOKEN });
    listeners.push(l);
    const none = await fetch(`http://127.0.0.1:${l.port}/metrics`);
    expect(none.status).toBe(401);
    expect(await none.text()).not.toMatch(/mamori_|process_/);
    expect((await fetch(`http://127.0.0.1:${l.port}/metrics`, { headers: bearer('wrong-token-wrong-token-wrong') })).status).toBe(401);
    const ok = await fetch(`http://127.0.0.1:${l.port}/metrics`, { headers: bearer(TOKEN) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('mamori_http_requests_total');
  });
});

describe('readiness checks that storage can be written', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const ready = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };

  it('is ready when DATA_DIR and the exchange store can be written, and leaves no probe file', async () => {
    const r = await ready();
    expect(r).toMatchObject({ status: 200, body: { status: 'ready', database: t.database.engine } });
    expect(r.body.migrations).toBeGreaterThan(0);
    expect(r.body.reason).toBeUndefined();
    expect(readdirSync(t.config.dataDir).filter((f) => f.startsWith('.ready-probe'))).toEqual([]);
  });

  // Tests run as root, where a 0500 directory is still writable: a regular file where the directory
  // should be cannot be written into by anyone.
  it('is not ready (503, with the reason and no path) when DATA_DIR cannot be written', async () => {
    const dir = t.config.dataDir;
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a directory');
    try {
      const r = await ready();
      expect(r).toEqual({ status: 503, body: { status: 'not_ready', database: t.database.engine, migrations: expect.any(Number), reason: 'data_dir_not_writable' } });
      expect(JSON.stringify(r.body)).not.toContain(dir);
    } finally {
      rmSync(dir, { force: true });
      mkdirSync(dir, { recursive: true });
    }
    expect((await ready()).status).toBe(200);
  });

  it('is not ready when the local exchange store cannot be written', async () => {
    const store = join(t.config.dataDir, 'exchange');
    rmSync(store, { recursive: true, force: true });
    writeFileSync(store, 'not a directory');
    try {
      expect(await ready()).toMatchObject({ status: 503, body: { status: 'not_ready', reason: 'exchange_store_not_writable' } });
    } finally {
      rmSync(store, { force: true });
    }
    expect((await ready()).status).toBe(200);
  });
});
