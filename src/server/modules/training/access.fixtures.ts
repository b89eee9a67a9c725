import { randomUUID } from 'node:crypto';
import type { Actor } from '../../authz/actor.js';
import { courseAssignments, courseLessonFiles, courseLessons, courseQuestionOptions, courseQuestions, courses } from '../../db/schema/index.js';
import type { Conn } from '../../db/client.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { QuizService } from './quiz.service.js';

/** A 1×1 PNG. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A multipart body with one lesson file. */
export function lessonFileMultipart(i: string, data: Buffer = TINY_PNG, fileName = `figure-${i}.png`, contentType = 'image/png') {
  const boundary = `----mamorilf${i}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="captionJa"\r\n\r\n図${i}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="captionEn"\r\n\r\nFigure ${i}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Makes a course straight in the database with one lesson (with an image), `questions` single-
 * choice questions, and the given status. Its audience names a unit that does not exist, so no
 * job ever assigns it to anyone by itself.
 */
export async function fixtureCourse(db: Conn, i: string, opts: { status?: string; questions?: number; perAttempt?: number; maxAttempts?: number | null } = {}) {
  const [c] = await db
    .insert(courses)
    .values({
      code: `FX-${i}-${randomUUID().slice(0, 6)}`,
      titleJa: `研修${i}`,
      titleEn: `Course ${i}`,
      status: opts.status ?? 'published',
      audience: { roles: [], unitIds: [randomUUID()], institutionIds: [], researchGroupIds: [] },
      passMark: 50,
      maxAttempts: opts.maxAttempts === undefined ? 5 : opts.maxAttempts,
      questionsPerAttempt: opts.perAttempt ?? 1,
    })
    .returning();
  const [l] = await db.insert(courseLessons).values({ courseId: c!.id, position: 0, titleJa: '第1課', titleEn: 'Lesson 1', bodyJa: '本文', bodyEn: 'Text' }).returning();
  const [f] = await db
    .insert(courseLessonFiles)
    .values({ lessonId: l!.id, courseId: c!.id, position: 0, kind: 'image', contentType: 'image/png', fileName: 'f.png', size: TINY_PNG.length, sha256: 'x', data: TINY_PNG })
    .returning({ id: courseLessonFiles.id });
  const questionIds: string[] = [];
  for (let k = 0; k < (opts.questions ?? 1); k++) {
    const [q] = await db.insert(courseQuestions).values({ courseId: c!.id, position: k, kind: 'single', promptJa: `問${k}`, promptEn: `Q${k}`, explanationJa: '解説', explanationEn: 'Why' }).returning();
    await db.insert(courseQuestionOptions).values([
      { questionId: q!.id, position: 0, textJa: '正', textEn: 'Right', correct: true },
      { questionId: q!.id, position: 1, textJa: '誤', textEn: 'Wrong', correct: false },
    ]);
    questionIds.push(q!.id);
  }
  return { course: c!, lessonId: l!.id, fileId: f!.id, questionIds };
}

export const personActor = (personId: string): Actor => ({ kind: 'person', personId, sessionId: null, ip: null, userAgent: 'fixture', roles: [], unitId: null, institutionIds: [], researchGroupIds: [], committeeIds: [] });

export const fixtures: ModuleFixturesFactory = ({ t, next, targetFor, targetPerson }) => {
  const db = t.ctx.db;
  const quiz = new QuizService(t.ctx);
  const draft = async () => (await fixtureCourse(db, next(), { status: 'draft' })).course.id;
  const published = async () => (await fixtureCourse(db, next())).course.id;
  /** The person an "own" call is about (the actor) or an "other" one (a researcher at B). */
  const whose = async (scope: 'own' | 'other', actorId: string) => (scope === 'own' ? actorId : (await targetPerson('other')).id);
  const assignment = async (personId: string, completed = false) => {
    const { course, fileId } = await fixtureCourse(db, next());
    const [a] = await db
      .insert(courseAssignments)
      .values({ courseId: course.id, personId, cycle: 'once', assignedAt: t.clock.now(), dueOn: '2099-01-01', ...(completed ? { completedAt: t.clock.now(), bestScore: 100, attempts: 1, certificateNo: `TC-2026-9${next().padStart(5, '0')}` } : {}) })
      .returning({ id: courseAssignments.id });
    return { id: a!.id, fileId };
  };

  return {
    routes: {
      'GET /api/courses': async () => ({ method: 'GET', url: '/api/courses', ok: 200 }),
      'POST /api/courses': async () => ({
        method: 'POST',
        url: '/api/courses',
        body: { code: `NEW-${next()}`, titleJa: `新しい研修${next()}`, titleEn: `New course ${next()}`, audience: { roles: ['contractor'] } },
        ok: 201,
      }),
      'GET /api/courses/:id': async (_s, _a, e) => ({ method: 'GET', url: `/api/courses/${await targetFor('course-draft', e, draft)}`, ok: 200 }),
      'PATCH /api/courses/:id': async (_s, _a, e) => ({ method: 'PATCH', url: `/api/courses/${await targetFor('course-draft', e, draft)}`, body: { descriptionEn: `Edited ${next()}` }, ok: 200 }),
      'POST /api/courses/:id/publish': async (_s, _a, e) => ({ method: 'POST', url: `/api/courses/${await targetFor('course-draft', e, draft)}/publish`, ok: 200 }),
      'POST /api/courses/:id/retire': async (_s, _a, e) => ({ method: 'POST', url: `/api/courses/${await targetFor('course-published', e, published)}/retire`, ok: 200 }),
      'POST /api/courses/:id/lessons': async (_s, _a, e) => ({ method: 'POST', url: `/api/courses/${await targetFor('course-draft', e, draft)}/lessons`, body: { titleJa: '追加の課', titleEn: 'Extra lesson', bodyJa: '# 見出し', bodyEn: '# Heading' }, ok: 201 }),
      'PATCH /api/course-lessons/:id': async (_s, _a, e) => {
        const id = await targetFor('lesson', e, async () => (await fixtureCourse(db, next(), { status: 'draft' })).lessonId);
        return { method: 'PATCH', url: `/api/course-lessons/${id}`, body: { titleEn: `Renamed ${next()}` }, ok: 200 };
      },
      'DELETE /api/course-lessons/:id': async (_s, _a, e) => {
        const id = await targetFor('lesson-delete', e, async () => (await fixtureCourse(db, next(), { status: 'draft' })).lessonId);
        return { method: 'DELETE', url: `/api/course-lessons/${id}`, ok: 204 };
      },
      'POST /api/course-lessons/:id/files': async (_s, _a, e) => {
        const id = await targetFor('lesson-file', e, async () => (await fixtureCourse(db, next(), { status: 'draft' })).lessonId);
        return { method: 'POST', url: `/api/course-lessons/${id}/files`, ...lessonFileMultipart(next()), ok: 201 };
      },
      'DELETE /api/course-files/:id': async (_s, _a, e) => {
        const id = await targetFor('file-delete', e, async () => (await fixtureCourse(db, next(), { status: 'draft' })).fileId);
        return { method: 'DELETE', url: `/api/course-files/${id}`, ok: 204 };
      },
      'GET /api/course-files/:id': async (s, actorId, e) => {
        const id = await targetFor(`file-read:${s}:${s === 'own' ? actorId : ''}`, e, async () => (await assignment(await whose(s, actorId))).fileId);
        return { method: 'GET', url: `/api/course-files/${id}`, ok: 200 };
      },
      'POST /api/courses/:id/questions': async (_s, _a, e) => ({
        method: 'POST',
        url: `/api/courses/${await targetFor('course-draft', e, draft)}/questions`,
        body: { kind: 'multiple', promptJa: '選んでください', promptEn: 'Choose', options: [{ textJa: 'A', textEn: 'A', correct: true }, { textJa: 'B', textEn: 'B', correct: true }] },
        ok: 201,
      }),
      'PUT /api/course-questions/:id': async (_s, _a, e) => {
        const id = await targetFor('question', e, async () => (await fixtureCourse(db, next(), { status: 'draft' })).questionIds[0]!);
        return { method: 'PUT', url: `/api/course-questions/${id}`, body: { kind: 'single', promptJa: '問', promptEn: 'Q', options: [{ textJa: 'A', textEn: 'A', correct: true }, { textJa: 'B', textEn: 'B', correct: false }] }, ok: 200 };
      },
      'DELETE /api/course-questions/:id': async (_s, _a, e) => {
        const id = await targetFor('question-delete', e, async () => (await fixtureCourse(db, next(), { status: 'draft' })).questionIds[0]!);
        return { method: 'DELETE', url: `/api/course-questions/${id}`, ok: 204 };
      },
      'GET /api/my-course-assignments': async () => ({ method: 'GET', url: '/api/my-course-assignments', ok: 200 }),
      'GET /api/course-assignments/:id': async (s, actorId, e) => {
        const id = await targetFor(`asg:${s}:${s === 'own' ? actorId : ''}`, e, async () => (await assignment(await whose(s, actorId))).id);
        return { method: 'GET', url: `/api/course-assignments/${id}`, ok: 200 };
      },
      'POST /api/course-assignments/:id/attempts': async (s, actorId, e) => {
        const id = await targetFor(`asg-start:${s}:${s === 'own' ? actorId : ''}`, e, async () => (await assignment(await whose(s, actorId))).id);
        return { method: 'POST', url: `/api/course-assignments/${id}/attempts`, ok: 201 };
      },
      'POST /api/quiz-attempts/:id/submit': async (s, actorId, e) => {
        const id = await targetFor(`attempt:${s}:${s === 'own' ? actorId : ''}`, e, async () => {
          const personId = await whose(s, actorId);
          const a = await assignment(personId);
          return (await quiz.start(personActor(personId), a.id)).id;
        });
        return { method: 'POST', url: `/api/quiz-attempts/${id}/submit`, body: { answers: [] }, ok: 200 };
      },
      'GET /api/course-assignments/:id/certificate': async (s, actorId, e) => {
        const id = await targetFor(`cert:${s}:${s === 'own' ? actorId : ''}`, e, async () => (await assignment(await whose(s, actorId), true)).id);
        return { method: 'GET', url: `/api/course-assignments/${id}/certificate?lang=en`, ok: 200 };
      },
    },
  };
};
