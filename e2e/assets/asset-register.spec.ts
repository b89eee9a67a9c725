import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { CreatePerson } from '../../src/shared/org.js';
import { CreateAsset } from '../../src/shared/assets.js';
import { people } from '../../src/server/db/schema/index.js';
import { AssetsService } from '../../src/server/modules/assets/assets.service.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';
import { seedDataDir } from '../support/api.js';

/**
 * A data center member with a few assets already registered: the list, the form (registering a
 * system with continuity data), the detail with its history, the dashboard, in Japanese and English.
 */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system, registries: r }) => {
    const dc = (await r.units.create(system, { code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' })) as { id: string };
    const minato = (await r.institutions.create(system, { code: 'MINATO', nameJa: 'みなと市立病院', nameEn: 'Minato City Hospital', prefecture: '13' })) as { id: string };
    const group = (await r.researchGroups.create(system, { code: 'JGI', nameJa: '消化器グループ', nameEn: 'GI Group' })) as { id: string };
    await r.studies.create(system, { code: 'JGI2301', titleJa: '胃がん術後補助化学療法の比較試験', titleEn: 'Adjuvant chemotherapy trial for gastric cancer', researchGroupId: group.id });
    const p = await new PeopleService(ctx).create(
      system,
      CreatePerson.parse({ familyNameJa: '台帳', givenNameJa: '守', familyNameEn: 'Daicho', givenNameEn: 'Mamoru', email: 'dc.daicho@example.jp', unitId: dc.id, roles: [{ role: 'data_center_staff', unitId: dc.id }] }),
    );
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, p.id));
    const svc = new AssetsService(ctx);
    const base = { ownerUnitId: dc.id, description: '', studyIds: [], lawIds: [] };
    const mk = (x: object) => svc.create(system, CreateAsset.parse({ ...base, ...x }));
    await mk({ kind: 'medium', type: 'paper', name: '紙の症例報告書（みなと市立病院）', description: '施設内の鍵付き書庫で保管', category: 'special_care', classification: 'confidential', confidentiality: 3, integrity: 2, availability: 1, location: 'institution', locationInstitutionId: minato.id, retentionUntil: '2026-01-31', disposalMethod: 'dissolution' });
    await mk({ kind: 'information', type: 'data_set', name: '解析用データセット JGI2301', category: 'analysis', classification: 'internal', confidentiality: 2, integrity: 3, availability: 2, location: 'data_center' });
    await mk({ kind: 'medium', type: 'usb_memory', name: '暗号化USBメモリ（データ受け渡し用）', category: 'personal', classification: 'confidential', confidentiality: 3, integrity: 1, availability: 1, location: 'operations_office' });
    await mk({ kind: 'information', type: 'document', name: '学会発表スライド 2025', category: 'public', classification: 'public', confidentiality: 1, integrity: 1, availability: 1, location: 'external_service', locationDetail: '学会ウェブサイト' });
    const session = await ctx.sessions.create(ctx.db, p.id, '127.0.0.1', 'e2e');
    return { token: session.token };
  });
}

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-assets-'));
  const seeded = await seed(dataDir);
  server = await startServer({ DATA_DIR: dataDir });
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ja-JP' });
  await context.addCookies([{ name: 'mamori_session', value: seeded.token, url: server.url }]);
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Picks an option of a Mantine Select by its label. */
async function choose(label: string, option: string) {
  await page.getByLabel(new RegExp(`^${label}`)).first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('the asset register in the browser', () => {
  let assetUrl = '';

  it('lists, searches and filters the register (ja)', async () => {
    await page.goto(`${server.url}/assets`);
    await page.getByRole('heading', { name: '情報資産台帳' }).waitFor();
    await page.getByText('紙の症例報告書（みなと市立病院）').waitFor();
    expect(await page.getByRole('row').count()).toBe(5);
    await screenshot(page, 'assets-list-ja');
    await page.getByRole('searchbox', { name: '検索' }).fill('鍵付き');
    await page.waitForURL(/q=/);
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await page.getByRole('searchbox', { name: '検索' }).fill('');
    await expect.poll(() => page.getByRole('row').count()).toBe(5);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('registers a system with continuity data through the form', async () => {
    await page.goto(`${server.url}/assets/new`);
    await page.getByRole('heading', { name: '情報資産を登録' }).waitFor();
    await page.getByLabel('名称').fill('症例登録システム（EDC）');
    await choose('種別', 'システム');
    await choose('区分', 'アプリケーション');
    await choose('情報の分類', '診療情報');
    await page.getByText('目標復旧時間（RTO、時間）').waitFor();
    await page.getByLabel('目標復旧時間（RTO、時間）').fill('24');
    await page.getByLabel('目標復旧時点（RPO、時間）').fill('4');
    await page.getByLabel('バックアップの方法').fill('日次で暗号化バックアップを取得し、遠隔地に保管');
    await screenshot(page, 'assets-form-ja');
    await page.getByRole('button', { name: '資産を登録' }).click();
    await page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
    assetUrl = page.url();
    await page.getByRole('heading', { name: /A-\d{6} 症例登録システム（EDC）/ }).waitFor();
    await page.getByText('秘密区分の資産です').waitFor();
    await page.getByText('24', { exact: true }).waitFor();
    await page.getByText('第 1 版').last().waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, 'assets-detail-ja');
    // the risks panel inside the page is the risk register's (its level badges are checked there)
    expect((await seriousA11yViolations(page)).filter((v) => !v.includes('data-level'))).toEqual([]);
  });

  it('edits with a history entry', async () => {
    await page.goto(`${assetUrl}/edit`);
    await page.getByLabel('名称').fill('症例登録システム（EDC 本番）');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
    await page.getByText('症例登録システム（EDC）', { exact: true }).waitFor();
    await page.getByText('変更', { exact: true }).first().waitFor();
  });

  it('shows the dashboard with charts', async () => {
    await page.goto(`${server.url}/assets/dashboard`);
    await page.getByRole('heading', { name: '情報資産の集計' }).waitFor();
    await page.locator('svg').first().waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'assets-dashboard-ja');
  });

  it('reads the same in English', async () => {
    await page.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await page.goto(`${server.url}/assets`);
    await page.getByRole('heading', { name: 'Asset register' }).waitFor();
    await page.getByRole('columnheader', { name: 'Classification' }).waitFor();
    await screenshot(page, 'assets-list-en');
    await page.goto(assetUrl);
    await page.getByRole('heading', { name: /EDC/ }).waitFor();
    await page.getByText('version 2').last().waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, 'assets-detail-en');
    await page.goto(`${assetUrl}/edit`);
    await page.getByRole('heading', { name: /Edit/ }).waitFor();
    await screenshot(page, 'assets-form-en');
    await page.goto(`${server.url}/assets/dashboard`);
    await page.getByRole('heading', { name: 'Asset overview' }).waitFor();
    await page.locator('svg').first().waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'assets-dashboard-en');
  });
});
