import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { base32Decode, totp } from '../../src/server/modules/identity/totp.js';
import { linkIn, TestSmtp } from '../../src/server/testing/smtp.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';
import { apiCall } from '../support/api.js';

let server: RunningServer;
let smtp: TestSmtp;
let browser: Browser;
let admin: BrowserContext;
let person: BrowserContext;
let adminPage: Page;
let page: Page;

const managerEmail = 'kanri.hanako@example.jp';
const researcherEmail = 'kenkyu.taro@example.jp';
const first = 'lanterns over the quiet harbour 2026';
const second = 'copper kettles sing at dawn 1987';
let researcherId = '';

const call = (req: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown) => apiCall(server.url, req, method, path, data);

beforeAll(async () => {
  smtp = await TestSmtp.start();
  server = await startServer({ SMTP_URL: smtp.url, MFA_REQUIRED_FOR_RESEARCHERS: 'false' });
  browser = await launch();
  admin = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
  person = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
  adminPage = await admin.newPage();
  page = await person.newPage();
  adminPage.setDefaultTimeout(15_000);
  page.setDefaultTimeout(15_000);

  // The first manager (setup, MFA, pledge) and a researcher in the registry, through the API.
  const req = admin.request;
  const token = new URL(server.setupUrl!).searchParams.get('token');
  await call(req, 'POST', '/api/setup', { token, familyNameJa: '管理', givenNameJa: '花子', familyNameEn: 'Kanri', givenNameEn: 'Hanako', email: managerEmail, password: first });
  const { secret } = await call(req, 'POST', '/api/me/mfa/enroll');
  await call(req, 'POST', '/api/me/mfa/confirm', { code: totp(base32Decode(secret), Date.now()) });
  const pledge = await call(req, 'GET', '/api/pledge');
  await call(req, 'POST', '/api/me/pledge', { version: pledge.version, language: 'ja' });
  const inst = await call(req, 'POST', '/api/institutions', { code: 'E2E-A', nameJa: 'みなと病院', nameEn: 'Minato Hospital', prefecture: '13' });
  const r = await call(req, 'POST', '/api/people', {
    familyNameJa: '研究',
    givenNameJa: '太郎',
    familyNameEn: 'Kenkyu',
    givenNameEn: 'Taro',
    email: researcherEmail,
    institutionIds: [inst.id],
    roles: [{ role: 'researcher', institutionId: inst.id }],
  });
  researcherId = r.id;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe('a researcher who lost their credentials', () => {
  it('receives an invitation by email and activates the account on the /invite page', async () => {
    await call(admin.request, 'POST', `/api/people/${researcherId}/account/invitation`);
    const mail = await smtp.waitFor((m) => m.to.includes(researcherEmail) && m.subject.includes('アカウント発行'));
    await page.goto(linkIn(mail.text, '/invite'));
    await page.getByText(researcherEmail).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-invite-ja');
    await page.getByLabel('新しいパスワード', { exact: true }).fill(first);
    await page.getByLabel('新しいパスワード（確認）').fill(first);
    await page.getByRole('button', { name: 'アカウントを有効にする' }).click();
    await page.waitForURL(/\/onboarding/);
    // The onboarding page signs the pledge with PledgeForm; here the same API call.
    const pledge = await call(person.request, 'GET', '/api/pledge');
    await call(person.request, 'POST', '/api/me/pledge', { version: pledge.version, language: 'ja' });
    await call(person.request, 'POST', '/api/auth/sign-out');
  });

  it('reports the loss from the sign-in side, confirms it by email, sets a new password and signs in again', async () => {
    await page.goto(`${server.url}/lost-credentials`);
    await page.getByRole('heading', { name: '認証情報の紛失' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'accounts-lost-credentials-ja');
    await page.getByLabel('メールアドレス').fill(researcherEmail);
    await page.getByLabel('パスワード', { exact: true }).check();
    await page.getByRole('button', { name: '確認メールを送る' }).click();
    await page.getByText('確認メールを送りました').waitFor();

    const confirm = await smtp.waitFor((m) => m.to.includes(researcherEmail) && m.subject.includes('紛失届の確認'));
    await page.goto(linkIn(confirm.text, '/lost-credentials/confirm'));
    await page.getByRole('button', { name: '紛失届を確定する' }).click();
    await page.getByText('データセンターに通知しました').waitFor();

    const reset = await smtp.waitFor((m) => m.to.includes(researcherEmail) && m.subject.includes('パスワードの再設定'));
    await page.goto(linkIn(reset.text, '/reset-password'));
    await page.getByLabel('新しいパスワード', { exact: true }).fill(second);
    await page.getByLabel('新しいパスワード（確認）').fill(second);
    await page.getByRole('button', { name: '新しいパスワードを保存' }).click();
    await page.getByText('新しいパスワードを保存しました').waitFor();

    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('メールアドレス').fill(researcherEmail);
    await page.getByLabel('パスワード', { exact: true }).fill(first);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByText('サインインできませんでした').waitFor();
    await page.getByLabel('パスワード', { exact: true }).fill(second);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('button', { name: 'サインアウト' }).waitFor();
  });

  it('reaches the data center, which sees and closes the record', async () => {
    await adminPage.goto(`${server.url}/accounts/credential-loss`);
    await adminPage.getByRole('heading', { name: '認証情報の紛失届', level: 1 }).waitFor();
    await adminPage.getByRole('cell', { name: '研究 太郎' }).waitFor();
    await adminPage.getByRole('row', { name: /研究 太郎/ }).getByRole('link').click();
    await adminPage.getByText('サインイン画面から（メールで確認済み）').waitFor();
    await adminPage.getByLabel('完了時のメモ').fill('本人に電話で確認。新しいパスワードでサインイン済み。');
    await adminPage.getByRole('button', { name: '完了', exact: true }).click();
    await adminPage.getByText('届出を完了しました').waitFor();
    await adminPage.getByRole('link', { name: '研究 太郎' }).click();
    await adminPage.getByRole('heading', { name: 'アカウント', level: 2 }).waitFor();
    await adminPage.getByText('紛失報告を完了').first().waitFor();
    expect(await seriousA11yViolations(adminPage)).toEqual([]);
    await screenshot(adminPage, 'accounts-person-panel-ja');
    await adminPage.goto(`${server.url}/accounts`);
    await adminPage.getByRole('heading', { name: 'アカウント', level: 1 }).waitFor();
    await adminPage.getByRole('cell', { name: researcherEmail }).waitFor();
    expect(await seriousA11yViolations(adminPage)).toEqual([]);
    await screenshot(adminPage, 'accounts-console-ja');
  });

  it('shows the same screens in English', async () => {
    await admin.addInitScript(() => localStorage.setItem('mamori.lang', 'en'));
    await adminPage.goto(`${server.url}/accounts`);
    await adminPage.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await adminPage.getByRole('cell', { name: researcherEmail }).waitFor();
    await screenshot(adminPage, 'accounts-console-en');
    await adminPage.goto(`${server.url}/people/${researcherId}`);
    await adminPage.getByRole('heading', { name: 'History' }).waitFor();
    await screenshot(adminPage, 'accounts-person-panel-en');
    const anon = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await anon.addInitScript(() => localStorage.setItem('mamori.lang', 'en'));
    const p = await anon.newPage();
    await p.goto(`${server.url}/lost-credentials`);
    await p.getByRole('heading', { name: 'Lost credentials' }).waitFor();
    await screenshot(p, 'accounts-lost-credentials-en');
    await call(admin.request, 'POST', `/api/people/${researcherId}/account/offboard`, { reason: 'screenshot of an invitation' });
    await call(admin.request, 'POST', `/api/people/${researcherId}/account/invitation`);
    const mail = await smtp.waitFor((m) => m.to.includes(researcherEmail) && m.subject.includes('アカウント発行') && m !== smtp.to(researcherEmail).find((x) => x.subject.includes('アカウント発行')));
    await p.goto(linkIn(mail.text, '/invite'));
    await p.getByRole('button', { name: 'Activate my account' }).waitFor();
    await screenshot(p, 'accounts-invite-en');
    await anon.close();
  });
});
