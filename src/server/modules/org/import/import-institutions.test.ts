import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { ImportJobDto, InstitutionDto } from '../../../../shared/org.js';
import { auditLog, importJobs, institutions } from '../../../db/schema/index.js';
import { createTestApp, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../../testing/harness.js';
import { fixture, postImport, runImport, sjis, utf8Bom } from './fixtures/upload.js';

let t: TestEnv;
let staff: Client;
let manager: Client;
const countInstitutions = async () => (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(institutions))[0]?.n ?? 0;
const countJobs = async () => (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(importJobs))[0]?.n ?? 0;
const byCode = async (c: Client, code: string) => ((await c.get(`/api/institutions?q=${code}&includeInactive=true`)).body as { items: InstitutionDto[] }).items.find((i) => i.code === code);

beforeAll(async () => {
  t = await createTestApp();
  const org = await seedOrg(t);
  staff = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id);
  manager = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'security_manager' }] })).id);
});
afterAll(() => t.close());

describe('POST /api/imports/institutions', () => {
  it('creates the institutions of a Shift_JIS file saved by Excel, and audits each one and the import', async () => {
    const job = await runImport(t, staff, 'institutions', fixture('institutions-sjis.csv'), { fileName: '施設一覧.csv' });
    expect(job).toMatchObject({ kind: 'institutions', status: 'succeeded', fileName: '施設一覧.csv', encoding: 'shift_jis', totalRows: 3, processedRows: 3, createdCount: 3, updatedCount: 0, errors: [] });
    expect(await byCode(staff, 'SJ01')).toMatchObject({ nameJa: '髙島総合病院', nameEn: 'Takashima General Hospital', prefecture: '13' });
    expect(await byCode(staff, 'SJ02')).toMatchObject({ nameJa: 'ニシ記念病院', prefecture: '13' });
    expect(await byCode(staff, 'SJ03')).toMatchObject({ nameJa: '大阪第二病院(本院)', nameEn: 'Osaka Second Hospital, Main', prefecture: '27' });

    const audit = await manager.get(`/api/audit?action=import.completed&targetId=${job.id}`);
    expect((audit.body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ targetType: 'import_job', details: expect.objectContaining({ kind: 'institutions', created: 3, updated: 0, unchanged: 0, encoding: 'shift_jis' }) }),
    ]);
    const created = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'institution.created'));
    const sj01 = await byCode(staff, 'SJ01');
    expect(created.some((e) => e.targetId === sj01?.id)).toBe(true);
  });

  it('reports exactly the bad rows and columns of a file and writes nothing', async () => {
    const rows = [
      'code,name_ja,name_en,prefecture',
      'BAD01,病院1,Hospital 1,13',
      'BAD02,,Hospital 2,13', // row 3: name_ja empty
      'BAD03,病院3,Hospital 3,13',
      'BAD04,病院4,Hospital 4,Atlantis', // row 5: prefecture
      'BAD05,病院5,Hospital 5,01',
      'BAD06,病院6,Hospital 6,47',
      'BAD 07,病院7,Hospital 7,13', // row 8: code format
      'BAD08,病院8,Hospital 8,北海道',
      'BAD09,病院9,Hospital 9,大阪府',
      'BAD10,病院10,Hospital 10,Kyoto',
    ];
    const before = await countInstitutions();
    const auditBefore = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, 'institution.created'));
    const job = await runImport(t, staff, 'institutions', utf8Bom(`${rows.join('\r\n')}\r\n`));
    expect(job.status).toBe('failed');
    expect(job).toMatchObject({ totalRows: 10, processedRows: 10 });
    expect(job.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'name_ja', 'REQUIRED'],
      [5, 'prefecture', 'INVALID'],
      [8, 'code', 'INVALID'],
    ]);
    expect(job.errors[1]?.message).toMatch(/Unknown prefecture "Atlantis"/);
    expect(job.createdCount).toBe(0);
    expect(await countInstitutions()).toBe(before);
    const auditAfter = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, 'institution.created'));
    expect(auditAfter).toEqual(auditBefore);
    const failed = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'import.failed'));
    expect(failed.find((e) => e.targetId === job.id)?.details).toMatchObject({ errorCount: 3, rowsWithErrors: 3, totalRows: 10 });
  });

  it('reports a code repeated within the file', async () => {
    const job = await runImport(t, staff, 'institutions', Buffer.from('code,name_ja,name_en,prefecture\nDUP1,甲,A,13\nDUP1,乙,B,13\n'));
    expect(job.errors).toEqual([{ row: 3, column: 'code', code: 'DUPLICATE_IN_FILE', message: expect.stringContaining('already appears in row 2') }]);
  });

  it('updates existing institutions on re-import instead of duplicating them, and skips unchanged ones', async () => {
    const file = (name: string) => sjis(`施設コード,施設名,施設名(英語),都道府県\r\nRE01,${name},Re Hospital,東京\r\nRE02,再病院2,Re Hospital 2,14\r\n`);
    const first = await runImport(t, staff, 'institutions', file('再病院'));
    expect(first).toMatchObject({ status: 'succeeded', createdCount: 2, updatedCount: 0 });
    const before = await countInstitutions();
    const second = await runImport(t, staff, 'institutions', file('再病院（改称）'), { encoding: 'shift_jis' });
    expect(second).toMatchObject({ status: 'succeeded', encoding: 'shift_jis', createdCount: 0, updatedCount: 1, totalRows: 2 });
    expect(await countInstitutions()).toBe(before);
    expect(await byCode(staff, 'RE01')).toMatchObject({ nameJa: '再病院(改称)' });
    const [re01, re02] = [await byCode(staff, 'RE01'), await byCode(staff, 'RE02')];
    const updates = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'institution.updated'));
    expect(updates.filter((u) => u.targetId === re01?.id).map((u) => u.details)).toEqual([{ before: { nameJa: '再病院' }, after: { nameJa: '再病院(改称)' } }]);
    expect(updates.filter((u) => u.targetId === re02?.id)).toEqual([]);
  });

  it('answers 422 with the reasons, and creates no job, for a file that is not a usable CSV', async () => {
    const jobs = await countJobs();
    const binary = await postImport(staff, 'institutions', Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x00, 0x01]));
    expect(binary.status).toBe(422);
    expect(binary.body).toMatchObject({ error: { code: 'IMPORT_INVALID', details: { problems: [{ row: 0, column: null, code: 'NOT_TEXT' }] } } });
    const wrongKind = await postImport(staff, 'institutions', Buffer.from('email,姓,姓(英字)\na@example.jp,山田,Yamada\n'));
    expect(wrongKind.status).toBe(422);
    const codes = (wrongKind.body as { error: { details: { problems: { code: string }[] } } }).error.details.problems.map((p) => p.code);
    expect(codes).toEqual(['UNKNOWN_COLUMN', 'UNKNOWN_COLUMN', 'UNKNOWN_COLUMN', 'MISSING_COLUMN']);
    expect(await countJobs()).toBe(jobs);
  });

  it('returns 202 with a queued job that already knows its size and encoding', async () => {
    const res = await postImport(staff, 'institutions', Buffer.from('code,name_ja,name_en,prefecture\nQ1,甲,A,13\n'));
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', totalRows: 1, processedRows: 0, encoding: 'utf-8' } satisfies Partial<ImportJobDto>);
  });
});
