import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { CourseSummaryDto, LessonDto, LessonFileKind, QuestionDto } from '../../../shared/training.js';
import { queryRows, type Conn } from '../../db/client.js';
import { courseLessonFiles, courseLessons, courseQuestionOptions, courseQuestions, courses } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { currentCycleSql } from './training.common.js';

/**
 * Reading courses as authors and the player see them: the course row (locked when a change
 * follows), the summaries with their counts, the lessons with their files, and the question pool.
 */

export type CourseRow = typeof courses.$inferSelect;

/** The same-origin address the player shows a lesson file from. */
export const fileUrl = (id: string) => `/api/course-files/${id}`;

export async function courseRow(conn: Conn, id: string): Promise<CourseRow> {
  const [c] = await conn.select().from(courses).where(eq(courses.id, id));
  if (!c) throw new NotFoundError('Course');
  return c;
}

/** The course row, locked until the transaction ends (changes to one course are serialized). */
export async function lockCourse(tx: Conn, id: string): Promise<CourseRow> {
  const [c] = await tx.select().from(courses).where(eq(courses.id, id)).for('update');
  if (!c) throw new NotFoundError('Course');
  return c;
}

/** A retired course is kept for the record and changes no more (409 COURSE_STATE). */
export function assertEditable(c: CourseRow): void {
  if (c.status === 'retired') throw new AppError(409, 'COURSE_STATE', 'A retired course can no longer be changed.', { status: c.status });
}

/** The summaries of the given courses (all when `ids` is left out), by code, with the current cycle's counts. */
export async function courseSummaries(conn: Conn, now: Date, ids?: string[]): Promise<CourseSummaryDto[]> {
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

export async function courseSummary(conn: Conn, now: Date, id: string): Promise<CourseSummaryDto> {
  const [s] = await courseSummaries(conn, now, [id]);
  if (!s) throw new NotFoundError('Course');
  return s;
}

/** The lessons of a course with their files (no file contents). */
export async function lessonsOf(conn: Conn, courseId: string): Promise<LessonDto[]> {
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

/** One lesson of a course, as `lessonsOf` gives it. */
export async function lessonOf(conn: Conn, courseId: string, lessonId: string): Promise<LessonDto> {
  return (await lessonsOf(conn, courseId)).find((l) => l.id === lessonId)!;
}

/** The question pool of a course, with the answers (authors only). */
export async function questionsOf(conn: Conn, courseId: string): Promise<QuestionDto[]> {
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
