import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionDto, ActionList, ActionPage, RootCauseDto } from '../../../shared/capa.js';
import { CreateAsset } from '../../../shared/assets.js';
import { controls, incidentEvents, incidents, mailOutbox, people, riskAssessments, riskControls, risks, threats } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';
import { TestSmtp } from '../../testing/smtp.js';
import { AssetsService } from '../assets/assets.service.js';
import { RisksService } from '../risks/risks.service.js';
import { actionsBlockingClose } from './capa.guard.js';
import { countMyOpenActions, countOverdueActions } from './capa.jobs.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
const ids = { sm: '', dc: '', dc2: '', reporter: '', owner: '', outsider: '' };
let sm: Client;
let dc: Client;
let dc2: Client;
let reporter: Client;
let owner: Client;
let outsider: Client;
let ownerEmail = '';
let smEmail = '';

let n = 0;
/** An incident written directly (reporting is the incidents module's business), at A by the reporter or at B by nobody. */
async function incident(at: 'A' | 'B' = 'A') {
  const now = t.clock.now();
  const [row] = await t.ctx.db
    .insert(incidents)
    .values({ ref: `INC-2026-9${String(++n).padStart(3, '0')}`, kind: 'lost_device', title: 'USBメモリの紛失', awareAt: now, reportedAt: now, institutionId: at === 'A' ? org.instA.id : org.instB.id, reportedBy: at === 'A' ? ids.reporter : null })
    .returning();
  return row!;
}

async function createAction(incidentId: string, body: Record<string, unknown> = {}, as: Client = sm) {
  const res = await as.post(`/api/incidents/${incidentId}/actions`, { kind: 'corrective', title: 'USBメモリを暗号化付きに交換', ownerId: ids.owner, dueOn: '2026-04-30', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as ActionDto;
}

const events = (incidentId: string) => t.ctx.db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, incidentId)).orderBy(asc(incidentEvents.id));

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  const smP = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
  smEmail = smP.email;
  ids.sm = smP.id;
  ids.dc = (await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id;
  ids.dc2 = (await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id;
  ids.reporter = (await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] })).id;
  // The owner works at B: they do not see the incident at A, only the actions they own.
  const ownerP = await seedPerson(t, { institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
  ids.owner = ownerP.id;
  ownerEmail = ownerP.email;
  ids.outsider = (await seedPerson(t, { institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] })).id;
  await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, ids.owner));
  sm = await sessionFor(t, ids.sm);
  dc = await sessionFor(t, ids.dc);
  dc2 = await sessionFor(t, ids.dc2);
  reporter = await sessionFor(t, ids.reporter);
  owner = await sessionFor(t, ids.owner);
  outsider = await sessionFor(t, ids.outsider);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('root-cause analysis', () => {
  it('is saved by the desk with the whys, factors and statement, keeps every save, and writes the timeline and the audit log', async () => {
    const inc = await incident();
    const empty = (await reporter.get(`/api/incidents/${inc.id}/root-cause`)).body as RootCauseDto;
    expect(empty).toMatchObject({ method: 'five_whys', whys: [], version: 0, completed: false, history: [] });

    const seq = await lastAuditSeq(t);
    const draft = await dc.request('PUT', `/api/incidents/${inc.id}/root-cause`, {
      method: 'five_whys',
      whys: ['USBメモリを電車に置き忘れた', '持ち出し時に鞄へ入れなかった', '持ち出しの手順がない'],
      factors: [{ category: 'process', text: '持ち出し手順が未整備' }],
      statement: '',
      completed: false,
      version: 0,
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect((draft.body as RootCauseDto).version).toBe(1);
    // A stale version answers 409 and changes nothing.
    const stale = await sm.request('PUT', `/api/incidents/${inc.id}/root-cause`, { method: 'free', whys: [], factors: [], statement: 'x', completed: false, version: 0 });
    expect([stale.status, errorCode(stale)]).toEqual([409, 'CAPA_VERSION_CONFLICT']);
    // Completed needs a statement.
    const noStatement = await sm.request('PUT', `/api/incidents/${inc.id}/root-cause`, { method: 'five_whys', whys: [], factors: [], statement: '', completed: true, version: 1 });
    expect([noStatement.status, errorCode(noStatement)]).toEqual([400, 'VALIDATION_FAILED']);
    // At most seven whys.
    expect((await sm.request('PUT', `/api/incidents/${inc.id}/root-cause`, { method: 'five_whys', whys: Array(8).fill('なぜ'), factors: [], statement: '', completed: false, version: 1 })).status).toBe(400);

    const done = await sm.request('PUT', `/api/incidents/${inc.id}/root-cause`, {
      method: 'fishbone',
      whys: ['持ち出し手順がない'],
      factors: [
        { category: 'people', text: '注意不足' },
        { category: 'technology', text: '暗号化されていない媒体' },
        { category: 'third_party', text: '委託先の媒体管理' },
      ],
      statement: '媒体の持ち出し手順と暗号化の強制がなかった',
      completed: true,
      version: 1,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const rc = done.body as RootCauseDto;
    expect(rc).toMatchObject({ method: 'fishbone', completed: true, version: 2, statement: '媒体の持ち出し手順と暗号化の強制がなかった' });
    expect(rc.completedAt).not.toBeNull();
    expect(rc.history.map((h) => [h.version, h.by?.id, h.completed])).toEqual([
      [2, ids.sm, true],
      [1, ids.dc, false],
    ]);
    expect((await events(inc.id)).map((e) => e.type)).toEqual(['note', 'decision']);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['incident_root_cause.saved', 'incident_root_cause.saved']);
  });

  it('is refused to people who are not the desk (403) and hidden outside the incident’s scope (404)', async () => {
    const inc = await incident();
    const body = { method: 'free', whys: [], factors: [], statement: 'x', completed: false, version: 0 };
    expect((await reporter.request('PUT', `/api/incidents/${inc.id}/root-cause`, body)).status).toBe(403);
    expect((await outsider.get(`/api/incidents/${inc.id}/root-cause`)).status).toBe(404);
    expect((await owner.get(`/api/incidents/${inc.id}/root-cause`)).status).toBe(404);
  });
});

describe('corrective and preventive actions', () => {
  it('go open → in progress → done by the owner, and are verified by the desk; each step on the timeline and in the audit log', async () => {
    const inc = await incident();
    const seq = await lastAuditSeq(t);
    const a = await createAction(inc.id, { description: '全員分を交換する' });
    expect(a).toMatchObject({ ref: expect.stringMatching(/^CA-2026-\d{4}$/), status: 'open', version: 1, overdue: false, owner: { id: ids.owner }, incidentRef: inc.ref });
    expect(await actionsBlockingClose(t.ctx.db, inc.id)).toBe(1);

    // The owner sees their action (not the incident) and moves it along.
    expect((await owner.get(`/api/incidents/${inc.id}/actions`)).status).toBe(404);
    const mine = (await owner.get('/api/incident-actions')).body as ActionPage;
    expect(mine.items.map((x) => x.id)).toEqual([a.id]);
    expect(mine.items[0]!.may).toEqual({ edit: false, progress: true, check: false, accept: false });
    const started = await owner.patch(`/api/incident-actions/${a.id}`, { version: 1, status: 'in_progress', note: '発注しました' });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    // ...but may not edit it, nor check it.
    expect((await owner.patch(`/api/incident-actions/${a.id}`, { version: 2, dueOn: '2026-06-30' })).status).toBe(403);
    // A stale version is refused.
    const stale = await owner.patch(`/api/incident-actions/${a.id}`, { version: 1, status: 'done' });
    expect([stale.status, errorCode(stale)]).toEqual([409, 'CAPA_VERSION_CONFLICT']);
    // Verified comes only from the check; a done action is not "verified" by a PATCH.
    expect((await owner.patch(`/api/incident-actions/${a.id}`, { version: 2, status: 'verified' })).status).toBe(400);
    const done = await owner.patch(`/api/incident-actions/${a.id}`, { version: 2, status: 'done' });
    expect((done.body as ActionDto).status).toBe('done');
    expect(await actionsBlockingClose(t.ctx.db, inc.id)).toBe(1);

    // Not effective → back in progress.
    const notYet = await dc.post(`/api/incident-actions/${a.id}/check`, { version: 3, effective: false, note: '一部が未交換' });
    expect(notYet.status, JSON.stringify(notYet.body)).toBe(200);
    expect(notYet.body).toMatchObject({ status: 'in_progress', effectiveness: 'not_effective', checkedBy: { id: ids.dc } });
    // Checking needs a done action.
    expect(errorCode(await dc.post(`/api/incident-actions/${a.id}/check`, { version: 4, effective: true, note: 'x' }))).toBe('CAPA_ACTION_STATE');
    await owner.patch(`/api/incident-actions/${a.id}`, { version: 4, status: 'done', note: '残りも交換' });
    const ok = await sm.post(`/api/incident-actions/${a.id}/check`, { version: 5, effective: true, note: '全数交換を確認' });
    expect(ok.body).toMatchObject({ status: 'verified', effectiveness: 'effective', effectivenessNote: '全数交換を確認', checkedBy: { id: ids.sm } });
    expect((ok.body as ActionDto).closedAt).not.toBeNull();
    expect(await actionsBlockingClose(t.ctx.db, inc.id)).toBe(0);
    // A verified action is closed.
    expect(errorCode(await sm.patch(`/api/incident-actions/${a.id}`, { version: 6, title: 'x' }))).toBe('CAPA_ACTION_STATE');

    const evs = (await events(inc.id)).filter((e) => e.type === 'action');
    expect(evs.map((e) => (e.data as { change: string }).change)).toEqual(['created', 'status', 'status', 'checked', 'status', 'checked']);
    expect(evs[1]!.text).toContain('発注しました');
    expect((await auditAfter(t, seq)).map((e) => e.action).filter((x) => x !== 'authz.denied')).toEqual([
      'incident_action.created',
      'incident_action.status_changed',
      'incident_action.status_changed',
      'incident_action.checked',
      'incident_action.status_changed',
      'incident_action.checked',
    ]);
    // The incident's people see the action; the reporter cannot move it (not the owner).
    const list = (await reporter.get(`/api/incidents/${inc.id}/actions`)).body as ActionList;
    expect(list.items.map((x) => x.status)).toEqual(['verified']);
    const other = await createAction(inc.id);
    expect((await reporter.patch(`/api/incident-actions/${other.id}`, { version: 1, status: 'in_progress' })).status).toBe(403);
    expect((await outsider.patch(`/api/incident-actions/${other.id}`, { version: 1, status: 'in_progress' })).status).toBe(404);
    expect((await outsider.get(`/api/incidents/${inc.id}/actions`)).status).toBe(404);
    expect(((await outsider.get('/api/incident-actions?scope=all')).body as ActionPage).items).toEqual([]);
  });

  it('are checked by the desk but never by their owner, accepted only by the manager with a reason, cancelled with a reason', async () => {
    const inc = await incident();
    const a = await createAction(inc.id, { ownerId: ids.dc2 }, dc);
    await dc2.patch(`/api/incident-actions/${a.id}`, { version: 1, status: 'done' });
    const own = await dc2.post(`/api/incident-actions/${a.id}/check`, { version: 2, effective: true, note: '自分で確認' });
    expect([own.status, errorCode(own)]).toEqual([403, 'CAPA_OWN_ACTION']);
    expect((await owner.post(`/api/incident-actions/${a.id}/check`, { version: 2, effective: true, note: 'x' })).status).toBe(403);
    expect((await reporter.post(`/api/incidents/${inc.id}/actions`, { kind: 'corrective', title: 'x', ownerId: ids.owner, dueOn: '2026-05-01' })).status).toBe(403);

    const b = await createAction(inc.id, { kind: 'preventive' });
    expect((await dc.patch(`/api/incident-actions/${b.id}`, { version: 1, status: 'accepted', reason: '費用に見合わない' })).status).toBe(403);
    const noReason = await sm.patch(`/api/incident-actions/${b.id}`, { version: 1, status: 'accepted' });
    expect([noReason.status, errorCode(noReason)]).toEqual([400, 'VALIDATION_FAILED']);
    const accepted = await sm.patch(`/api/incident-actions/${b.id}`, { version: 1, status: 'accepted', reason: '代替策で十分' });
    expect(accepted.body).toMatchObject({ status: 'accepted', closeReason: '代替策で十分' });

    const c = await createAction(inc.id);
    expect((await owner.patch(`/api/incident-actions/${c.id}`, { version: 1, status: 'cancelled', reason: 'x' })).status).toBe(403);
    expect((await dc.patch(`/api/incident-actions/${c.id}`, { version: 1, status: 'cancelled', reason: '重複' })).body).toMatchObject({ status: 'cancelled' });
    // Only `a` (done, awaiting its check) still blocks closing the incident.
    expect(await actionsBlockingClose(t.ctx.db, inc.id)).toBe(1);
  });

  it('refuse bad input with a code and change nothing', async () => {
    const inc = await incident();
    const bad = await sm.post(`/api/incidents/${inc.id}/actions`, { kind: 'corrective', title: 'x', ownerId: '00000000-0000-4000-8000-000000000000', dueOn: '2026-05-01' });
    expect([bad.status, errorCode(bad)]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await sm.post(`/api/incidents/${inc.id}/actions`, { kind: 'other', title: 'x', ownerId: ids.owner, dueOn: 'tomorrow' })).status).toBe(400);
    expect((await sm.post('/api/incidents/00000000-0000-4000-8000-000000000000/actions', { kind: 'corrective', title: 'x', ownerId: ids.owner, dueOn: '2026-05-01' })).status).toBe(404);
    expect((await sm.get('/api/incident-actions?status=nope')).status).toBe(400);
    expect(((await sm.get(`/api/incidents/${inc.id}/actions`)).body as ActionList).items).toEqual([]);
  });
});

describe('an action that updates a risk', () => {
  let riskId: string;
  let controlId: string;
  beforeAll(async () => {
    const inst = org.instA.id;
    const asset = await new AssetsService(t.ctx).create(
      system,
      CreateAsset.parse({ kind: 'medium', type: 'usb_memory', name: 'USBメモリ（症例データ）', category: 'special_care', classification: 'confidential', confidentiality: 3, integrity: 2, availability: 2, ownerUnitId: org.dc.id, location: 'institution', locationInstitutionId: inst, institutionId: inst, researchGroupId: org.rgA.id }),
    );
    const [threat] = await t.ctx.db.select().from(threats).where(eq(threats.code, 'T-03'));
    riskId = (await new RisksService(t.ctx).create(system, { assetIds: [asset.id], threatId: threat!.id, vulnerabilityIds: [], inherentLikelihood: 4, inherentImpact: 5 })).id;
    controlId = (await t.ctx.db.select({ id: controls.id }).from(controls).limit(1))[0]!.id;
  });

  it('applies the proposed residual level and control when verified effective, in the risk’s history with the action’s reference', async () => {
    const inc = await incident();
    // A risk that does not exist (or that the creator cannot see) is refused.
    const outOfSight = await sm.post(`/api/incidents/${inc.id}/actions`, { kind: 'corrective', title: 'x', ownerId: ids.owner, dueOn: '2026-05-01', riskId: '00000000-0000-4000-8000-000000000000' });
    expect(outOfSight.status).toBe(400);
    const tooBig = await sm.post(`/api/incidents/${inc.id}/actions`, { kind: 'corrective', title: 'x', ownerId: ids.owner, dueOn: '2026-05-01', riskId, riskChange: { residualLikelihood: 9, residualImpact: 2 } });
    expect(tooBig.status).toBe(400);

    const a = await createAction(inc.id, { riskId, riskChange: { residualLikelihood: 1, residualImpact: 3, controlId } });
    expect(a.risk).toMatchObject({ id: riskId, ref: expect.stringMatching(/^R-/) });
    await owner.patch(`/api/incident-actions/${a.id}`, { version: 1, status: 'done' });
    const seq = await lastAuditSeq(t);
    const res = await sm.post(`/api/incident-actions/${a.id}/check`, { version: 2, effective: true, note: '暗号化USBへの切り替えを確認' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [r] = await t.ctx.db.select().from(risks).where(eq(risks.id, riskId));
    expect([r!.inherentLikelihood, r!.inherentImpact, r!.residualLikelihood, r!.residualImpact, r!.treatment, r!.status]).toEqual([4, 5, 1, 3, 'reduce', 'in_treatment']);
    const history = await t.ctx.db.select().from(riskAssessments).where(and(eq(riskAssessments.riskId, riskId), eq(riskAssessments.kind, 'assessed')));
    expect(history.map((h) => h.note)).toEqual([expect.stringContaining(a.ref)]);
    expect((await t.ctx.db.select().from(riskControls).where(eq(riskControls.riskId, riskId))).map((c) => c.controlId)).toEqual([controlId]);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['risk.assessed', 'risk.controls_changed', 'incident_action.checked']);
  });

  it('marks the risk "needs review" when no change was proposed; a not-effective check changes nothing', async () => {
    const inc = await incident();
    const a = await createAction(inc.id, { riskId });
    await owner.patch(`/api/incident-actions/${a.id}`, { version: 1, status: 'done' });
    await dc.post(`/api/incident-actions/${a.id}/check`, { version: 2, effective: false, note: 'まだ' });
    expect((await t.ctx.db.select().from(risks).where(eq(risks.id, riskId)))[0]!.status).toBe('in_treatment');
    await owner.patch(`/api/incident-actions/${a.id}`, { version: 3, status: 'done' });
    expect((await dc.post(`/api/incident-actions/${a.id}/check`, { version: 4, effective: true, note: '確認' })).status).toBe(200);
    expect((await t.ctx.db.select().from(risks).where(eq(risks.id, riskId)))[0]!.status).toBe('needs_review');
  });
});

describe('lists and counters', () => {
  it('list mine, all and overdue, and count them for the home page', async () => {
    const inc = await incident();
    const late = await createAction(inc.id, { dueOn: '2026-03-20', title: '期限切れの処置' });
    const today = '2026-04-01';
    const asOwner = { kind: 'person' as const, personId: ids.owner, sessionId: null, ip: null, userAgent: null, roles: [{ role: 'researcher' as const, institutionId: org.instB.id, researchGroupId: null, unitId: null, committeeId: null }], unitId: null, institutionIds: [org.instB.id], researchGroupIds: [], committeeIds: [] };
    const overdue = ((await owner.get('/api/incident-actions?overdue=true')).body as ActionPage).items;
    expect(overdue.map((x) => x.id)).toEqual([late.id]);
    expect(overdue[0]!.overdue).toBe(true);
    expect(await countOverdueActions(t.ctx.db, asOwner, today)).toBe(1);
    const myOpen = ((await owner.get('/api/incident-actions?status=open,in_progress')).body as ActionPage).total;
    expect(await countMyOpenActions(t.ctx.db, asOwner, today)).toBe(myOpen);
    const all = (await sm.get('/api/incident-actions?scope=all&overdue=true')).body as ActionPage;
    expect(all.items.map((x) => x.id)).toContain(late.id);
    expect(((await sm.get('/api/incident-actions')).body as ActionPage).items).toEqual([]); // the manager owns none
    expect(((await outsider.get('/api/incident-actions?scope=all&overdue=true')).body as ActionPage).total).toBe(0);
  });
});

describe('reminders (moving the clock, over SMTP)', () => {
  it('tell the owner 3 days before and once overdue, and the manager 7 days after, once each', async () => {
    await t.ctx.jobs.runDue(true); // earlier tests' overdue actions are announced now, out of the way
    await t.ctx.mailer.flush();
    const inc = await incident();
    const a = await createAction(inc.id, { dueOn: '2026-04-20', title: '媒体管理手順の制定' });
    const outbox = async (personId: string) =>
      (await t.ctx.db.select({ template: mailOutbox.template, body: mailOutbox.body }).from(mailOutbox).where(eq(mailOutbox.personId, personId)).orderBy(asc(mailOutbox.id))).filter((m) => m.body.includes(a.ref)).map((m) => m.template);
    const run = async () => {
      await t.ctx.jobs.runDue(true);
      await t.ctx.mailer.flush();
    };
    t.clock.set(new Date('2026-04-16T09:00:00+09:00')); // 4 days before: nothing
    await run();
    expect(await outbox(ids.owner)).toEqual([]);
    t.clock.set(new Date('2026-04-17T09:00:00+09:00')); // 3 days before
    await run();
    await run();
    expect(await outbox(ids.owner)).toEqual(['incident_action.due_soon']);
    const soon = await smtp.waitFor((m) => m.to.includes(ownerEmail.toLowerCase()) && m.text.includes(a.ref));
    expect(soon.subject).toBe('[Mamori] Corrective actions due soon (1)'); // the owner reads English
    t.clock.set(new Date('2026-04-20T23:00:00+09:00')); // the due day itself: not overdue yet
    await run();
    t.clock.set(new Date('2026-04-21T08:00:00+09:00'));
    await run();
    await run();
    expect(await outbox(ids.owner)).toEqual(['incident_action.due_soon', 'incident_action.overdue']);
    expect(await outbox(ids.sm)).toEqual([]);
    t.clock.set(new Date('2026-04-26T09:00:00+09:00')); // 6 days after: not yet escalated
    await run();
    expect(await outbox(ids.sm)).toEqual([]);
    t.clock.set(new Date('2026-04-27T09:00:00+09:00')); // 7 days after
    await run();
    await run();
    expect(await outbox(ids.sm)).toEqual(['incident_action.escalated']);
    expect(await outbox(ids.owner)).toEqual(['incident_action.due_soon', 'incident_action.overdue']);
    const esc = await smtp.waitFor((m) => m.to.includes(smEmail.toLowerCase()) && m.text.includes(a.ref));
    expect(esc.subject).toContain('期限を 7 日以上過ぎた');
    expect(smtp.received.filter((m) => m.text.includes(a.ref)).length).toBe(3);
  });
});
