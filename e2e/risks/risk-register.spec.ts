import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { CreateAsset } from '../../src/shared/assets.js';
import { CreatePerson } from '../../src/shared/org.js';
import { controls, people, threats } from '../../src/server/db/schema/index.js';
import { AssetsService } from '../../src/server/modules/assets/assets.service.js';
import { seedControlCatalogue } from '../../src/server/modules/controls/controls.seed.js';
import { seedLaws } from '../../src/server/modules/laws/laws.seed.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { seedRiskCatalogue } from '../../src/server/modules/risks/catalogue.seed.js';
import { RisksService } from '../../src/server/modules/risks/risks.service.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { seedDataDir } from '../support/api.js';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * A data center with a few assets and risks: the manager's session goes to the browser. Risks sit
 * in different cells so the heat map has something to show.
 */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system, registries: r }) => {
    const dc = (await r.units.create(system, { code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' })) as { id: string };
    const inst = (await r.institutions.create(system, { code: 'H001', nameJa: '東都大学病院', nameEn: 'Toto University Hospital', prefecture: '13' })) as { id: string };
    await seedLaws(ctx.db);
    await seedRiskCatalogue(ctx.db);
    await seedControlCatalogue(ctx.db, ctx.clock);
    const sm = await new PeopleService(ctx).create(system, CreatePerson.parse({ familyNameJa: '管理', givenNameJa: '責任者', familyNameEn: 'Kanri', givenNameEn: 'Sekinin', email: 'ism@example.jp', unitId: dc.id, roles: [{ role: 'security_manager' }] }));
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, sm.id));
    const assets = new AssetsService(ctx);
    const base = { description: '', classification: 'confidential' as const, ownerUnitId: dc.id, ownerPersonId: sm.id, studyIds: [], lawIds: [] };
    const edc = await assets.create(
      system,
      CreateAsset.parse({ ...base, kind: 'system', type: 'application', name: 'EDC（症例データ入力システム）', category: 'special_care', confidentiality: 3, integrity: 3, availability: 3, location: 'data_center' }),
    );
    const usb = await assets.create(
      system,
      CreateAsset.parse({ ...base, kind: 'medium', type: 'usb_memory', name: '症例データ受け渡し用 USB メモリ', category: 'special_care', confidentiality: 3, integrity: 2, availability: 1, location: 'institution', locationInstitutionId: inst.id }),
    );
    const crf = await assets.create(
      system,
      CreateAsset.parse({ ...base, kind: 'medium', type: 'paper', name: '紙の症例報告書（原本）', category: 'medical', confidentiality: 3, integrity: 3, availability: 2, location: 'data_center' }),
    );
    const risks = new RisksService(ctx);
    const th = async (code: string) => (await ctx.db.select({ id: threats.id }).from(threats).where(eq(threats.code, code)))[0]!.id;
    const phishing = await risks.create(system, { assetIds: [edc.id], threatId: await th('T-09'), vulnerabilityIds: [], ownerPersonId: sm.id, inherentLikelihood: 4, inherentImpact: 4, nextReviewDate: '2026-01-31' });
    await risks.assess(system, phishing.id, { inherentLikelihood: 4, inherentImpact: 4, treatment: 'reduce', treatmentPlan: '全員に多要素認証を必須にし、年 1 回の訓練を行う', residualLikelihood: 2, residualImpact: 3 });
    const malware = await risks.create(system, { assetIds: [edc.id], threatId: await th('T-08'), vulnerabilityIds: [], ownerPersonId: sm.id, inherentLikelihood: 3, inherentImpact: 5 });
    await risks.assess(system, malware.id, { inherentLikelihood: 3, inherentImpact: 5, treatment: 'reduce', residualLikelihood: 2, residualImpact: 4 });
    const lostPaper = await risks.create(system, { assetIds: [crf.id], threatId: await th('T-05'), vulnerabilityIds: [], ownerPersonId: sm.id, inherentLikelihood: 3, inherentImpact: 4, nextReviewDate: '2027-03-31' });
    const tec = (await ctx.db.select({ id: controls.id }).from(controls).where(eq(controls.code, 'TEC-02')))[0]?.id ?? null;
    return { token: (await ctx.sessions.create(ctx.db, sm.id, '127.0.0.1', 'e2e')).token, usb: usb.id, lostPaper: lostPaper.id, control: tec };
  });
}

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seeded: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-risks-'));
  seeded = await seed(dataDir);
  server = await startServer({ DATA_DIR: dataDir });
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
  await context.addCookies([{ name: 'mamori_session', value: seeded.token, url: server.url }]);
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The number in a heat map cell's label, read from the chart's SVG (0 for an empty cell). */
async function cellTotal(testId: string): Promise<number> {
  const texts = await page.getByTestId(testId).locator('svg text').allTextContents();
  return texts.filter((s) => /^\d+$/.test(s.trim())).reduce((a, s) => a + Number(s), 0);
}

describe('risk register and heat map (P32-4)', () => {
  it('lists risks by level with their inherent and residual levels', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation').getByRole('link', { name: 'リスク', exact: true }).click();
    await page.getByRole('heading', { name: 'リスク登録簿', level: 1 }).waitFor();
    await page.getByRole('row', { name: /フィッシング/ }).getByLabel('見直し期限超過').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'risks-list-ja');
  });

  it('shows inherent next to residual on the heat map, and a cell opens its risks', async () => {
    await page.goto(`${server.url}/risks/heatmap`);
    await page.getByRole('heading', { name: 'ヒートマップ', level: 1 }).waitFor();
    await page.getByTestId('heatmap-inherent').locator('svg text').first().waitFor();
    await expect.poll(() => cellTotal('heatmap-inherent')).toBe(3);
    await expect.poll(() => cellTotal('heatmap-residual')).toBe(2);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'risks-heatmap-ja');
    // The inherent cell likelihood 3 × impact 5 holds the malware risk.
    await page.getByTestId('heatmap-inherent').locator('svg text', { hasText: /^1$/ }).first().click();
    await page.waitForURL(/\/risks\?.*basis=inherent.*likelihood=\d.*impact=\d/);
    await page.getByText(/固有リスク: 発生可能性/).waitFor();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
  });

  it('assesses a risk, links a control and accepts it; the heat map follows', async () => {
    await page.goto(`${server.url}/risks/${seeded.lostPaper}`);
    await page.getByRole('heading', { level: 1, name: /紙の症例報告書|紛失/ }).waitFor();
    const assess = page.getByTestId('risk-assessment');
    await assess.getByLabel('対応', { exact: true }).click();
    await page.getByRole('option', { name: /^低減/ }).click();
    await assess.getByLabel('発生可能性', { exact: true }).nth(1).click();
    await page.getByRole('option', { name: '1 ほとんど起こらない' }).click();
    await assess.getByLabel('影響度', { exact: true }).nth(1).click();
    await page.getByRole('option', { name: '4 大きい' }).click();
    await assess.getByRole('button', { name: '評価を記録' }).click();
    await page.getByText('評価を記録しました').waitFor();
    if (seeded.control) {
      const box = page.getByTestId('risk-controls');
      await box.getByLabel('対応する管理策', { exact: true }).click();
      await page.getByRole('option', { name: /^TEC-02/ }).click();
      await page.keyboard.press('Escape');
      await box.getByRole('button', { name: '管理策の紐付けを保存' }).click();
      await page.getByText('管理策の紐付けを保存しました').waitFor();
      await box.getByRole('link', { name: 'TEC-02' }).waitFor();
    }
    const accept = page.getByTestId('risk-acceptance');
    await accept.getByLabel('受容の理由').fill('施錠保管と追跡可能な郵送で十分に低減しており、残りは受け入れる。');
    await accept.getByLabel('受容の期限').fill('2027-03-31');
    await accept.getByRole('button', { name: 'このリスクを受容する' }).click();
    await page.getByText('リスクを受容しました').waitFor();
    await page.getByText('受容済み').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'risks-detail-ja');
    await page.goto(`${server.url}/risks/heatmap`);
    await page.getByTestId('heatmap-residual').locator('svg text').first().waitFor();
    await expect.poll(() => cellTotal('heatmap-residual')).toBe(3);
  });

  it('on an asset’s page, accepts a proposed risk; the heat map counts it', async () => {
    await page.goto(`${server.url}/assets/${seeded.usb}`);
    const proposals = page.getByTestId('risk-proposals');
    await proposals.getByText('USBメモリ・外付けディスク・CD-ROMの紛失・盗難', { exact: false }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await proposals.getByRole('button', { name: /登録する: USBメモリ/ }).click();
    await page.getByText(/として登録しました/).waitFor();
    await page.getByTestId('asset-risks').getByRole('link', { name: /USBメモリ・外付けディスク/ }).waitFor();
    expect(await proposals.getByText('USBメモリ・外付けディスク・CD-ROMの紛失・盗難').count()).toBe(0);
    await screenshot(page, 'risks-asset-panel-ja');
    await page.goto(`${server.url}/risks/heatmap`);
    await page.getByTestId('heatmap-inherent').locator('svg text').first().waitFor();
    await expect.poll(() => cellTotal('heatmap-inherent')).toBe(4);
  });

  it('shows the matrix, the catalogue and the laws register', async () => {
    await page.goto(`${server.url}/risks/matrix`);
    await page.getByRole('heading', { name: 'リスクマトリクス', level: 1 }).waitFor();
    await screenshot(page, 'risks-matrix-ja');
    await page.goto(`${server.url}/risks/threats`);
    await page.getByText('電子メールの誤送信').waitFor();
    await screenshot(page, 'risks-threats-ja');
    await page.goto(`${server.url}/laws`);
    await page.getByRole('heading', { name: '法令・規範の登録簿', level: 1 }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'laws-list-ja');
    await page.getByRole('link', { name: '人を対象とする生命科学・医学系研究に関する倫理指針' }).click();
    await page.getByText('統合・置き換えた規範').waitFor();
    await screenshot(page, 'laws-detail-ja');
  });

  it('works in English', async () => {
    const en = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
    await en.addInitScript(() => localStorage.setItem('mamori.lang', 'en'));
    await en.addCookies([{ name: 'mamori_session', value: seeded.token, url: server.url }]);
    const p = await en.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(`${server.url}/risks`);
    await p.getByRole('heading', { name: 'Risk register', level: 1 }).waitFor();
    await screenshot(p, 'risks-list-en');
    await p.goto(`${server.url}/risks/heatmap`);
    await p.getByTestId('heatmap-inherent').locator('svg text').first().waitFor();
    await screenshot(p, 'risks-heatmap-en');
    await p.goto(`${server.url}/risks/${seeded.lostPaper}`);
    await p.getByText('Assessment history').waitFor();
    if (seeded.control) await p.getByTestId('risk-controls').getByRole('link', { name: 'TEC-02' }).waitFor();
    await screenshot(p, 'risks-detail-en');
    await p.goto(`${server.url}/risks/matrix`);
    await p.getByRole('heading', { name: 'Risk matrix', level: 1 }).waitFor();
    await screenshot(p, 'risks-matrix-en');
    await p.goto(`${server.url}/laws`);
    await p.getByText('Act on the Protection of Personal Information').first().waitFor();
    await screenshot(p, 'laws-list-en');
    await en.close();
  });
});
