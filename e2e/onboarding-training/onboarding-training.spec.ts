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
    await ctx.db.update(people).set({ accountStatus: 'active', pledgeVersion: PLEDGE_VERSION, mfaEnrolledAt: new Date() }).where(eq(people.id, sm.id));
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
    return { managerToken: (await ctx.sessions.create(ctx.db, sm.id, '127.0.0.1', 'e2e')).token, documentId: doc!.id };
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
