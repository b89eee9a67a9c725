import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from './db/schema/index.js';
import { anonymous, createTestApp, seedPerson, sessionFor, type Client, type TestEnv } from './testing/harness.js';

// Every /api answer is `Cache-Control: no-store`, whatever the route and whatever the outcome: the
// whole registered route table is swept, anonymously and signed in as the manager. The role × scope
// matrix (authz/route-access.test.ts) checks the same header on each route's successful answers.

let t: TestEnv;
const routes: { method: string; url: string }[] = [];
let manager: { id: string };

beforeAll(async () => {
  const webDist = mkdtempSync(join(tmpdir(), 'mamori-web-'));
  mkdirSync(join(webDist, 'assets'));
  writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Mamori</title>');
  writeFileSync(join(webDist, 'assets', 'app.js'), 'export {};');
  const onRoute = (r: RouteOptions) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  };
  t = await createTestApp({ WEB_DIST: webDist }, { onRoute });
  manager = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
});
afterAll(() => t?.close());

const isDocs = (url: string) => url === '/api/docs' || url.startsWith('/api/docs/');
const apiRoutes = () => routes.filter((r) => (r.url === '/api' || r.url.startsWith('/api/')) && !isDocs(r.url) && r.method !== 'HEAD' && r.method !== 'OPTIONS');
/** A concrete URL for a route: every parameter an id nobody has. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000').replace(/\*$/, 'x');

async function send(c: Client, r: { method: string; url: string }) {
  const method = r.method as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  return c.request(method, concrete(r.url), method === 'GET' || method === 'DELETE' ? undefined : {});
}

describe('Cache-Control on /api answers', () => {
  it('is no-store on every /api route for an anonymous request (mostly 401 answers)', { timeout: 300_000 }, async () => {
    expect(apiRoutes().length).toBeGreaterThan(100);
    const anon = await anonymous(t);
    const wrong: string[] = [];
    for (const r of apiRoutes()) {
      const res = await send(anon, r);
      if (res.headers['cache-control'] !== 'no-store') wrong.push(`${r.method} ${r.url}: ${res.status} cache-control ${String(res.headers['cache-control'])}`);
    }
    expect(wrong).toEqual([]);
  });

  it('is no-store on every /api route for the signed-in manager, error answers included', { timeout: 300_000 }, async () => {
    const wrong: string[] = [];
    for (const r of apiRoutes()) {
      // A fresh session each time: sign-out or "I lost my credentials" end the one they are sent with.
      const c = await sessionFor(t, manager.id);
      const res = await send(c, r);
      if (res.status === 401) wrong.push(`${r.method} ${r.url}: not signed in`);
      if (res.headers['cache-control'] !== 'no-store') wrong.push(`${r.method} ${r.url}: ${res.status} cache-control ${String(res.headers['cache-control'])}`);
    }
    expect(wrong).toEqual([]);
  });

  it('is no-store on confidential records, the audit log, the outbox and one’s security page', async () => {
    const c = await sessionFor(t, manager.id);
    const [msg] = await t.ctx.db
      .insert(mailOutbox)
      .values({ toAddress: 'a@example.jp', language: 'ja', template: 'fixture', subject: 's', body: 'https://mamori.example.jp/invite?token=secret', status: 'held', createdAt: t.clock.now() })
      .returning({ id: mailOutbox.id });
    for (const url of [`/api/people/${manager.id}`, '/api/audit?pageSize=1', `/api/mail/outbox/${msg!.id}`, '/api/me/security', '/api/session']) {
      const res = await c.get(url);
      expect([url, res.status, res.headers['cache-control']]).toEqual([url, 200, 'no-store']);
    }
  });

  it('is no-store on an unknown /api route, a %-encoded one and a refused CSRF check', async () => {
    const anon = await anonymous(t);
    for (const url of ['/api/no-such-route', '/%61pi/no-such-route', '/%61pi/people']) {
      const res = await anon.get(url);
      expect([url, res.headers['cache-control']]).toEqual([url, 'no-store']);
    }
    const c = await sessionFor(t, manager.id);
    const forged = await c.request('POST', '/api/institutions', { code: 'X' }, { 'x-csrf-token': 'forged' });
    expect([forged.status, forged.headers['cache-control']]).toEqual([403, 'no-store']);
  });

  it('leaves the web app’s files and the API documentation their own caching', async () => {
    const asset = await t.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect([asset.statusCode, asset.headers['cache-control']]).toEqual([200, 'public, max-age=3600']);
    const page = await t.app.inject({ method: 'GET', url: '/people' });
    expect([page.statusCode, page.headers['cache-control']]).toEqual([200, 'no-cache']);
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/static/index.html' });
    expect(docs.headers['cache-control']).not.toBe('no-store');
  });
});
