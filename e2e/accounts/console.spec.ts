import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { base32Decode, totp } from '../../src/server/modules/identity/totp.js';
import { TestSmtp } from '../../src/server/testing/smtp.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';
import { apiCall } from '../support/api.js';

let server: RunningServer;
let smtp: TestSmtp;
let browser: Browser;
let admin: BrowserContext;
let page: Page;

const managerEmail = 'kanri.jiro@example.jp';
let managerSecret = '';
const password = 'lanterns over the quiet harbour 2026';
const newcomers = [
  { familyNameJa: '新人', givenNameJa: '一郎', familyNameEn: 'Shinjin', givenNameEn: 'Ichiro', email: 'shinjin.ichiro@example.jp' },
  { familyNameJa: '新人', givenNameJa: '二郎', familyNameEn: 'Shinjin', givenNameEn: 'Jiro', email: 'shinjin.jiro@example.jp' },
];

const call = (req: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown) => apiCall(server.url, req, method, path, data);

beforeAll(async () => {
  smtp = await TestSmtp.start();
  server = await startServer({ SMTP_URL: smtp.url });
  browser = await launch();
  admin = await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'ja-JP' });
  page = await admin.newPage();
  page.setDefaultTimeout(15_000);

  // The first manager (setup, MFA, pledge), two hospitals, two newcomers and one active colleague.
  const req = admin.request;
  const token = new URL(server.setupUrl!).searchParams.get('token');
  await call(req, 'POST', '/api/setup', { token, familyNameJa: '管理', givenNameJa: '次郎', familyNameEn: 'Kanri', givenNameEn: 'Jiro', email: managerEmail, password });
  const { secret } = await call(req, 'POST', '/api/me/mfa/enroll');
  managerSecret = secret;
  await call(req, 'POST', '/api/me/mfa/confirm', { code: totp(base32Decode(secret), Date.now()) });
  const pledge = await call(req, 'GET', '/api/pledge');
  await call(req, 'POST', '/api/me/pledge', { version: pledge.version, language: 'ja' });
  const a = await call(req, 'POST', '/api/institutions', { code: 'E2E-C1', nameJa: 'みなと病院', nameEn: 'Minato Hospital', prefecture: '13' });
  const b = await call(req, 'POST', '/api/institutions', { code: 'E2E-C2', nameJa: 'さくら医療センター', nameEn: 'Sakura Medical Center', prefecture: '27' });
  for (const n of newcomers) {
    await call(req, 'POST', '/api/people', { ...n, institutionIds: [a.id], roles: [{ role: 'researcher', institutionId: a.id }] });
  }
  await call(req, 'POST', '/api/people', {
    familyNameJa: '古参',
    givenNameJa: '花子',
    familyNameEn: 'Kosan',
    givenNameEn: 'Hanako',
    email: 'kosan.hanako@example.jp',
    institutionIds: [a.id, b.id],
    roles: [{ role: 'researcher', institutionId: a.id }],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe('the data center’s account console', () => {
  it('selects two people without an account, issues both, and sees them as invited', async () => {
    await page.goto(`${server.url}/accounts`);
    await page.getByRole('heading', { name: 'アカウント', level: 1 }).waitFor();
    // The overview's "no account" card filters the list to the three people without one.
    const noneCard = page.getByRole('button', { name: /アカウントなし/ }).first();
    await expect(noneCard.textContent()).resolves.toContain('3');
    await noneCard.click();
    await expect(noneCard.getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByRole('link', { name: '古参 花子', exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-console-overview-ja');

    for (const n of newcomers) await page.getByRole('checkbox', { name: `${n.familyNameJa} ${n.givenNameJa} を選択` }).check();
    await page.getByRole('button', { name: '選択した人にアカウントを発行（2）' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('2 人に招待メール').waitFor();
    await page.waitForTimeout(400); // the modal's opening transition
    await screenshot(page, 'accounts-console-bulk-confirm-ja');
    await dialog.getByRole('button', { name: '2 人に発行' }).click();
    await page.getByText('新規発行 2 人、再送 0 人').waitFor();

    // The list (still filtered to "no account") now holds only the colleague; the invited filter shows both newcomers.
    await page.getByRole('link', { name: '新人 一郎', exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /^招待中/ }).first().click();
    for (const n of newcomers) {
      const row = page.getByRole('row', { name: new RegExp(`${n.familyNameJa} ${n.givenNameJa}`) });
      await row.getByText('招待中').waitFor();
    }
    for (const n of newcomers) await smtp.waitFor((m) => m.to.includes(n.email));
    expect(smtp.received.filter((m) => newcomers.some((n) => m.to.includes(n.email)))).toHaveLength(2);
  });

  it('shows the console in English', async () => {
    await page.evaluate(() => localStorage.setItem('mamori.lang', 'en'));
    await page.goto(`${server.url}/accounts`);
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Hanako Kosan', exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-console-overview-en');
    const csv = page.getByRole('link', { name: 'Export CSV (Excel)' });
    await expect(csv.getAttribute('href')).resolves.toBe('/api/accounts/export.csv?sort=name&dir=asc&lang=en');
  });

  it('ends everyone’s sessions but the manager’s own, after a confirmation', async () => {
    // A second browser where the manager is also signed in (the code of the next 30-second step: the current one is used).
    const other = await browser.newContext();
    const s0 = await (await other.request.get(`${server.url}/api/session`)).json();
    const headers = { 'x-csrf-token': s0.csrfToken };
    await other.request.post(`${server.url}/api/auth/sign-in`, { data: { email: managerEmail, password }, headers });
    const s1 = await (await other.request.get(`${server.url}/api/session`)).json();
    const mfa = await other.request.post(`${server.url}/api/auth/mfa`, { data: { code: totp(base32Decode(managerSecret), Date.now() + 30_000) }, headers: { 'x-csrf-token': s1.csrfToken } });
    expect(mfa.status()).toBe(200);
    expect((await (await other.request.get(`${server.url}/api/session`)).json()).authenticated).toBe(true);

    await page.goto(`${server.url}/accounts`);
    await page.getByRole('button', { name: 'End everyone’s sessions' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'End everyone’s sessions' }).click();
    await page.getByText(/sessions? ended/).waitFor();
    expect((await (await other.request.get(`${server.url}/api/session`)).json()).authenticated).toBe(false);
    // The manager's own session goes on.
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    expect((await (await admin.request.get(`${server.url}/api/session`)).json()).authenticated).toBe(true);
    await other.close();
  });
});
