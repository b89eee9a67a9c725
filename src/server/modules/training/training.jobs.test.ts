import { and, asc, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CourseDto, PublishResult } from '../../../shared/training.js';
import type { Role } from '../../../shared/roles.js';
import { courseAssignments, mailOutbox, people } from '../../db/schema/index.js';
import { createTestApp, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';
import { TestSmtp } from '../../testing/smtp.js';
import { countCoursesToDo } from './assignments.js';
import { fiscalYear } from './training.common.js';
import { stageOn } from './training.jobs.js';

let t: TestEnv;
let smtp: TestSmtp;
let org: Awaited<ReturnType<typeof seedOrg>>;
let sm: Client;
let smPerson: { id: string; email: string };

beforeAll(async () => {
  smtp = await TestSmtp.start();
  // Accounts stay clear of the dormancy rule while the clock travels a year.
  t = await createTestApp({ SMTP_URL: smtp.url, DORMANCY_DAYS: '3650' });
  org = await seedOrg(t);
  smPerson = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
  sm = await sessionFor(t, smPerson.id);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const run = async () => {
  const reports = await t.ctx.jobs.runDue(true);
  const failed = reports.filter((r) => r.error);
  expect(failed).toEqual([]);
  await t.ctx.mailer.flush();
};
const activate = (id: string) => t.ctx.db.update(people).set({ accountStatus: 'active' }).where(eq(people.id, id));

/** A published course made through the API (one lesson, one question). */
async function publish(code: string, over: Record<string, unknown>) {
  const res = await sm.post('/api/courses', { code, titleJa: `研修${code}`, titleEn: `Course ${code}`, questionsPerAttempt: 1, ...over });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const c = res.body as CourseDto;
  await sm.post(`/api/courses/${c.id}/lessons`, { titleJa: '課', titleEn: 'Lesson' });
  await sm.post(`/api/courses/${c.id}/questions`, { kind: 'single', promptJa: '問', promptEn: 'Q', options: [{ textJa: '正', textEn: 'R', correct: true }, { textJa: '誤', textEn: 'W', correct: false }] });
  const pub = await sm.post(`/api/courses/${c.id}/publish`);
  expect(pub.status).toBe(200);
  return { course: c, result: pub.body as PublishResult };
}
const rowsOf = (courseId: string) =>
  t.ctx.db.select().from(courseAssignments).where(eq(courseAssignments.courseId, courseId)).orderBy(asc(courseAssignments.cycle));

describe('fiscal years and stages (unit rules)', () => {
  it('start on April 1 in Japan', () => {
    expect(fiscalYear(new Date('2027-03-31T23:59:00+09:00'))).toBe(2026);
    expect(fiscalYear(new Date('2027-04-01T00:00:00+09:00'))).toBe(2027);
    expect(fiscalYear(new Date('2027-03-31T15:00:00Z'))).toBe(2027); // already April 1 in Tokyo
    expect(stageOn('2026-05-01', '2026-04-23')).toBeNull();
    expect(stageOn('2026-05-01', '2026-04-24')).toBe('due_soon');
    expect(stageOn('2026-05-01', '2026-05-01')).toBe('due');
    expect(stageOn('2026-05-08', '2026-05-15')).toBe('due');
    expect(stageOn('2026-05-01', '2026-05-09')).toBe('escalated');
  });
});

describe('publishing assigns the audience', () => {
  it('creates exactly one row per active person in the audience (an independent count), in one go', async () => {
    // researchers or site coordinators, at A or B, in group A, with an active account
    const spec: { roles: Role[]; inst: 'A' | 'B' | 'C'; rgA: boolean; active: boolean }[] = [];
    let i = 0;
    for (const roles of [['researcher'], ['site_coordinator'], ['contractor', 'researcher'], ['contractor']] as Role[][])
      for (const inst of ['A', 'B', 'C'] as const) for (const rgA of [true, false]) spec.push({ roles, inst, rgA, active: i++ % 4 !== 3 });
    const made: { id: string; expected: boolean }[] = [];
    for (const s of spec) {
      const instId = s.inst === 'A' ? org.instA.id : s.inst === 'B' ? org.instB.id : null;
      const p = await seedPerson(t, {
        institutionIds: instId ? [instId] : [],
        researchGroupIds: s.rgA ? [org.rgA.id] : [],
        roles: s.roles.map((role) => (role === 'researcher' ? { role, institutionId: instId ?? org.instA.id } : role === 'site_coordinator' ? { role, institutionId: instId ?? org.instA.id, researchGroupId: org.rgA.id } : { role })),
      });
      if (s.active) await activate(p.id);
      made.push({ id: p.id, expected: s.active && s.rgA && s.inst !== 'C' && s.roles.some((r) => r === 'researcher' || r === 'site_coordinator') });
    }
    const { course, result } = await publish('AUD', { audience: { roles: ['researcher', 'site_coordinator'], institutionIds: [org.instA.id, org.instB.id], researchGroupIds: [org.rgA.id] } });
    const expected = made.filter((m) => m.expected).map((m) => m.id).sort();
    const rows = await rowsOf(course.id);
    expect(result.assigned).toBe(expected.length);
    expect(rows.map((r) => r.personId).sort()).toEqual(expected);
    expect(rows.every((r) => r.cycle === 'once' && r.dueOn === '2026-05-01')).toBe(true);
    // running the daily job changes nothing
    await run();
    expect((await rowsOf(course.id)).length).toBe(expected.length);
  });
});

describe('joining and leaving the audience', () => {
  it('assigns on activation (due in dueDays), reconciles daily, and cancels for people who left', async () => {
    const { course } = await publish('JOIN', { audience: { roles: [], unitIds: [org.so.id], institutionIds: [], researchGroupIds: [] }, dueDays: 14 });
    // a suspended person of the unit: not in the audience until the account is active again
    const back = await seedPerson(t, { unitId: org.so.id });
    await t.ctx.db.update(people).set({ accountStatus: 'suspended', suspendedReason: 'manual' }).where(eq(people.id, back.id));
    expect(await rowsOf(course.id)).toEqual([]);
    const res = await sm.post(`/api/people/${back.id}/account/reactivate`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [row] = await rowsOf(course.id);
    expect(row).toMatchObject({ personId: back.id, cycle: 'once', dueOn: '2026-04-15' });
    expect(await countCoursesToDo(t.ctx.db, back.id, t.clock.now())).toBe(1);
    // someone moved into the unit: the daily reconcile assigns them
    const moved = await seedPerson(t, {});
    await activate(moved.id);
    await t.ctx.db.update(people).set({ unitId: org.so.id }).where(eq(people.id, moved.id));
    await run();
    expect((await rowsOf(course.id)).map((r) => r.personId).sort()).toEqual([back.id, moved.id].sort());
    // and someone who left it is cancelled (no longer counted, no reminders)
    await t.ctx.db.update(people).set({ unitId: null }).where(eq(people.id, moved.id));
    await run();
    const left = (await rowsOf(course.id)).find((r) => r.personId === moved.id)!;
    expect(left.cancelledAt).not.toBeNull();
    expect(await countCoursesToDo(t.ctx.db, moved.id, t.clock.now())).toBe(0);
  });
});

describe('reminders and escalation', () => {
  it('remind at due−7 and on the due date, then tell the site coordinator or the manager after due+7, once each, over SMTP', async () => {
    const hospital = await seedPerson(t, { institutionIds: [org.instB.id], researchGroupIds: [org.rgB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
    const outsider = await seedPerson(t, { researchGroupIds: [org.rgB.id], roles: [{ role: 'contractor' }] });
    const done = await seedPerson(t, { institutionIds: [org.instB.id], researchGroupIds: [org.rgB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] });
    const coordinator = await seedPerson(t, { institutionIds: [org.instB.id], roles: [{ role: 'site_coordinator', institutionId: org.instB.id, researchGroupId: org.rgB.id }] });
    for (const p of [hospital, outsider, done, coordinator]) await activate(p.id);
    await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, outsider.id));
    const { course } = await publish('REM', { audience: { roles: [], unitIds: [], institutionIds: [], researchGroupIds: [org.rgB.id] }, dueDays: 30 });
    await t.ctx.db.update(courseAssignments).set({ completedAt: t.clock.now() }).where(and(eq(courseAssignments.courseId, course.id), eq(courseAssignments.personId, done.id)));
    // Training's own emails (the forced run also runs other modules' jobs, e.g. the audit checkpoint sent to the manager).
    const outbox = async (personId: string) =>
      (await t.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.personId, personId)))
        .sort((a, b) => a.id - b.id)
        .map((m) => m.template)
        .filter((name) => name.startsWith('training.'));

    t.clock.set(new Date('2026-04-23T09:00:00+09:00'));
    await run();
    expect(await outbox(hospital.id)).toEqual([]);

    t.clock.set(new Date('2026-04-24T09:00:00+09:00'));
    await run();
    await run();
    expect(await outbox(hospital.id)).toEqual(['training.due_soon']);
    expect(await outbox(outsider.id)).toEqual(['training.due_soon']);
    const soon = await smtp.waitFor((m) => m.to.includes(hospital.email) && m.subject.includes('期限が近づいています'));
    expect(soon.subject).toContain('研修REM');
    expect(soon.text).toContain(`/training/assignments/`);
    const soonEn = await smtp.waitFor((m) => m.to.includes(outsider.email));
    expect(soonEn.subject).toBe('[Mamori] Training "Course REM" is due on 2026-05-01');

    t.clock.set(new Date('2026-05-01T08:00:00+09:00'));
    await run();
    await run();
    expect(await outbox(hospital.id)).toEqual(['training.due_soon', 'training.due']);

    t.clock.set(new Date('2026-05-08T20:00:00+09:00'));
    await run();
    expect(await outbox(coordinator.id)).toEqual([]);

    t.clock.set(new Date('2026-05-09T07:00:00+09:00'));
    const toManagerBefore = (await outbox(smPerson.id)).length;
    await run();
    await run();
    expect(await outbox(coordinator.id)).toEqual(['training.escalated']);
    expect((await outbox(smPerson.id)).slice(toManagerBefore)).toEqual(['training.escalated']);
    expect(await outbox(hospital.id)).toEqual(['training.due_soon', 'training.due']);
    const toCoordinator = await smtp.waitFor((m) => m.to.includes(coordinator.email));
    expect(toCoordinator.text).toContain(hospital.email);
    expect(toCoordinator.text).not.toContain(outsider.email);
    const toManager = await smtp.waitFor((m) => m.to.includes(smPerson.email) && m.text.includes(outsider.email));
    expect(toManager.text).toContain(outsider.email);
    expect(toManager.text).not.toContain(hospital.email);
    expect(await outbox(done.id)).toEqual([]);
    expect(smtp.received.filter((m) => m.to.includes(hospital.email))).toHaveLength(2);
    const [row] = await t.ctx.db.select().from(courseAssignments).where(and(eq(courseAssignments.courseId, course.id), eq(courseAssignments.personId, hospital.id)));
    expect(row!.notified).toEqual(['due_soon', 'due', 'escalated']);
  });
});

describe('yearly courses', () => {
  it('assign the new fiscal year on April 1 in Japan, once, when the clock crosses March 31', async () => {
    t.clock.set(new Date('2026-06-01T10:00:00+09:00'));
    sm = await sessionFor(t, smPerson.id); // the earlier session timed out while the clock moved
    const members = [];
    for (let i = 0; i < 3; i++) {
      const p = await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
      await activate(p.id);
      members.push(p.id);
    }
    const { course, result } = await publish('YEARLY', { audience: { roles: ['researcher'], unitIds: [], institutionIds: [org.instA.id], researchGroupIds: [] }, recurrence: 'fiscal_year', dueDays: 60 });
    expect(result.cycle).toBe('FY2026');
    const fy26 = await rowsOf(course.id);
    expect(fy26.every((r) => r.cycle === 'FY2026')).toBe(true);
    const audience = fy26.length;
    expect(audience).toBeGreaterThanOrEqual(3);

    t.clock.set(new Date('2027-03-31T23:50:00+09:00'));
    await run();
    expect((await rowsOf(course.id)).filter((r) => r.cycle === 'FY2027')).toEqual([]);

    t.clock.set(new Date('2027-04-01T00:10:00+09:00'));
    await run();
    await run();
    const fy27 = (await rowsOf(course.id)).filter((r) => r.cycle === 'FY2027');
    expect(fy27).toHaveLength(audience);
    expect(new Set(fy27.map((r) => r.personId)).size).toBe(audience);
    expect(fy27.every((r) => r.dueOn === '2027-05-31' && !r.completedAt)).toBe(true);
    // last year's rows stay as they were (for last year's report)
    expect((await t.ctx.db.select().from(courseAssignments).where(and(eq(courseAssignments.courseId, course.id), eq(courseAssignments.cycle, 'FY2026'), isNull(courseAssignments.cancelledAt)))).length).toBe(audience);
    expect(await countCoursesToDo(t.ctx.db, members[0]!, t.clock.now())).toBeGreaterThanOrEqual(1);
  });
});
