import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type BuiltApp } from '../app.js';
import { ManualClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, queryRows, type Database, type Db } from '../db/client.js';
import * as schema from '../db/schema/index.js';
import { loadSecrets } from '../secrets.js';
import { systemActor, type Actor } from '../authz/actor.js';
import { PLEDGE_VERSION } from '../../shared/account.js';
import { PeopleService } from '../modules/org/people.service.js';
import { makeRegistries } from '../modules/org/registries.js';
import type { CreatePersonInput, RoleAssignment } from '../../shared/org.js';
import { CreatePerson } from '../../shared/org.js';
import { hashPassword, useCheapHashesForTests } from '../modules/identity/password.js';
import { auditLog, people } from '../db/schema/index.js';
import { asc, eq, gt, sql } from 'drizzle-orm';
import type { RouteOptions } from 'fastify';

import './harness-types.js';

export const ENGINE = (process.env.MAMORI_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';

// Integration tests exercise the rules around passwords, not argon2's cost (see password.ts).
useCheapHashesForTests();

/** A fresh, migrated database for one test file, on the engine this test project runs. */
export async function freshDatabase(): Promise<Database> {
  if (ENGINE === 'pglite') {
    const image = readFileSync(inject('pgliteTemplate'));
    const client = new PGlite({ loadDataDir: new Blob([image]) });
    await client.waitReady;
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    return { db, engine: 'pglite', raw: { engine: 'pglite', client }, migrate: async () => undefined, close: () => client.close() };
  }
  const adminUrl = inject('pgAdminUrl');
  const name = `mamori_t_${process.ppid}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const d = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
  return {
    ...d,
    async close() {
      await d.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      // The pool's connections finish closing just after end() resolves: give them a moment
      // before forcing, so no backend is killed under a client that is still saying goodbye.
      for (let i = 0; i < 50; i++) {
        const { rows } = await a.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [name]);
        if (Number(rows[0]?.n ?? 0) === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export interface TestEnv extends BuiltApp {
  clock: ManualClock;
  config: Config;
  database: Database;
  close(): Promise<void>;
}

/** Builds the whole application on a fresh database with a manual clock. */
export async function createTestApp(env: Record<string, string> = {}, opts: { onRoute?: (route: RouteOptions) => void } = {}): Promise<TestEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env });
  const database = await freshDatabase();
  const clock = new ManualClock(new Date('2026-04-01T00:00:00Z'));
  const built = await buildApp({ config, database, secrets: loadSecrets(config), clock, logger: false, onRoute: opts.onRoute });
  await built.app.ready();
  return {
    ...built,
    clock,
    config,
    database,
    async close() {
      await built.app.close();
      await database.close();
    },
  };
}

/**
 * Another node of the same installation: a second app on the same database, secrets and clock, as a
 * second server process would be. Closing it leaves the database open.
 */
export async function secondNode(t: TestEnv): Promise<TestEnv> {
  const built = await buildApp({ config: t.config, database: t.database, secrets: loadSecrets(t.config), clock: t.clock, logger: false });
  await built.app.ready();
  return { ...t, ...built, close: () => built.app.close() };
}

export const system: Actor = systemActor('test');

let seq = 0;
/** Creates a person with roles through the real service (as the system). */
export async function seedPerson(t: TestEnv, over: Partial<CreatePersonInput> & { roles?: RoleAssignment[]; password?: string } = {}) {
  seq++;
  const { password, ...rest } = over;
  const input = CreatePerson.parse({
    familyNameJa: '試験',
    givenNameJa: `太郎${seq}`,
    familyNameKana: 'シケン',
    givenNameKana: 'タロウ',
    familyNameEn: 'Shiken',
    givenNameEn: `Taro${seq}`,
    email: `person${seq}.${randomBytes(3).toString('hex')}@example.jp`,
    ...rest,
  });
  const svc = new PeopleService(t.ctx);
  const p = await svc.create(system, input);
  if (password) await t.ctx.db.update(people).set({ passwordHash: await hashPassword(password), accountStatus: 'active' }).where(eq(people.id, p.id));
  return p;
}

/** Seeds one of each registry entry for scope tests. */
export async function seedOrg(t: TestEnv) {
  const r = makeRegistries(t.ctx);
  const tag = randomBytes(2).toString('hex');
  const dc = (await r.units.create(system, { code: `DC-${tag}`, kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' })) as { id: string };
  const so = (await r.units.create(system, { code: `SO-${tag}`, kind: 'study_office', nameJa: '研究事務局', nameEn: 'Study Office' })) as { id: string };
  const instA = (await r.institutions.create(system, { code: `A-${tag}`, nameJa: '甲病院', nameEn: 'Hospital A', prefecture: '13' })) as { id: string };
  const instB = (await r.institutions.create(system, { code: `B-${tag}`, nameJa: '乙病院', nameEn: 'Hospital B', prefecture: '27' })) as { id: string };
  const rgA = (await r.researchGroups.create(system, { code: `RGA-${tag}`, nameJa: '甲グループ', nameEn: 'Group A' })) as { id: string };
  const rgB = (await r.researchGroups.create(system, { code: `RGB-${tag}`, nameJa: '乙グループ', nameEn: 'Group B' })) as { id: string };
  const steering = (await r.committees.create(system, { code: `SC-${tag}`, kind: 'steering', nameJa: '運営委員会', nameEn: 'Steering Committee' })) as { id: string };
  return { dc, so, instA, instB, rgA, rgB, steering };
}

/**
 * A session for a person, made directly (sign-in itself is tested in the identity tests). By
 * default the account is first made fully set up (active, MFA enrolled, current pledge signed) so
 * the session reaches everything its roles allow; `{ onboarded: false }` leaves the account as is.
 */
export async function sessionFor(t: TestEnv, personId: string, opts: { onboarded?: boolean } = {}): Promise<Client> {
  if (opts.onboarded !== false) {
    await t.ctx.db
      .update(people)
      .set({ accountStatus: 'active', mfaEnrolledAt: sql`coalesce(${people.mfaEnrolledAt}, now())`, pledgeVersion: PLEDGE_VERSION, mustChangePassword: false })
      .where(eq(people.id, personId));
  }
  const s = await t.ctx.sessions.create(t.ctx.db, personId, '127.0.0.1', 'vitest');
  return new Client(t, t.ctx.sessions.cookieName(), s.token, s.csrfToken);
}

/** A tiny HTTP client over app.inject that carries the session cookie and CSRF header. */
export class Client {
  constructor(
    private readonly t: TestEnv,
    private readonly cookieName: string,
    public token: string | null,
    public csrf: string,
  ) {}

  /** The same session, its requests sent to another node (secondNode). */
  on(node: TestEnv): Client {
    return new Client(node, this.cookieName, this.token, this.csrf);
  }

  async request(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.t.app.inject({
      method,
      url,
      payload: body === undefined ? undefined : (body as object),
      headers: { ...(this.token ? { cookie: `${this.cookieName}=${this.token}` } : {}), 'x-csrf-token': this.csrf, ...headers },
    });
    return { status: res.statusCode, body: res.body ? safeJson(res.body) : null, headers: res.headers, raw: res };
  }
  get(url: string) {
    return this.request('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.request('POST', url, body ?? {});
  }
  patch(url: string, body: unknown) {
    return this.request('PATCH', url, body);
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Anonymous client with a valid pre-session CSRF token. */
export async function anonymous(t: TestEnv): Promise<Client> {
  const res = await t.app.inject({ method: 'GET', url: '/api/session' });
  const cookie = res.cookies.find((c) => c.name.endsWith('mamori_csrf'));
  const c = new Client(t, 'mamori_csrf', cookie?.value ?? null, JSON.parse(res.body).csrfToken);
  return c;
}

/** The newest audit sequence number (0 for an empty log). */
export async function lastAuditSeq(t: TestEnv): Promise<number> {
  const [row] = await queryRows<{ s: number | string | null }>(t.ctx.db, sql`select max(seq) as s from audit_log`);
  return Number(row?.s ?? 0);
}

/** The audit entries written after `seq`, oldest first. */
export function auditAfter(t: TestEnv, seq: number) {
  return t.ctx.db.select().from(auditLog).where(gt(auditLog.seq, seq)).orderBy(asc(auditLog.seq));
}

type ErrorBody = { error: { code: string; details?: { path: string; message: string }[] } };

/** The invalid fields a 400 names (each once), without the `body.` prefix (the web client strips it the same way). */
export function fieldPaths(res: { body: unknown }): string[] {
  return [...new Set(((res.body as ErrorBody).error.details ?? []).map((d) => d.path.replace(/^body\./, '')))];
}

/** The error code of a response, if it is an error. */
export const errorCode = (res: { body: unknown }) => (res.body as ErrorBody | null)?.error?.code;
