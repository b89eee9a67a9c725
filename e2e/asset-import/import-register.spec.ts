import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { CreatePerson } from '../../src/shared/org.js';
import { people } from '../../src/server/db/schema/index.js';
import { seedLaws } from '../../src/server/modules/laws/laws.seed.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { seedDataDir } from '../support/api.js';
import { startServer, type RunningServer } from '../support/server.js';

/** A data center with one hospital; the information security manager's session goes to the browser. */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system, registries: r }) => {
    const dc = (await r.units.create(system, { code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' })) as { id: string };
    await r.institutions.create(system, { code: 'H001', nameJa: '東都大学病院', nameEn: 'Toto University Hospital', prefecture: '13' });
    await seedLaws(ctx.db);
    const sm = await new PeopleService(ctx).create(system, CreatePerson.parse({ familyNameJa: '管理', givenNameJa: '責任者', familyNameEn: 'Kanri', givenNameEn: 'Sekinin', email: 'ism@example.jp', unitId: dc.id, roles: [{ role: 'security_manager' }] }));
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, sm.id));
    return { token: (await ctx.sessions.create(ctx.db, sm.id, '127.0.0.1', 'e2e')).token };
  });
}

const HEADER = ['資産番号', '名称', '種別', '区分', '情報の分類', '機密区分', '機密性', '完全性', '可用性', '管理部署', '所在', '所在医療機関', '保存期限', '関連する法令'];
const ROWS = [
  ['', 'EDC 症例データベース', '情報', 'データベース', '要配慮個人情報', '秘密', '3', '3', '2', 'データセンター', 'データセンター', '', '2035-03-31', '個人情報の保護に関する法律'],
  ['', '紙の症例報告書（東都大学病院）', '媒体', '紙媒体', '診療情報', '公開', '3', '2', '1', 'データセンター', '医療機関', 'H001', '2031-12-01', ''],
  ['', 'EDC サーバー', 'システム', 'サーバー', 'その他の秘密情報', '内部', '2', '3', '3', 'データセンター', 'データセンター', '', '', ''],
];
const csv = (rows: string[][]) => `\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;

async function workbook(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('資産台帳');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-asset-import-'));
  const seeded = await seed(dataDir);
  server = await startServer({ DATA_DIR: dataDir });
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
  await context.addCookies([{ name: 'mamori_session', value: seeded.token, url: server.url }]);
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const choose = (name: string, buffer: Buffer, mimeType: string) => page.getByTestId('import-file-input').setInputFiles({ name, mimeType, buffer });

describe('moving a spreadsheet register into Mamori (issue 4, item 2)', () => {
  it('offers templates in both languages as Excel and CSV', async () => {
    await page.goto(`${server.url}/assets/import`);
    await page.getByRole('heading', { name: '情報資産の一括取り込み', level: 1 }).waitFor();
    for (const id of ['import-template-xlsx-ja', 'import-template-xlsx-en', 'import-template-csv-ja', 'import-template-csv-en']) {
      expect(await page.getByTestId(id).getAttribute('href')).toMatch(/^\/api\/imports\/templates\/assets\?lang=(ja|en)/);
    }
    const download = page.waitForEvent('download');
    await page.getByTestId('import-template-xlsx-ja').click();
    expect((await download).suggestedFilename()).toBe('mamori-assets-template-ja.xlsx');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'asset-import-form-ja');
  });

  it('rejects a file with one broken row, listing row, column and reason, and registers nothing', async () => {
    await choose('資産台帳.csv', Buffer.from(csv([HEADER, ...ROWS])), 'text/csv');
    await page.getByRole('button', { name: '取り込みを開始' }).click();
    await page.getByText('取り込めませんでした（何も登録されていません）').waitFor();
    const report = page.getByTestId('import-errors');
    await report.getByRole('row', { name: /3.*機密区分.*機密区分が情報の分類に合いません/ }).waitFor();
    expect(await report.locator('tbody tr').count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'asset-import-report-ja');
  });

  it('imports the corrected register from Excel, with a progress bar, and the assets are in the list', async () => {
    await page.getByRole('button', { name: '別のファイルを取り込む' }).click();
    const fixed = ROWS.map((r) => [...r]);
    fixed[1]![5] = '秘密';
    // enough rows that the progress bar is seen moving
    for (let i = 0; i < 3000; i++) fixed.push(['', `保管文書 ${i + 1}`, '', '文書', '解析情報', '内部', '2', '2', '1', 'データセンター', 'データセンター', '', '', '']);
    await choose('資産台帳.xlsx', await workbook([HEADER, ...fixed]), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await page.getByTestId('import-sheet').waitFor();
    await page.getByRole('button', { name: '取り込みを開始' }).click();
    await page.getByRole('progressbar', { name: '検証と登録' }).waitFor();
    await screenshot(page, 'asset-import-progress-ja');
    await page.getByText('取り込みが完了しました').waitFor({ timeout: 60_000 });
    await page.getByText(/3,?003 行を処理し、新規登録 3,?003 件/).waitFor();
    await screenshot(page, 'asset-import-done-ja');
    await page.getByRole('link', { name: '取り込んだ資産を一覧で見る' }).click();
    await page.waitForURL(/\/assets\?/);
    await page.getByText('保管文書 3000', { exact: true }).waitFor();
    await page.goto(`${server.url}/assets?q=${encodeURIComponent('EDC 症例')}`);
    await page.getByText('EDC 症例データベース').first().waitFor();
  });

  it('reads the same page in English', async () => {
    await page.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await page.goto(`${server.url}/assets/import`);
    await page.getByRole('heading', { name: 'Import information assets', level: 1 }).waitFor();
    await choose('register.csv', Buffer.from(csv([HEADER, ['', '', '', 'spaceship', '個人情報', '', '4', '3', '3', '経理部', 'データセンター', '', '2030-02-30', '']])), 'text/csv');
    await page.getByTestId('import-encoding').waitFor();
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByText('Nothing was imported').waitFor();
    await page.getByTestId('import-errors').getByRole('row', { name: /Unknown code or name/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'asset-import-report-en');
  });

  it('offers assets beside institutions and people on the general import page', async () => {
    await page.goto(`${server.url}/import`);
    await page.getByRole('heading', { name: 'Import', level: 1 }).waitFor();
    await page.getByRole('radio', { name: 'Information assets' }).check();
    expect(await page.getByTestId('import-template-xlsx-en').getAttribute('href')).toBe('/api/imports/templates/assets?lang=en&format=xlsx');
    await screenshot(page, 'import-page-en');
  });
});
