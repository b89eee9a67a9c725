import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { CreatePerson, type CreatePersonInput } from '../../src/shared/org.js';
import { people } from '../../src/server/db/schema/index.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { seedDataDir } from '../support/api.js';
import { startServer, type RunningServer } from '../support/server.js';

/** The manager, an investigator from the study office and the researcher the case is about. */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system, registries: r }) => {
    const so = (await r.units.create(system, { code: 'SO', kind: 'study_office', nameJa: '研究事務局', nameEn: 'Study Office' })) as { id: string };
    const inst = (await r.institutions.create(system, { code: 'H1', nameJa: '東都大学病院', nameEn: 'Toto University Hospital', prefecture: '13' })) as { id: string };
    const svc = new PeopleService(ctx);
    const person = async (input: Partial<CreatePersonInput>) => {
      const p = await svc.create(system, CreatePerson.parse(input));
      await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, p.id));
      return p;
    };
    const sm = await person({ familyNameJa: '管理', givenNameJa: '責任者', familyNameEn: 'Kanri', givenNameEn: 'Sekinin', email: 'ism@example.jp', roles: [{ role: 'security_manager' }] });
    const inv = await person({ familyNameJa: '調査', givenNameJa: '花子', familyNameEn: 'Chosa', givenNameEn: 'Hanako', email: 'chosa@example.jp', unitId: so.id, roles: [{ role: 'study_office_staff', unitId: so.id }] });
    await person({ familyNameJa: '共用', givenNameJa: '次郎', familyNameEn: 'Kyoyo', givenNameEn: 'Jiro', email: 'kyoyo@example.jp', institutionIds: [inst.id], roles: [{ role: 'researcher', institutionId: inst.id }] });
    return {
      manager: (await ctx.sessions.create(ctx.db, sm.id, '127.0.0.1', 'e2e')).token,
      investigator: (await ctx.sessions.create(ctx.db, inv.id, '127.0.0.1', 'e2e')).token,
    };
  });
}

let server: RunningServer;
let browser: Browser;
let seeded: Awaited<ReturnType<typeof seed>>;

async function pageAs(token: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
  await context.addCookies([{ name: 'mamori_session', value: token, url: server.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Types into a searchable Mantine select and picks the option matching `option`. */
async function pick(page: Page, label: string, search: string, option: RegExp) {
  const box = page.getByRole('textbox', { name: label }).or(page.getByRole('combobox', { name: label })).first();
  await box.click();
  if (search) await box.fill(search);
  await page.getByRole('option', { name: option }).first().click();
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-violations-'));
  seeded = await seed(dataDir);
  server = await startServer({ DATA_DIR: dataDir });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a violation case (P32-7)', () => {
  let caseUrl = '';

  it('the manager opens a case, names an investigator and decides a written warning', async () => {
    const page = await pageAs(seeded.manager);
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation').getByRole('link', { name: '違反事案と処分' }).click();
    await page.getByRole('heading', { name: '違反事案と処分', level: 1 }).waitFor();
    await page.getByRole('button', { name: '事案を登録' }).click();
    const dialog = page.getByRole('dialog', { name: '事案を登録' });
    await pick(page, '対象者', '共用', /共用 次郎/);
    await pick(page, '違反した条項', '2.1.3a', /2\.1\.3a/);
    await page.keyboard.press('Escape');
    await dialog.getByLabel('事実関係').fill('グループ外の者に個人アカウントのパスワードを教えていた。');
    await dialog.getByRole('button', { name: '登録する' }).click();
    await page.getByRole('heading', { name: /VC-\d{4}-0001 共用 次郎/, level: 1 }).waitFor();
    caseUrl = page.url();

    await pick(page, '調査担当者', '調査', /調査 花子/);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '調査担当者を保存' }).click();
    await page.getByText('調査担当者を更新しました').waitFor();

    await pick(page, '処分', '', /文書による警告/);
    await page.getByLabel('理由').fill('初回の違反だが、要配慮個人情報を扱う権限を持つアカウントだったため。');
    await page.getByRole('button', { name: '処分を決定' }).click();
    await page.getByText('処分を決定し、対象者へ通知しました').waitFor();
    await page.getByText('決定済み').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'violation-decided-manager-ja');
  });

  it('the named investigator sees the case and its decision', async () => {
    const page = await pageAs(seeded.investigator);
    await page.goto(caseUrl);
    await page.getByRole('heading', { name: /VC-\d{4}-0001 共用 次郎/, level: 1 }).waitFor();
    await page.getByText('文書による警告').waitFor();
    expect(await page.getByRole('button', { name: '処分を決定' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'violation-investigator-ja');
  });
});
