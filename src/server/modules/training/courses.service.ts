import { asc, eq, sql } from 'drizzle-orm';
import type { CourseDto, CourseList, CreateCourse, LessonDto, PublishResult, QuestionDto, SaveLesson, SaveQuestion, UpdateCourse, UpdateLesson } from '../../../shared/training.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { courseLessons, courseQuestionOptions, courseQuestions, courses } from '../../db/schema/index.js';
import { AppError, ConflictError, NotFoundError } from '../../errors.js';
import { assignAudience } from './assignments.js';
import { assertEditable, courseRow, courseSummaries, courseSummary, lessonOf, lessonsOf, lockCourse, questionsOf } from './courses.read.js';
import { currentCycle } from './training.common.js';

/**
 * Course authoring (P32-6): courses, their ordered lessons, and the question pool (lesson files:
 * lesson-files.service.ts). The manager, the data center and the operations office write courses
 * (`course.manage`); publishing assigns the course to its audience; a retired course is kept
 * for the record and changes no more.
 */
export class CoursesService {
  constructor(private readonly ctx: AppContext) {}

  // ---- courses ------------------------------------------------------------------------------------

  async list(actor: Actor): Promise<CourseList> {
    await this.ctx.authz.require(actor, 'course.manage');
    return { items: await courseSummaries(this.ctx.db, this.ctx.clock.now()) };
  }

  async get(actor: Actor, id: string): Promise<CourseDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const s = await courseSummary(this.ctx.db, this.ctx.clock.now(), id);
    return { ...s, lessons: await lessonsOf(this.ctx.db, id), questions: await questionsOf(this.ctx.db, id) };
  }

  async create(actor: Actor, input: CreateCourse): Promise<CourseDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const id = await this.ctx.db.transaction(async (tx) => {
      const [dup] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.code, input.code));
      if (dup) throw new ConflictError('DUPLICATE_CODE', 'A course with this code exists.', [{ path: 'code', message: 'taken' }]);
      const now = this.ctx.clock.now();
      const [c] = await tx
        .insert(courses)
        .values({ ...input, status: 'draft', ownerId: actor.personId, createdAt: now, updatedAt: now })
        .returning({ id: courses.id });
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.created', targetType: 'course', targetId: c!.id, details: { code: input.code, titleJa: input.titleJa } });
      return c!.id;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: UpdateCourse): Promise<CourseDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    await this.ctx.db.transaction(async (tx) => {
      const c = await lockCourse(tx, id);
      assertEditable(c);
      if (input.code && input.code !== c.code) {
        const [dup] = await tx.select({ id: courses.id }).from(courses).where(eq(courses.code, input.code));
        if (dup) throw new ConflictError('DUPLICATE_CODE', 'A course with this code exists.', [{ path: 'code', message: 'taken' }]);
      }
      // A published course keeps its cycle rule: switching it would orphan the assignments made under the other.
      if (c.status === 'published' && input.recurrence && input.recurrence !== c.recurrence) {
        throw new AppError(409, 'COURSE_STATE', 'The recurrence of a published course cannot change; retire it and publish a new course.', { status: c.status });
      }
      const changed = Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && JSON.stringify(v) !== JSON.stringify((c as Record<string, unknown>)[k])));
      if (!Object.keys(changed).length) return;
      await tx
        .update(courses)
        .set({ ...changed, updatedAt: this.ctx.clock.now() })
        .where(eq(courses.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.updated', targetType: 'course', targetId: id, details: { code: c.code, fields: Object.keys(changed) } });
      // A wider audience of a published course reaches the new people now, not at the next daily run.
      if (c.status === 'published' && changed.audience) {
        const fresh = await courseRow(tx, id);
        const n = await assignAudience(tx, fresh, this.ctx.clock.now());
        if (n) await appendAudit(tx, this.ctx.clock, actor, { action: 'course.assigned', targetType: 'course', targetId: id, details: { code: c.code, cycle: currentCycle(c.recurrence, this.ctx.clock.now()), count: n, via: 'audience_changed' } });
      }
    });
    return this.get(actor, id);
  }

  /**
   * Publishes a draft: it needs at least one lesson and enough questions for one attempt. The
   * audience is assigned the current cycle at once, in one statement.
   */
  async publish(actor: Actor, id: string): Promise<PublishResult> {
    await this.ctx.authz.require(actor, 'course.manage');
    const now = this.ctx.clock.now();
    const out = await this.ctx.db.transaction(async (tx) => {
      const c = await lockCourse(tx, id);
      if (c.status !== 'draft') throw new AppError(409, 'COURSE_STATE', 'Only a draft course can be published.', { status: c.status });
      const [n] = await queryRows<{ l: number | string; q: number | string }>(
        tx,
        sql`select (select count(*) from course_lessons where course_id = ${id}) as l, (select count(*) from course_questions where course_id = ${id}) as q`,
      );
      const lessons = Number(n?.l ?? 0);
      const questions = Number(n?.q ?? 0);
      const problems: { path: string; message: string }[] = [];
      if (lessons < 1) problems.push({ path: 'lessons', message: 'add at least one lesson' });
      if (questions < c.questionsPerAttempt) problems.push({ path: 'questions', message: `the pool needs at least ${c.questionsPerAttempt} questions (has ${questions})` });
      if (problems.length) throw new AppError(422, 'COURSE_INCOMPLETE', 'The course is not ready to publish.', problems);
      await tx.update(courses).set({ status: 'published', updatedAt: now }).where(eq(courses.id, id));
      const published = { ...c, status: 'published' };
      const assigned = await assignAudience(tx, published, now);
      const cycle = currentCycle(c.recurrence, now);
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.published', targetType: 'course', targetId: id, details: { code: c.code, cycle, assigned } });
      return { cycle, assigned };
    });
    return { course: await courseSummary(this.ctx.db, this.ctx.clock.now(), id), ...out };
  }

  /** Retires a published course: no more assignments, reminders or attempts; completions and certificates stay. */
  async retire(actor: Actor, id: string): Promise<CourseDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    await this.ctx.db.transaction(async (tx) => {
      const c = await lockCourse(tx, id);
      if (c.status !== 'published') throw new AppError(409, 'COURSE_STATE', 'Only a published course can be retired.', { status: c.status });
      await tx.update(courses).set({ status: 'retired', updatedAt: this.ctx.clock.now() }).where(eq(courses.id, id));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.retired', targetType: 'course', targetId: id, details: { code: c.code } });
    });
    return this.get(actor, id);
  }

  // ---- lessons -----------------------------------------------------------------------------------

  private async lessonRow(tx: Conn, lessonId: string) {
    const [l] = await tx.select().from(courseLessons).where(eq(courseLessons.id, lessonId));
    if (!l) throw new NotFoundError('Lesson');
    return l;
  }

  /** Renumbers a course's lessons 0…n-1 in the given order. */
  private async renumber(tx: Conn, table: typeof courseLessons | typeof courseQuestions, ids: string[]) {
    for (const [i, id] of ids.entries()) await tx.update(table).set({ position: i }).where(eq(table.id, id));
  }

  async addLesson(actor: Actor, courseId: string, input: SaveLesson): Promise<LessonDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const id = await this.ctx.db.transaction(async (tx) => {
      const c = await lockCourse(tx, courseId);
      assertEditable(c);
      const [m] = await queryRows<{ n: number | string | null }>(tx, sql`select max(position) as n from course_lessons where course_id = ${courseId}`);
      const now = this.ctx.clock.now();
      const [l] = await tx
        .insert(courseLessons)
        .values({ courseId, position: m?.n == null ? 0 : Number(m.n) + 1, ...input, createdAt: now, updatedAt: now })
        .returning({ id: courseLessons.id });
      await tx.update(courses).set({ updatedAt: now }).where(eq(courses.id, courseId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.lesson_saved', targetType: 'course', targetId: courseId, details: { code: c.code, lessonId: l!.id, titleJa: input.titleJa, created: true } });
      return l!.id;
    });
    return lessonOf(this.ctx.db, courseId, id);
  }

  async updateLesson(actor: Actor, lessonId: string, input: UpdateLesson): Promise<LessonDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const courseId = await this.ctx.db.transaction(async (tx) => {
      const l = await this.lessonRow(tx, lessonId);
      const c = await lockCourse(tx, l.courseId);
      assertEditable(c);
      const { position, ...fields } = input;
      const now = this.ctx.clock.now();
      const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      if (Object.keys(set).length) await tx.update(courseLessons).set({ ...set, updatedAt: now }).where(eq(courseLessons.id, lessonId));
      if (position !== undefined) {
        const order = (await tx.select({ id: courseLessons.id }).from(courseLessons).where(eq(courseLessons.courseId, l.courseId)).orderBy(asc(courseLessons.position), asc(courseLessons.createdAt))).map((r) => r.id).filter((x) => x !== lessonId);
        order.splice(Math.min(position, order.length), 0, lessonId);
        await this.renumber(tx, courseLessons, order);
      }
      await tx.update(courses).set({ updatedAt: now }).where(eq(courses.id, l.courseId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.lesson_saved', targetType: 'course', targetId: l.courseId, details: { code: c.code, lessonId, fields: Object.keys(input) } });
      return l.courseId;
    });
    return lessonOf(this.ctx.db, courseId, lessonId);
  }

  async deleteLesson(actor: Actor, lessonId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'course.manage');
    await this.ctx.db.transaction(async (tx) => {
      const l = await this.lessonRow(tx, lessonId);
      const c = await lockCourse(tx, l.courseId);
      assertEditable(c);
      if (c.status === 'published') {
        const [n] = await queryRows<{ n: number | string }>(tx, sql`select count(*) as n from course_lessons where course_id = ${c.id}`);
        if (Number(n?.n ?? 0) <= 1) throw new AppError(422, 'COURSE_INCOMPLETE', 'A published course keeps at least one lesson.', [{ path: 'lessons', message: 'the last lesson' }]);
      }
      await tx.delete(courseLessons).where(eq(courseLessons.id, lessonId));
      const order = (await tx.select({ id: courseLessons.id }).from(courseLessons).where(eq(courseLessons.courseId, l.courseId)).orderBy(asc(courseLessons.position), asc(courseLessons.createdAt))).map((r) => r.id);
      await this.renumber(tx, courseLessons, order);
      await tx.update(courses).set({ updatedAt: this.ctx.clock.now() }).where(eq(courses.id, l.courseId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.lesson_deleted', targetType: 'course', targetId: l.courseId, details: { code: c.code, lessonId, titleJa: l.titleJa } });
    });
  }

  // ---- the question pool -------------------------------------------------------------------------

  private async writeOptions(tx: Conn, questionId: string, input: SaveQuestion) {
    await tx.delete(courseQuestionOptions).where(eq(courseQuestionOptions.questionId, questionId));
    await tx.insert(courseQuestionOptions).values(input.options.map((o, i) => ({ questionId, position: i, textJa: o.textJa, textEn: o.textEn, correct: o.correct })));
  }

  async addQuestion(actor: Actor, courseId: string, input: SaveQuestion): Promise<QuestionDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const id = await this.ctx.db.transaction(async (tx) => {
      const c = await lockCourse(tx, courseId);
      assertEditable(c);
      const [m] = await queryRows<{ n: number | string | null }>(tx, sql`select max(position) as n from course_questions where course_id = ${courseId}`);
      const now = this.ctx.clock.now();
      const { options: _o, ...fields } = input;
      const [q] = await tx
        .insert(courseQuestions)
        .values({ courseId, position: m?.n == null ? 0 : Number(m.n) + 1, ...fields, createdAt: now, updatedAt: now })
        .returning({ id: courseQuestions.id });
      await this.writeOptions(tx, q!.id, input);
      await tx.update(courses).set({ updatedAt: now }).where(eq(courses.id, courseId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.question_saved', targetType: 'course', targetId: courseId, details: { code: c.code, questionId: q!.id, created: true } });
      return q!.id;
    });
    return (await questionsOf(this.ctx.db, courseId)).find((q) => q.id === id)!;
  }

  /** Replaces a question and its options. Attempts already drawn keep their own copy (quiz_attempt_questions.snapshot). */
  async updateQuestion(actor: Actor, questionId: string, input: SaveQuestion): Promise<QuestionDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const courseId = await this.ctx.db.transaction(async (tx) => {
      const [q] = await tx.select().from(courseQuestions).where(eq(courseQuestions.id, questionId));
      if (!q) throw new NotFoundError('Question');
      const c = await lockCourse(tx, q.courseId);
      assertEditable(c);
      const now = this.ctx.clock.now();
      const { options: _o, ...fields } = input;
      await tx
        .update(courseQuestions)
        .set({ ...fields, updatedAt: now })
        .where(eq(courseQuestions.id, questionId));
      await this.writeOptions(tx, questionId, input);
      await tx.update(courses).set({ updatedAt: now }).where(eq(courses.id, q.courseId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.question_saved', targetType: 'course', targetId: q.courseId, details: { code: c.code, questionId } });
      return q.courseId;
    });
    return (await questionsOf(this.ctx.db, courseId)).find((q) => q.id === questionId)!;
  }

  async deleteQuestion(actor: Actor, questionId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'course.manage');
    await this.ctx.db.transaction(async (tx) => {
      const [q] = await tx.select().from(courseQuestions).where(eq(courseQuestions.id, questionId));
      if (!q) throw new NotFoundError('Question');
      const c = await lockCourse(tx, q.courseId);
      assertEditable(c);
      if (c.status === 'published') {
        const [n] = await queryRows<{ n: number | string }>(tx, sql`select count(*) as n from course_questions where course_id = ${c.id}`);
        if (Number(n?.n ?? 0) <= c.questionsPerAttempt)
          throw new AppError(422, 'COURSE_INCOMPLETE', 'A published course keeps enough questions for one attempt.', [{ path: 'questions', message: `at least ${c.questionsPerAttempt}` }]);
      }
      await tx.delete(courseQuestions).where(eq(courseQuestions.id, questionId));
      await tx.update(courses).set({ updatedAt: this.ctx.clock.now() }).where(eq(courses.id, q.courseId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.question_deleted', targetType: 'course', targetId: q.courseId, details: { code: c.code, questionId } });
    });
  }
}

