import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { CreatePerson, type CreatePersonInput } from '../../src/shared/org.js';
import { people } from '../../src/server/db/schema/index.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { TestSmtp } from '../../src/server/testing/smtp.js';
import { seedDataDir } from '../support/api.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

/** A CSV a site coordinator might export by mistake: the patient's name is in column B. */
const WITH_NAME = '登録番号,患者氏名,群,登録日\nJCOG0000-001,山田 太郎,A,2026-03-02\nJCOG0000-002,佐藤 花子,B,2026-03-09\n';
/** The same data as the data center should get it: trial and registration number only. */
const CLEAN = '登録番号,群,登録日\nJCOG0000-001,A,2026-03-02\nJCOG0000-002,B,2026-03-09\n';

/**
 * Seeds the data directory before the server starts: a hospital with a site coordinator (the
 * sender, Japanese UI) and the data center with one member (the recipient, English UI), each with
 * a session handed to the browser as a cookie (sign-in with MFA is the identity tests' subject),
 * and a study to pick.
 */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system, registries: r }) => {
    const svc = new PeopleService(ctx);
    const minato = (await r.institutions.create(system, { code: 'MINATO', nameJa: 'みなと市立病院', nameEn: 'Minato City Hospital', prefecture: '13' })) as { id: string };
    const unit = (await r.units.create(system, { code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' })) as { id: string };
    const group = (await r.researchGroups.create(system, { code: 'JGI', nameJa: '消化器グループ', nameEn: 'GI Group' })) as { id: string };
    await r.studies.create(system, { code: 'JCOG0000', titleJa: '胃がん術後補助化学療法の比較試験', titleEn: 'Adjuvant chemotherapy for gastric cancer', researchGroupId: group.id });
    const person = (p: CreatePersonInput) => svc.create(system, CreatePerson.parse(p));
    const ready = { accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() };
    const sc = await person({ familyNameJa: '港', givenNameJa: '一郎', familyNameKana: 'ミナト', givenNameKana: 'イチロウ', familyNameEn: 'Minato', givenNameEn: 'Ichiro', email: 'coord.minato@example.jp', institutionIds: [minato.id], researchGroupIds: [group.id], roles: [{ role: 'site_coordinator', institutionId: minato.id, researchGroupId: group.id }] });
    const dc = await person({ familyNameJa: '中央', givenNameJa: '花子', familyNameKana: 'チュウオウ', givenNameKana: 'ハナコ', familyNameEn: 'Chuo', givenNameEn: 'Hanako', email: 'dc.chuo@example.jp', unitId: unit.id, roles: [{ role: 'data_center_staff', unitId: unit.id }] });
    await ctx.db.update(people).set(ready).where(eq(people.id, sc.id));
    await ctx.db.update(people).set({ ...ready, language: 'en' }).where(eq(people.id, dc.id));
    const scSession = await ctx.sessions.create(ctx.db, sc.id, '127.0.0.1', 'e2e');
    const dcSession = await ctx.sessions.create(ctx.db, dc.id, '127.0.0.1', 'e2e');
    return { scToken: scSession.token, dcToken: dcSession.token };
  });
}

let smtp: TestSmtp;
let server: RunningServer;
let browser: Browser;
let seeded: Awaited<ReturnType<typeof seed>>;
let scContext: BrowserContext;
let sender: Page;
let transferUrl = '';

async function open(token: string, lang: 'ja' | 'en', viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: lang === 'ja' ? 'ja-JP' : 'en-US', acceptDownloads: true });
  await context.addCookies([{ name: 'mamori_session', value: token, url: server.url }]);
  await context.addInitScript((l) => localStorage.setItem('mamori.lang', l), lang);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/** Puts a file into the drop zone's file input (what a drop or the picker does). */
async function dropFile(page: Page, name: string, content: string) {
  await page.getByTestId('file-input').last().setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
}

beforeAll(async () => {
  smtp = await TestSmtp.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-exchange-'));
  seeded = await seed(dataDir);
  server = await startServer({ DATA_DIR: dataDir, SMTP_URL: smtp.url });
  browser = await launch();
  ({ context: scContext, page: sender } = await open(seeded.scToken, 'ja'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe('secure exchange with the identifier tripwire (P32-2.1.2)', () => {
  it('a site coordinator sends a CSV with a patient’s name: the transfer is blocked and the cell shown', async () => {
    await sender.goto(`${server.url}/`);
    await sender.getByRole('navigation').getByRole('link', { name: 'ファイルを送る' }).click();
    await sender.getByRole('heading', { name: 'ファイルを送る', level: 1 }).waitFor();
    expect(await seriousA11yViolations(sender)).toEqual([]);
    await screenshot(sender, 'exchange-send-empty-ja');

    await sender.getByTestId('recipient-search').fill('中央');
    await sender.getByRole('option', { name: /中央 花子/ }).click();
    await sender.getByLabel('目的', { exact: true }).fill('JCOG0000 登録症例の CRF データ（3 月分）');
    await sender.getByRole('combobox', { name: '研究', exact: true }).click();
    await sender.getByRole('option', { name: /JCOG0000/ }).click();
    await sender.getByRole('combobox', { name: 'データの種類', exact: true }).click();
    await sender.getByRole('option', { name: '症例データ（登録番号のみ）' }).click();
    await dropFile(sender, 'crf-march.csv', WITH_NAME);
    await sender.getByTestId('uploaded-file').filter({ hasText: 'crf-march.csv' }).waitFor();
    await screenshot(sender, 'exchange-send-filled-ja');

    await sender.getByRole('button', { name: '送付する' }).click();
    await sender.waitForURL(/\/exchange\/transfers\//);
    transferUrl = sender.url();
    await sender.getByTestId('blocked-alert').waitFor();
    await sender.getByText('停止中', { exact: true }).first().waitFor();
    // The cell with the name, its masked value and kind; the name itself never reaches the page.
    await sender.getByTestId('finding-cell').filter({ hasText: 'B2' }).waitFor();
    await expect.poll(async () => (await sender.getByTestId('findings-table').innerText()).includes('氏名')).toBe(true);
    expect(await sender.content()).not.toContain('山田 太郎');
    expect(await sender.locator('[data-testid="sheet-map"] [data-hit="true"]').count()).toBeGreaterThanOrEqual(2);
    expect(await seriousA11yViolations(sender)).toEqual([]);
    await screenshot(sender, 'exchange-blocked-ja');
  });

  it('removes that file, attaches a clean one and sends it', async () => {
    await sender.getByTestId('file-row').filter({ hasText: 'crf-march.csv' }).getByRole('button', { name: '取り除く' }).click();
    await sender.getByTestId('file-row').filter({ hasText: 'crf-march.csv' }).waitFor({ state: 'detached' });
    // The first PATCH of this upload is cut off as by a dropped connection: the client asks the
    // server where it stands and resumes from there.
    const calls: string[] = [];
    let dropped = false;
    await sender.route('**/api/exchange/uploads/**', async (route) => {
      calls.push(route.request().method());
      if (route.request().method() === 'PATCH' && !dropped) {
        dropped = true;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await dropFile(sender, 'crf-march-fixed.csv', CLEAN);
    const row = sender.getByTestId('file-row').filter({ hasText: 'crf-march-fixed.csv' });
    await row.getByText('問題なし').waitFor();
    expect(calls).toEqual(['PATCH', 'GET', 'PATCH']);
    await sender.unroute('**/api/exchange/uploads/**');
    await screenshot(sender, 'exchange-replaced-ja');
    await sender.getByRole('button', { name: '送付する' }).click();
    await sender.getByText('受け取り可能', { exact: true }).first().waitFor();
    await sender.getByTestId('blocked-alert').waitFor({ state: 'detached' });
    await screenshot(sender, 'exchange-released-ja');
    // The notice says who sent something, and nothing about what.
    const mail = await smtp.waitFor((m) => m.to.includes('dc.chuo@example.jp'));
    expect(mail.subject).toContain('Minato');
    for (const secret of ['crf-march', '.csv', 'JCOG0000', '山田']) expect(mail.text).not.toContain(secret);
  });

  it('the data center recipient downloads it after signing in, verified by its SHA-256', async () => {
    const { page: dc } = await open(seeded.dcToken, 'en');
    await dc.goto(`${server.url}/`);
    await dc.getByRole('navigation').getByRole('link', { name: 'Inbox' }).click();
    await dc.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
    await dc.getByRole('link', { name: /JCOG0000/ }).first().waitFor();
    expect(await seriousA11yViolations(dc)).toEqual([]);
    await screenshot(dc, 'exchange-inbox-en');
    await dc.getByRole('link', { name: /JCOG0000/ }).first().click();
    const row = dc.getByTestId('file-row').filter({ hasText: 'crf-march-fixed.csv' });
    await row.waitFor();
    const shown = (await row.getByTestId('sha256').innerText()).trim();
    const [download] = await Promise.all([dc.waitForEvent('download'), row.getByRole('link', { name: 'Download' }).click()]);
    const path = await download.path();
    const bytes = readFileSync(path!);
    expect(bytes.toString('utf8')).toBe(CLEAN);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown);
    // The chain of custody shows the blocked attempt and the download.
    await dc.reload();
    const custody = dc.getByTestId('custody');
    await custody.locator('[data-action="exchange.downloaded"]').waitFor();
    for (const a of ['exchange.release_blocked', 'exchange.file_removed', 'exchange.scanned', 'exchange.released', 'exchange.downloaded']) expect(await custody.locator(`[data-action="${a}"]`).count(), a).toBeGreaterThan(0);
    expect(await seriousA11yViolations(dc)).toEqual([]);
    await screenshot(dc, 'exchange-transfer-recipient-en');
    // The data center's own pages, in English.
    for (const [path, name] of [
      ['/exchange/exceptions', 'exchange-exceptions-en'],
      ['/exchange/holds', 'exchange-holds-en'],
      ['/exchange/rules', 'exchange-rules-en'],
    ] as const) {
      await dc.goto(`${server.url}${path}`);
      await dc.getByRole('heading', { level: 1 }).waitFor();
      await dc.waitForTimeout(300);
      expect(await seriousA11yViolations(dc), path).toEqual([]);
      await screenshot(dc, name);
    }
  });

  it('the sender sees who downloaded, and the whole chain of custody; also on a phone', async () => {
    await sender.goto(transferUrl);
    await sender.getByTestId('deliveries').getByText('中央 花子').waitFor();
    const custody = sender.getByTestId('custody');
    await custody.locator('[data-action="exchange.downloaded"]').waitFor();
    await custody.getByText('ファイルをダウンロード').waitFor();
    await custody.getByText('識別情報チェックで送付を停止').waitFor();
    await screenshot(sender, 'exchange-transfer-sender-ja');
    await sender.goto(`${server.url}/exchange/outbox`);
    await sender.getByRole('heading', { name: '送信箱', level: 1 }).waitFor();
    await screenshot(sender, 'exchange-outbox-ja');
    const { page: phone } = await open(seeded.scToken, 'ja', { width: 390, height: 844 });
    await phone.goto(transferUrl);
    await phone.getByTestId('custody').locator('[data-action="exchange.downloaded"]').waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(phone, 'exchange-transfer-phone-ja');
    await phone.goto(`${server.url}/exchange/send`);
    await phone.getByRole('heading', { level: 1 }).waitFor();
    await screenshot(phone, 'exchange-send-phone-ja');
    void scContext;
  });

  it('a sender asks for an exception; the data center approves it with a reason and sets a retention hold', async () => {
    await sender.goto(`${server.url}/exchange/send`);
    await sender.getByTestId('recipient-search').fill('データ');
    await sender.getByRole('option', { name: /データセンター/ }).click();
    await sender.getByLabel('目的', { exact: true }).fill('同意書の写し（例外申請のテスト）');
    await sender.getByRole('combobox', { name: 'データの種類', exact: true }).click();
    await sender.getByRole('option', { name: '研究関連文書' }).click();
    await dropFile(sender, 'consent-list.csv', WITH_NAME);
    await sender.getByTestId('uploaded-file').filter({ hasText: 'consent-list.csv' }).waitFor();
    await sender.getByRole('button', { name: '送付する' }).click();
    await sender.getByTestId('blocked-alert').waitFor();
    await sender.getByRole('button', { name: 'データセンターに例外を申請' }).click();
    const dialog = sender.getByRole('dialog');
    await dialog.getByLabel('理由').fill('同意を得た上で氏名入りの名簿を送る必要があります（倫理審査委員会承認済み）。');
    await screenshot(sender, 'exchange-exception-request-ja');
    await dialog.getByRole('button', { name: '申請する' }).click();
    await sender.getByText('データセンターが例外申請を確認しています。').waitFor();

    const { page: dc } = await open(seeded.dcToken, 'en');
    await dc.goto(`${server.url}/exchange/exceptions`);
    const row = dc.getByRole('row', { name: /同意書の写し/ });
    await row.waitFor();
    await screenshot(dc, 'exchange-exceptions-pending-en');
    await row.getByRole('button', { name: 'Approve exception' }).click();
    await dc.getByRole('dialog').getByLabel('Reason').fill('Approved by the ethics committee; the list goes to the data center only.');
    await dc.getByRole('dialog').getByRole('button', { name: 'Approve exception' }).click();
    await row.waitFor({ state: 'detached' });
    await sender.reload();
    await sender.getByText('受け取り可能', { exact: true }).first().waitFor();

    await dc.goto(`${server.url}/exchange/holds`);
    await dc.getByRole('button', { name: 'Set a hold' }).click();
    await dc.getByRole('dialog').getByLabel('Reason').fill('Incident 2026-014: keep every transfer until the investigation ends.');
    await dc.getByRole('dialog').getByRole('button', { name: 'Set', exact: true }).click();
    await dc.getByRole('dialog').waitFor({ state: 'hidden' });
    await dc.getByRole('table').getByText('Every transfer', { exact: true }).waitFor();
    expect(await seriousA11yViolations(dc)).toEqual([]);
    await screenshot(dc, 'exchange-holds-active-en');
  });
});
