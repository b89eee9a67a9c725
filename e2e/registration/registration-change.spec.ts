import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { CreatePerson, type CreatePersonInput } from '../../src/shared/org.js';
import { people } from '../../src/server/db/schema/index.js';
import { hashPassword } from '../../src/server/modules/identity/password.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { TestSmtp } from '../../src/server/testing/smtp.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { signInAndOnboard } from '../support/onboard.js';
import { startServer, type RunningServer } from '../support/server.js';
import { seedDataDir } from '../support/api.js';

const email = 'ido.hanako@example.jp';
const password = 'hikkoshi-no-kisetsu-2026';
const scMinato = 'coord.minato@example.jp';
const scSakura = 'coord.sakura@example.jp';

/**
 * Seeds the data directory before the server starts: two hospitals with a site coordinator each
 * (one reads email in English), a researcher at the first, and a data center member whose session
 * is handed to the browser as a cookie (their own sign-in with MFA is the identity tests' subject).
 */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system, registries: r }) => {
    const svc = new PeopleService(ctx);
    const minato = (await r.institutions.create(system, { code: 'MINATO', nameJa: 'みなと市立病院', nameEn: 'Minato City Hospital', prefecture: '13' })) as { id: string };
    const sakura = (await r.institutions.create(system, { code: 'SAKURA', nameJa: 'さくら大学病院', nameEn: 'Sakura University Hospital', prefecture: '27' })) as { id: string };
    const unit = (await r.units.create(system, { code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' })) as { id: string };
    const group = (await r.researchGroups.create(system, { code: 'JGI', nameJa: '消化器グループ', nameEn: 'GI Group' })) as { id: string };
    const person = (p: CreatePersonInput) => svc.create(system, CreatePerson.parse(p));
    const researcher = await person({ familyNameJa: '異動', givenNameJa: '花子', familyNameKana: 'イドウ', givenNameKana: 'ハナコ', familyNameEn: 'Ido', givenNameEn: 'Hanako', email, institutionIds: [minato.id], researchGroupIds: [group.id], roles: [{ role: 'researcher', institutionId: minato.id }] });
    await ctx.db.update(people).set({ passwordHash: await hashPassword(password), accountStatus: 'active' }).where(eq(people.id, researcher.id));
    const a = await person({ familyNameJa: '港', givenNameJa: '一郎', familyNameEn: 'Minato', givenNameEn: 'Ichiro', email: scMinato, institutionIds: [minato.id], researchGroupIds: [group.id], roles: [{ role: 'site_coordinator', institutionId: minato.id, researchGroupId: group.id }] });
    const b = await person({ familyNameJa: '桜', givenNameJa: '次郎', familyNameEn: 'Sakura', givenNameEn: 'Jiro', email: scSakura, institutionIds: [sakura.id], researchGroupIds: [group.id], roles: [{ role: 'site_coordinator', institutionId: sakura.id, researchGroupId: group.id }] });
    await ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, b.id));
    void a;
    const dc = await person({ familyNameJa: 'データ', givenNameJa: '花子', familyNameEn: 'Data', givenNameEn: 'Hanako', email: 'dc.hanako@example.jp', unitId: unit.id, roles: [{ role: 'data_center_staff', unitId: unit.id }] });
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, dc.id));
    const session = await ctx.sessions.create(ctx.db, dc.id, '127.0.0.1', 'e2e');
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, b.id));
    const scSession = await ctx.sessions.create(ctx.db, b.id, '127.0.0.1', 'e2e');
    return { dcToken: session.token, scToken: scSession.token, researcherId: researcher.id };
  });
}

let smtp: TestSmtp;
let server: RunningServer;
let browser: Browser;
let page: Page;
let dcContext: BrowserContext;
let seeded: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  smtp = await TestSmtp.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-registration-'));
  seeded = await seed(dataDir);
  server = await startServer({ DATA_DIR: dataDir, SMTP_URL: smtp.url, MFA_REQUIRED_FOR_RESEARCHERS: 'false' });
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ja-JP' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

/** Picks an option of a Mantine Select by its label. */
async function choose(p: Page, label: string, option: string) {
  await p.getByRole('dialog').getByLabel(label).click();
  await p.getByRole('option', { name: option }).click();
}

describe('registration change (P32-2.1.3f)', () => {
  it('a researcher reports a move to another hospital', async () => {
    await signInAndOnboard(page, server.url, email, password);
    await page.getByRole('navigation').getByRole('link', { name: '登録変更', exact: true }).click();
    await page.getByRole('heading', { name: '登録変更', level: 1 }).waitFor();
    await screenshot(page, 'registration-empty-ja');
    await page.getByRole('button', { name: '変更を届け出る' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('異動前の施設').waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'registration-form-open-ja');
    // The only institution of the person is chosen as the one they move from.
    await expect.poll(() => dialog.getByLabel('異動前の施設').inputValue()).toBe('みなと市立病院');
    await choose(page, '異動先の施設', 'さくら大学病院 (SAKURA)');
    await dialog.getByLabel('異動日').fill('2026-05-01');
    await dialog.getByLabel('備考').fill('5月1日付でさくら大学病院に異動します。');
    await page.waitForTimeout(300);
    await screenshot(page, 'registration-form-ja');
    await dialog.getByRole('button', { name: '届け出る' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'みなと市立病院 → さくら大学病院（2026-05-01 付）' }).waitFor();
    await page.getByText('審査中').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'registration-mine-ja');
  });

  it('the data center approves it from the queue', async () => {
    dcContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ja-JP' });
    await dcContext.addCookies([{ name: 'mamori_session', value: seeded.dcToken, url: server.url }]);
    const a = await dcContext.newPage();
    a.setDefaultTimeout(15_000);
    await a.goto(`${server.url}/`);
    await a.getByRole('navigation').getByRole('link', { name: '登録変更の審査' }).click();
    await a.getByRole('heading', { name: '登録変更の審査', level: 1 }).waitFor();
    await a.getByRole('cell', { name: '異動 花子' }).waitFor();
    expect(await seriousA11yViolations(a)).toEqual([]);
    await screenshot(a, 'registration-queue-ja');
    await a.getByRole('row', { name: /異動 花子/ }).getByRole('link').click();
    await a.getByTestId('change-summary').getByText('みなと市立病院 → さくら大学病院').waitFor();
    await a.getByLabel('理由・コメント').fill('異動先での参加を確認しました。');
    await screenshot(a, 'registration-decide-ja');
    await a.getByRole('button', { name: '承認して反映' }).click();
    await a.getByText('承認', { exact: true }).first().waitFor();
    await a.getByText('承認時点の登録内容（変更前）').waitFor();
    await screenshot(a, 'registration-approved-ja');
    await a.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await a.goto(`${server.url}/registration-changes/queue`);
    await a.getByRole('heading', { name: 'Registration change queue', level: 1 }).waitFor();
    await a.getByText('Approved', { exact: true }).click();
    await a.getByRole('cell', { name: /Minato City Hospital → Sakura University Hospital/ }).waitFor();
    await screenshot(a, 'registration-queue-en');
  });

  it('both site coordinators are told over SMTP, each in their language, and the person too', async () => {
    const toOld = await smtp.waitFor((m) => m.to.includes(scMinato));
    expect(toOld.subject).toContain('みなと市立病院');
    expect(toOld.text).toContain('みなと市立病院 → さくら大学病院');
    const toNew = await smtp.waitFor((m) => m.to.includes(scSakura));
    expect(toNew.subject).toContain('Sakura University Hospital');
    expect(toNew.text).toContain('Minato City Hospital → Sakura University Hospital');
    const toPerson = await smtp.waitFor((m) => m.to.includes(email) && m.subject.includes('承認'));
    expect(toPerson.text).toContain('異動先での参加を確認しました。');
  });

  it('the researcher’s own page shows the new institution at once', async () => {
    await page.goto(`${server.url}/people/${seeded.researcherId}`);
    await page.getByText('さくら大学病院').first().waitFor();
    expect(await page.getByText('みなと市立病院').count()).toBe(0);
    await screenshot(page, 'registration-person-after-ja');
    await page.goto(`${server.url}/registration-changes`);
    await page.getByText('承認', { exact: true }).waitFor();
    await page.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await page.reload();
    await page.getByRole('heading', { name: 'Registration changes', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Report a change' }).click();
    await page.getByRole('dialog').getByLabel('Kind of change').waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, 'registration-form-en');
  });
});

describe('access review (after the move)', () => {
  it('the data center starts a review, the new site coordinator confirms the researcher, and the report is there', async () => {
    const a = await dcContext.newPage();
    a.setDefaultTimeout(15_000);
    await a.evaluate(() => localStorage.setItem('mamori.lang', 'ja')).catch(() => undefined);
    await a.goto(`${server.url}/access-reviews`);
    await a.evaluate(() => localStorage.setItem('mamori.lang', 'ja'));
    await a.reload();
    await a.getByRole('heading', { name: 'アクセス権レビュー', level: 1 }).waitFor();
    await a.getByRole('button', { name: 'レビューを開始' }).click();
    const dialog = a.getByRole('dialog');
    await dialog.getByLabel('レビュー名').fill('2026年度 上期アクセス権レビュー');
    await dialog.getByLabel('期限', { exact: true }).fill('2027-06-30');
    await a.waitForTimeout(300);
    await screenshot(a, 'reviews-start-ja');
    await dialog.getByRole('button', { name: '開始' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await a.getByRole('link', { name: '2026年度 上期アクセス権レビュー' }).click();
    await a.getByTestId('progress-chart').waitFor();
    expect(await seriousA11yViolations(a)).toEqual([]);
    await screenshot(a, 'reviews-campaign-ja');

    const scContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    await scContext.addCookies([{ name: 'mamori_session', value: seeded.scToken, url: server.url }]);
    const sc = await scContext.newPage();
    sc.setDefaultTimeout(15_000);
    await sc.goto(`${server.url}/`);
    await sc.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await sc.reload();
    await sc.getByRole('navigation').getByRole('link', { name: 'My access reviews' }).click();
    await sc.getByRole('heading', { name: 'My access reviews', level: 1 }).waitFor();
    const row = sc.getByTestId('review-row').filter({ hasText: 'Hanako Ido' });
    await row.waitFor();
    expect(await sc.getByTestId('review-row').count()).toBe(1); // only Sakura's researchers
    expect(await seriousA11yViolations(sc)).toEqual([]);
    await screenshot(sc, 'reviews-tasks-en');
    await row.getByRole('button', { name: 'Confirm' }).click();
    await sc.getByText('Nothing to review').waitFor();
    await scContext.close();

    await a.reload();
    await a.getByTestId('review-row').filter({ hasText: '異動 花子' }).getByText('継続').waitFor();
    await screenshot(a, 'reviews-campaign-after-ja');
    const csv = await a.request.get(`${server.url}${await a.getByRole('link', { name: 'CSV（Excel）' }).getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect((await csv.body()).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    await a.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await a.reload();
    await a.getByRole('heading', { name: '2026年度 上期アクセス権レビュー', level: 1 }).waitFor();
    await screenshot(a, 'reviews-campaign-en');
    await a.goto(`${server.url}/access-reviews`);
    await a.getByRole('heading', { name: 'Access reviews', level: 1 }).waitFor();
    await screenshot(a, 'reviews-list-en');
  });
});
