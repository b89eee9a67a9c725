import { createHash } from 'node:crypto';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type {
  CourseDto,
  CourseList,
  CourseSummaryDto,
  CreateCourse,
  LessonDto,
  LessonFileKind,
  PublishResult,
  QuestionDto,
  SaveLesson,
  SaveQuestion,
  UpdateCourse,
  UpdateLesson,
} from '../../../shared/training.js';
import { LESSON_IMAGE_MAX_BYTES, LESSON_PDF_MAX_BYTES } from '../../../shared/training.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { courseLessonFiles, courseLessons, courseQuestionOptions, courseQuestions, courses } from '../../db/schema/index.js';
import { AppError, ConflictError, NotFoundError } from '../../errors.js';
import { assignAudience } from './assignments.js';
import { currentCycle, currentCycleSql } from './training.common.js';

type CourseRow = typeof courses.$inferSelect;

export interface LessonUpload {
  fileName: string;
  data: Buffer;
  captionJa: string;
  captionEn: string;
}

/**
 * What a file's first bytes prove it is: PNG, JPEG or PDF. The uploader's claimed type is never
 * trusted (an HTML or SVG file renamed to .png must not be served as an image).
 */
export function sniffLessonFile(data: Buffer): { kind: LessonFileKind; contentType: string } | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { kind: 'image', contentType: 'image/png' };
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { kind: 'image', contentType: 'image/jpeg' };
  if (data.length >= 5 && data.subarray(0, 5).toString('latin1') === '%PDF-') return { kind: 'pdf', contentType: 'application/pdf' };
  return null;
}

/** A file name that is only a label: last path segment, no control or quoting characters. */
const cleanName = (n: string) =>
  (n.split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .slice(0, 200) || 'file';

export const fileUrl = (id: string) => `/api/course-files/${id}`;

/**
 * Course authoring (P32-6): courses, their ordered lessons with images and PDF files, and the
 * question pool. The manager, the data center and the operations office write courses
 * (`course.manage`); publishing assigns the course to its audience; a retired course is kept
 * for the record and changes no more.
 */
export class CoursesService {
  constructor(private readonly ctx: AppContext) {}

  private async row(conn: Conn, id: string): Promise<CourseRow> {
    const [c] = await conn.select().from(courses).where(eq(courses.id, id));
    if (!c) throw new NotFoundError('Course');
    return c;
  }
  private async lockRow(tx: Conn, id: string): Promise<CourseRow> {
    const [c] = await tx.select().from(courses).where(eq(courses.id, id)).for('update');
    if (!c) throw new NotFoundError('Course');
    return c;
  }
  private editable(c: CourseRow) {
    if (c.status === 'retired') throw new AppError(409, 'COURSE_STATE', 'A retired course can no longer be changed.', { status: c.status });
  }

  async summaries(conn: Conn, ids?: string[]): Promise<CourseSummaryDto[]> {
    const now = this.ctx.clock.now();
    const rows = await queryRows<{
      id: string;
      lessons: number | string;
      questions: number | string;
      assigned: number | string;
      completed: number | string;
    }>(
      conn,
      sql`select c.id,
                 (select count(*) from course_lessons l where l.course_id = c.id) as lessons,
                 (select count(*) from course_questions q where q.course_id = c.id) as questions,
                 (select count(*) from course_assignments a where a.course_id = c.id and a.cycle = ${currentCycleSql(now)} and a.cancelled_at is null) as assigned,
                 (select count(*) from course_assignments a where a.course_id = c.id and a.cycle = ${currentCycleSql(now)} and a.cancelled_at is null and a.completed_at is not null) as completed
            from courses c ${ids ? sql`where c.id = any(array[${sql.join(ids.map((i) => sql`${i}`), sql`, `)}]::uuid[])` : sql``}`,
    );
    const counts = new Map(rows.map((r) => [r.id, r]));
    const list = await conn
      .select()
      .from(courses)
      .where(ids ? inArray(courses.id, ids) : undefined)
      .orderBy(asc(courses.code));
    return list.map((c) => {
      const n = counts.get(c.id);
      return {
        id: c.id,
        code: c.code,
        titleJa: c.titleJa,
        titleEn: c.titleEn,
        descriptionJa: c.descriptionJa,
        descriptionEn: c.descriptionEn,
        status: c.status as CourseSummaryDto['status'],
        audience: c.audience,
        passMark: c.passMark,
        maxAttempts: c.maxAttempts,
        questionsPerAttempt: c.questionsPerAttempt,
        dueDays: c.dueDays,
        recurrence: c.recurrence as CourseSummaryDto['recurrence'],
        requiredForAccount: c.requiredForAccount,
        lessonCount: Number(n?.lessons ?? 0),
        questionCount: Number(n?.questions ?? 0),
        assigned: Number(n?.assigned ?? 0),
        completed: Number(n?.completed ?? 0),
        updatedAt: c.updatedAt.toISOString(),
      };
    });
  }

  private async summary(conn: Conn, id: string): Promise<CourseSummaryDto> {
    const [s] = await this.summaries(conn, [id]);
    if (!s) throw new NotFoundError('Course');
    return s;
  }

  /** The lessons of a course with their files (no file contents). */
  static async lessons(conn: Conn, courseId: string): Promise<LessonDto[]> {
    const ls = await conn.select().from(courseLessons).where(eq(courseLessons.courseId, courseId)).orderBy(asc(courseLessons.position), asc(courseLessons.createdAt));
    const files = await conn
      .select({
        id: courseLessonFiles.id,
        lessonId: courseLessonFiles.lessonId,
        kind: courseLessonFiles.kind,
        contentType: courseLessonFiles.contentType,
        fileName: courseLessonFiles.fileName,
        captionJa: courseLessonFiles.captionJa,
        captionEn: courseLessonFiles.captionEn,
        size: courseLessonFiles.size,
      })
      .from(courseLessonFiles)
      .where(eq(courseLessonFiles.courseId, courseId))
      .orderBy(asc(courseLessonFiles.position), asc(courseLessonFiles.createdAt));
    return ls.map((l) => ({
      id: l.id,
      position: l.position,
      titleJa: l.titleJa,
      titleEn: l.titleEn,
      bodyJa: l.bodyJa,
      bodyEn: l.bodyEn,
      files: files.filter((f) => f.lessonId === l.id).map(({ lessonId: _l, ...f }) => ({ ...f, kind: f.kind as LessonFileKind, url: fileUrl(f.id) })),
    }));
  }

  private async questions(conn: Conn, courseId: string): Promise<QuestionDto[]> {
    const qs = await conn.select().from(courseQuestions).where(eq(courseQuestions.courseId, courseId)).orderBy(asc(courseQuestions.position), asc(courseQuestions.createdAt));
    if (!qs.length) return [];
    const opts = await conn
      .select()
      .from(courseQuestionOptions)
      .where(
        inArray(
          courseQuestionOptions.questionId,
          qs.map((q) => q.id),
        ),
      )
      .orderBy(asc(courseQuestionOptions.position));
    return qs.map((q) => ({
      id: q.id,
      position: q.position,
      kind: q.kind as QuestionDto['kind'],
      promptJa: q.promptJa,
      promptEn: q.promptEn,
      explanationJa: q.explanationJa,
      explanationEn: q.explanationEn,
      options: opts.filter((o) => o.questionId === q.id).map((o) => ({ id: o.id, textJa: o.textJa, textEn: o.textEn, correct: o.correct })),
    }));
  }

  // ---- courses ------------------------------------------------------------------------------------

  async list(actor: Actor): Promise<CourseList> {
    await this.ctx.authz.require(actor, 'course.manage');
    return { items: await this.summaries(this.ctx.db) };
  }

  async get(actor: Actor, id: string): Promise<CourseDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const s = await this.summary(this.ctx.db, id);
    return { ...s, lessons: await CoursesService.lessons(this.ctx.db, id), questions: await this.questions(this.ctx.db, id) };
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
      const c = await this.lockRow(tx, id);
      this.editable(c);
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
        const fresh = await this.row(tx, id);
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
      const c = await this.lockRow(tx, id);
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
    return { course: await this.summary(this.ctx.db, id), ...out };
  }

  /** Retires a published course: no more assignments, reminders or attempts; completions and certificates stay. */
  async retire(actor: Actor, id: string): Promise<CourseDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    await this.ctx.db.transaction(async (tx) => {
      const c = await this.lockRow(tx, id);
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
      const c = await this.lockRow(tx, courseId);
      this.editable(c);
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
    return (await CoursesService.lessons(this.ctx.db, courseId)).find((l) => l.id === id)!;
  }

  async updateLesson(actor: Actor, lessonId: string, input: UpdateLesson): Promise<LessonDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const courseId = await this.ctx.db.transaction(async (tx) => {
      const l = await this.lessonRow(tx, lessonId);
      const c = await this.lockRow(tx, l.courseId);
      this.editable(c);
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
    return (await CoursesService.lessons(this.ctx.db, courseId)).find((l) => l.id === lessonId)!;
  }

  async deleteLesson(actor: Actor, lessonId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'course.manage');
    await this.ctx.db.transaction(async (tx) => {
      const l = await this.lessonRow(tx, lessonId);
      const c = await this.lockRow(tx, l.courseId);
      this.editable(c);
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

  // ---- lesson files ------------------------------------------------------------------------------

  async addFile(actor: Actor, lessonId: string, up: LessonUpload): Promise<LessonDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const found = sniffLessonFile(up.data);
    if (!found) throw new AppError(415, 'FILE_TYPE_REFUSED', 'Lessons take PNG or JPEG images and PDF files only.', { allowed: ['image/png', 'image/jpeg', 'application/pdf'] });
    const max = found.kind === 'pdf' ? LESSON_PDF_MAX_BYTES : LESSON_IMAGE_MAX_BYTES;
    if (up.data.length > max) throw new AppError(413, 'FILE_TOO_LARGE', `The file is larger than ${Math.round(max / 1024 / 1024)} MB.`, { maxBytes: max });
    const courseId = await this.ctx.db.transaction(async (tx) => {
      const l = await this.lessonRow(tx, lessonId);
      const c = await this.lockRow(tx, l.courseId);
      this.editable(c);
      const [m] = await queryRows<{ n: number | string | null }>(tx, sql`select max(position) as n from course_lesson_files where lesson_id = ${lessonId}`);
      const fileName = cleanName(up.fileName);
      const sha256 = createHash('sha256').update(up.data).digest('hex');
      const [f] = await tx
        .insert(courseLessonFiles)
        .values({
          lessonId,
          courseId: l.courseId,
          position: m?.n == null ? 0 : Number(m.n) + 1,
          kind: found.kind,
          contentType: found.contentType,
          fileName,
          captionJa: up.captionJa,
          captionEn: up.captionEn,
          size: up.data.length,
          sha256,
          data: up.data,
          uploadedBy: actor.personId,
          createdAt: this.ctx.clock.now(),
        })
        .returning({ id: courseLessonFiles.id });
      await tx.update(courses).set({ updatedAt: this.ctx.clock.now() }).where(eq(courses.id, l.courseId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.file_added', targetType: 'course', targetId: l.courseId, details: { code: c.code, lessonId, fileId: f!.id, fileName, contentType: found.contentType, size: up.data.length, sha256 } });
      return l.courseId;
    });
    return (await CoursesService.lessons(this.ctx.db, courseId)).find((l) => l.id === lessonId)!;
  }

  async deleteFile(actor: Actor, fileId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'course.manage');
    await this.ctx.db.transaction(async (tx) => {
      const [f] = await tx.select({ id: courseLessonFiles.id, courseId: courseLessonFiles.courseId, lessonId: courseLessonFiles.lessonId, fileName: courseLessonFiles.fileName }).from(courseLessonFiles).where(eq(courseLessonFiles.id, fileId));
      if (!f) throw new NotFoundError('File');
      const c = await this.lockRow(tx, f.courseId);
      this.editable(c);
      await tx.delete(courseLessonFiles).where(eq(courseLessonFiles.id, fileId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.file_deleted', targetType: 'course', targetId: f.courseId, details: { code: c.code, lessonId: f.lessonId, fileId, fileName: f.fileName } });
    });
  }

  /**
   * A lesson file's bytes, for authors and for anyone who has (had) the course assigned; others
   * get 404 whether it exists or not.
   */
  async readFile(actor: Actor, fileId: string): Promise<{ contentType: string; fileName: string; data: Buffer }> {
    const author = this.ctx.authz.can(actor, 'course.manage');
    const [f] = await this.ctx.db.select().from(courseLessonFiles).where(eq(courseLessonFiles.id, fileId));
    if (!f) throw new NotFoundError('File');
    if (!author) {
      const [a] = await queryRows<{ x: number }>(this.ctx.db, sql`select 1 as x from course_assignments a join courses c on c.id = a.course_id where a.course_id = ${f.courseId} and a.person_id = ${actor.personId} and a.cancelled_at is null and c.status <> 'draft' limit 1`);
      if (!a) throw new NotFoundError('File');
    }
    return { contentType: f.contentType, fileName: f.fileName, data: f.data };
  }

  // ---- the question pool -------------------------------------------------------------------------

  private async writeOptions(tx: Conn, questionId: string, input: SaveQuestion) {
    await tx.delete(courseQuestionOptions).where(eq(courseQuestionOptions.questionId, questionId));
    await tx.insert(courseQuestionOptions).values(input.options.map((o, i) => ({ questionId, position: i, textJa: o.textJa, textEn: o.textEn, correct: o.correct })));
  }

  async addQuestion(actor: Actor, courseId: string, input: SaveQuestion): Promise<QuestionDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const id = await this.ctx.db.transaction(async (tx) => {
      const c = await this.lockRow(tx, courseId);
      this.editable(c);
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
    return (await this.questions(this.ctx.db, courseId)).find((q) => q.id === id)!;
  }

  /** Replaces a question and its options. Attempts already drawn keep their own copy (quiz_attempt_questions.snapshot). */
  async updateQuestion(actor: Actor, questionId: string, input: SaveQuestion): Promise<QuestionDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const courseId = await this.ctx.db.transaction(async (tx) => {
      const [q] = await tx.select().from(courseQuestions).where(eq(courseQuestions.id, questionId));
      if (!q) throw new NotFoundError('Question');
      const c = await this.lockRow(tx, q.courseId);
      this.editable(c);
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
    return (await this.questions(this.ctx.db, courseId)).find((q) => q.id === questionId)!;
  }

  async deleteQuestion(actor: Actor, questionId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'course.manage');
    await this.ctx.db.transaction(async (tx) => {
      const [q] = await tx.select().from(courseQuestions).where(eq(courseQuestions.id, questionId));
      if (!q) throw new NotFoundError('Question');
      const c = await this.lockRow(tx, q.courseId);
      this.editable(c);
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

