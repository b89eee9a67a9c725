import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { ImportJobDto } from '../../../../shared/org.js';
import { auditLog, importJobs, institutions } from '../../../db/schema/index.js';
import { anonymous, createTestApp, ENGINE, secondNode, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../../testing/harness.js';
import { makeRegistries } from '../registries.js';
import type { Importer } from './importer.js';
import { importServiceOf } from './import.routes.js';
import { multipart, postImport, runImport } from './fixtures/upload.js';

let t: TestEnv;
let staff: Client;
let researcher: Client;
let otherStaff: Client;
const countJobs = async () => (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(importJobs))[0]?.n ?? 0;
const countInstitutions = async () => (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(institutions))[0]?.n ?? 0;
const csv = (...codes: string[]) => Buffer.from(`code,name_ja,name_en,prefecture\n${codes.map((c) => `${c},病院${c},Hospital ${c},13`).join('\n')}\n`);
/** The service's importers, to make a write fail on purpose. */
const importersOf = (app: TestEnv['app']) => (importServiceOf(app) as unknown as { importers: Record<string, Importer> }).importers;

beforeAll(async () => {
  t = await createTestApp();
  const org = await seedOrg(t);
  staff = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id);
  otherStaff = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'system_admin' }] })).id);
  researcher = await sessionFor(t, (await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] })).id);
});
afterAll(() => t.close());

describe('POST /api/imports/:kind — who may import, and what the request must carry', () => {
  it('returns 403 to a researcher, creates no job, and records the denial', async () => {
    const jobs = await countJobs();
    const res = await postImport(researcher, 'institutions', csv('R1'));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(await countJobs()).toBe(jobs);
    const denials = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'authz.denied'));
    expect(denials.some((d) => (d.details as { action?: string }).action === 'import.run')).toBe(true);
  });

  it('returns 401 to an anonymous visitor', async () => {
    const res = await postImport(await anonymous(t), 'people', csv('R1'));
    expect(res.status).toBe(401);
  });

  it('returns 413 for a file over 20 MB', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x61);
    const res = await postImport(staff, 'institutions', big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('returns 400 without a file, or with an unknown encoding, and 415 for a non-multipart body', async () => {
    const { payload, contentType } = multipart([{ name: 'encoding', value: 'auto' }]);
    const noFile = await staff.request('POST', '/api/imports/institutions', payload, { 'content-type': contentType });
    expect(noFile.status).toBe(400);
    expect(noFile.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'file' }] } });
    const badEncoding = await postImport(staff, 'institutions', csv('E1'), { encoding: 'latin1' });
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'encoding' }] } });
    const json = await staff.post('/api/imports/institutions', { file: 'code' });
    expect(json.status).toBe(415);
    const badKind = await postImport(staff, 'studies', csv('E1'));
    expect(badKind.status).toBe(400);
  });

  it('accepts common spellings of the encoding field', async () => {
    const job = await runImport(t, staff, 'institutions', csv('ENC1'), { encoding: 'UTF8' });
    expect(job).toMatchObject({ status: 'succeeded', encoding: 'utf-8' });
  });
});

describe('GET /api/imports/:id', () => {
  it('shows the job to its creator and to other importers, and 404 to anyone else', async () => {
    const job = await runImport(t, staff, 'institutions', csv('G1'));
    expect((await otherStaff.get(`/api/imports/${job.id}`)).status).toBe(200);
    const hidden = await researcher.get(`/api/imports/${job.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toMatchObject({ error: { code: 'IMPORT_NOT_FOUND' } });
    expect((await staff.get('/api/imports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await (await anonymous(t)).get(`/api/imports/${job.id}`)).status).toBe(401);
  });

  it('reports progress through the phases: queued, then validating and writing, then succeeded with every row processed', async () => {
    const codes = Array.from({ length: 120 }, (_, i) => `PROG${i}`);
    const res = await postImport(staff, 'institutions', csv(...codes));
    const started = res.body as ImportJobDto;
    expect(started).toMatchObject({ status: 'queued', totalRows: 120, processedRows: 0 });
    const seen = new Set<string>();
    const svc = importServiceOf(t.app);
    const done = svc.waitFor(started.id).then(() => 'done');
    // Poll as the UI would until the job ends (each poll is a real request, not a timer).
    for (let i = 0; i < 1000 && (await Promise.race([done, Promise.resolve('running')])) === 'running'; i++) {
      seen.add(((await staff.get(`/api/imports/${started.id}`)).body as ImportJobDto).status);
    }
    const final = (await staff.get(`/api/imports/${started.id}`)).body as ImportJobDto;
    expect(final).toMatchObject({ status: 'succeeded', processedRows: 120, createdCount: 120 });
    expect([...seen].every((s) => ['queued', 'validating', 'writing', 'succeeded'].includes(s))).toBe(true);
  });

  // Two nodes need a shared server; PGlite is one process.
  it.skipIf(ENGINE !== 'postgres')('shows the write phase’s progress on another node while the import’s transaction is open', async () => {
    const other = await secondNode(t);
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    try {
      // The file's last row updates an institution that another transaction holds locked, so the
      // import stops there with every earlier row written inside its uncommitted transaction.
      await makeRegistries(t.ctx).institutions.create(system, { code: 'HELD', nameJa: '保留病院', nameEn: 'Held Hospital', prefecture: '13' });
      let locked = () => {};
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = t.ctx.db.transaction(async (tx) => {
        await tx.execute(sql`select 1 from institutions where code = 'HELD' for update`);
        locked();
        await gate;
      });
      await isLocked;
      const codes = [...Array.from({ length: 120 }, (_, i) => `NODE${i}`), 'HELD'];
      const file = Buffer.from(csv(...codes).toString('utf8').replace('HELD,病院HELD,Hospital HELD,13', 'HELD,保留病院,Held Hospital (renamed),13'));
      const started = (await postImport(staff, 'institutions', file)).body as ImportJobDto;
      const elsewhere = staff.on(other);
      let seen: ImportJobDto | undefined;
      for (let i = 0; i < 600; i++) {
        seen = (await elsewhere.get(`/api/imports/${started.id}`)).body as ImportJobDto;
        if (seen.status === 'writing' && seen.processedRows >= 100) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen).toMatchObject({ status: 'writing', processedRows: 100, totalRows: 121 });
      release();
      await holder;
      await importServiceOf(t.app).waitFor(started.id);
      expect((await elsewhere.get(`/api/imports/${started.id}`)).body).toMatchObject({ status: 'succeeded', processedRows: 121, createdCount: 120, updatedCount: 1 });
    } finally {
      release();
      await other.close();
    }
  });
});

describe('all or nothing', () => {
  it('rolls back every row when one fails midway, and fails the job with a generic message', async () => {
    const importer = importersOf(t.app).institutions as Importer;
    const write = importer.write;
    let calls = 0;
    importer.write = async (tx, actor, op) => {
      if (++calls === 3) throw new Error('boom: secret internals at /srv/db');
      return write(tx, actor, op);
    };
    try {
      const before = await countInstitutions();
      const job = await runImport(t, staff, 'institutions', csv('MID1', 'MID2', 'MID3', 'MID4'));
      expect(job.status).toBe('failed');
      expect(job.errors).toEqual([{ row: 0, column: null, code: 'INTERNAL', message: expect.stringContaining('Nothing was written') }]);
      expect(JSON.stringify(job)).not.toMatch(/boom|secret|\/srv/);
      expect(await countInstitutions()).toBe(before);
    } finally {
      importer.write = write;
    }
  });

  it('fails the job on a concurrent duplicate, naming the row, with nothing half-imported', async () => {
    const importer = importersOf(t.app).institutions as Importer;
    const plan = importer.plan;
    // Someone creates CON2 after the file was validated but before it is written.
    importer.plan = async (...args) => {
      const p = await plan(...args);
      await makeRegistries(t.ctx).institutions.create(system, { code: 'CON2', nameJa: '横入り', nameEn: 'Racer', prefecture: '13' });
      return p;
    };
    try {
      const before = await countInstitutions();
      const job = await runImport(t, staff, 'institutions', csv('CON1', 'CON2', 'CON3'));
      expect(job.status).toBe('failed');
      expect(job.errors).toEqual([{ row: 3, column: null, code: 'DUPLICATE_CODE', message: expect.stringContaining('rolled back') }]);
      expect(await countInstitutions()).toBe(before + 1); // only the racer's row
      const failed = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'import.failed'));
      expect(failed.some((f) => f.targetId === job.id)).toBe(true);
    } finally {
      importer.plan = plan;
    }
  });
});

describe('shutdown', () => {
  it('waits for running imports when the app closes', async () => {
    const t2 = await createTestApp();
    try {
      const org = await seedOrg(t2);
      const c = await sessionFor(t2, (await seedPerson(t2, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id);
      const res = await postImport(c, 'institutions', csv(...Array.from({ length: 60 }, (_, i) => `SHUT${i}`)));
      expect(res.status).toBe(202);
      await t2.app.close();
      const [job] = await t2.ctx.db.select().from(importJobs).where(eq(importJobs.id, (res.body as ImportJobDto).id));
      expect(job).toMatchObject({ status: 'succeeded', createdCount: 60 });
    } finally {
      await t2.database.close();
    }
  });
});

describe('GET /api/imports/templates/:kind', () => {
  const bytesOf = async (url: string, c: Client) => {
    const res = await c.request('GET', url);
    return { status: res.status, headers: res.headers, bytes: res.raw.rawPayload };
  };

  it('serves Japanese and English templates as UTF-8 with a BOM, header row and one example row', async () => {
    const ja = await bytesOf('/api/imports/templates/people?lang=ja', staff);
    expect(ja.status).toBe(200);
    expect([...ja.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(ja.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(ja.headers['content-disposition']).toBe('attachment; filename="mamori-people-template-ja.csv"');
    const jaLines = ja.bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(jaLines[0]).toBe('メールアドレス,姓,名,姓(カナ),名(カナ),姓(英字),名(英字),所属部署,所属施設,研究グループ,委員会,役割,備考');
    expect(jaLines[1]).toContain('researcher@INST01;site_coordinator@INST01/RG01');
    expect(jaLines).toHaveLength(2);

    const en = await bytesOf('/api/imports/templates/institutions?lang=en', staff);
    expect([...en.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(en.headers['content-disposition']).toBe('attachment; filename="mamori-institutions-template-en.csv"');
    expect(en.bytes.subarray(3).toString('utf8')).toBe('code,name_ja,name_en,prefecture\r\nINST01,国立がん研究センター中央病院,National Cancer Center Hospital,Tokyo\r\n');
  });

  it('defaults to Japanese, and returns 403 to a researcher', async () => {
    const res = await bytesOf('/api/imports/templates/institutions', staff);
    expect(res.bytes.subarray(3).toString('utf8')).toMatch(/^施設コード,施設名,施設名\(英語\),都道府県\r\n/);
    expect((await researcher.get('/api/imports/templates/institutions')).status).toBe(403);
  });

  it('round-trips: each template imports cleanly once its example codes exist', async () => {
    for (const lang of ['ja', 'en']) {
      const tpl = await bytesOf(`/api/imports/templates/institutions?lang=${lang}`, staff);
      const job = await runImport(t, staff, 'institutions', Buffer.from(tpl.bytes));
      expect(job.status, JSON.stringify(job.errors)).toBe('succeeded');
    }
  });
});

