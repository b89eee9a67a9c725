import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { CreatePerson } from '../../src/shared/org.js';
import { people } from '../../src/server/db/schema/index.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { seedDataDir } from '../support/api.js';
import { startServer, type RunningServer } from '../support/server.js';

/** A data center with its manager, and a researcher at a hospital: both fully set up, each with a session. */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system, registries: r }) => {
    const dc = (await r.units.create(system, { code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' })) as { id: string };
    const inst = (await r.institutions.create(system, { code: 'H001', nameJa: '東都大学病院', nameEn: 'Toto University Hospital', prefecture: '13' })) as { id: string };
    const svc = new PeopleService(ctx);
    const sm = await svc.create(system, CreatePerson.parse({ familyNameJa: '管理', givenNameJa: '責任者', familyNameEn: 'Kanri', givenNameEn: 'Sekinin', email: 'ism@example.jp', unitId: dc.id, roles: [{ role: 'security_manager' }] }));
    const rs = await svc.create(
      system,
      CreatePerson.parse({ familyNameJa: '研究', givenNameJa: '花子', familyNameEn: 'Kenkyu', givenNameEn: 'Hanako', email: 'hanako@example.jp', institutionIds: [inst.id], roles: [{ role: 'researcher', institutionId: inst.id }] }),
    );
    for (const id of [sm.id, rs.id]) await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, id));
    return {
      manager: (await ctx.sessions.create(ctx.db, sm.id, '127.0.0.1', 'e2e')).token,
      researcher: (await ctx.sessions.create(ctx.db, rs.id, '127.0.0.1', 'e2e')).token,
    };
  });
}

let server: RunningServer;
let browser: Browser;
let phone: BrowserContext;
let desk: BrowserContext;
let researcher: Page;
let manager: Page;
let ref = '';
let incidentUrl = '';

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-incidents-'));
  const seeded = await seed(dataDir);
  server = await startServer({ DATA_DIR: dataDir });
  browser = await launch();
  // the researcher on a phone, the manager at a desk
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'ja-JP' });
  await phone.addCookies([{ name: 'mamori_session', value: seeded.researcher, url: server.url }]);
  desk = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP', acceptDownloads: true });
  await desk.addCookies([{ name: 'mamori_session', value: seeded.manager, url: server.url }]);
  researcher = await phone.newPage();
  manager = await desk.newPage();
  researcher.setDefaultTimeout(15_000);
  manager.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a lost USB memory with special-care data, from the report to the PPC draft (P32-2.1.1, P32-4)', () => {
  it('a researcher reports it on a phone and gets a reference number', async () => {
    await researcher.goto(`${server.url}/incidents/report`);
    await researcher.getByRole('heading', { name: 'インシデントを報告', level: 1 }).waitFor();
    expect(await seriousA11yViolations(researcher)).toEqual([]);
    await researcher.getByRole('textbox', { name: '種類' }).or(researcher.getByRole('combobox', { name: '種類' })).first().click();
    await researcher.getByRole('option', { name: '機器・媒体の紛失・盗難' }).click();
    await researcher.getByLabel('件名', { exact: true }).fill('症例データを保存したUSBメモリを紛失');
    await researcher.getByLabel('何が起きたか', { exact: true }).fill('帰宅途中の電車内でUSBメモリを紛失した。患者12名分の症例報告書の写し（病名を含む）が保存されていた。');
    await researcher.getByLabel('場所', { exact: true }).fill('通勤電車内');
    await researcher.getByRole('radiogroup', { name: '個人情報が含まれるか' }).getByRole('radio', { name: 'はい' }).check();
    await researcher.getByLabel('対象となる人数', { exact: true }).fill('12');
    await researcher.getByRole('radiogroup', { name: /要配慮個人情報/ }).getByRole('radio', { name: 'はい' }).check();
    await researcher.getByRole('radiogroup', { name: /暗号化されていたか/ }).getByRole('radio', { name: 'いいえ' }).check();
    expect(await seriousA11yViolations(researcher)).toEqual([]);
    await screenshot(researcher, 'incidents-report-phone-ja');
    await researcher.getByRole('button', { name: '報告する' }).click();
    await researcher.getByRole('heading', { name: '報告を受け付けました', level: 1 }).waitFor();
    ref = (await researcher.getByTestId('incident-ref').textContent()) ?? '';
    expect(ref).toMatch(/^INC-\d{4}-0001$/);
    expect(await seriousA11yViolations(researcher)).toEqual([]);
    await screenshot(researcher, 'incidents-confirmation-phone-ja');
  });

  it('the manager finds it in the list and triages it', async () => {
    await manager.goto(`${server.url}/`);
    await manager.getByRole('navigation').getByRole('link', { name: 'インシデント', exact: true }).click();
    await manager.getByRole('heading', { name: 'インシデント', level: 1 }).waitFor();
    await manager.getByRole('link', { name: ref }).waitFor();
    expect(await seriousA11yViolations(manager)).toEqual([]);
    await screenshot(manager, 'incidents-list-ja');
    await manager.getByRole('link', { name: ref }).click();
    await manager.getByRole('heading', { level: 1, name: new RegExp(ref) }).waitFor();
    incidentUrl = manager.url();
    await manager.getByRole('button', { name: '評価する（トリアージ）' }).click();
    const dialog = manager.getByRole('dialog');
    await dialog.getByLabel('重大度', { exact: true }).click();
    await manager.getByRole('option', { name: '重大' }).click();
    await dialog.getByLabel('担当者', { exact: true }).fill('管理');
    await manager.getByRole('option', { name: '管理 責任者' }).click();
    await dialog.getByRole('button', { name: '評価する（トリアージ）' }).click();
    await dialog.waitFor({ state: 'detached' });
    await manager.getByText('評価済み').first().waitFor();
    expect(await seriousA11yViolations(manager)).toEqual([]);
    await screenshot(manager, 'incidents-detail-triaged-ja');
  });

  // ---- the breach assessment, the deadline board and the draft report (breach module's screens) ----

  it('the breach assessment says reportable', async () => {
    const panel = manager.locator('section[aria-labelledby="breach-panel-title"]');
    await panel.waitFor();
    // a question the reporter was never asked shows as unanswered, not "no"; what they answered is marked as from the report
    const financial = panel.getByRole('radiogroup', { name: /財産的被害/ });
    await financial.waitFor();
    expect(await financial.getByRole('radio', { name: '未回答' }).isChecked()).toBe(true);
    expect(await financial.getByRole('radio', { name: 'いいえ' }).isChecked()).toBe(false);
    expect(await panel.getByRole('radiogroup', { name: /要配慮個人情報/ }).getByRole('radio', { name: 'はい' }).isChecked()).toBe(true);
    expect(await panel.getByTestId('from-report').count()).toBeGreaterThanOrEqual(3); // personal information, number of people, special-care
    await screenshot(manager, 'incidents-breach-unanswered-ja');
    await panel.getByRole('radiogroup', { name: '個人情報が含まれますか' }).getByRole('radio', { name: 'はい' }).check();
    await panel.getByRole('radiogroup', { name: /要配慮個人情報/ }).getByRole('radio', { name: 'はい' }).check();
    await panel.getByRole('button', { name: '判定を保存' }).click();
    await expect.poll(() => panel.getByTestId('breach-result').textContent()).toBe('報告対象');
    await panel.getByText('個人情報保護委員会への速報').first().waitFor();
    await screenshot(manager, 'incidents-breach-reportable-ja');
    // the manager waives the sponsor's deadline with a reason
    await panel.getByTestId('clock-sponsor').getByRole('button', { name: /免除する/ }).click();
    const dialog = manager.getByRole('dialog');
    await dialog.getByLabel(/免除の理由/).fill('企業スポンサーのない研究のため');
    await dialog.getByRole('button', { name: '記録する' }).click();
    await dialog.waitFor({ state: 'detached' });
    await panel.getByTestId('clock-sponsor').getByText(/免除：管理 責任者/).waitFor();
    expect(await seriousA11yViolations(manager)).toEqual([]);
    await screenshot(manager, 'incidents-breach-waived-ja');
  });

  it('the deadline board shows the PPC deadlines', async () => {
    await manager.goto(`${server.url}/incidents/deadlines`);
    await manager.getByRole('heading', { name: '報告期限ボード', level: 1 }).waitFor();
    const rows = manager.getByRole('row').filter({ hasText: ref });
    await rows.filter({ hasText: '個人情報保護委員会への速報' }).first().waitFor();
    await rows.filter({ hasText: '個人情報保護委員会への確報' }).first().waitFor();
    expect(await seriousA11yViolations(manager)).toEqual([]);
    await screenshot(manager, 'incidents-deadlines-ja');
  });

  it('the draft PPC report downloads as a PDF', async () => {
    await manager.goto(incidentUrl);
    await manager.getByRole('button', { name: 'PPC報告書（下書き）をダウンロード' }).click();
    const [download] = await Promise.all([manager.waitForEvent('download'), manager.getByRole('menuitem', { name: 'PDF（日本語）' }).click()]);
    const file = readFileSync(await download.path());
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.length).toBeGreaterThan(2000);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  });

  it('the dashboard counts it', async () => {
    await manager.goto(`${server.url}/incidents/dashboard`);
    await manager.getByRole('heading', { name: 'インシデント概況', level: 1 }).waitFor();
    await manager.getByTestId('incident-trend').locator('svg').first().waitFor();
    // triaged within minutes of the report: shown in minutes, not as "0 hours"
    await manager.getByText(/^\d+ 分$/).first().waitFor();
    expect(await seriousA11yViolations(manager)).toEqual([]);
    await screenshot(manager, 'incidents-dashboard-ja');
  });
});
