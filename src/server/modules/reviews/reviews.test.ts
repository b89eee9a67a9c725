import { and, eq } from 'drizzle-orm';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignDto, ReviewItemDto, ReviewItemPage } from '../../../shared/reviews.js';
import type { PersonDto } from '../../../shared/org.js';
import { accessReviewItems, mailOutbox, people } from '../../db/schema/index.js';
import { TestSmtp } from '../../testing/smtp.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let dc: Client;
let sm: { id: string; email: string };
let dcStaff: { id: string; email: string };
let scA: { id: string; email: string };
let scAClient: Client;
const researchersA: { id: string; email: string }[] = [];
const researchersB: { id: string; email: string }[] = [];
let contractor: { id: string };

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  sm = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
  dcStaff = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  dc = await sessionFor(t, dcStaff.id);
  scA = await seedPerson(t, { familyNameEn: 'Coordinator', institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id }] });
  await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, scA.id));
  scAClient = await sessionFor(t, scA.id);
  for (let i = 0; i < 3; i++) researchersA.push(await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] }));
  for (let i = 0; i < 2; i++) researchersB.push(await seedPerson(t, { institutionIds: [org.instB.id], researchGroupIds: [org.rgB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] }));
  contractor = await seedPerson(t, { roles: [{ role: 'contractor' }] });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const start = async (body: Record<string, unknown> = {}) => {
  const res = await dc.post('/api/access-reviews', { name: '2026年度 上期アクセス権レビュー', dueDate: '2026-04-30', includeStaff: true, reminderDays: 7, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as CampaignDto;
};
/** Emails of a template written for a person (each is sent once from the outbox). */
const queued = async (template: string, personId: string) => (await t.ctx.db.select().from(mailOutbox).where(and(eq(mailOutbox.template, template), eq(mailOutbox.personId, personId)))).length;
const itemsOf = async (campaignId: string) => t.ctx.db.select().from(accessReviewItems).where(eq(accessReviewItems.campaignId, campaignId));
const itemFor = async (campaignId: string, personId: string) => (await t.ctx.db.select().from(accessReviewItems).where(and(eq(accessReviewItems.campaignId, campaignId), eq(accessReviewItems.personId, personId))))[0]!;

describe('starting a campaign', () => {
  it('assigns researchers to their institution’s coordinators, and the rest (flagged where no coordinator) to the data center', async () => {
    const seq = await lastAuditSeq(t);
    const c = await start();
    const items = await itemsOf(c.id);
    const by = (id: string) => items.filter((i) => i.personId === id).map((i) => [i.role, i.reviewer, i.flagged]);
    for (const r of researchersA) expect(by(r.id)).toEqual([['researcher', 'site_coordinator', false]]);
    for (const r of researchersB) expect(by(r.id)).toEqual([['researcher', 'data_center', true]]);
    expect(by(scA.id)).toEqual([['site_coordinator', 'data_center', false]]);
    expect(by(sm.id)).toEqual([['security_manager', 'data_center', false]]);
    expect(by(dcStaff.id)).toEqual([['data_center_staff', 'data_center', false]]);
    expect(by(contractor.id)).toEqual([['contractor', 'data_center', false]]);
    expect(c.counts).toMatchObject({ total: items.length, open: items.length });
    const b = c.progress.find((p) => p.institutionId === org.instB.id);
    expect(b).toMatchObject({ total: 2, flagged: true, nameEn: 'Hospital B' });
    const audit = await auditAfter(t, seq);
    expect(audit.map((e) => e.action)).toEqual(['access_review.started']);
    expect(audit[0]?.details).toMatchObject({ items: items.length, institutionsWithoutCoordinator: [org.instB.id] });
    // Reviewers are told at once, in their language.
    await t.ctx.mailer.flush();
    const mail = await smtp.waitFor((m) => m.to.includes(scA.email) && m.subject.includes('Access review'));
    expect(mail.text).toContain('3 item(s)');
  });

  it('limits to the chosen institutions and leaves out staff when asked', async () => {
    const c = await start({ institutionIds: [org.instA.id], includeStaff: false });
    const items = await itemsOf(c.id);
    expect(items.map((i) => i.role).sort()).toEqual(['researcher', 'researcher', 'researcher', 'site_coordinator']);
  });

  it('refuses a due date in the past and an unknown institution, creating nothing', async () => {
    const before = (await (await dc.get('/api/access-reviews')).body as { items: unknown[] }).items.length;
    expect((await dc.post('/api/access-reviews', { name: 'x', dueDate: '2026-03-01' })).status).toBe(400);
    expect((await dc.post('/api/access-reviews', { name: 'x', dueDate: '2026-05-01', institutionIds: ['00000000-0000-4000-8000-000000000000'] })).status).toBe(400);
    expect(((await dc.get('/api/access-reviews')).body as { items: unknown[] }).items).toHaveLength(before);
  });
});

describe('reviewing', () => {
  it('shows a site coordinator only their institution’s researchers, and hides the rest (404)', async () => {
    const c = await start();
    const page = (await scAClient.get(`/api/access-reviews/${c.id}/items`)).body as ReviewItemPage;
    expect(page.items.map((i) => i.personId).sort()).toEqual(researchersA.map((r) => r.id).sort());
    const tasks = (await scAClient.get('/api/access-reviews/tasks?pageSize=500')).body as ReviewItemPage;
    expect(tasks.items.every((i) => i.institution?.id === org.instA.id && i.reviewer === 'site_coordinator')).toBe(true);
    const itemB = await itemFor(c.id, researchersB[0]!.id);
    const res = await scAClient.post(`/api/access-reviews/items/${itemB.id}/decision`, { decision: 'confirm' });
    expect(res.status).toBe(404);
    const own = await itemFor(c.id, scA.id);
    expect((await scAClient.post(`/api/access-reviews/items/${own.id}/decision`, { decision: 'confirm' })).status).toBe(404);
    expect((await itemFor(c.id, researchersB[0]!.id)).status).toBe('open');
    // Nor can they run campaigns or read the report.
    expect((await scAClient.get(`/api/access-reviews/${c.id}`)).status).toBe(403);
    expect((await scAClient.get(`/api/access-reviews/${c.id}/report.csv`)).status).toBe(403);
  });

  it('shows a researcher nothing of reviews (403, audited)', async () => {
    const c = await start();
    const r = await sessionFor(t, researchersA[0]!.id);
    const item = await itemFor(c.id, researchersA[1]!.id);
    for (const call of [() => r.get('/api/access-reviews'), () => r.get('/api/access-reviews/tasks'), () => r.get(`/api/access-reviews/${c.id}/items`), () => r.post(`/api/access-reviews/items/${item.id}/decision`, { decision: 'confirm' })]) {
      const seq = await lastAuditSeq(t);
      const res = await call();
      expect(res.status).toBe(403);
      expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied']);
    }
  });

  it('removal needs a reason, revokes the role at that institution through the people service, and is audited', async () => {
    const c = await start();
    const target = researchersA[2]!;
    const targetClient = await sessionFor(t, target.id);
    expect(((await targetClient.get('/api/people?pageSize=200')).body as { total: number }).total).toBeGreaterThan(1);
    const item = await itemFor(c.id, target.id);
    expect((await scAClient.post(`/api/access-reviews/items/${item.id}/decision`, { decision: 'remove' })).status).toBe(400);
    const seq = await lastAuditSeq(t);
    const res = await scAClient.post(`/api/access-reviews/items/${item.id}/decision`, { decision: 'remove', reason: 'Left the hospital in March' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'removed', reason: 'Left the hospital in March' });
    expect((res.body as ReviewItemDto).decidedBy).toContain('Coordinator');
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['person.updated', 'role.revoked', 'access_review.decided']);
    const after = (await dc.get(`/api/people/${target.id}`)).body as PersonDto;
    expect(after.roleAssignments).toEqual([]);
    expect(after.institutions).toEqual([]);
    // The next request already sees only themself.
    expect(((await targetClient.get('/api/people?pageSize=200')).body as { total: number }).total).toBe(1);
    // Decided once only.
    expect(errorCode(await scAClient.post(`/api/access-reviews/items/${item.id}/decision`, { decision: 'confirm' }))).toBe('REQUEST_NOT_PENDING');
  });

  it('does not let anyone decide their own item', async () => {
    const c = await start();
    const own = await itemFor(c.id, dcStaff.id);
    const res = await dc.post(`/api/access-reviews/items/${own.id}/decision`, { decision: 'confirm' });
    expect(res.status).toBe(403);
    const smClient = await sessionFor(t, sm.id);
    expect((await smClient.post(`/api/access-reviews/items/${own.id}/decision`, { decision: 'confirm' })).status).toBe(200);
  });

  it('bulk-confirms a coordinator’s rows, and refuses the whole batch if one row is not theirs', async () => {
    const c = await start();
    const mine = await Promise.all(researchersA.slice(0, 2).map((r) => itemFor(c.id, r.id)));
    const other = await itemFor(c.id, researchersB[0]!.id);
    expect((await scAClient.post('/api/access-reviews/items/bulk-confirm', { itemIds: [...mine.map((i) => i.id), other.id] })).status).toBe(404);
    expect((await itemFor(c.id, researchersA[0]!.id)).status).toBe('open');
    const res = await scAClient.post('/api/access-reviews/items/bulk-confirm', { itemIds: mine.map((i) => i.id) });
    expect(res.body).toEqual({ confirmed: 2, skipped: 0 });
    const detail = (await dc.get(`/api/access-reviews/${c.id}`)).body as CampaignDto;
    expect(detail.progress.find((p) => p.institutionId === org.instA.id)).toMatchObject({ confirmed: 2 });
  });
});

describe('deadlines', () => {
  it('reminds reviewers with open items once, N days before the due date, then escalates once after it', async () => {
    t.clock.set('2026-04-01T00:00:00Z');
    const c = await start({ name: 'Deadline review', dueDate: '2026-04-20', institutionIds: [org.instA.id], includeStaff: false, reminderDays: 5 });
    await t.ctx.jobs.runDue(true);
    await t.ctx.mailer.flush();
    const reminders = () => smtp.received.filter((m) => m.subject.includes('due soon: Deadline review'));
    expect(reminders()).toHaveLength(0);

    t.clock.set('2026-04-14T23:59:00+09:00');
    await t.ctx.jobs.runDue(true);
    t.clock.set('2026-04-15T00:01:00+09:00'); // the day five days before the 20th
    const seq = await lastAuditSeq(t);
    await t.ctx.jobs.runDue(true);
    await t.ctx.mailer.flush();
    const r = await smtp.waitFor((m) => m.to.includes(scA.email) && m.subject.includes('due soon: Deadline review'));
    // researchersA[2] lost the role in an earlier test: two researchers are left at A.
    expect(r.text).toContain('2 open item(s)');
    expect((await auditAfter(t, seq)).map((e) => e.action)).toContain('access_review.reminded');
    await t.ctx.jobs.runDue(true);
    await t.ctx.mailer.flush();
    expect(await queued('access_review.reminder', scA.id)).toBe(1);

    // One researcher confirmed in time; the rest are escalated after the 20th (Japan time).
    scAClient = await sessionFor(t, scA.id);
    dc = await sessionFor(t, dcStaff.id);
    const first = await itemFor(c.id, researchersA[0]!.id);
    expect((await scAClient.post(`/api/access-reviews/items/${first.id}/decision`, { decision: 'confirm' })).status).toBe(200);
    t.clock.set('2026-04-20T23:00:00+09:00');
    await t.ctx.jobs.runDue(true);
    expect((await itemsOf(c.id)).some((i) => i.escalated)).toBe(false);
    t.clock.set('2026-04-21T00:30:00+09:00');
    await t.ctx.jobs.runDue(true);
    await t.ctx.mailer.flush();
    const items = await itemsOf(c.id);
    expect(items.filter((i) => i.escalated).map((i) => i.personId).sort()).toEqual([researchersA[1]!.id, scA.id].sort());
    expect(items.find((i) => i.personId === researchersA[0]!.id)?.escalated).toBe(false);
    await smtp.waitFor((m) => m.to.includes(sm.email) && m.subject.includes('Deadline review'));
    await smtp.waitFor((m) => m.to.includes(dcStaff.email) && m.subject.includes('Deadline review') && m.text.includes('甲病院'));
    await t.ctx.jobs.runDue(true);
    expect(await queued('access_review.escalation', sm.id)).toBe(1);
    dc = await sessionFor(t, dcStaff.id);
    const detail = (await dc.get(`/api/access-reviews/${c.id}`)).body as CampaignDto;
    expect(detail.counts).toMatchObject({ confirmed: 1, escalated: 2 });

    // Closing records what is left as not reviewed; nothing can be decided afterwards.
    const closed = await dc.post(`/api/access-reviews/${c.id}/close`);
    expect((closed.body as CampaignDto).counts).toMatchObject({ notReviewed: 2, open: 0, confirmed: 1 });
    const late = await itemFor(c.id, researchersA[1]!.id);
    expect(errorCode(await dc.post(`/api/access-reviews/items/${late.id}/decision`, { decision: 'confirm' }))).toBe('REVIEW_CLOSED');
    expect(errorCode(await dc.post(`/api/access-reviews/${c.id}/close`))).toBe('REVIEW_CLOSED');
  });
});

describe('the result report', () => {
  let campaign: CampaignDto;
  beforeAll(async () => {
    t.clock.set('2026-05-01T00:00:00Z');
    dc = await sessionFor(t, dcStaff.id);
    scAClient = await sessionFor(t, scA.id);
    campaign = await start({ name: '報告用レビュー', dueDate: '2026-05-31', institutionIds: [org.instA.id, org.instB.id], includeStaff: false });
    const item = await itemFor(campaign.id, researchersA[0]!.id);
    await scAClient.post(`/api/access-reviews/items/${item.id}/decision`, { decision: 'confirm', reason: '在籍確認済み' });
  });

  it('is a CSV with a byte-order mark and one row per item, with who decided and when', async () => {
    const seq = await lastAuditSeq(t);
    const res = await dc.get(`/api/access-reviews/${campaign.id}/report.csv?lang=ja`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const raw = res.raw.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toContain('"判断者"');
    const items = await itemsOf(campaign.id);
    expect(lines).toHaveLength(items.length + 1);
    const confirmed = lines.find((l) => l.includes(researchersA[0]!.email))!;
    expect(confirmed).toContain('"継続"');
    expect(confirmed).toContain('"在籍確認済み"');
    expect(confirmed).toContain('"2026-05-01 09:00"');
    expect(confirmed).toContain('甲病院');
    expect(lines.filter((l) => l.includes('"乙病院"') && l.includes('"はい"'))).toHaveLength(2); // flagged: no coordinator at B
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['access_review.exported']);
  });

  it('is a valid PDF in Japanese or English with the Japanese font embedded', async () => {
    for (const lang of ['ja', 'en']) {
      const res = await dc.get(`/api/access-reviews/${campaign.id}/report.pdf?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.raw.rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
      const text = pdf.toString('latin1');
      expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP/);
      expect(text).toContain('/FontFile2');
      // The title is drawn with the embedded font's glyphs: its content stream is not empty.
      const streams = [...text.matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((m) => {
        try {
          return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
        } catch {
          return '';
        }
      });
      expect(streams.some((s) => s.includes('Tj') || s.includes('TJ'))).toBe(true);
    }
  });
});
