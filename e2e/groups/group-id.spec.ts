import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { CreatePerson } from '../../src/shared/org.js';
import { people } from '../../src/server/db/schema/index.js';
import { GroupContentService } from '../../src/server/modules/groups/content.service.js';
import { hashPassword } from '../../src/server/modules/identity/password.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';
import { seedDataDir } from '../support/api.js';

const email = 'kenkyu.taro@example.jp';
const password = 'shiokaze-no-michi-2026';

/**
 * Seeds the data directory before the server starts (PGlite allows one process at a time): a
 * hospital, a research group, a researcher of it with a finished account (researchers need no MFA
 * here), and a notice on the group's member pages.
 */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system, registries: r }) => {
    const inst = (await r.institutions.create(system, { code: 'MINATO', nameJa: 'みなと市立病院', nameEn: 'Minato City Hospital', prefecture: '13' })) as { id: string };
    const unit = (await r.units.create(system, { code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' })) as { id: string };
    const group = (await r.researchGroups.create(system, { code: 'JGI', nameJa: '消化器グループ', nameEn: 'GI Group' })) as { id: string };
    const p = await new PeopleService(ctx).create(system, CreatePerson.parse({
      familyNameJa: '研究',
      givenNameJa: '太郎',
      familyNameKana: 'ケンキュウ',
      givenNameKana: 'タロウ',
      familyNameEn: 'Kenkyu',
      givenNameEn: 'Taro',
      email,
      institutionIds: [inst.id],
      researchGroupIds: [group.id],
      roles: [{ role: 'researcher', institutionId: inst.id }],
    }));
    await ctx.db
      .update(people)
      .set({ passwordHash: await hashPassword(password), accountStatus: 'active', pledgeVersion: PLEDGE_VERSION })
      .where(eq(people.id, p.id));
    // A data center member with a finished account; their session is made here (their sign-in with
    // MFA is the identity tests' subject), and handed to the browser as a cookie.
    const dc = await new PeopleService(ctx).create(
      system,
      CreatePerson.parse({ familyNameJa: 'データ', givenNameJa: '花子', familyNameEn: 'Data', givenNameEn: 'Hanako', email: 'dc.hanako@example.jp', roles: [{ role: 'data_center_staff', unitId: unit.id }], unitId: unit.id }),
    );
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, dc.id));
    const session = await ctx.sessions.create(ctx.db, dc.id, '127.0.0.1', 'e2e');
    await new GroupContentService(ctx).publishNotice(system, group.id, {
      titleJa: '5月の班会議',
      titleEn: 'May group meeting',
      bodyJa: '5月20日に東京で班会議を開催します。',
      bodyEn: 'The group meets in Tokyo on 20 May.',
    });
    return { dcToken: session.token };
  });
}

let server: RunningServer;
let browser: Browser;
let page: Page;
let revealed: { login: string; password: string };
let dcToken: string;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-groups-'));
  ({ dcToken } = await seed(dataDir));
  server = await startServer({ DATA_DIR: dataDir, MFA_REQUIRED_FOR_RESEARCHERS: 'false' });
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ja-JP' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('group IDs (P32-2.1.3d, e)', () => {
  it('a researcher reveals the group ID on the Group IDs page', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'グループID', exact: true }).click();
    await page.getByRole('heading', { name: 'グループID', level: 1 }).waitFor();
    await page.getByText('消化器グループ').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'group-ids-ja');
    await page.getByRole('button', { name: '表示' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('group-password').waitFor();
    await page.waitForTimeout(400);
    revealed = { login: (await dialog.getByTestId('group-login').innerText()).trim(), password: (await dialog.getByTestId('group-password').innerText()).trim() };
    expect(revealed.login).toBe('grp-jgi');
    expect(revealed.password).toMatch(/^[2-9a-z]{5}(-[2-9a-z]{5}){3}$/);
    await screenshot(page, 'group-id-revealed-ja');
    await dialog.getByRole('button', { name: '閉じる' }).first().click();
    await page.getByText('最新の版を受け取っています。').waitFor();

    // the same page in English
    await page.getByRole('button', { name: /English|言語/ }).first().click().catch(() => undefined);
    await page.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await page.reload();
    await page.getByRole('heading', { name: 'Group IDs', level: 1 }).waitFor();
    await screenshot(page, 'group-ids-en');
    await page.getByRole('link', { name: 'Member pages' }).click();
    await page.getByText('May group meeting').waitFor();
    await screenshot(page, 'group-content-en');
  });

  it('signs in with the group ID at /group in a fresh browser and reads a notice', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ja-JP' });
    const g = await fresh.newPage();
    g.setDefaultTimeout(15_000);
    await g.goto(`${server.url}/group`);
    await g.getByRole('heading', { name: 'グループIDでサインイン' }).waitFor();
    expect(await seriousA11yViolations(g)).toEqual([]);
    await screenshot(g, 'group-sign-in-ja');
    await g.getByLabel('グループID').fill(revealed.login);
    await g.getByLabel('パスワード').fill('wrong-password');
    await g.getByRole('button', { name: 'サインイン' }).click();
    await g.getByText('グループIDまたはパスワードが正しくありません。').waitFor();
    await g.getByLabel('パスワード').fill(revealed.password);
    await g.getByRole('button', { name: 'サインイン' }).click();
    await g.getByTestId('group-session-banner').waitFor();
    await g.getByText('閲覧専用のグループセッション').waitFor();
    await g.getByRole('button', { name: '5月の班会議' }).click();
    await g.getByTestId('notice-body').getByText('5月20日に東京で班会議を開催します。').waitFor();
    await g.waitForTimeout(400); // let the dialog finish opening before the picture
    await screenshot(g, 'group-session-notice-ja');
    await g.keyboard.press('Escape');
    await g.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await seriousA11yViolations(g)).toEqual([]);
    await screenshot(g, 'group-session-ja');

    // The group session reaches nothing else.
    const people = await g.request.get(`${server.url}/api/people`);
    expect(people.status()).toBe(401);

    await g.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await g.reload();
    await g.getByText('Read-only group session').waitFor();
    await screenshot(g, 'group-session-en');
    await g.getByRole('button', { name: 'Leave the group session' }).click();
    await g.getByRole('heading', { name: 'Sign in with a group ID' }).waitFor();
    await screenshot(g, 'group-sign-in-en');
    await fresh.close();
  });

  it('shows the data center page to nobody without the permission', async () => {
    await page.goto(`${server.url}/admin/group-ids`);
    await page.getByRole('heading', { name: 'You may not open this page' }).waitFor();
  });

  it('the data center rotates the group ID on its page without ever seeing the password', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ja-JP' });
    await ctx.addCookies([{ name: 'mamori_session', value: dcToken, url: server.url }]);
    const a = await ctx.newPage();
    a.setDefaultTimeout(15_000);
    await a.goto(`${server.url}/admin/group-ids`);
    await a.getByRole('heading', { name: 'グループID管理', level: 1 }).waitFor();
    await a.getByRole('cell', { name: 'grp-jgi' }).waitFor();
    expect(await seriousA11yViolations(a)).toEqual([]);
    expect(await a.content()).not.toContain(revealed.password);
    await screenshot(a, 'group-admin-ja');
    await a.getByRole('button', { name: '変更', exact: true }).click();
    await a.getByRole('dialog').getByRole('button', { name: '変更', exact: true }).click();
    await a.getByRole('cell', { name: '2', exact: true }).waitFor();
    await a.getByRole('button', { name: '受領記録' }).click();
    await a.getByRole('dialog').getByText('本人が表示').waitFor();
    await a.waitForTimeout(400);
    await screenshot(a, 'group-admin-roster-ja');
    expect(await a.content()).not.toContain(revealed.password);
    await a.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await a.reload();
    await a.getByRole('heading', { name: 'Group IDs', level: 1 }).waitFor();
    await screenshot(a, 'group-admin-en');
    await a.goto(`${server.url}/groups/${await a.evaluate(async () => ((await (await fetch('/api/group-credentials')).json()) as { items: { researchGroupId: string }[] }).items[0]!.researchGroupId)}/content`);
    await a.getByRole('button', { name: 'New notice' }).waitFor();
    await screenshot(a, 'group-content-publisher-en');
    await ctx.close();
  });
});
