import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RegistrationChangeDto, RegistrationChangePage } from '../../../shared/registration.js';
import type { PersonDto } from '../../../shared/org.js';
import { groupRotationProposals, people, registrationChanges } from '../../db/schema/index.js';
import { GroupCredentialService } from '../groups/credentials.service.js';
import { TestSmtp } from '../../testing/smtp.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let dc: Client;
let dcId: string;

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  const staff = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
  dcId = staff.id;
  dc = await sessionFor(t, staff.id);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** A researcher at institution A in group A, signed in. */
async function researcherAt(inst: { id: string }, rg = org.rgA, extra: { role: 'site_coordinator'; institutionId: string; researchGroupId: string }[] = []) {
  const p = await seedPerson(t, { institutionIds: [inst.id], researchGroupIds: [rg.id], roles: [{ role: 'researcher', institutionId: inst.id }, ...extra] });
  return { person: p, client: await sessionFor(t, p.id) };
}
/** A site coordinator at the institution who reads email in English. */
async function coordinatorAt(inst: { id: string }, rg = org.rgA) {
  const p = await seedPerson(t, { institutionIds: [inst.id], researchGroupIds: [rg.id], roles: [{ role: 'site_coordinator', institutionId: inst.id, researchGroupId: rg.id }] });
  await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, p.id));
  return p;
}

const move = (from: string, to: string, extra: Record<string, unknown> = {}) => ({ change: { kind: 'move', fromInstitutionId: from, toInstitutionId: to, effectiveDate: '2026-05-01', ...extra }, note: '4月から異動します' });

describe('POST /api/registration-changes', () => {
  it('records a pending request about the person, audited, and tells the data center', async () => {
    const { person, client } = await researcherAt(org.instA);
    const seq = await lastAuditSeq(t);
    const res = await client.post('/api/registration-changes', move(org.instA.id, org.instB.id));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const dto = res.body as RegistrationChangeDto;
    expect(dto).toMatchObject({ status: 'pending', kind: 'move', person: { id: person.id }, submittedBy: { id: person.id }, note: '4月から異動します' });
    expect(dto.refs[org.instB.id]?.nameJa).toBe('乙病院');
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['registration_change.submitted']);
    // Nothing about the person changed yet.
    const [row] = await t.ctx.db.select().from(people).where(eq(people.id, person.id));
    expect(row?.familyNameJa).toBe(person.familyNameJa);
    await t.ctx.mailer.flush();
    const staff = await t.ctx.db.select({ email: people.email }).from(people).where(eq(people.id, dcId));
    await smtp.waitFor((m) => m.to.includes(staff[0]!.email) && m.text.includes(dto.id));
  });

  it('refuses a move from an institution the person is not at, and a bad date, changing nothing', async () => {
    const { client } = await researcherAt(org.instA);
    const before = await t.ctx.db.select().from(registrationChanges);
    const wrong = await client.post('/api/registration-changes', move(org.instB.id, org.instA.id));
    expect(wrong.status).toBe(400);
    const badDate = await client.post('/api/registration-changes', { change: { kind: 'retire', effectiveDate: '2026-13-40' } });
    expect(badDate.status).toBe(400);
    const noKind = await client.post('/api/registration-changes', { change: { kind: 'teleport' } });
    expect(errorCode(noKind)).toBe('VALIDATION_FAILED');
    expect(await t.ctx.db.select().from(registrationChanges)).toHaveLength(before.length);
  });

  it('lets a site coordinator submit for a researcher of their institution, and refuses one of another institution with 403', async () => {
    const sc = await coordinatorAt(org.instA);
    const scClient = await sessionFor(t, sc.id);
    const { person: own } = await researcherAt(org.instA);
    const { person: other } = await researcherAt(org.instB, org.rgB);
    const ok = await scClient.post('/api/registration-changes', { personId: own.id, change: { kind: 'leave_group', researchGroupId: org.rgA.id } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ person: { id: own.id }, submittedBy: { id: sc.id } });
    const seq = await lastAuditSeq(t);
    const refused = await scClient.post('/api/registration-changes', { personId: other.id, change: { kind: 'leave_group', researchGroupId: org.rgB.id } });
    expect(refused.status).toBe(403);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied']);
  });

  it('refuses a researcher submitting for a colleague', async () => {
    const { client } = await researcherAt(org.instA);
    const { person: colleague } = await researcherAt(org.instA);
    const res = await client.post('/api/registration-changes', { personId: colleague.id, change: { kind: 'retire', effectiveDate: '2026-06-30' } });
    expect(res.status).toBe(403);
  });
});

describe('approving a move', () => {
  it('applies it at once with history, recomputes access on the next request, and tells both institutions’ coordinators', async () => {
    const scA = await coordinatorAt(org.instA);
    const scB = await seedPerson(t, { institutionIds: [org.instB.id], researchGroupIds: [org.rgB.id], roles: [{ role: 'site_coordinator', institutionId: org.instB.id, researchGroupId: org.rgB.id }] });
    const colleagueA = await seedPerson(t, { familyNameEn: 'OldColleague', institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    const colleagueB = await seedPerson(t, { familyNameEn: 'NewColleague', institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
    const { person, client } = await researcherAt(org.instA);

    // Before: the researcher sees colleagues at A, not at B.
    const seen = async () => ((await client.get('/api/people?pageSize=200')).body as { items: { id: string }[] }).items.map((p) => p.id);
    expect(await seen()).toContain(colleagueA.id);
    expect(await seen()).not.toContain(colleagueB.id);

    const submitted = (await client.post('/api/registration-changes', move(org.instA.id, org.instB.id, { leaveResearchGroupIds: [] }))).body as RegistrationChangeDto;
    const seq = await lastAuditSeq(t);
    const res = await dc.post(`/api/registration-changes/${submitted.id}/decision`, { decision: 'approve', reason: '確認済み' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'approved', decidedBy: { id: dcId }, decisionReason: '確認済み' });
    expect((res.body as RegistrationChangeDto).before).toMatchObject({ institutionIds: [org.instA.id] });

    // History: the people audit trail and the decision, in one transaction.
    const actions = (await auditAfter(t, seq)).map((e) => e.action);
    expect(actions).toEqual(['person.updated', 'role.revoked', 'role.granted', 'registration_change.approved']);

    // The registration now says B, with the researcher role moved.
    const after = (await dc.get(`/api/people/${person.id}`)).body as PersonDto;
    expect(after.institutions.map((i) => i.id)).toEqual([org.instB.id]);
    expect(after.roleAssignments.map((r) => [r.role, r.institutionId])).toEqual([['researcher', org.instB.id]]);

    // Access follows on the very next request.
    expect(await seen()).toContain(colleagueB.id);
    expect(await seen()).not.toContain(colleagueA.id);

    // Both coordinators hear of it over SMTP, each in their own language, and so does the person.
    await t.ctx.mailer.flush();
    const toA = await smtp.waitFor((m) => m.to.includes(scA.email));
    expect(toA.subject).toContain('Hospital A');
    expect(toA.text).toContain('Hospital A → Hospital B');
    const toB = await smtp.waitFor((m) => m.to.includes(scB.email));
    expect(toB.subject).toContain('乙病院');
    expect(toB.text).toContain('甲病院 → 乙病院');
    const toPerson = await smtp.waitFor((m) => m.to.includes(person.email));
    expect(toPerson.subject).toContain('承認');

    // The person's own list shows the decision.
    const mine = (await client.get('/api/registration-changes')).body as RegistrationChangePage;
    expect(mine.items.find((i) => i.id === submitted.id)?.status).toBe('approved');
  });

  it('ends a site coordinator role at the old institution and makes them a researcher at the new one', async () => {
    const p = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id }] });
    const c = await sessionFor(t, p.id);
    const r = (await c.post('/api/registration-changes', move(org.instA.id, org.instB.id))).body as RegistrationChangeDto;
    expect((await dc.post(`/api/registration-changes/${r.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const after = (await dc.get(`/api/people/${p.id}`)).body as PersonDto;
    expect(after.roleAssignments.map((x) => [x.role, x.institutionId])).toEqual([['researcher', org.instB.id]]);
    expect(after.researchGroups.map((g) => g.id)).toEqual([org.rgA.id]);
  });

  it('answers 409 when the registration no longer fits the request, and changes nothing', async () => {
    const { client } = await researcherAt(org.instA);
    const first = (await client.post('/api/registration-changes', move(org.instA.id, org.instB.id))).body as RegistrationChangeDto;
    const second = (await client.post('/api/registration-changes', move(org.instA.id, org.instB.id))).body as RegistrationChangeDto;
    expect((await dc.post(`/api/registration-changes/${first.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const res = await dc.post(`/api/registration-changes/${second.id}/decision`, { decision: 'approve' });
    expect(errorCode(res)).toBe('REGISTRATION_OUTDATED');
    const [row] = await t.ctx.db.select().from(registrationChanges).where(eq(registrationChanges.id, second.id));
    expect(row?.status).toBe('pending');
  });
});

describe('other kinds of change', () => {
  it('applies a name change and an email change (the old address is told too)', async () => {
    const { person, client } = await researcherAt(org.instA);
    const name = (await client.post('/api/registration-changes', { change: { kind: 'name', familyNameJa: '新姓', givenNameJa: '花子', familyNameKana: 'シンセイ', givenNameKana: 'ハナコ', familyNameEn: 'Shinsei', givenNameEn: 'Hanako' } })).body as RegistrationChangeDto;
    expect((await dc.post(`/api/registration-changes/${name.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const newEmail = `renamed.${person.id.slice(0, 8)}@example.jp`;
    const email = (await client.post('/api/registration-changes', { change: { kind: 'email', email: newEmail } })).body as RegistrationChangeDto;
    expect((await dc.post(`/api/registration-changes/${email.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const [row] = await t.ctx.db.select().from(people).where(eq(people.id, person.id));
    expect([row?.familyNameJa, row?.givenNameEn, row?.email]).toEqual(['新姓', 'Hanako', newEmail]);
    await t.ctx.mailer.flush();
    await smtp.waitFor((m) => m.to.includes(person.email) && m.text.includes(newEmail));
    await smtp.waitFor((m) => m.to.includes(newEmail));
  });

  it('refuses an email change to an address someone else has (409)', async () => {
    const { client } = await researcherAt(org.instA);
    const other = await seedPerson(t, {});
    const res = await client.post('/api/registration-changes', { change: { kind: 'email', email: other.email } });
    expect([res.status, errorCode(res)]).toEqual([409, 'DUPLICATE_EMAIL']);
  });

  it('joins and leaves research groups; leaving ends a site coordinator role for that group', async () => {
    const p = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }, { role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id }] });
    const c = await sessionFor(t, p.id);
    const join = (await c.post('/api/registration-changes', { change: { kind: 'join_group', researchGroupId: org.rgB.id } })).body as RegistrationChangeDto;
    expect((await dc.post(`/api/registration-changes/${join.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const leave = (await c.post('/api/registration-changes', { change: { kind: 'leave_group', researchGroupId: org.rgA.id } })).body as RegistrationChangeDto;
    expect((await dc.post(`/api/registration-changes/${leave.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const after = (await dc.get(`/api/people/${p.id}`)).body as PersonDto;
    expect(after.researchGroups.map((g) => g.id)).toEqual([org.rgB.id]);
    expect(after.roleAssignments.map((r) => r.role)).toEqual(['researcher']);
  });

  it('leaving a group proposes a rotation of that group’s ID', async () => {
    await new GroupCredentialService(t.ctx).rotate(system, org.rgB.id); // the group has an ID
    const { client } = await researcherAt(org.instB, org.rgB);
    const r = (await client.post('/api/registration-changes', { change: { kind: 'leave_group', researchGroupId: org.rgB.id } })).body as RegistrationChangeDto;
    const open = () => t.ctx.db.select().from(groupRotationProposals).where(and(eq(groupRotationProposals.researchGroupId, org.rgB.id), eq(groupRotationProposals.status, 'open')));
    expect(await open()).toHaveLength(0);
    expect((await dc.post(`/api/registration-changes/${r.id}/decision`, { decision: 'approve' })).status).toBe(200);
    expect((await open()).map((p) => p.reason)).toEqual(['member_left']);
  });

  it('retirement removes the site roles and groups and offboards the account', async () => {
    const { person, client } = await researcherAt(org.instA);
    const r = (await client.post('/api/registration-changes', { change: { kind: 'retire', effectiveDate: '2026-03-31' } })).body as RegistrationChangeDto;
    const seq = await lastAuditSeq(t);
    expect((await dc.post(`/api/registration-changes/${r.id}/decision`, { decision: 'approve' })).status).toBe(200);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toContain('account.offboarded');
    const after = (await dc.get(`/api/people/${person.id}`)).body as PersonDto;
    expect([after.roleAssignments, after.researchGroups]).toEqual([[], []]);
    const [row] = await t.ctx.db.select().from(people).where(eq(people.id, person.id));
    expect(row?.accountStatus).toBe('offboarded');
    // Their session is over.
    expect((await client.get('/api/registration-changes')).status).toBe(401);
  });
});

describe('rejecting and withdrawing', () => {
  it('needs a reason to reject, then leaves the registration as it was and tells the person why', async () => {
    const { person, client } = await researcherAt(org.instA);
    const r = (await client.post('/api/registration-changes', move(org.instA.id, org.instB.id))).body as RegistrationChangeDto;
    const noReason = await dc.post(`/api/registration-changes/${r.id}/decision`, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    const res = await dc.post(`/api/registration-changes/${r.id}/decision`, { decision: 'reject', reason: 'The new hospital is not a site yet.' });
    expect(res.body).toMatchObject({ status: 'rejected', decisionReason: 'The new hospital is not a site yet.' });
    const after = (await dc.get(`/api/people/${person.id}`)).body as PersonDto;
    expect(after.institutions.map((i) => i.id)).toEqual([org.instA.id]);
    const again = await dc.post(`/api/registration-changes/${r.id}/decision`, { decision: 'approve' });
    expect(errorCode(again)).toBe('REQUEST_NOT_PENDING');
    await t.ctx.mailer.flush();
    const mail = await smtp.waitFor((m) => m.to.includes(person.email) && m.subject.includes('却下'));
    expect(mail.text).toContain('The new hospital is not a site yet.');
  });

  it('lets the person withdraw a pending request once; others get 404', async () => {
    const { client } = await researcherAt(org.instA);
    const { client: colleague } = await researcherAt(org.instA);
    const r = (await client.post('/api/registration-changes', { change: { kind: 'retire', effectiveDate: '2026-09-30' } })).body as RegistrationChangeDto;
    expect((await colleague.post(`/api/registration-changes/${r.id}/withdraw`)).status).toBe(404);
    expect((await colleague.get(`/api/registration-changes/${r.id}`)).status).toBe(404);
    const seq = await lastAuditSeq(t);
    const res = await client.post(`/api/registration-changes/${r.id}/withdraw`);
    expect(res.body).toMatchObject({ status: 'withdrawn' });
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['registration_change.withdrawn']);
    expect(errorCode(await client.post(`/api/registration-changes/${r.id}/withdraw`))).toBe('REQUEST_NOT_PENDING');
    expect(errorCode(await dc.post(`/api/registration-changes/${r.id}/decision`, { decision: 'approve' }))).toBe('REQUEST_NOT_PENDING');
  });

  it('refuses approval by a researcher or a site coordinator (403, audited), and keeps the queue from them', async () => {
    const { client } = await researcherAt(org.instA);
    const sc = await sessionFor(t, (await coordinatorAt(org.instA)).id);
    const r = (await client.post('/api/registration-changes', { change: { kind: 'retire', effectiveDate: '2026-09-30' } })).body as RegistrationChangeDto;
    for (const c of [client, sc]) {
      const seq = await lastAuditSeq(t);
      const res = await c.post(`/api/registration-changes/${r.id}/decision`, { decision: 'approve' });
      expect(res.status).toBe(403);
      expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied']);
      expect((await c.get('/api/registration-changes/queue')).status).toBe(403);
    }
    const [row] = await t.ctx.db.select().from(registrationChanges).where(eq(registrationChanges.id, r.id));
    expect(row?.status).toBe('pending');
    // The site coordinator of the person's institution may read it; the queue shows it to the data center.
    expect((await sc.get(`/api/registration-changes/${r.id}`)).status).toBe(200);
    const queue = (await dc.get('/api/registration-changes/queue?status=pending&pageSize=200')).body as RegistrationChangePage;
    expect(queue.items.some((i) => i.id === r.id)).toBe(true);
  });
});
