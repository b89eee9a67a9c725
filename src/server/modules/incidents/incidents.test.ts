import { count, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDashboardDto, IncidentDto, IncidentPage } from '../../../shared/incidents.js';
import { OPEN_INCIDENT_STATUSES } from '../../../shared/incidents.js';
import { incidentActions, incidentAttachmentFiles, incidentClocks, incidents, laws, people, referenceCounters } from '../../db/schema/index.js';
import { TestSmtp } from '../../testing/smtp.js';
import { auditAfter, createTestApp, errorCode, fieldPaths, lastAuditSeq, seedOrg, seedPerson, sessionFor, system, type Client, type TestEnv } from '../../testing/harness.js';
import { AssetsService } from '../assets/assets.service.js';
import { countIncidentsToTriage } from './incidents.read.js';
import type { Actor } from '../../authz/actor.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let manager: { id: string; email: string; client: Client };
let dc: { id: string; email: string; client: Client };
let researcherA: { id: string; client: Client };
let researcherB: { id: string; client: Client };
let coordinatorA: { id: string; client: Client };

beforeAll(async () => {
  smtp = await TestSmtp.start();
  t = await createTestApp({ SMTP_URL: smtp.url });
  org = await seedOrg(t);
  const m = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
  await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, m.id));
  manager = { ...m, client: await sessionFor(t, m.id) };
  const d = await seedPerson(t, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }], unitId: org.dc.id });
  dc = { ...d, client: await sessionFor(t, d.id) };
  const ra = await seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  researcherA = { id: ra.id, client: await sessionFor(t, ra.id) };
  const rb = await seedPerson(t, { institutionIds: [org.instB.id], researchGroupIds: [org.rgB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
  researcherB = { id: rb.id, client: await sessionFor(t, rb.id) };
  const c = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'site_coordinator', institutionId: org.instA.id, researchGroupId: org.rgA.id }] });
  coordinatorA = { id: c.id, client: await sessionFor(t, c.id) };
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const lostUsb = (over: Record<string, unknown> = {}) => ({
  kind: 'lost_device',
  title: 'USBメモリの紛失',
  description: '症例報告書の写しを保存したUSBメモリを電車内で紛失した。患者12名の氏名と病名を含む。',
  occurredAt: '2026-03-31T09:00:00+09:00',
  awareAt: '2026-03-31T18:30:00+09:00',
  location: '通勤電車内',
  personalInfo: 'yes',
  peopleAffected: 12,
  specialCare: true,
  encrypted: false,
  keySafe: null,
  ...over,
});
const countIncidents = async () => Number((await t.ctx.db.select({ n: count() }).from(incidents))[0]!.n);
const detail = async (c: Client, id: string) => (await c.get(`/api/incidents/${id}`)).body as IncidentDto;

describe('reporting (P32-2.1.1)', () => {
  it('a researcher reports: a reference number, the reporter’s institution, and an email to the manager and the data center without the details', async () => {
    const res = await researcherA.client.post('/api/incidents', lostUsb());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { id, ref } = res.body as { id: string; ref: string };
    expect(ref).toMatch(/^INC-2026-\d{4}$/);
    const d = await detail(researcherA.client, id);
    expect(d).toMatchObject({ ref, status: 'reported', kind: 'lost_device', personalInfo: 'yes', specialCare: true, peopleAffected: 12, awareAt: '2026-03-31T09:30:00.000Z' });
    expect(d.institution?.id).toBe(org.instA.id);
    expect(d.reportedBy?.id).toBe(researcherA.id);
    expect(d.events.map((e) => e.type)).toEqual(['reported']);
    expect(d.canManage).toBe(false);
    await t.ctx.mailer.flush();
    const toManager = await smtp.waitFor((m) => m.to.includes(manager.email) && m.subject.includes(ref));
    expect(toManager.subject).toContain('Incident reported'); // the manager reads English
    expect(toManager.text).toContain(`/incidents/${id}`);
    const toDc = await smtp.waitFor((m) => m.to.includes(dc.email) && m.subject.includes(ref));
    expect(toDc.subject).toContain('インシデントの報告');
    for (const m of [toManager, toDc]) {
      expect(m.text).not.toContain('患者');
      expect(m.text).not.toContain('USB');
    }
  });

  it('numbers run per year without gaps or duplicates, also when reports arrive together', async () => {
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => researcherA.client.post('/api/incidents', lostUsb({ title: `同時報告 ${i}`, personalInfo: 'no' }))));
    const refs = results.map((r) => (r.body as { ref: string }).ref).sort();
    const nums = refs.map((r) => Number(r.slice(-4)));
    expect(new Set(refs).size).toBe(5);
    expect(nums[4]! - nums[0]!).toBe(4);
    // a new (Japan) year starts again at 0001: 2026-12-31T15:00Z is already 2027 in Japan
    const saved = t.clock.now();
    t.clock.set(new Date('2026-12-31T15:00:00Z'));
    // (a session of its own: the others would look idle for nine months)
    const p = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
    const next = await (await sessionFor(t, p.id)).post('/api/incidents', lostUsb({ awareAt: undefined, occurredAt: null, personalInfo: 'no' }));
    t.clock.set(saved);
    expect((next.body as { ref: string }).ref).toBe('INC-2027-0001');
  });

  it('refuses invalid reports and changes nothing (nor uses up a number)', async () => {
    const before = await countIncidents();
    const assetB = await new AssetsService(t.ctx).create(system, {
      kind: 'medium',
      type: 'usb_memory',
      name: '乙病院のUSBメモリ',
      description: '',
      category: 'medical',
      classification: 'confidential',
      confidentiality: 3,
      integrity: 2,
      availability: 2,
      ownerUnitId: org.dc.id,
      location: 'institution',
      locationInstitutionId: org.instB.id,
      institutionId: org.instB.id,
      researchGroupId: org.rgB.id,
      studyIds: [],
      lawIds: [],
    });
    const cases: [Record<string, unknown>, string][] = [
      [lostUsb({ awareAt: '2026-04-02T00:00:00Z' }), 'awareAt'],
      [lostUsb({ occurredAt: '2026-04-01T00:00:00+09:00', awareAt: '2026-03-31T00:00:00+09:00' }), 'occurredAt'],
      [lostUsb({ institutionId: '00000000-0000-4000-8000-000000000000' }), 'institutionId'],
      [lostUsb({ assetIds: [assetB.id] }), 'assetIds.0'],
      [lostUsb({ studyIds: ['00000000-0000-4000-8000-000000000001'] }), 'studyIds.0'],
      [lostUsb({ kind: 'alien_invasion' }), 'kind'],
      [lostUsb({ title: '' }), 'title'],
    ];
    const counter = async () => (await t.ctx.db.select().from(referenceCounters).where(eq(referenceCounters.series, 'INC'))).map((r) => `${r.year}:${r.last}`).sort();
    const refBefore = await counter();
    for (const [body, path] of cases) {
      const res = await researcherA.client.post('/api/incidents', body);
      expect([res.status, errorCode(res)], JSON.stringify(res.body)).toEqual([400, 'VALIDATION_FAILED']);
      expect(fieldPaths(res)).toContain(path);
    }
    expect(await countIncidents()).toBe(before);
    expect(await counter()).toEqual(refBefore);
  });
});

describe('workflow (P32-4)', () => {
  let id: string;
  const status = (c: Client, body: Record<string, unknown>) => c.post(`/api/incidents/${id}/status`, body);
  const version = async () => (await detail(manager.client, id)).version;

  beforeAll(async () => {
    id = ((await researcherA.client.post('/api/incidents', lostUsb({ personalInfo: 'no' }))).body as { id: string }).id;
  });

  it('allows the transitions in the table, refuses the others, and writes the timeline and the audit log', async () => {
    expect(errorCode(await status(manager.client, { to: 'closed', version: 1 }))).toBe('INCIDENT_TRANSITION_REFUSED');
    const noTriage = await status(manager.client, { to: 'triaged', version: 1 });
    expect(fieldPaths(noTriage).sort()).toEqual(['assigneeId', 'severity']);
    expect(errorCode(await status(researcherA.client, { to: 'triaged', version: 1, severity: 'high', assigneeId: dc.id }))).toBe('FORBIDDEN');
    const seq = await lastAuditSeq(t);
    const triaged = await status(manager.client, { to: 'triaged', version: 1, severity: 'high', assigneeId: dc.id });
    expect(triaged.status, JSON.stringify(triaged.body)).toBe(200);
    const d = triaged.body as IncidentDto;
    expect(d).toMatchObject({ status: 'triaged', severity: 'high', version: 2 });
    expect(d.assignee?.id).toBe(dc.id);
    expect(d.triagedAt).not.toBeNull();
    expect(d.events.map((e) => e.type)).toEqual(['reported', 'severity_changed', 'assigned', 'status_changed']);
    expect(d.nextStatuses).toEqual(['contained', 'investigating', 'dismissed']);
    expect((await auditAfter(t, seq)).map((a) => a.action)).toEqual(['incident.status_changed']);
    // a stale version is refused
    expect(errorCode(await status(manager.client, { to: 'contained', version: 1 }))).toBe('INCIDENT_VERSION_CONFLICT');
    expect(errorCode(await manager.client.patch(`/api/incidents/${id}`, { version: 1, severity: 'low' }))).toBe('INCIDENT_VERSION_CONFLICT');
    // the assignee (data center) contains it; a severity change is on the timeline
    expect((await status(dc.client, { to: 'contained', version: 2 })).status).toBe(200);
    const patched = await dc.client.patch(`/api/incidents/${id}`, { version: 3, severity: 'critical', location: '東京駅' });
    expect((patched.body as IncidentDto).events.at(-1)).toMatchObject({ type: 'severity_changed', data: { from: 'high', to: 'critical' } });
  });

  it('dismissing needs a reason', async () => {
    const other = ((await researcherA.client.post('/api/incidents', lostUsb({ personalInfo: 'no' }))).body as { id: string }).id;
    const res = await manager.client.post(`/api/incidents/${other}/status`, { to: 'dismissed', version: 1 });
    expect(fieldPaths(res)).toEqual(['reason']);
    const ok = await manager.client.post(`/api/incidents/${other}/status`, { to: 'dismissed', version: 1, reason: '紛失ではなく机の中にあった' });
    expect(ok.body).toMatchObject({ status: 'dismissed', dismissedReason: '紛失ではなく机の中にあった' });
  });

  it('closing is refused while a corrective action is open (P32-4)', async () => {
    for (const to of ['investigating', 'resolved']) expect((await status(manager.client, { to, version: await version() })).status).toBe(200);
    const [action] = await t.ctx.db
      .insert(incidentActions)
      .values({ incidentId: id, ref: `CA-T-${Date.now()}`, kind: 'corrective', title: 'USBメモリの暗号化を必須にする', dueOn: '2026-05-01', status: 'in_progress' })
      .returning();
    const refused = await status(manager.client, { to: 'closed', version: await version() });
    expect([refused.status, errorCode(refused)]).toEqual([409, 'INCIDENT_ACTIONS_OPEN']);
    await t.ctx.db.update(incidentActions).set({ status: 'verified' }).where(eq(incidentActions.id, action!.id));
    const closed = await status(manager.client, { to: 'closed', version: await version() });
    expect(closed.body).toMatchObject({ status: 'closed', nextStatuses: ['investigating'] });
  });

  it('timeline entries, links, investigators and attachments', async () => {
    const rid = ((await researcherA.client.post('/api/incidents', lostUsb({ personalInfo: 'no' }))).body as { id: string }).id;
    // the reporter adds what they did; a time in the future is refused
    const ev = await researcherA.client.post(`/api/incidents/${rid}/events`, { type: 'detection', at: '2026-03-31T19:00:00+09:00', text: '駅の忘れ物センターに問い合わせた' });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    expect(fieldPaths(await researcherA.client.post(`/api/incidents/${rid}/events`, { type: 'note', at: '2026-04-05T00:00:00Z', text: 'x' }))).toEqual(['at']);
    expect(errorCode(await researcherA.client.post(`/api/incidents/${rid}/events`, { type: 'status_changed', at: '2026-03-31T19:00:00+09:00', text: 'x' }))).toBe('VALIDATION_FAILED');
    // another hospital's researcher neither sees nor adds
    expect((await researcherB.client.post(`/api/incidents/${rid}/events`, { type: 'note', at: '2026-03-31T19:00:00+09:00', text: 'x' })).status).toBe(404);
    // links: a law and an institution; an unknown target is refused
    const lawId = (await t.ctx.db.select({ id: laws.id }).from(laws).limit(1))[0]!.id;
    expect((await manager.client.post(`/api/incidents/${rid}/links`, { kind: 'law', targetId: lawId })).status).toBe(201);
    expect(errorCode(await manager.client.post(`/api/incidents/${rid}/links`, { kind: 'risk', targetId: '00000000-0000-4000-8000-000000000002' }))).toBe('INCIDENT_LINK_INVALID');
    // an investigator sees it and may add to it
    const inv = await manager.client.post(`/api/incidents/${rid}/investigators`, { personId: researcherB.id });
    expect((inv.body as IncidentDto).investigators.map((p) => p.id)).toEqual([researcherB.id]);
    expect((await researcherB.client.post(`/api/incidents/${rid}/events`, { type: 'communication', at: '2026-04-01T08:00:00+09:00', text: '本人に連絡した' })).status).toBe(201);
    // attachments: sealed, downloaded intact, too large refused
    const boundary = '----inc-test';
    const up = await researcherA.client.request(
      'POST',
      `/api/incidents/${rid}/attachments`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="紛失届.txt"\r\nContent-Type: text/plain\r\n\r\n遺失物届 受理番号 123\r\n--${boundary}--\r\n`,
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
    );
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const att = (up.body as IncidentDto).attachments[0]!;
    expect(att).toMatchObject({ fileName: '紛失届.txt', size: Buffer.byteLength('遺失物届 受理番号 123') });
    const [sealed] = await t.ctx.db.select().from(incidentAttachmentFiles).where(eq(incidentAttachmentFiles.attachmentId, att.id));
    expect(sealed!.sealed.includes(Buffer.from('受理番号'))).toBe(false);
    const dl = await manager.client.get(`/api/incidents/${rid}/attachments/${att.id}`);
    expect(dl.raw.body).toBe('遺失物届 受理番号 123');
    const big = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n${'x'.repeat(10 * 1024 * 1024 + 10)}\r\n--${boundary}--\r\n`;
    const tooBig = await researcherA.client.request('POST', `/api/incidents/${rid}/attachments`, big, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(tooBig.status).toBe(413);
    const d = await detail(manager.client, rid);
    expect(d.attachments).toHaveLength(1);
    expect(d.links.map((l) => l.kind).sort()).toEqual(['law']);
    expect(d.events.map((e) => e.type)).toEqual(['detection', 'communication', 'reported', 'link_added', 'note']); // by when it happened
  });
});

describe('who sees what (scopes/incidents.ts)', () => {
  let idA: string;
  let idB: string;
  beforeAll(async () => {
    idA = ((await researcherA.client.post('/api/incidents', lostUsb({ personalInfo: 'no', title: 'scope A' }))).body as { id: string }).id;
    idB = ((await researcherB.client.post('/api/incidents', lostUsb({ personalInfo: 'no', title: 'scope B' }))).body as { id: string }).id;
  });

  it('another institution’s researcher gets 404; the site coordinator sees their institution’s; the data center sees all', async () => {
    expect((await researcherB.client.get(`/api/incidents/${idA}`)).status).toBe(404);
    expect((await researcherB.client.get(`/api/incidents/${idB}`)).status).toBe(200);
    expect((await coordinatorA.client.get(`/api/incidents/${idA}`)).status).toBe(200);
    expect((await coordinatorA.client.get(`/api/incidents/${idB}`)).status).toBe(404);
    expect((await dc.client.get(`/api/incidents/${idA}`)).status).toBe(200);
    expect((await dc.client.get(`/api/incidents/${idB}`)).status).toBe(200);
    const listB = (await researcherB.client.get('/api/incidents?pageSize=200')).body as IncidentPage;
    expect(listB.items.map((i) => i.id)).toContain(idB);
    expect(listB.items.map((i) => i.id)).not.toContain(idA);
    const listC = (await coordinatorA.client.get('/api/incidents?pageSize=200&q=scope')).body as IncidentPage;
    expect(listC.items.map((i) => i.title)).toEqual(['scope A']);
    const listDc = (await dc.client.get('/api/incidents?pageSize=200&q=scope&sort=ref&dir=asc')).body as IncidentPage;
    expect(listDc.items.map((i) => i.title)).toEqual(['scope A', 'scope B']);
    const byRef = (await dc.client.get(`/api/incidents?q=${listDc.items[1]!.ref}`)).body as IncidentPage;
    expect(byRef.items.map((i) => i.id)).toEqual([idB]);
  });

  it('reads of an incident involving personal information are audited; others are not', async () => {
    const secret = ((await researcherA.client.post('/api/incidents', lostUsb())).body as { id: string }).id;
    let seq = await lastAuditSeq(t);
    await coordinatorA.client.get(`/api/incidents/${secret}`);
    expect((await auditAfter(t, seq)).map((a) => [a.action, a.actorPersonId, a.targetId])).toEqual([['incident.viewed', coordinatorA.id, secret]]);
    seq = await lastAuditSeq(t);
    await coordinatorA.client.get(`/api/incidents/${idA}`);
    expect(await auditAfter(t, seq)).toEqual([]);
    // out of sight: 404 and nothing recorded as a view
    seq = await lastAuditSeq(t);
    expect((await researcherB.client.get(`/api/incidents/${secret}`)).status).toBe(404);
    expect(await auditAfter(t, seq)).toEqual([]);
  });

  it('counts what waits for triage for the home page (desk only)', async () => {
    const [{ n }] = (await t.ctx.db.select({ n: count() }).from(incidents).where(eq(incidents.status, 'reported'))) as [{ n: number }];
    const dcActor: Actor = { kind: 'person', personId: dc.id, sessionId: null, ip: null, userAgent: null, roles: [{ role: 'data_center_staff', institutionId: null, researchGroupId: null, unitId: org.dc.id, committeeId: null }], unitId: org.dc.id, institutionIds: [], researchGroupIds: [], committeeIds: [] };
    expect(await countIncidentsToTriage(t.ctx.db, dcActor)).toBe(Number(n));
    expect(await countIncidentsToTriage(t.ctx.db, { ...dcActor, roles: [{ ...dcActor.roles[0]!, role: 'researcher' }] })).toBe(0);
  });
});

describe('the dashboard', () => {
  it('matches an independent count over a generated set', async () => {
    // a spread of incidents over 14 months, some triaged and closed, and clocks around now
    const now = t.clock.now();
    const H = 3_600_000;
    const kinds = ['lost_device', 'misdelivery', 'malware'] as const;
    const statuses = ['reported', 'triaged', 'investigating', 'closed', 'dismissed'] as const;
    const rows = Array.from({ length: 60 }, (_, i) => {
      const reportedAt = new Date(now.getTime() - i * 7 * 24 * H - 5 * H);
      const st = statuses[i % statuses.length]!;
      return {
        ref: `GEN-${i}`,
        kind: kinds[i % 3]!,
        title: `generated ${i}`,
        awareAt: reportedAt,
        reportedAt,
        status: st,
        severity: st === 'reported' ? null : (['low', 'high'] as const)[i % 2]!,
        triagedAt: st === 'reported' ? null : new Date(reportedAt.getTime() + (i % 4) * H),
        closedAt: st === 'closed' ? new Date(reportedAt.getTime() + 48 * H) : null,
      };
    });
    const inserted = await t.ctx.db.insert(incidents).values(rows).returning({ id: incidents.id });
    await t.ctx.db.insert(incidentClocks).values([
      { incidentId: inserted[0]!.id, kind: 'ppc_preliminary', dueAt: new Date(now.getTime() + 2 * 24 * H), overdueAt: new Date(now.getTime() + 4 * 24 * H) },
      { incidentId: inserted[0]!.id, kind: 'ppc_final', dueAt: new Date(now.getTime() + 29 * 24 * H), overdueAt: new Date(now.getTime() + 29 * 24 * H) },
      { incidentId: inserted[1]!.id, kind: 'ppc_preliminary', dueAt: new Date(now.getTime() - 1 * 24 * H), overdueAt: new Date(now.getTime() + 1 * 24 * H) },
      { incidentId: inserted[2]!.id, kind: 'ppc_preliminary', dueAt: new Date(now.getTime() + 1 * 24 * H), overdueAt: new Date(now.getTime() + 1 * 24 * H), waived: true },
    ]);
    const res = await manager.client.get('/api/incidents/dashboard');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const d = res.body as IncidentDashboardDto;
    expect((await researcherA.client.get('/api/incidents/dashboard')).status).toBe(403);

    // independently, in JavaScript over every incident in the database
    const all = await t.ctx.db.select().from(incidents);
    const open = all.filter((r) => (OPEN_INCIDENT_STATUSES as readonly string[]).includes(r.status));
    expect(d.openTotal).toBe(open.length);
    for (const cell of d.open) expect(cell.count).toBe(open.filter((r) => r.status === cell.status && (r.severity ?? null) === cell.severity).length);
    expect(d.open.reduce((s, c) => s + c.count, 0)).toBe(open.length);
    expect([d.clocksDueSoon, d.clocksOverdue]).toEqual([1, 1]);
    expect(d.clocks.map((c) => c.kind)).toEqual(['ppc_preliminary', 'ppc_preliminary']);
    const jstMonth = (x: Date) => new Date(x.getTime() + 9 * H).toISOString().slice(0, 7);
    expect(d.months).toHaveLength(12);
    expect(d.months.at(-1)).toBe(jstMonth(now));
    const start = new Date(`${d.months[0]}-01T00:00:00+09:00`);
    for (const s of d.trend) {
      d.months.forEach((m, i) => expect([s.kind, m, s.counts[i]]).toEqual([s.kind, m, all.filter((r) => r.kind === s.kind && jstMonth(r.reportedAt) === m).length]));
    }
    expect(d.trend.reduce((s, x) => s + x.counts.reduce((a, b) => a + b, 0), 0)).toBe(all.filter((r) => r.reportedAt >= start && d.months.includes(jstMonth(r.reportedAt))).length);
    const triaged = all.filter((r) => r.reportedAt >= start && r.triagedAt);
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100; // hours to the hundredth (36 s), so minutes can be shown
    expect([d.triagedCount, d.meanHoursToTriage]).toEqual([triaged.length, mean(triaged.map((r) => (r.triagedAt!.getTime() - r.reportedAt.getTime()) / H))]);
    const closed = all.filter((r) => r.closedAt && r.closedAt >= start);
    expect([d.closedCount, d.meanHoursToClose]).toEqual([closed.length, mean(closed.map((r) => (r.closedAt!.getTime() - r.reportedAt.getTime()) / H))]);
    // tidy up for the tests after this one
    await t.ctx.db.delete(incidents).where(inArray(incidents.id, inserted.map((r) => r.id)));
    expect(await t.ctx.db.select().from(incidentClocks).where(isNull(incidentClocks.doneAt))).toHaveLength(0);
  });
});
