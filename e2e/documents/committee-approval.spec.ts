import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { CreatePerson } from '../../src/shared/org.js';
import { documents, people } from '../../src/server/db/schema/index.js';
import { POLICY_CODE, seedDocuments } from '../../src/server/modules/documents/documents.seed.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { seedDataDir } from '../support/api.js';
import { SHOTS_DIR, launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

/**
 * A one-manager installation: the information security manager is the only person who may approve
 * documents (their session goes to the browser), with the seeded policy library.
 */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system }) => {
    const sm = await new PeopleService(ctx).create(system, CreatePerson.parse({ familyNameJa: '管理', givenNameJa: '責任者', familyNameEn: 'Kanri', givenNameEn: 'Sekinin', email: 'ism@example.jp', roles: [{ role: 'security_manager' }] }));
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, sm.id));
    await seedDocuments(ctx);
    const [policy] = await ctx.db.select({ id: documents.id }).from(documents).where(eq(documents.code, POLICY_CODE));
    return { token: (await ctx.sessions.create(ctx.db, sm.id, '127.0.0.1', 'e2e')).token, policyId: policy!.id };
  });
}

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let seeded: Awaited<ReturnType<typeof seed>>;
let minutesFile: string;
/** Yesterday in Japan: the committee met before the manager records it. */
const decidedOn = new Date(Date.now() + 9 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);

/** What the reader sees first (the viewport), beside the full-page screenshot. */
async function top(p: Page, name: string) {
  mkdirSync(SHOTS_DIR, { recursive: true });
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.screenshot({ path: `${SHOTS_DIR}/${name}-top.png` });
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-committee-'));
  seeded = await seed(dataDir);
  minutesFile = join(dataDir, '第12回運営委員会議事録.pdf');
  writeFileSync(minutesFile, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
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

describe('the only manager revises the policy (P32-6, history)', () => {
  it('writes a new version and submits it; is told why they cannot approve it instead of being offered to', async () => {
    await page.goto(`${server.url}/documents/${seeded.policyId}`);
    await page.getByRole('heading', { name: /POL-032 情報セキュリティポリシー/, level: 1 }).waitFor();
    await page.getByRole('button', { name: '新しい版を作成' }).click();
    await page.getByLabel('版番号').fill('4.0');
    await page.getByLabel('改定内容').fill('教育の頻度を年 1 回に改める');
    await page.getByRole('button', { name: '版を作成' }).click();
    await page.getByRole('heading', { name: '第 4.0 版', level: 3 }).waitFor();
    await page.getByRole('button', { name: '承認を申請' }).click();
    const notice = page.getByTestId('approve-blocked');
    await notice.getByText('ご自身が作成した版は承認できません。').waitFor();
    await notice.getByText(/ほかに承認できる情報セキュリティ管理責任者がいないため/).waitFor();
    expect(await page.getByRole('button', { name: '承認する' }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'documents-sole-manager-blocked-ja');
    await top(page, 'documents-sole-manager-blocked-ja');
  });

  it('records the steering committee’s approval with the minutes, sees it as the approval of record, and publishes', async () => {
    await page.getByRole('button', { name: '運営委員会の承認を記録' }).click();
    const dialog = page.getByRole('dialog', { name: '運営委員会の承認を記録' });
    await dialog.getByLabel('運営委員会の承認日').fill(decidedOn);
    await dialog.locator('input[type="file"]').setInputFiles(minutesFile);
    await dialog.getByLabel('備考').fill('第 12 回運営委員会 議題 3');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'documents-committee-dialog-ja');
    await dialog.getByRole('button', { name: '承認を記録する' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const record = page.getByTestId('committee-approval');
    await record.getByText(`運営委員会（${decidedOn} 承認）`).waitFor();
    await record.getByText(/記録: 管理 責任者/).waitFor();
    const link = record.getByRole('link', { name: '議事録: 第12回運営委員会議事録.pdf' });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('第12回運営委員会議事録.pdf');
    await page.getByRole('button', { name: '公開する' }).click();
    await page.getByRole('dialog', { name: '公開する' }).getByRole('button', { name: '公開する' }).click();
    await page.getByRole('dialog', { name: '公開する' }).waitFor({ state: 'hidden' });
    const card = page.locator('.mantine-Card-root').filter({ has: page.getByRole('heading', { name: '第 4.0 版' }) });
    await card.getByText('公開中').waitFor();
    await card.getByTestId('committee-approval').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'documents-committee-published-ja');
    await top(page, 'documents-committee-published-ja');
  });
});
