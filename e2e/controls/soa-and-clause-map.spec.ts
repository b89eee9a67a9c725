import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { CreatePerson } from '../../src/shared/org.js';
import { controls, people } from '../../src/server/db/schema/index.js';
import { ControlsService } from '../../src/server/modules/controls/controls.service.js';
import { seedControlCatalogue } from '../../src/server/modules/controls/controls.seed.js';
import { EvidenceService } from '../../src/server/modules/controls/evidence.service.js';
import { seedLaws } from '../../src/server/modules/laws/laws.seed.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { SHOTS_DIR, launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { seedDataDir } from '../support/api.js';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * Seeds the data center and operations office, the information security manager (whose session
 * goes to the browser as a cookie), the pre-filled catalogue with its owners, a few statuses, and
 * evidence: one item long expired (it must show red), one valid.
 */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system, registries: r }) => {
    await r.units.create(system, { code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' });
    await r.units.create(system, { code: 'OPS', kind: 'operations_office', nameJa: '運営事務局', nameEn: 'Operations Office' });
    await seedLaws(ctx.db);
    await seedControlCatalogue(ctx.db, ctx.clock);
    const svc = new ControlsService(ctx);
    await svc.assignDefaultOwners(system);
    const id = async (code: string) => (await ctx.db.select({ id: controls.id }).from(controls).where(eq(controls.code, code)))[0]!.id;
    for (const [code, status] of [
      ['TEC-01', 'implemented'],
      ['TEC-02', 'implemented'],
      ['OPS-10', 'implemented'],
      ['HUM-03', 'implemented'],
      ['TEC-05', 'partial'],
      ['OPS-09', 'partial'],
      ['PHY-01', 'planned'],
    ] as const) {
      await svc.update(system, await id(code), { status });
    }
    await svc.update(system, await id('TEC-19'), { applicable: false, justificationJa: '自前のシステム開発を行っていないため。', justificationEn: 'The group develops no software of its own.' });
    const ev = new EvidenceService(ctx);
    await ev.add(system, await id('TEC-02'), { fileName: 'mfa-settings-2025.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4 mfa') }, { description: '多要素認証の設定記録（2025 年度）', validUntil: '2025-12-31' });
    await ev.add(system, await id('TEC-01'), { fileName: 'account-issue-procedure.pdf', contentType: 'application/pdf', data: Buffer.from('%PDF-1.4 proc') }, { description: 'アカウント発行手順書 第 3 版', validUntil: null });
    const sm = await new PeopleService(ctx).create(system, CreatePerson.parse({ familyNameJa: '管理', givenNameJa: '責任者', familyNameEn: 'Kanri', givenNameEn: 'Sekinin', email: 'ism@example.jp', roles: [{ role: 'security_manager' }] }));
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, sm.id));
    return { token: (await ctx.sessions.create(ctx.db, sm.id, '127.0.0.1', 'e2e')).token, tec10: await id('TEC-10') };
  });
}

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seeded: Awaited<ReturnType<typeof seed>>;
let evidenceFile: string;

/** What the reader sees first (the viewport), beside the full-page screenshot. */
async function top(p: Page, name: string) {
  mkdirSync(SHOTS_DIR, { recursive: true });
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: `${SHOTS_DIR}/${name}-top.png` });
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-controls-'));
  seeded = await seed(dataDir);
  evidenceFile = join(dataDir, '復元試験記録-2026.txt');
  writeFileSync(evidenceFile, '2026-03-15 復元試験: 成功（所要 42 分）\n');
  server = await startServer({ DATA_DIR: dataDir });
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP', acceptDownloads: true });
  await context.addCookies([{ name: 'mamori_session', value: seeded.token, url: server.url }]);
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('controls, statement of applicability and clause map (P32-5)', () => {
  it('the manager finds the catalogue in the menu, filtered by family, with expired evidence flagged', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation').getByRole('link', { name: '管理策と適用宣言書' }).click();
    await page.getByRole('heading', { name: '管理策カタログ', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'TEC-02' }).waitFor();
    await page.getByRole('row', { name: /TEC-02/ }).getByText('期限切れ').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'controls-catalogue-ja');
    await top(page, 'controls-catalogue-ja');
    await page.getByRole('combobox', { name: '分野', exact: true }).click();
    await page.getByRole('option', { name: '物理的' }).click();
    await page.getByText('12 件').waitFor();
    expect(await page.getByRole('link', { name: 'TEC-02' }).count()).toBe(0);
  });

  it('changes a control’s status and uploads evidence with a valid-until date', async () => {
    await page.goto(`${server.url}/controls/${seeded.tec10}`);
    await page.getByRole('heading', { name: 'TEC-10 バックアップと復元試験', level: 1 }).waitFor();
    await page.getByRole('radiogroup', { name: '実施状況' }).getByText('実施済み', { exact: true }).click();
    await page.getByText('実施状況を「実施済み」にしました').waitFor();
    await page.locator('input[type="file"]').setInputFiles(evidenceFile);
    await page.getByLabel('内容').fill('2026 年 3 月の復元試験');
    await page.getByLabel('有効期限').fill('2027-03-31');
    await page.getByRole('button', { name: 'エビデンスを登録' }).click();
    await page.getByRole('link', { name: /復元試験記録-2026\.txt/ }).waitFor();
    await page.getByRole('cell', { name: /2027-03-31/ }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'controls-detail-ja');
    await top(page, 'controls-detail-ja');
  });

  it('shows the statement of applicability and exports it as XLSX that opens', async () => {
    await page.goto(`${server.url}/controls/soa`);
    await page.getByRole('heading', { name: '適用宣言書', level: 1 }).waitFor();
    await page.getByText('自前のシステム開発を行っていないため。').waitFor();
    await screenshot(page, 'controls-soa-ja');
    await top(page, 'controls-soa-ja');
    await page.getByRole('button', { name: '書き出す' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Excel（XLSX） — 日本語' }).click()]);
    const path = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const codes: string[] = [];
    wb.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) codes.push(String(row.getCell(1).value));
    });
    expect(codes.length).toBeGreaterThanOrEqual(60);
    expect(codes).toContain('TEC-10');
    expect(download.suggestedFilename()).toMatch(/^適用宣言書-\d{4}-\d{2}-\d{2}\.xlsx$/);
  });

  it('the clause map charts coverage and shows each clause’s controls, features and gaps', async () => {
    await page.goto(`${server.url}/clause-map`);
    await page.getByRole('heading', { name: '条項マップ', level: 1 }).waitFor();
    await page.getByTestId('coverage-chart').locator('svg').first().waitFor();
    const c3b = page.locator('[id="P32-2.1.3b"]');
    await c3b.getByRole('link', { name: 'OPS-10' }).waitFor();
    await c3b.getByRole('link', { name: /認証情報の紛失報告/ }).waitFor();
    // Features built since the map was drawn are links too
    await page.locator('[id="P32-7"]').getByRole('link', { name: /違反事案と処分/ }).waitFor();
    // A planned feature is shown as a gap, not as a link
    await page.locator('[id="P32-8"]').getByText(/定期見直しと内部監査 · 予定/).waitFor();
    await page.locator('[id="P32-2.1.3a"]').getByText(/エビデンスの期限が切れている管理策.*TEC-02/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'clause-map-ja');
    await page.locator('[id="P32-2.1.3a"]').screenshot({ path: `${SHOTS_DIR}/clause-map-card-ja.png` });
    await top(page, 'clause-map-ja');
  });

  it('reads the same in English', async () => {
    await page.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await page.goto(`${server.url}/clause-map`);
    await page.getByRole('heading', { name: 'Clause map', level: 1 }).waitFor();
    await page.getByTestId('coverage-chart').locator('svg').first().waitFor();
    await page.getByText('Evidence expired: TEC-02').first().waitFor();
    await screenshot(page, 'clause-map-en');
    await top(page, 'clause-map-en');
    await page.goto(`${server.url}/controls`);
    await page.getByRole('heading', { name: 'Control catalogue', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'TEC-02' }).waitFor();
    await screenshot(page, 'controls-catalogue-en');
    await top(page, 'controls-catalogue-en');
    await page.goto(`${server.url}/controls/${seeded.tec10}`);
    await page.getByRole('heading', { name: 'TEC-10 Backups and restore tests', level: 1 }).waitFor();
    await screenshot(page, 'controls-detail-en');
    await top(page, 'controls-detail-en');
    await page.goto(`${server.url}/controls/soa`);
    await page.getByRole('heading', { name: 'Statement of applicability', level: 1 }).waitFor();
    await screenshot(page, 'controls-soa-en');
    await top(page, 'controls-soa-en');
    const pdf = await page.request.get(`${server.url}/api/soa/export?format=pdf&lang=en`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
