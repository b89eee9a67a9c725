import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';
import { completeOnboarding, totpCode } from '../support/onboard.js';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer({}, { fresh: true });
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'ja-JP' });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const email = 'kanri.hanako@example.jp';
const password = 'aozora-no-shita-de-mamoru-2026';
let secret = '';

describe('a newcomer on a fresh installation', () => {
  it('prints a one-time setup link at first start', () => {
    expect(server.setupUrl, server.output()).toMatch(/\/setup\?token=/);
  });

  it('creates the first information security manager from the setup page', async () => {
    await page.goto(server.setupUrl!);
    await page.getByRole('heading', { name: '初期設定' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'setup');
    await page.getByLabel('姓（漢字）').fill('管理');
    await page.getByLabel('名（漢字）').fill('花子');
    await page.getByLabel('姓（ローマ字）').fill('Kanri');
    await page.getByLabel('名（ローマ字）').fill('Hanako');
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await page.getByLabel('パスワード（確認）').fill(password);
    await page.getByRole('button', { name: '初期設定を完了' }).click();
    // the first manager is onboarded like everyone: an authenticator app, then the pledge
    await page.getByTestId('onboarding-mfa_enroll').waitFor();
    secret = await completeOnboarding(page, password, { onStep: (s) => screenshot(page, s) });
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.getByRole('button', { name: 'サインアウト' }).waitFor();
  });

  it('signs out and signs in again', async () => {
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.getByRole('button', { name: 'サインイン' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await page.getByLabel('メールアドレス').fill(email);
    await page.getByLabel('パスワード', { exact: true }).fill('wrong password here');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByText('サインインできませんでした').waitFor();
    await page.getByLabel('パスワード', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'サインイン' }).click();
    // the second step: a code from the authenticator app
    await page.getByRole('heading', { name: '確認コードの入力' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in-code');
    await page.locator('input[inputmode="numeric"]').first().click();
    await page.keyboard.type(await totpCode(secret));
    await page.getByRole('button', { name: '確認' }).click();
    await page.getByRole('button', { name: 'サインアウト' }).waitFor();
  });

  it('creates an institution', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '医療機関', exact: true }).click();
    await page.getByRole('heading', { name: '医療機関', level: 1 }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '新規作成' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('コード').fill('E2E001');
    await dialog.getByLabel('名称（日本語）').fill('みなと市立がんセンター');
    await dialog.getByLabel('名称（英語）').fill('Minato City Cancer Center');
    await dialog.getByLabel('都道府県').fill('東京');
    await page.getByRole('option', { name: /東京都/ }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('navigation').getByRole('link', { name: '医療機関', exact: true }).click();
    await page.getByRole('cell', { name: 'みなと市立がんセンター' }).waitFor();
    await screenshot(page, 'institutions');
  });

  it('finds the creation in the audit viewer', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '監査ログ' }).click();
    await page.getByRole('heading', { name: '監査ログ', level: 1 }).waitFor();
    await page.getByRole('cell', { name: /医療機関を登録/ }).first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'audit');
  });

  it('switches to English, and the choice persists', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await screenshot(page, 'audit-en');
  });
});
