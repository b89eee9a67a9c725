import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';
import { completeOnboarding, signInAndOnboard, totpCode } from '../support/onboard.js';

let server: RunningServer;
let browser: Browser;
let laptop: BrowserContext;
let phone: BrowserContext;
let page: Page;

const email = 'anzen.taro@example.jp';
const password = 'kumo-no-ue-no-shiro-2026';
const newPassword = 'umi-no-soko-no-toshokan-77';
let secret = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launch();
  laptop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  phone = await browser.newContext({
    viewport: { width: 420, height: 860 },
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  });
  page = await laptop.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('one’s own security settings', () => {
  it('sets up the first manager in English, enrolls an authenticator and signs the pledge', async () => {
    await page.goto(server.setupUrl!);
    await page.getByRole('button', { name: 'English' }).click().catch(() => undefined);
    await page.locator('input[autocomplete="family-name"]').fill('安全');
    await page.locator('input[autocomplete="given-name"]').fill('太郎');
    const latin = page.locator('input[lang="en"]');
    await latin.nth(0).fill('Anzen');
    await latin.nth(1).fill('Taro');
    await page.locator('input[type="email"]').fill(email);
    const pw = page.locator('input[autocomplete="new-password"]');
    await pw.nth(0).fill(password);
    await pw.nth(1).fill(password);
    await page.locator('form button[type="submit"]').click();
    await page.getByTestId('onboarding-mfa_enroll').waitFor();
    secret = await completeOnboarding(page, password, {
      onStep: async (s) => {
        expect(await seriousA11yViolations(page)).toEqual([]);
        await screenshot(page, `identity-${s}-en`);
      },
    });
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('signs in with the code on a second device', async () => {
    const p2 = await phone.newPage();
    p2.setDefaultTimeout(15_000);
    await signInAndOnboard(p2, server.url, email, password, { secret, onStep: (s) => screenshot(p2, `identity-${s}-ja`) });
    await p2.getByRole('navigation').first().waitFor();
  });

  it('shows both sessions on /security, ends the other one, and changes the password', async () => {
    await page.goto(`${server.url}/security`);
    await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor().catch(async (e: unknown) => {
      await screenshot(page, 'identity-security-failed');
      throw e;
    });
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(2);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'identity-security-en');
    const phoneRow = page.getByTestId('session-row').filter({ hasText: 'Safari on iOS' });
    await phoneRow.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByTestId('session-row').count()).toBe(1);

    const card = page.getByTestId('password-card');
    await card.locator('input[autocomplete="current-password"]').fill(password);
    const fresh = card.locator('input[autocomplete="new-password"]');
    await fresh.nth(0).fill('password1234');
    await fresh.nth(1).fill('password1234');
    await card.getByRole('button', { name: 'Change password' }).click();
    await card.getByText('on the list of commonly used passwords').waitFor();
    await fresh.nth(0).fill(newPassword);
    await fresh.nth(1).fill(newPassword);
    await card.getByText(/Strength: /).waitFor();
    await card.getByRole('button', { name: 'Change password' }).click();
    await card.getByText('Your password was changed').waitFor();

    // Japanese
    await page.getByRole('button', { name: '日本語' }).click().catch(() => undefined);
    await page.evaluate(() => localStorage.setItem('mamori.lang', 'ja'));
    await page.reload();
    await page.getByRole('heading', { name: 'セキュリティ設定', level: 1 }).waitFor();
    await screenshot(page, 'identity-security-ja');
  });

  it('signs in again with the new password and the next code', async () => {
    const fresh = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    fresh.setDefaultTimeout(15_000);
    await fresh.evaluate(() => undefined);
    await fresh.goto(`${server.url}/sign-in`);
    await fresh.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await fresh.reload();
    await signInAndOnboard(fresh, server.url, email, newPassword, { secret, onStep: (s) => screenshot(fresh, `identity-${s}-en`) });
    await fresh.getByRole('navigation').first().waitFor();
  });

  it('replaces the authenticator with a code from the old one, then registers the new one', async () => {
    // The first browser is still signed in (Japanese); the code is the next one the old authenticator shows.
    await page.goto(`${server.url}/security`);
    await page.getByRole('button', { name: '認証アプリを変更' }).click();
    const form = page.getByRole('form', { name: '認証アプリを変更' });
    await form.locator('input[inputmode="numeric"]').first().click();
    await page.keyboard.type(await totpCode(secret));
    await form.getByRole('button', { name: '登録を削除して新しく登録する' }).click();
    // MFA is required for the manager: the onboarding page asks for the new authenticator at once.
    await page.getByTestId('onboarding-mfa_enroll').waitFor();
    const fresh = await completeOnboarding(page, newPassword);
    expect(fresh).not.toBe(secret);
    await page.getByRole('navigation').first().waitFor();
  });
});
