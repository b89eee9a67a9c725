import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLEDGE_VERSION } from '../../src/shared/account.js';
import { EVERYONE } from '../../src/shared/audience.js';
import { CreatePerson } from '../../src/shared/org.js';
import { courseAssignments, courseLessons, courseQuestionOptions, courseQuestions, courses, documentAcknowledgments, documents, documentVersions, people } from '../../src/server/db/schema/index.js';
import { hashPassword } from '../../src/server/modules/identity/password.js';
import { PeopleService } from '../../src/server/modules/org/people.service.js';
import { seedDataDir } from '../support/api.js';
import { launch, screenshot, seriousA11yViolations } from '../support/browser.js';
import { signInAndOnboard } from '../support/onboard.js';
import { startServer, type RunningServer } from '../support/server.js';

const email = 'shinjin.kenkyu@example.jp';
const password = 'a new researcher passphrase';

/**
 * A research group with the policy (published, to be acknowledged by everyone) and the basic
 * security course (published), two hospitals with a few people who have or have not done them,
 * the manager (whose session goes to the browser) and a new researcher with an account to set up.
 */
async function seed(dataDir: string) {
  return seedDataDir(dataDir, async ({ ctx, system, registries: r }) => {
    const dc = (await r.units.create(system, { code: 'DC', kind: 'data_center', nameJa: 'データセンター', nameEn: 'Data Center' })) as { id: string };
    const a = (await r.institutions.create(system, { code: 'H001', nameJa: '東都大学病院', nameEn: 'Toto University Hospital', prefecture: '13' })) as { id: string };
    const b = (await r.institutions.create(system, { code: 'H002', nameJa: 'みなと市立病院', nameEn: 'Minato City Hospital', prefecture: '14' })) as { id: string };
    const svc = new PeopleService(ctx);
    const person = async (i: number, inst: string, fields: Partial<Parameters<typeof CreatePerson.parse>[0]> = {}) =>
      svc.create(
        system,
        CreatePerson.parse({ familyNameJa: '研究', givenNameJa: `${i}郎`, familyNameKana: 'ケンキュウ', familyNameEn: 'Kenkyu', givenNameEn: `R${i}`, email: `r${i}@example.jp`, institutionIds: [inst], roles: [{ role: 'researcher', institutionId: inst }], ...fields }),
      );
    const sm = await svc.create(system, CreatePerson.parse({ familyNameJa: '管理', givenNameJa: '責任者', familyNameEn: 'Kanri', givenNameEn: 'Sekinin', email: 'ism@example.jp', unitId: dc.id, roles: [{ role: 'security_manager' }] }));
    const author = await svc.create(
      system,
      CreatePerson.parse({ familyNameJa: '台帳', givenNameJa: '守', familyNameEn: 'Daicho', givenNameEn: 'Mamoru', email: 'dc@example.jp', unitId: dc.id, roles: [{ role: 'data_center_staff', unitId: dc.id }] }),
    );
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, sm.id));
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, author.id));
    const newcomer = await person(0, a.id, { familyNameJa: '新人', givenNameJa: '花子', familyNameEn: 'Shinjin', givenNameEn: 'Hanako', email });
    await ctx.db.update(people).set({ passwordHash: await hashPassword(password), accountStatus: 'active' }).where(eq(people.id, newcomer.id));
    const others = [];
    for (let i = 1; i <= 8; i++) others.push(await person(i, i % 2 ? a.id : b.id));
    await ctx.db.update(people).set({ accountStatus: 'active' });

    const now = new Date();
    const [doc] = await ctx.db
      .insert(documents)
      .values({ code: 'POL-032', kind: 'policy', titleJa: '情報セキュリティポリシー', titleEn: 'Information Security Policy', audience: EVERYONE, ownerId: sm.id })
      .returning();
    const [version] = await ctx.db
      .insert(documentVersions)
      .values({ documentId: doc!.id, version: '3.0', status: 'published', bodyJa: '# 情報セキュリティポリシー\n\n本文', bodyEn: '# Information Security Policy\n\nText', publishedAt: now, publishedBy: sm.id, effectiveFrom: '2026-04-01' })
      .returning();
    const [course] = await ctx.db
      .insert(courses)
      .values({ code: 'TR-BASIC', titleJa: '情報セキュリティ基礎研修', titleEn: 'Information security basics', status: 'published', audience: EVERYONE, maxAttempts: 3, passMark: 80, questionsPerAttempt: 1 })
      .returning();
    await ctx.db.insert(courseLessons).values([
      { courseId: course!.id, position: 0, titleJa: 'パスワード', titleEn: 'Passwords', bodyJa: 'パスワードは使い回さない。', bodyEn: 'Never reuse a password.' },
      { courseId: course!.id, position: 1, titleJa: '持ち出し', titleEn: 'Taking data out', bodyJa: '個人情報は暗号化して持ち出す。', bodyEn: 'Encrypt personal data you take out.' },
    ]);
    const [question] = await ctx.db
      .insert(courseQuestions)
      .values({ courseId: course!.id, position: 0, kind: 'single', promptJa: 'パスワードを使い回してよいか', promptEn: 'May you reuse a password?', explanationJa: '使い回さない。', explanationEn: 'Never.' })
      .returning();
    await ctx.db.insert(courseQuestionOptions).values([
      { questionId: question!.id, position: 0, textJa: '使い回さない', textEn: 'No', correct: true },
      { questionId: question!.id, position: 1, textJa: '使い回してよい', textEn: 'Yes', correct: false },
    ]);
    const everyone = [newcomer, ...others];
    await ctx.db.insert(documentAcknowledgments).values(
      everyone.map((p, i) => ({ documentId: doc!.id, versionId: version!.id, personId: p.id, assignedAt: now, dueOn: i === 0 ? '2099-12-31' : '2026-01-31', acknowledgedAt: i > 0 && i % 3 !== 0 ? now : null, language: 'ja' })),
    );
    await ctx.db.insert(courseAssignments).values(everyone.map((p, i) => ({ courseId: course!.id, personId: p.id, cycle: 'once', assignedAt: now, dueOn: '2099-12-31', completedAt: i > 0 && i % 2 === 0 ? now : null })));
    return {
      managerToken: (await ctx.sessions.create(ctx.db, sm.id, '127.0.0.1', 'e2e')).token,
      authorToken: (await ctx.sessions.create(ctx.db, author.id, '127.0.0.1', 'e2e')).token,
      documentId: doc!.id,
    };
  });
}

let server: RunningServer;
let browser: Browser;
let manager: BrowserContext;
let researcher: BrowserContext;
let page: Page;
let seeded: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mamori-e2e-onboarding-training-'));
  seeded = await seed(dataDir);
  server = await startServer({ DATA_DIR: dataDir });
  browser = await launch();
  manager = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
  await manager.addCookies([{ name: 'mamori_session', value: seeded.managerToken, url: server.url }]);
  researcher = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP', isMobile: true, hasTouch: true });
  page = await researcher.newPage();
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a new researcher is onboarded and trained (P32-6)', () => {
  it('the manager sees coverage per institution and can drill down to names', async () => {
    const p = await manager.newPage();
    p.setDefaultTimeout(15_000);
    await p.goto(`${server.url}/`);
    await p.getByRole('navigation').getByRole('link', { name: '周知・教育の達成状況' }).click();
    await p.getByRole('heading', { name: '周知・教育の達成状況', level: 1 }).waitFor();
    await p.getByTestId('coverage-card').filter({ hasText: '情報セキュリティポリシー' }).waitFor();
    await p.getByTestId('coverage-chart').locator('svg').waitFor();
    await p.getByTestId('coverage-row').filter({ hasText: '東都大学病院' }).waitFor();
    await p.getByTestId('coverage-row').filter({ hasText: 'みなと市立病院' }).waitFor();
    await p.getByRole('button', { name: '東都大学病院 の対象者の氏名を見る' }).click();
    await p.getByTestId('coverage-people').getByText('新人 花子').waitFor();
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'coverage-ja');
    await p.getByRole('navigation').getByRole('link', { name: '規程・文書' }).click();
    await p.getByRole('link', { name: '情報セキュリティポリシー' }).click();
    await p.getByRole('heading', { name: 'POL-032 情報セキュリティポリシー', level: 1 }).waitFor();
    await p.getByText('第 3.0 版').waitFor();
    expect(await seriousA11yViolations(p)).toEqual([]);
    await screenshot(p, 'document-ja');
    await p.close();
  });

  it('signs in, finds the policy and the course on "my tasks" (on a phone)', async () => {
    await signInAndOnboard(page, server.url, email, password);
    await page.goto(`${server.url}/my-tasks`);
    await page.getByRole('heading', { name: '私のタスク', level: 1 }).waitFor();
    const tasks = page.getByTestId('my-task');
    await expect.poll(() => tasks.count()).toBe(2);
    await tasks.filter({ hasText: '情報セキュリティポリシー' }).getByRole('link', { name: /読んで確認する/ }).waitFor();
    await tasks.filter({ hasText: '情報セキュリティ基礎研修' }).getByRole('link', { name: /受講する/ }).waitFor();
    expect(await page.getByRole('link', { name: /読んで確認する/ }).getAttribute('href')).toBe(`/documents/${seeded.documentId}/read`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'my-tasks-phone-ja');
  });

  it('reads and accepts the policy, passes the course and downloads the certificate (a PDF)', async () => {
    await page.goto(`${server.url}/documents/${seeded.documentId}/read`);
    await page.getByRole('heading', { name: 'POL-032 情報セキュリティポリシー', level: 1 }).waitFor();
    await page.getByText('本文', { exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'document-reader-phone-ja');
    await page.getByRole('button', { name: '確認しました', exact: true }).click();
    await page.getByText(/に確認しました。/).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'document-acknowledged-phone-ja');

    await page.goto(`${server.url}/my-tasks`);
    await page.getByRole('link', { name: /受講する/ }).first().click();
    await page.getByText('パスワードは使い回さない。').waitFor();
    await page.getByRole('button', { name: '次へ', exact: true }).click();
    await page.getByText('個人情報は暗号化して持ち出す。').waitFor();
    await page.getByRole('button', { name: '理解度確認へ進む' }).click();
    await page.getByRole('button', { name: '理解度確認を始める' }).click();
    await page.getByRole('radio', { name: '使い回さない', exact: true }).check();
    await page.getByRole('button', { name: '解答を送信する' }).click();
    await page.getByText('合格です').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'course-passed-phone-ja');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '修了証をダウンロード', exact: true }).click()]);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('a revision of the policy (P32-8, P32-6)', () => {
  it('is written by the data center, approved and published by the manager, compared with the last version, and asks everyone to accept it again', async () => {
    const author = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
    await author.addCookies([{ name: 'mamori_session', value: seeded.authorToken, url: server.url }]);
    const a = await author.newPage();
    a.setDefaultTimeout(15_000);
    await a.goto(`${server.url}/documents/${seeded.documentId}`);
    await a.getByRole('button', { name: '新しい版を作成' }).click();
    await a.getByRole('textbox', { name: '版番号' }).fill('3.1');
    await a.getByRole('textbox', { name: '改定内容' }).fill('パスワードの項を追加');
    await a.getByRole('textbox', { name: '本文（日本語・Markdown）' }).fill('# 情報セキュリティポリシー\n\n本文\n\n## パスワード\n\nパスワードは使い回さない。');
    await a.getByRole('textbox', { name: '本文（英語・Markdown）' }).fill('# Information Security Policy\n\nText\n\n## Passwords\n\nNever reuse a password.');
    await a.getByRole('button', { name: '版を作成' }).click();
    await a.getByText('第 3.1 版').waitFor();
    await a.getByRole('button', { name: '承認を申請' }).click();
    await a.getByText('承認待ち', { exact: true }).first().waitFor();
    // the author may not approve their own version: the button is not there
    expect(await a.getByRole('button', { name: '承認する' }).count()).toBe(0);
    await author.close();

    const m = await manager.newPage();
    m.setDefaultTimeout(15_000);
    await m.goto(`${server.url}/documents/${seeded.documentId}`);
    await m.getByRole('button', { name: '承認する' }).click();
    const approve = m.getByRole('dialog');
    await approve.getByLabel('運営委員会承認日').fill('2026-11-20');
    await approve.getByRole('button', { name: '承認する' }).click();
    await m.getByRole('button', { name: '公開する' }).click();
    await m.getByRole('dialog').getByRole('button', { name: '公開する' }).click();
    await m.getByText('旧版', { exact: true }).first().waitFor();
    await m.getByText('2026-11-20').first().waitFor();
    // the comparison shows the added section beside the last version
    await m.getByRole('heading', { name: '版の比較' }).waitFor();
    await m.getByRole('cell', { name: /パスワードは使い回さない。/ }).waitFor();
    expect(await seriousA11yViolations(m)).toEqual([]);
    await screenshot(m, 'document-revised-ja');
    await m.close();

    // the researcher who accepted 3.0 is asked to accept 3.1
    await page.goto(`${server.url}/my-tasks`);
    await page.getByTestId('my-task').filter({ hasText: '情報セキュリティポリシー' }).getByRole('link', { name: /読んで確認する/ }).waitFor();
    await page.goto(`${server.url}/documents/${seeded.documentId}/read`);
    await page.getByText('パスワードは使い回さない。').waitFor();
  });
});
