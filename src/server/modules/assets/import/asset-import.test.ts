import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetDto } from '../../../../shared/assets.js';
import { assetHistory, assets, auditLog, importJobs, laws } from '../../../db/schema/index.js';
import { createTestApp, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../../testing/harness.js';
import { makeRegistries } from '../../org/registries.js';
import { postImport, runImport, sjis, utf8Bom } from '../../org/import/fixtures/upload.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let dcStaff: Client;
let opsStaff: Client;
let manager: Client;
let researcher: Client;
let ops: { id: string };
let ownerEmail: string;

const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: string[][]) => `${rows.map((r) => r.map(q).join(',')).join('\r\n')}\r\n`;

/** Every asset's fields in one string, to show an import that failed changed nothing. */
async function registerDigest(): Promise<string> {
  const res = await t.ctx.db.execute(sql`
    select count(*)::int as n,
      coalesce(md5(string_agg(concat_ws('|', id, ref_no, name, version, classification, confidentiality, note, updated_at), ',' order by id)), '') as a,
      (select count(*)::int from asset_history) as h,
      (select count(*)::int from asset_studies) as s,
      (select count(*)::int from asset_laws) as l
    from assets`);
  return JSON.stringify((res as unknown as { rows: unknown[] }).rows[0]);
}

const JA_HEADER = ['資産番号', '名称', '種別', '区分', '情報の分類', '機密区分', '機密性', '完全性', '可用性', '管理部署', '管理責任者', '所在', '所在医療機関', '関連する研究', '関連する法令', '保存期限', 'RTO(時間)', 'バックアップ方法', '備考'];

/** Four assets covering the columns: labels in Japanese, codes, dates in two spellings, links. */
function sampleRows(tag: string, institutionCode: string): string[][] {
  return [
    ['', `${tag} EDC 症例データベース`, '情報', 'データベース', '要配慮個人情報', '秘密', '3', '3', '2', 'データセンター', ownerEmail, 'データセンター', '', 'STUDY-X', '個人情報の保護に関する法律', '2035/3/31', '', '', '試験終了後 10 年保存'],
    ['', `${tag} EDC サーバー`, '', 'server', 'other_confidential', 'internal', '2', '3', '3', 'データセンター', '', 'data_center', '', '', '', '', '24', '日次バックアップ', ''],
    ['', `${tag} 症例報告書（紙）`, '媒体', '紙媒体', '個人情報', '', '高', '中', '低', 'データセンター', '', '医療機関', institutionCode, '', '', '2031-12-01', '', '', ''],
    ['', `${tag} 研究計画書`, 'information', 'document', '公開情報', '公開', '1', '2', '1', 'データセンター', '', 'その他', '', '', '', '', '', '', ''],
  ];
}

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
  const reg = makeRegistries(t.ctx);
  ops = (await reg.units.create(system, { code: 'OPS-AI', kind: 'operations_office', nameJa: '運営事務局', nameEn: 'Operations Office' })) as { id: string };
  for (const code of ['STUDY-X', 'STUDY-C', 'STUDY-B', 'STUDY-U', 'MMR2003']) await reg.studies.create(system, { code, titleJa: `試験 ${code}`, titleEn: `Study ${code}`, researchGroupId: org.rgA.id });
  const owner = await seedPerson(t, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  ownerEmail = owner.email;
  dcStaff = await sessionFor(t, owner.id);
  opsStaff = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'operations_office_staff', unitId: ops.id }] })).id);
  manager = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'security_manager' }] })).id);
  researcher = await sessionFor(t, (await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] })).id);
  // the laws the policy names are pre-filled; make sure the one the rows name is there
  const [appi] = await t.ctx.db.select().from(laws).where(eq(laws.titleJa, '個人情報の保護に関する法律'));
  if (!appi) await t.ctx.db.insert(laws).values({ titleJa: '個人情報の保護に関する法律', titleEn: 'Act on the Protection of Personal Information' });
});
afterAll(() => t.close());

const codeOf = async (table: 'institutions' | 'units', id: string) =>
  ((await t.ctx.db.execute(sql`select code from ${sql.identifier(table)} where id = ${id}`)) as unknown as { rows: { code: string }[] }).rows[0]!.code;
const withInstitution = async (tag: string) => sampleRows(tag, await codeOf('institutions', org.instA.id));

/** The assets an import made, by name, with what they hold (ids and times left out). */
async function snapshot(tag: string) {
  const rows = await t.ctx.db.select().from(assets).where(sql`${assets.name} like ${`${tag} %`}`).orderBy(assets.name);
  return rows.map(({ id: _id, refNo: _r, createdAt: _c, updatedAt: _u, name, ...rest }) => ({ ...rest, name: name.slice(tag.length) }));
}

describe('POST /api/imports/assets: CSV and XLSX', () => {
  it('imports the same assets from Shift_JIS CSV, UTF-8 CSV with BOM and XLSX', async () => {
    const results = [];
    for (const [tag, encode, fileName] of [
      ['S', (rows: string[][]) => sjis(csv([JA_HEADER, ...rows])), 'assets.csv'],
      ['U', (rows: string[][]) => utf8Bom(csv([JA_HEADER, ...rows])), 'assets.csv'],
      ['X', null, '資産台帳.xlsx'],
    ] as const) {
      const rows = await withInstitution(tag);
      let data: Buffer;
      if (encode) data = encode(rows);
      else {
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('資産');
        ws.addRow(JA_HEADER);
        for (const r of rows) {
          // numbers as numbers and dates as dates, as people type them into Excel
          const row = ws.addRow(r.map((c, i) => ([6, 7, 8, 16].includes(i) && /^\d+$/.test(c) ? Number(c) : c)));
          const d = r[15];
          if (d) {
            const [y, m, dd] = d.split(/[-/]/).map(Number) as [number, number, number];
            row.getCell(16).value = new Date(Date.UTC(y, m - 1, dd));
            row.getCell(16).numFmt = 'yyyy/m/d';
          }
        }
        data = Buffer.from(await wb.xlsx.writeBuffer());
      }
      const job = await runImport(t, dcStaff, 'assets', data, { fileName });
      expect(job, JSON.stringify(job.errors)).toMatchObject({ kind: 'assets', status: 'succeeded', totalRows: 4, createdCount: 4, updatedCount: 0 });
      expect(job.format).toBe(encode ? 'csv' : 'xlsx');
      results.push(await snapshot(tag));
    }
    expect(results[0]).toHaveLength(4);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const edc = results[0]!.find((a) => a.name.includes('EDC 症例'))!;
    expect(edc).toMatchObject({ kind: 'information', type: 'database', category: 'special_care', classification: 'confidential', confidentiality: 3, importance: 3, ownerUnitId: org.dc.id, location: 'data_center', retentionUntil: '2035-03-31', version: 1, status: 'active' });
    const paper = results[0]!.find((a) => a.name.includes('症例報告書'))!;
    // an empty classification follows the category; 高・中・低 on the 3-step scale
    expect(paper).toMatchObject({ kind: 'medium', type: 'paper', classification: 'confidential', confidentiality: 3, integrity: 2, availability: 1, location: 'institution', locationInstitutionId: org.instA.id, institutionId: org.instA.id });
    expect(results[0]!.find((a) => a.name.includes('サーバー'))).toMatchObject({ kind: 'system', rtoHours: 24, backupMethod: '日次バックアップ', classification: 'internal' });
  });

  it('writes a history row per asset, the links, and one audit entry for the import with the counts', async () => {
    const [edc] = await t.ctx.db.select().from(assets).where(eq(assets.name, 'S EDC 症例データベース'));
    const history = await t.ctx.db.select().from(assetHistory).where(eq(assetHistory.assetId, edc!.id));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'created', version: 1 });
    const fields = (history[0]!.changes as { field: string }[]).map((c) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'category', 'studyIds', 'lawIds', 'retentionUntil']));
    const dto = (await manager.get(`/api/assets/${edc!.id}`)).body as AssetDto;
    expect(dto.studies.map((s) => s.code)).toEqual(['STUDY-X']);
    expect(dto.laws.map((l) => l.titleJa)).toEqual(['個人情報の保護に関する法律']);
    expect(dto.ownerPerson?.id).toBeTruthy();
    const done = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'import.completed'));
    expect(done.at(-1)?.details).toMatchObject({ kind: 'assets', format: 'xlsx', sheet: '資産', created: 4, totalRows: 4 });
  });

  it('registers an asset exactly as the API does', async () => {
    const code = await codeOf('institutions', org.instA.id);
    const job = await runImport(
      t,
      dcStaff,
      'assets',
      Buffer.from(
        csv([
          ['name', 'type', 'category', 'classification', 'c', 'i', 'a', 'owner_unit', 'location', 'location_institution', 'retention_until', 'note', 'description'],
          ['API-SAME カルテ写し', 'paper', 'medical', 'confidential', '3', '2', '1', await codeOf('units', org.dc.id), 'institution', code, '2030-01-31', 'メモ', '説明'],
        ]),
      ),
    );
    expect(job.status, JSON.stringify(job.errors)).toBe('succeeded');
    const created = await dcStaff.post('/api/assets', {
      name: 'API-SAME カルテ写し',
      kind: 'medium',
      type: 'paper',
      category: 'medical',
      classification: 'confidential',
      confidentiality: 3,
      integrity: 2,
      availability: 1,
      ownerUnitId: org.dc.id,
      location: 'institution',
      locationInstitutionId: org.instA.id,
      retentionUntil: '2030-01-31',
      note: 'メモ',
      description: '説明',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const rows = await t.ctx.db.select().from(assets).where(eq(assets.name, 'API-SAME カルテ写し')).orderBy(assets.refNo);
    expect(rows).toHaveLength(2);
    const strip = ({ id: _i, refNo: _r, createdAt: _c, updatedAt: _u, ...rest }: typeof assets.$inferSelect) => rest;
    expect(strip(rows[0]!)).toEqual(strip(rows[1]!));
    const [h1, h2] = await Promise.all(rows.map((r) => t.ctx.db.select().from(assetHistory).where(eq(assetHistory.assetId, r.id))));
    expect(h1![0]!.changes).toEqual(h2![0]!.changes);
  });
});

describe('all or nothing, with a report by row, column and reason', () => {
  it('changes nothing when one row of five is broken, and names its row and column', async () => {
    const rows = await withInstitution('BROKEN');
    rows[3]![5] = '公開'; // fine: public information may be public
    rows[0]![5] = '公開'; // row 2: special-care personal information may not be public
    const before = await registerDigest();
    const audits = (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n;
    const job = await runImport(t, dcStaff, 'assets', utf8Bom(csv([JA_HEADER, ...rows, ['', 'BROKEN 5', '', 'laptop', '個人情報', '', '3', '3', '3', 'データセンター', '', 'データセンター', '', '', '', '', '', '', '']])));
    expect(job).toMatchObject({ status: 'failed', totalRows: 5, createdCount: 0 });
    expect(job.errors.map((e) => [e.row, e.column, e.code])).toEqual([[2, '機密区分', 'CLASSIFICATION_INCONSISTENT']]);
    expect(await registerDigest()).toBe(before);
    // only the failure itself is audited
    const after = await t.ctx.db.select().from(auditLog).where(sql`${auditLog.seq} > ${audits}`);
    expect(after.map((a) => a.action)).toEqual(['import.failed']);
  });

  it('reports every kind of bad cell, each on its own row and column', async () => {
    const H = ['name', 'kind', 'type', 'category', 'classification', 'confidentiality', 'integrity', 'availability', 'owner_unit', 'location', 'studies', 'retention_until', 'rto_hours', 'custodian', 'ref', 'parent_ref'];
    const ok = ['OK', '', 'database', 'personal', '', '3', '3', '3', 'データセンター', 'data_center', '', '', '', '', '', ''];
    const edit = (i: number, v: string) => ok.map((c, j) => (j === i ? v : c));
    const rows = [
      ok, // row 2
      edit(0, ''), // 3 name required
      edit(2, 'spaceship'), // 4 unknown type
      edit(1, 'system'), // 5 type database is not a system
      edit(5, '4'), // 6 out of the 1–3 scale
      edit(8, 'NOPE'), // 7 unknown unit
      edit(8, '運営事務局'), // 8 another unit's assets: not for data center staff
      edit(10, 'STUDY-X;NOPE-1'), // 9 unknown study
      edit(11, '2030-02-30'), // 10 no such day
      edit(12, '12'), // 11 continuity data for systems only
      edit(13, 'nobody@example.jp'), // 12 unknown person
      edit(14, 'A-999999'), // 13 no such asset
      edit(15, 'x-1'), // 14 not a reference
      edit(9, 'institution'), // 15 institution required
    ];
    const before = await registerDigest();
    const job = await runImport(t, dcStaff, 'assets', Buffer.from(csv([H, ...rows])));
    expect(job.status).toBe('failed');
    expect(job.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'name', 'REQUIRED'],
      [4, 'type', 'INVALID'],
      [5, 'type', 'TYPE_NOT_OF_KIND'],
      [6, 'confidentiality', 'OUT_OF_SCALE'],
      [7, 'owner_unit', 'UNKNOWN_CODE'],
      [8, 'owner_unit', 'FORBIDDEN'],
      [9, 'studies', 'UNKNOWN_CODE'],
      [10, 'retention_until', 'INVALID'],
      [11, 'rto_hours', 'SYSTEMS_ONLY'],
      [12, 'custodian', 'UNKNOWN_CODE'],
      [13, 'ref', 'UNKNOWN_REF'],
      [14, 'parent_ref', 'INVALID'],
      [15, 'location', 'REQUIRED'],
    ]);
    expect(job.errors[1]?.message).toContain('"spaceship"');
    expect(await registerDigest()).toBe(before);
  });

  it('takes files over the registry imports’ 20 MB (a whole register), and counts their rows before anything else', async () => {
    const big = Buffer.concat([Buffer.from('名称\n'), Buffer.alloc(21 * 1024 * 1024, 'x\n')]);
    const res = await postImport(dcStaff, 'assets', big);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { details: { problems: [{ code: 'TOO_MANY_ROWS' }] } } });
  });

  it('answers 422 without a job for a file with the wrong columns', async () => {
    const jobs = (await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(importJobs))[0]!.n;
    const res = await postImport(dcStaff, 'assets', Buffer.from('名称,区分\nx,paper\n'));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: { code: 'IMPORT_INVALID', details: { problems: [{ row: 1, code: 'MISSING_COLUMN' }] } } });
    expect((await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(importJobs))[0]!.n).toBe(jobs);
  });
});

describe('update by reference', () => {
  it('updates the assets a file names by 資産番号, only the columns it has, and skips unchanged rows', async () => {
    const rows = await t.ctx.db.select().from(assets).where(sql`${assets.name} like 'U %'`).orderBy(assets.refNo);
    const ref = (n: number) => `A-${String(n).padStart(6, '0')}`;
    const [a, b] = rows as [typeof assets.$inferSelect, typeof assets.$inferSelect];
    const file = csv([
      ['資産番号', '名称', '機密性', '備考', '関連する研究'],
      [ref(a.refNo), a.name, '2', '更新しました', 'STUDY-X;MMR2003'],
      [ref(b.refNo), b.name, String(b.confidentiality), b.note ?? '', ''],
    ]);
    const job = await runImport(t, dcStaff, 'assets', utf8Bom(file));
    expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'succeeded', createdCount: 0, updatedCount: 1, totalRows: 2 });
    const [after] = await t.ctx.db.select().from(assets).where(eq(assets.id, a.id));
    expect(after).toMatchObject({ confidentiality: 2, importance: Math.max(2, a.integrity, a.availability), note: '更新しました', version: 2, category: a.category, ownerUnitId: a.ownerUnitId });
    const history = await t.ctx.db.select().from(assetHistory).where(eq(assetHistory.assetId, a.id)).orderBy(assetHistory.version);
    expect(history.map((h) => h.action)).toEqual(['created', 'updated']);
    expect((history[1]!.changes as { field: string }[]).map((c) => c.field).sort()).toEqual(['confidentiality', 'note', 'studyIds'].sort());
    const [bAfter] = await t.ctx.db.select().from(assets).where(eq(assets.id, b.id));
    expect(bAfter!.version).toBe(b.version);
  });

  it('refuses a reference twice in one file and an asset of another unit', async () => {
    const [mine] = await t.ctx.db.select().from(assets).where(sql`${assets.name} like 'U %'`).limit(1);
    const ref = `A-${String(mine!.refNo).padStart(6, '0')}`;
    const twice = await runImport(t, dcStaff, 'assets', Buffer.from(csv([['ref', 'note'], [ref, 'x'], [ref, 'y']])));
    expect(twice.errors.map((e) => [e.row, e.column, e.code])).toEqual([[3, 'ref', 'DUPLICATE_IN_FILE']]);
    // the operations office's staff do not see the data center's assets at all
    const other = await runImport(t, opsStaff, 'assets', Buffer.from(csv([['ref', 'note'], [ref, 'x']])));
    expect(other.errors.map((e) => [e.row, e.column, e.code])).toEqual([[2, 'ref', 'UNKNOWN_REF']]);
  });
});

describe('who may import assets', () => {
  it('lets operations office staff import their own unit’s assets, refuses researchers, and keeps institutions to the registry', async () => {
    const job = await runImport(t, opsStaff, 'assets', Buffer.from(csv([['name', 'type', 'category', 'c', 'i', 'a', 'owner_unit', 'location'], ['OPS 同意書ファイル', 'paper', 'personal', '3', '2', '2', '運営事務局', 'operations_office']])));
    expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'succeeded', createdCount: 1 });
    expect((await postImport(researcher, 'assets', Buffer.from('name\nx\n'))).status).toBe(403);
    expect((await postImport(opsStaff, 'institutions', Buffer.from('code,name_ja,name_en,prefecture\nX,x,x,13\n'))).status).toBe(403);
    expect((await researcher.get('/api/imports/templates/assets')).status).toBe(403);
  });
});

describe('templates', () => {
  const download = async (c: Client, url: string) => {
    const res = await c.request('GET', url);
    return { status: res.status, headers: res.headers, bytes: Buffer.from(res.raw.rawPayload) };
  };

  it('round-trips the Japanese and English CSV templates: download, fill, import', async () => {
    for (const lang of ['ja', 'en'] as const) {
      const tpl = await download(dcStaff, `/api/imports/templates/assets?lang=${lang}`);
      expect(tpl.status).toBe(200);
      expect(tpl.headers['content-disposition']).toBe(`attachment; filename="mamori-assets-template-${lang}.csv"`);
      expect([...tpl.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = tpl.bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(lines[0]).toMatch(lang === 'ja' ? /^資産番号,名称,種別,区分,情報の分類,機密区分,機密性/ : /^ref,name,kind,type,category,classification,confidentiality/);
      // fill in: the example row as it is, plus one of our own
      const header = lines[0]!.split(',');
      const mine: Record<string, string> = lang === 'ja'
        ? { 名称: 'TPL-ja 追加した資産', 区分: 'ノートパソコン', 情報の分類: 'その他の秘密情報', 機密性: '2', 完全性: '2', 可用性: '2', 管理部署: 'データセンター', 所在: 'データセンター' }
        : { name: 'TPL-en added asset', type: 'Laptop', category: 'Other confidential information', confidentiality: '2', integrity: '2', availability: '2', owner_unit: 'Data Center', location: 'Data center' };
      const filled = Buffer.concat([tpl.bytes, Buffer.from(`${header.map((h) => mine[h] ?? '').join(',')}\r\n`)]);
      const job = await runImport(t, dcStaff, 'assets', filled, { fileName: `template-${lang}.csv` });
      expect(job.status, JSON.stringify(job.errors)).toBe('succeeded');
      expect(job.createdCount).toBe(2);
    }
  });

  it('serves an XLSX template with drop-downs and a guide, which imports once filled in', async () => {
    const tpl = await download(dcStaff, '/api/imports/templates/assets?lang=ja&format=xlsx');
    expect(tpl.status).toBe(200);
    expect(tpl.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(tpl.headers['content-disposition']).toBe('attachment; filename="mamori-assets-template-ja.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['データ', '記入方法', 'lists']);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(2).value).toBe('名称');
    // the category column (E) offers the policy's categories from the hidden list sheet
    const dv = ws.getCell('E5').dataValidation;
    expect(dv).toMatchObject({ type: 'list' });
    expect(String(dv.formulae?.[0])).toMatch(/^lists!\$[A-Z]+\$2:\$[A-Z]+\$8$/);
    expect(wb.getWorksheet('記入方法')!.getRow(6).getCell(3).value).toContain('要配慮個人情報');
    // fill in a row the way a person would, choosing from the lists
    const r = ws.getRow(3);
    r.getCell(2).value = 'TPL-X 外付けディスク（バックアップ）';
    r.getCell(4).value = '外付けディスク';
    r.getCell(5).value = 'その他の秘密情報';
    r.getCell(7).value = 2;
    r.getCell(8).value = 3;
    r.getCell(9).value = 1;
    r.getCell(11).value = 'データセンター';
    r.getCell(14).value = 'データセンター';
    r.commit();
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const job = await runImport(t, dcStaff, 'assets', filled, { fileName: 'template.xlsx' });
    expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'succeeded', createdCount: 2, format: 'xlsx', sheet: 'データ' });
    // values are stored NFKC-normalised, as every import does: （） become ()
    const [disk] = await t.ctx.db.select().from(assets).where(eq(assets.name, 'TPL-X 外付けディスク(バックアップ)'));
    expect(disk).toMatchObject({ kind: 'medium', type: 'external_disk', category: 'other_confidential', classification: 'confidential', confidentiality: 2, integrity: 3, availability: 1 });
  });
});

describe('XLSX for every kind', () => {
  it('imports institutions from the XLSX template as it is (the organisation importers read workbooks too)', async () => {
    const res = await dcStaff.request('GET', '/api/imports/templates/institutions?lang=ja&format=xlsx');
    expect(res.status).toBe(200);
    const job = await runImport(t, dcStaff, 'institutions', Buffer.from(res.raw.rawPayload), { fileName: '施設.xlsx' });
    expect(job, JSON.stringify(job.errors)).toMatchObject({ status: 'succeeded', format: 'xlsx', encoding: null, createdCount: 1 });
  });
});

describe('export and import back', () => {
  it('imports an exported list (CSV) unchanged, and applies an edit made in it', async () => {
    const res = await manager.request('GET', `/api/assets/export?format=csv&lang=ja&q=${encodeURIComponent('S EDC')}`);
    expect(res.status).toBe(200);
    const exported = Buffer.from(res.raw.rawPayload);
    const back = await runImport(t, manager, 'assets', exported);
    expect(back, JSON.stringify(back.errors)).toMatchObject({ status: 'succeeded', createdCount: 0, updatedCount: 0 });
    // edit one cell in "Excel" and import again
    const [header, ...rows] = parse(exported.subarray(3).toString('utf8')) as string[][];
    const col = header!.indexOf('説明');
    rows[0]![col] = '台帳の説明を更新';
    const edited = await runImport(t, manager, 'assets', utf8Bom(csv([header!, ...rows])));
    expect(edited, JSON.stringify(edited.errors)).toMatchObject({ status: 'succeeded', createdCount: 0, updatedCount: 1 });
    const [a] = await t.ctx.db.select().from(assets).where(eq(assets.refNo, Number(rows[0]![0]!.slice(2))));
    expect(a).toMatchObject({ description: '台帳の説明を更新', version: 2 });
  });
});

describe('job progress', () => {
  it('counts rows as it validates and writes, ending with every row processed', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => [`PROG ${i}`, 'document', 'analysis', '2', '2', '2', 'データセンター', 'data_center']);
    const job = await runImport(t, dcStaff, 'assets', Buffer.from(csv([['name', 'type', 'category', 'c', 'i', 'a', 'owner_unit', 'location'], ...rows])));
    expect(job).toMatchObject({ status: 'succeeded', totalRows: 1500, processedRows: 1500, createdCount: 1500 });
    const [n] = await t.ctx.db.select({ n: sql<number>`count(*)::int` }).from(assets).where(sql`${assets.name} like 'PROG %'`);
    expect(n!.n).toBe(1500);
  });
});

