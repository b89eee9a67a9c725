import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import type { TransferDto, TransferPage } from '../../src/shared/exchange.js';
import { CreatePerson, type CreatePersonInput } from '../../src/shared/org.js';
import { people } from '../../src/server/db/schema/index.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { TestSmtp } from '../../src/server/testing/smtp.js';
import { seedDataDir } from '../support/api.js';
import { launch, screenshot } from '../support/browser.js';
import { startServer, type RunningServer } from '../support/server.js';

const CLEAN = '登録番号,群,登録日\nJCOG0000-001,A,2026-03-02\nJCOG0000-002,B,2026-03-09\n';
/** About 10 MB of clean rows: two PATCH requests of the upload client's 8 MiB parts. */
const LARGE = (() => {
  const rows = ['登録番号,群,値'];
  let n = 0;
  for (let i = 0; n < 10 * 1024 * 1024; i++) {
    const r = `JCOG0000-${String(i).padStart(7, '0')},${i % 2 ? 'A' : 'B'},${(i * 7919) % 100000}`;
    rows.push(r);
    n += r.length + 1;
  }
  return rows.join('\n') + '\n';
})();

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
let context: BrowserContext;
let sender: Page;

async function open(token: string, lang: 'ja' | 'en', viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: lang === 'ja' ? 'ja-JP' : 'en-US', acceptDownloads: true });
  await context.addCookies([{ name: 'mamori_session', value: token, url: server.url }]);
  await context.addInitScript((l) => localStorage.setItem('mamori.lang', l), lang);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

beforeAll(async () => {
  smtp = await TestSmtp.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-exchange-wait-'));
  seeded = await seed(dataDir);
  server = await startServer({ DATA_DIR: dataDir, SMTP_URL: smtp.url });
  browser = await launch();
  ({ context, page: sender } = await open(seeded.scToken, 'ja'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe('sending waits for every chosen upload (P32-2.1.2)', () => {
  it('keeps send disabled, saying why, while a large file uploads; pressing it (twice) then sends one transfer with every file', async () => {
    // The large file's second PATCH is held until the test lets it go: the upload is mid-way, deterministically.
    let patches = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held = false;
    await sender.route('**/api/exchange/uploads/*', async (route: Route) => {
      if (route.request().method() === 'PATCH' && ++patches === 3) {
        held = true;
        await gate;
      }
      await route.continue();
    });
    const creates: string[] = [];
    sender.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/exchange/transfers') creates.push(r.url());
    });

    await sender.goto(`${server.url}/exchange/send`);
    await sender.getByRole('heading', { name: 'ファイルを送る', level: 1 }).waitFor();
    await sender.getByTestId('recipient-search').fill('中央');
    await sender.getByRole('option', { name: /中央 花子/ }).click();
    await sender.getByLabel('目的', { exact: true }).fill('JCOG0000 登録症例の CRF データ（4 月分）');
    await sender.getByRole('combobox', { name: 'データの種類', exact: true }).click();
    await sender.getByRole('option', { name: '症例データ（登録番号のみ）' }).click();
    // The small CSV first (one PATCH), then the large one (the first of its two PATCHes goes through).
    await sender.getByTestId('file-input').setInputFiles({ name: 'crf-april.csv', mimeType: 'text/csv', buffer: Buffer.from(CLEAN, 'utf8') });
    await sender.getByTestId('uploaded-file').filter({ hasText: 'crf-april.csv' }).waitFor();
    await sender.getByTestId('file-input').setInputFiles({ name: 'values-april.csv', mimeType: 'text/csv', buffer: Buffer.from(LARGE, 'utf8') });
    await expect.poll(() => held, { timeout: 60_000 }).toBe(true);

    const send = sender.getByTestId('send-submit');
    const reason = sender.getByTestId('send-blocked-reason');
    await reason.waitFor();
    expect(await reason.innerText()).toContain('アップロード中');
    expect(await send.isDisabled()).toBe(true);
    expect(await send.getAttribute('aria-describedby')).toBe('send-blocked-reason');
    await screenshot(sender, 'exchange-send-waiting-for-upload-ja');
    // Pressing it anyway (a forced click, Enter in a field) sends nothing.
    await send.click({ force: true });
    await sender.getByLabel('目的', { exact: true }).press('Enter');
    expect(creates).toEqual([]);

    release();
    await reason.waitFor({ state: 'detached' });
    await sender.getByTestId('uploaded-file').filter({ hasText: 'values-april.csv' }).waitFor();
    expect(await send.isDisabled()).toBe(false);
    await send.dblclick();
    await sender.waitForURL(/\/exchange\/transfers\//);
    const id = sender.url().split('/').pop()!;

    expect(creates).toHaveLength(1);
    const outbox = (await (await context.request.get(`${server.url}/api/exchange/transfers?box=outbox`)).json()) as TransferPage;
    expect(outbox.total).toBe(1);
    const transfer = (await (await context.request.get(`${server.url}/api/exchange/transfers/${id}`)).json()) as TransferDto;
    expect(transfer.fileList.map((f) => f.fileName).sort()).toEqual(['crf-april.csv', 'values-april.csv']);
    expect(transfer.fileList.find((f) => f.fileName === 'values-april.csv')!.size).toBe(Buffer.byteLength(LARGE));
    expect(transfer.state).not.toBe('draft');
  });
});
