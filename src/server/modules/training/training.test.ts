import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssignmentDto, CourseDto, MyAssignmentList, OpenAttemptDto, PublishResult, SubmitResult } from '../../../shared/training.js';
import type { SessionDto } from '../../../shared/auth.js';
import { auditLog, courseAssignments, courses } from '../../db/schema/index.js';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';
import { pdfText } from '../controls/pdf-text.js';
import { lessonFileMultipart, TINY_PNG } from './access.fixtures.js';
import { SAMPLE_COURSE_CODE } from './training.seed.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let sm: Client;
let dc: Client;
let researcher: Client;
let researcherPerson: { id: string };
let otherResearcher: Client;

beforeAll(async () => {
  t = await createTestApp({ GROUP_NAME_JA: '試験研究グループ', GROUP_NAME_EN: 'Test Research Group' });
  org = await seedOrg(t);
  sm = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'security_manager' }] })).id);
  dc = await sessionFor(t, (await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] })).id);
  researcherPerson = await seedPerson(t, { familyNameJa: '山田', givenNameJa: '花子', familyNameEn: 'Yamada', givenNameEn: 'Hanako', institutionIds: [org.instA.id], researchGroupIds: [org.rgA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  researcher = await sessionFor(t, researcherPerson.id);
  otherResearcher = await sessionFor(t, (await seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] })).id);
});
afterAll(() => t?.close());

const single = (n: number) => ({
  kind: 'single',
  promptJa: `単一選択${n}`,
  promptEn: `Single ${n}`,
  explanationJa: `解説${n}`,
  explanationEn: `Because ${n}`,
  options: [
    { textJa: '正しい', textEn: 'Right', correct: true },
    { textJa: '誤り1', textEn: 'Wrong 1', correct: false },
    { textJa: '誤り2', textEn: 'Wrong 2', correct: false },
  ],
});
const multiple = {
  kind: 'multiple',
  promptJa: '正しいものをすべて',
  promptEn: 'All that apply',
  explanationJa: 'AとBが正しい',
  explanationEn: 'A and B are right',
  options: [
    { textJa: 'A', textEn: 'A', correct: true },
    { textJa: 'B', textEn: 'B', correct: true },
    { textJa: 'C', textEn: 'C', correct: false },
  ],
};

/** A course for the one researcher (audience: their unit-less institution A researchers would be too wide, so by research group A). */
async function makeCourse(code: string, over: Record<string, unknown> = {}) {
  const res = await dc.post('/api/courses', {
    code,
    titleJa: `研修 ${code}`,
    titleEn: `Course ${code}`,
    audience: { roles: ['researcher'], researchGroupIds: [org.rgA.id] },
    passMark: 100,
    maxAttempts: 3,
    questionsPerAttempt: 2,
    ...over,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const c = res.body as CourseDto;
  expect((await dc.post(`/api/courses/${c.id}/lessons`, { titleJa: '第1課', titleEn: 'Lesson 1', bodyJa: '## 本文', bodyEn: '## Body' })).status).toBe(201);
  return c;
}

const myAssignment = async (c: Client, courseId: string) => ((await c.get('/api/my-course-assignments')).body as MyAssignmentList).items.find((a) => a.courseId === courseId)!;

/** The right answers of an open attempt, found in the database (the response never says). */
async function rightAnswers(courseId: string, attempt: OpenAttemptDto) {
  const pool = (await sm.get(`/api/courses/${courseId}`)).body as CourseDto;
  return attempt.questions.map((q) => {
    const src = pool.questions.find((p) => p.promptEn === q.promptEn)!;
    const correctTexts = src.options.filter((o) => o.correct).map((o) => o.textEn);
    return { questionId: q.id, optionIds: q.options.filter((o) => correctTexts.includes(o.textEn)).map((o) => o.id) };
  });
}

describe('course authoring', () => {
  it('is for the manager, the data center and the operations office; others are refused and nothing changes', async () => {
    const res = await researcher.post('/api/courses', { code: 'NOPE', titleJa: 'x', titleEn: 'x', audience: {} });
    expect(res.status).toBe(403);
    expect(await t.ctx.db.select().from(courses).where(eq(courses.code, 'NOPE'))).toEqual([]);
    expect((await researcher.get('/api/courses')).status).toBe(403);
  });

  it('refuses a single-choice question without exactly one correct option, and bad input, with 400', async () => {
    const c = await makeCourse('AUTH-1');
    const two = await dc.post(`/api/courses/${c.id}/questions`, { ...single(1), options: single(1).options.map((o) => ({ ...o, correct: true })) });
    expect(two.status).toBe(400);
    expect(errorCode(two)).toBe('VALIDATION_FAILED');
    expect((await dc.post(`/api/courses/${c.id}/questions`, { ...multiple, options: multiple.options.map((o) => ({ ...o, correct: false })) })).status).toBe(400);
    expect((await dc.post('/api/courses', { code: 'bad code!', titleJa: 'x', titleEn: 'x', audience: {} })).status).toBe(400);
    expect(((await dc.get(`/api/courses/${c.id}`)).body as CourseDto).questions).toEqual([]);
  });

  it('will not publish a course without enough questions (422), then publishes and assigns', async () => {
    const c = await makeCourse('AUTH-2');
    const early = await dc.post(`/api/courses/${c.id}/publish`);
    expect(early.status).toBe(422);
    expect(errorCode(early)).toBe('COURSE_INCOMPLETE');
    await dc.post(`/api/courses/${c.id}/questions`, single(1));
    await dc.post(`/api/courses/${c.id}/questions`, multiple);
    const seq = await lastAuditSeq(t);
    const pub = await dc.post(`/api/courses/${c.id}/publish`);
    expect(pub.status).toBe(200);
    expect((pub.body as PublishResult).cycle).toBe('once');
    expect((pub.body as PublishResult).assigned).toBe(1); // the researcher in group A; the other one is at A but not in the group
    expect((await auditAfter(t, seq)).map((e) => e.action)).toContain('course.published');
    expect(errorCode(await dc.post(`/api/courses/${c.id}/publish`))).toBe('COURSE_STATE');
  });

  it('accepts PNG/JPEG/PDF files by their bytes only, and serves them inline with their true type', async () => {
    const c = await makeCourse('FILES');
    const lesson = ((await dc.get(`/api/courses/${c.id}`)).body as CourseDto).lessons[0]!;
    const html = lessonFileMultipart('h', Buffer.from('<html><script>alert(1)</script></html>'), 'evil.png', 'image/png');
    const refused = await dc.request('POST', `/api/course-lessons/${lesson.id}/files`, html.body, html.headers);
    expect(refused.status).toBe(415);
    expect(errorCode(refused)).toBe('FILE_TYPE_REFUSED');
    const png = lessonFileMultipart('p');
    const ok = await dc.request('POST', `/api/course-lessons/${lesson.id}/files`, png.body, png.headers);
    expect(ok.status).toBe(201);
    const pdf = lessonFileMultipart('d', Buffer.from('%PDF-1.4\n%fixture\n'), 'handout.pdf', 'application/octet-stream');
    const okPdf = await dc.request('POST', `/api/course-lessons/${lesson.id}/files`, pdf.body, pdf.headers);
    expect(okPdf.status).toBe(201);
    const files = ((await dc.get(`/api/courses/${c.id}`)).body as CourseDto).lessons[0]!.files;
    expect(files.map((f) => [f.kind, f.contentType, f.captionEn])).toEqual([
      ['image', 'image/png', 'Figure p'],
      ['pdf', 'application/pdf', 'Figure d'],
    ]);
    const img = await dc.get(files[0]!.url);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(img.raw.rawPayload.equals(TINY_PNG)).toBe(true);
    const shown = await dc.get(files[1]!.url);
    expect(shown.headers['content-type']).toBe('application/pdf');
    expect(String(shown.headers['content-disposition'])).toMatch(/^inline/);
    expect(String(shown.headers['content-security-policy'])).toContain("frame-ancestors 'self'");
    // a draft's files are not for learners
    expect((await researcher.get(files[0]!.url)).status).toBe(404);
  });

  it('seeds the sample course once, as a draft with 3 lessons and 12 questions', async () => {
    const list = (await sm.get('/api/courses')).body as { items: CourseDto[] };
    const sample = list.items.filter((c) => c.code === SAMPLE_COURSE_CODE);
    expect(sample).toHaveLength(1);
    expect(sample[0]).toMatchObject({ status: 'draft', lessonCount: 3, questionCount: 12, titleJa: '情報セキュリティ基礎研修', titleEn: 'Information security basics' });
    const { seedSampleCourse } = await import('./training.seed.js');
    expect(await seedSampleCourse(t.ctx.db, t.clock)).toBe(false);
  });
});

describe('the quiz', () => {
  let course: CourseDto;
  let assignmentId: string;

  beforeAll(async () => {
    course = await makeCourse('QUIZ', { maxAttempts: 3, questionsPerAttempt: 2, passMark: 100 });
    await dc.post(`/api/courses/${course.id}/questions`, single(1));
    await dc.post(`/api/courses/${course.id}/questions`, multiple);
    expect((await dc.post(`/api/courses/${course.id}/publish`)).status).toBe(200);
    assignmentId = (await myAssignment(researcher, course.id)).id;
  });

  it('starts with a random draw whose response never says which options are correct, nor explains them', async () => {
    const res = await researcher.post(`/api/course-assignments/${assignmentId}/attempts`);
    expect(res.status).toBe(201);
    const raw = res.raw.body;
    expect(raw).not.toMatch(/correct/i);
    expect(raw).not.toMatch(/explanation/i);
    expect(raw).not.toContain('Because');
    expect(raw).not.toContain('A and B are right');
    const a = res.body as OpenAttemptDto;
    expect(a.questions).toHaveLength(2);
    expect(new Set(a.questions.map((q) => q.promptEn)).size).toBe(2);
    for (const q of a.questions) expect(q.options.length).toBe(3);
    // the player's data while the attempt is open: the same, and still no answers
    const player = await researcher.get(`/api/course-assignments/${assignmentId}`);
    expect(player.raw.body).not.toMatch(/"correct"|explanation/i);
    expect((player.body as AssignmentDto).openAttempt?.id).toBe(a.id);
    // someone else cannot start, see or submit it
    expect((await otherResearcher.post(`/api/course-assignments/${assignmentId}/attempts`)).status).toBe(404);
    expect((await otherResearcher.get(`/api/course-assignments/${assignmentId}`)).status).toBe(404);
    expect((await otherResearcher.post(`/api/quiz-attempts/${a.id}/submit`, { answers: [] })).status).toBe(404);
  });

  it('scores on the server: single choice, and multiple choice only when exactly the right options are chosen', async () => {
    const a = (await researcher.post(`/api/course-assignments/${assignmentId}/attempts`)).body as OpenAttemptDto;
    const right = await rightAnswers(course.id, a);
    // every answer right except the multiple-choice one, which gets only one of its two options
    const answers = right.map((r, i) => {
      const q = a.questions[i]!;
      return q.kind === 'multiple' ? { ...r, optionIds: r.optionIds.slice(0, 1) } : r;
    });
    const res = await researcher.post(`/api/quiz-attempts/${a.id}/submit`, { answers });
    expect(res.status).toBe(200);
    const out = res.body as SubmitResult;
    expect(out.result.score).toBe(50);
    expect(out.result.passed).toBe(false);
    // now the answers and explanations come
    for (const q of out.result.questions) {
      expect(q.explanationEn).toMatch(/Because|A and B/);
      expect(q.options.filter((o) => o.correct).length).toBe(q.kind === 'multiple' ? 2 : 1);
    }
    const m = out.result.questions.find((q) => q.kind === 'multiple')!;
    expect(m.correct).toBe(false);
    expect(m.options.filter((o) => o.chosen)).toHaveLength(1);
    expect(out.assignment.completedAt).toBeNull();
    expect(out.attemptsLeft).toBe(1);
  });

  it('refuses a second submission, and one after a newer attempt started', async () => {
    const a = await researcher.post(`/api/course-assignments/${assignmentId}/attempts`);
    expect(a.status).toBe(201);
    const attempt = a.body as OpenAttemptDto;
    // bad answers are refused and change nothing
    const bad = await researcher.post(`/api/quiz-attempts/${attempt.id}/submit`, { answers: [{ questionId: attempt.questions[0]!.id, optionIds: [crypto.randomUUID()] }] });
    expect(bad.status).toBe(400);
    const first = await researcher.post(`/api/quiz-attempts/${attempt.id}/submit`, { answers: await rightAnswers(course.id, attempt) });
    expect(first.status).toBe(200);
    const done = first.body as SubmitResult;
    expect(done.result.score).toBe(100);
    expect(done.result.passed).toBe(true);
    expect(done.assignment.completedAt).not.toBeNull();
    expect(done.assignment.certificateNo).toMatch(/^TC-2026-\d{6}$/);
    expect(done.assignment.bestScore).toBe(100);
    const again = await researcher.post(`/api/quiz-attempts/${attempt.id}/submit`, { answers: [] });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe('ATTEMPT_CLOSED');
    // completed: no more attempts
    expect(errorCode(await researcher.post(`/api/course-assignments/${assignmentId}/attempts`))).toBe('ASSIGNMENT_COMPLETED');
    const [row] = await t.ctx.db.select().from(courseAssignments).where(eq(courseAssignments.id, assignmentId));
    expect(row!.completedAt).not.toBeNull();
    expect(row!.attempts).toBe(3);
  });

  it('limits attempts per assignment, and an abandoned attempt cannot be submitted', async () => {
    const c = await makeCourse('LIMIT', { maxAttempts: 2, questionsPerAttempt: 1 });
    await dc.post(`/api/courses/${c.id}/questions`, single(9));
    await dc.post(`/api/courses/${c.id}/publish`);
    const id = (await myAssignment(researcher, c.id)).id;
    const first = (await researcher.post(`/api/course-assignments/${id}/attempts`)).body as OpenAttemptDto;
    const second = await researcher.post(`/api/course-assignments/${id}/attempts`);
    expect(second.status).toBe(201);
    const stale = await researcher.post(`/api/quiz-attempts/${first.id}/submit`, { answers: [] });
    expect(stale.status).toBe(409);
    expect(errorCode(stale)).toBe('ATTEMPT_CLOSED');
    const third = await researcher.post(`/api/course-assignments/${id}/attempts`);
    expect(third.status).toBe(409);
    expect(errorCode(third)).toBe('ATTEMPTS_EXHAUSTED');
    // the open second attempt can still be submitted (a wrong answer: failed, and no attempt left)
    const s = second.body as OpenAttemptDto;
    const wrong = s.questions[0]!.options.find((o) => o.textEn !== 'Right')!;
    const res = (await researcher.post(`/api/quiz-attempts/${s.id}/submit`, { answers: [{ questionId: s.questions[0]!.id, optionIds: [wrong.id] }] })).body as SubmitResult;
    expect(res.result).toMatchObject({ score: 0, passed: false });
    expect(res.attemptsLeft).toBe(0);
    expect(((await researcher.get(`/api/course-assignments/${id}`)).body as AssignmentDto).canStart).toBe(false);
  });
});

describe('certificates', () => {
  it('print the person, the course, the date, the score, the number and the group; for the person and managers only; audited', async () => {
    const c = await makeCourse('CERT', { questionsPerAttempt: 1, titleJa: '個人情報の取扱い研修', titleEn: 'Handling personal information' });
    await dc.post(`/api/courses/${c.id}/questions`, single(5));
    await dc.post(`/api/courses/${c.id}/publish`);
    const id = (await myAssignment(researcher, c.id)).id;
    expect(errorCode(await researcher.get(`/api/course-assignments/${id}/certificate?lang=ja`))).toBe('CERTIFICATE_NOT_ISSUED');
    const a = (await researcher.post(`/api/course-assignments/${id}/attempts`)).body as OpenAttemptDto;
    const done = (await researcher.post(`/api/quiz-attempts/${a.id}/submit`, { answers: await rightAnswers(c.id, a) })).body as SubmitResult;
    const no = done.assignment.certificateNo!;
    const seq = await lastAuditSeq(t);
    const ja = await researcher.get(`/api/course-assignments/${id}/certificate?lang=ja`);
    expect(ja.status).toBe(200);
    expect(ja.headers['content-type']).toBe('application/pdf');
    const textJa = pdfText(ja.raw.rawPayload).join('');
    for (const s of ['修了証', '山田 花子', '個人情報の取扱い研修', no, '100 / 100', '試験研究グループ', '2026年4月1日']) expect(textJa).toContain(s);
    const en = await dc.get(`/api/course-assignments/${id}/certificate?lang=en`);
    expect(en.status).toBe(200);
    const textEn = pdfText(en.raw.rawPayload).join('');
    for (const s of ['Certificate of Completion', 'Hanako Yamada', 'Handling personal information', no, 'Test Research Group', '1 April 2026']) expect(textEn).toContain(s);
    expect((await otherResearcher.get(`/api/course-assignments/${id}/certificate?lang=ja`)).status).toBe(404);
    const entries = await auditAfter(t, seq);
    expect(entries.filter((e) => e.action === 'course.certificate_downloaded')).toHaveLength(2);
    expect((await t.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'course.completed'), eq(auditLog.targetId, id)))).length).toBe(1);
  });
});

describe('a course required for the account (P32-6)', () => {
  it('limits a new contractor to the player until they pass, then opens everything', async () => {
    const contractorPerson = await seedPerson(t, { roles: [{ role: 'contractor' }] });
    const contractor = await sessionFor(t, contractorPerson.id);
    expect((await contractor.get('/api/laws')).status).toBe(200);
    const c = await makeCourse('REQ', { audience: { roles: ['contractor'] }, requiredForAccount: true, questionsPerAttempt: 1 });
    await dc.post(`/api/courses/${c.id}/questions`, single(7));
    await dc.post(`/api/courses/${c.id}/publish`);
    // never passed: limited at once (due date or not)
    const blocked = await contractor.get('/api/laws');
    expect(blocked.status).toBe(403);
    expect(errorCode(blocked)).toBe('TRAINING_REQUIRED');
    expect(((await contractor.get('/api/session')).body as SessionDto).requirements).toEqual(['training']);
    // the player, its files and the list stay open
    const id = (await myAssignment(contractor, c.id)).id;
    const player = (await contractor.get(`/api/course-assignments/${id}`)).body as AssignmentDto;
    expect(player.requiredForAccount).toBe(true);
    expect((await contractor.get(player.lessons[0]!.files[0]?.url ?? `/api/course-assignments/${id}`)).status).toBe(200);
    const a = (await contractor.post(`/api/course-assignments/${id}/attempts`)).body as OpenAttemptDto;
    expect((await contractor.post(`/api/quiz-attempts/${a.id}/submit`, { answers: await rightAnswers(c.id, a) })).status).toBe(200);
    expect((await contractor.get('/api/laws')).status).toBe(200);
    expect(((await contractor.get('/api/session')).body as SessionDto).requirements).toEqual([]);
    // people outside the audience were never limited
    expect((await researcher.get('/api/laws')).status).toBe(200);
  });
});
