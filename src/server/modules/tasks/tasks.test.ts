import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyTasks, TaskKind } from '../../../shared/tasks.js';
import { systemActor, type Actor } from '../../authz/actor.js';
import { CreateAsset } from '../../../shared/assets.js';
import { accessReviewCampaigns, credentialLosses, groupRotationProposals, people, risks, sessions, threats } from '../../db/schema/index.js';
import { auditAfter, createTestApp, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';
import { AssetsService } from '../assets/assets.service.js';
import { RegistrationService } from '../registration/registration.service.js';
import { ReviewsService } from '../reviews/reviews.service.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let dc: Client;
let coord: Client;
let res: Client;
let researcherA: { id: string };
const DAY = 86_400_000;

const as = (personId: string): Actor => ({ ...systemActor('test'), kind: 'person', personId, sessionId: null });
const tasksOf = async (c: Client) => {
  const r = await c.get('/api/me/tasks');
  expect(r.status).toBe(200);
  return Object.fromEntries((r.body as MyTasks).items.map((i) => [i.kind, i.count])) as Partial<Record<TaskKind, number>>;
};
const total = async (c: Client, url: string) => {
  const r = await c.get(url);
  expect(r.status, url).toBe(200);
  return (r.body as { total: number }).total;
};

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
  const staff = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  dc = await sessionFor(t, staff.id);
  const c = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id }] });
  coord = await sessionFor(t, c.id);
  researcherA = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  res = await sessionFor(t, researcherA.id);
  const researcherB = await seedPerson(t, { institutionIds: [org.instB.id], researchGroupIds: [org.rgB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
  const now = t.clock.now();

  // An open credential-loss report (and a closed one, which does not count).
  await t.ctx.db.insert(credentialLosses).values([
    { personId: researcherB.id, lost: ['password'], reportedVia: 'signed_in', reportedAt: now },
    { personId: researcherB.id, lost: ['password'], reportedVia: 'signed_in', reportedAt: now, status: 'closed', closedAt: now },
  ]);
  // A pending registration change about the researcher at A, submitted by them.
  await new RegistrationService(t.ctx).submit(as(researcherA.id), { change: { kind: 'retire', effectiveDate: '2026-12-31' }, note: null });
  // A campaign over A and B: A's researcher goes to A's coordinator; B (no coordinator) and A's coordinator to the data center.
  const reviews = new ReviewsService(t.ctx);
  await reviews.start(system, { name: 'Current', dueDate: '2026-06-30', institutionIds: [org.instA.id, org.instB.id], includeStaff: false, reminderDays: 7 });
  // A second campaign, overdue with open items.
  const late = await reviews.start(system, { name: 'Late', dueDate: '2026-05-31', institutionIds: [org.instB.id], includeStaff: false, reminderDays: 7 });
  await t.ctx.db.update(accessReviewCampaigns).set({ dueAt: new Date(now.getTime() - DAY) }).where(eq(accessReviewCampaigns.id, late.id));
  // An open rotation proposal for group A.
  await t.ctx.db.insert(groupRotationProposals).values({ researchGroupId: org.rgA.id, reason: 'credential_loss', status: 'open', createdAt: now });
  // An invitation that expired, and an active account going dormant within 30 days.
  const invited = await seedPerson(t, { institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
  await t.ctx.db.update(people).set({ accountStatus: 'invited' }).where(eq(people.id, invited.id));
  const sleepy = await seedPerson(t, { institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
  await t.ctx.db.update(people).set({ accountStatus: 'active', lastSignInAt: new Date(now.getTime() - (t.ctx.config.dormancyDays - 10) * DAY), createdAt: new Date(now.getTime() - 400 * DAY) }).where(eq(people.id, sleepy.id));
  // Sharing: overlapping sessions from two addresses 2 days ago (counts), and 20 days ago for someone else (outside 7 days).
  const at = (personId: string, ip: string, daysAgo: number, n: number) =>
    t.ctx.db.insert(sessions).values({
      id: `tasks-${personId}-${n}`,
      personId,
      csrfToken: 'x',
      createdAt: new Date(now.getTime() - daysAgo * DAY),
      lastSeenAt: new Date(now.getTime() - daysAgo * DAY + 3_600_000),
      endedAt: new Date(now.getTime() - daysAgo * DAY + 3_600_000),
      endReason: 'signed_out',
      expiresAt: new Date(now.getTime() - daysAgo * DAY + 12 * 3_600_000),
      ip,
      userAgent: 'fixture',
    });
  await at(researcherB.id, '198.51.100.1', 2, 1);
  await at(researcherB.id, '203.0.113.1', 2, 2);
  await at(invited.id, '198.51.100.2', 20, 1);
  await at(invited.id, '203.0.113.2', 20, 2);
});
afterAll(() => t?.close());

describe('GET /api/me/tasks', () => {
  it('gives the data center every kind it works through, each counted like the page it links to, without an audit entry', async () => {
    const seq = await lastAuditSeq(t);
    const c = await tasksOf(dc);
    expect(c).toEqual({
      credential_loss_open: 1,
      registration_changes_to_review: 1,
      access_review_tasks: 3,
      access_review_overdue: 1,
      group_rotation_proposals: 1,
      invitations_expired: 1,
      accounts_dormant_soon: 1,
      sharing_signals: 1,
      my_registration_changes_pending: 0,
      risks_needs_review: 0,
      risks_review_overdue: 0,
      controls_evidence_expired: 0,
      transfer_exceptions: 0,
      transfer_approvals: 0,
      transfers_to_download: 0,
      incidents_to_triage: 0,
      breach_clocks_due: 0,
      incident_actions_overdue: 0,
      my_incident_actions: 0,
      acknowledgments_to_do: 0,
      courses_to_do: 0,
    });
    expect(await auditAfter(t, seq)).toEqual([]);
    // The same numbers as the pages the cards open.
    expect(c.credential_loss_open).toBe(await total(dc, '/api/credential-losses?status=open'));
    expect(c.registration_changes_to_review).toBe(await total(dc, '/api/registration-changes/queue?status=pending'));
    expect(c.access_review_tasks).toBe(await total(dc, '/api/access-reviews/tasks'));
    expect(c.invitations_expired).toBe(await total(dc, '/api/accounts?filter=invitation_expired'));
    expect(c.accounts_dormant_soon).toBe(await total(dc, '/api/accounts?filter=dormant_soon'));
    expect(c.sharing_signals).toBe(((await dc.get('/api/accounts/sharing-signals?days=7')).body as { items: unknown[] }).items.length);
  });

  it("counts a site coordinator's review items at their own institution only, and shows nothing of the data center's", async () => {
    const c = await tasksOf(coord);
    expect(c).toEqual({ access_review_tasks: 1, my_registration_changes_pending: 0, transfer_approvals: 0, transfers_to_download: 0, my_incident_actions: 0, acknowledgments_to_do: 0, courses_to_do: 0 });
    expect(c.access_review_tasks).toBe(await total(coord, '/api/access-reviews/tasks'));
  });

  it('gives a researcher only their own pending registration changes', async () => {
    const c = await tasksOf(res);
    expect(c).toEqual({ my_registration_changes_pending: 1, transfer_approvals: 0, transfers_to_download: 0, my_incident_actions: 0, acknowledgments_to_do: 0, courses_to_do: 0 });
    expect(c.my_registration_changes_pending).toBe(await total(res, '/api/registration-changes?status=pending'));
  });

  it('follows decisions: a closed report and a decided change no longer count', async () => {
    await t.ctx.db.update(credentialLosses).set({ status: 'closed' });
    const mine = (await res.get('/api/registration-changes?status=pending')).body as { items: { id: string }[] };
    expect((await res.post(`/api/registration-changes/${mine.items[0]!.id}/withdraw`)).status).toBe(200);
    expect((await tasksOf(res)).my_registration_changes_pending).toBe(0);
    const c = await tasksOf(dc);
    expect(c.credential_loss_open).toBe(0);
    expect(c.registration_changes_to_review).toBe(0);
  });

  it('counts risks to reassess and past their review date like the risk list, for the people who manage risks', async () => {
    const input = CreateAsset.parse({
      kind: 'medium', type: 'usb_memory', name: 'USBメモリ（症例データ）', category: 'medical', classification: 'confidential',
      confidentiality: 3, integrity: 2, availability: 2, ownerUnitId: org.dc.id, location: 'institution',
      locationInstitutionId: org.instA.id, institutionId: org.instA.id, researchGroupId: org.rgA.id,
    });
    const assetId = (await new AssetsService(t.ctx).create(system, input)).id;
    const [threat] = await t.ctx.db.select({ id: threats.id }).from(threats).limit(1);
    const yesterday = new Date(t.clock.now().getTime() - DAY).toISOString().slice(0, 10);
    const made = await dc.post('/api/risks', { assetIds: [assetId], threatId: threat!.id, inherentLikelihood: 3, inherentImpact: 4, nextReviewDate: yesterday });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const second = await dc.post('/api/risks', { assetIds: [assetId], threatId: threat!.id, inherentLikelihood: 2, inherentImpact: 2 });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    await t.ctx.db.update(risks).set({ status: 'needs_review' }).where(eq(risks.id, (second.body as { id: string }).id));
    const c = await tasksOf(dc);
    expect(c.risks_review_overdue).toBe(1);
    expect(c.risks_needs_review).toBe(1);
    expect(c.risks_review_overdue).toBe(await total(dc, '/api/risks?reviewOverdue=true'));
    expect(c.risks_needs_review).toBe(await total(dc, '/api/risks?status=needs_review'));
    // A researcher does not manage risks: no such cards.
    expect(await tasksOf(res)).not.toHaveProperty('risks_review_overdue');
  });
});
