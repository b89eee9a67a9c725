import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { courseAssignments, courses } from './documents.js';
import { people } from './org.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const bytea = customType<{ data: Buffer; default: false }>({
  dataType: () => 'bytea',
  // PGlite hands back a Uint8Array, node-postgres a Buffer: one type for the code.
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array)),
});

/** One lesson of a course (P32-6): Markdown text in Japanese and English, shown in order. */
export const courseLessons = pgTable(
  'course_lessons',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    titleJa: text('title_ja').notNull(),
    titleEn: text('title_en').notNull(),
    bodyJa: text('body_ja').notNull().default(''),
    bodyEn: text('body_en').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('course_lessons_course_idx').on(t.courseId, t.position)],
);

/**
 * Images (PNG, JPEG) and PDF files shown with a lesson. Course material is not confidential, so
 * it is stored as is, in the database (it travels with backups and every app node sees it). The
 * content type is the one the file's first bytes prove, never the one the uploader claimed.
 */
export const courseLessonFiles = pgTable(
  'course_lesson_files',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    lessonId: uuid('lesson_id')
      .notNull()
      .references(() => courseLessons.id, { onDelete: 'cascade' }),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** image | pdf */
    kind: text('kind').notNull(),
    contentType: text('content_type').notNull(),
    fileName: text('file_name').notNull(),
    /** Alternative text / caption. */
    captionJa: text('caption_ja').notNull().default(''),
    captionEn: text('caption_en').notNull().default(''),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => people.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('course_lesson_files_lesson_idx').on(t.lessonId, t.position)],
);

/** The question pool of a course's quiz: single choice (one correct option) or multiple choice. */
export const courseQuestions = pgTable(
  'course_questions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** single | multiple */
    kind: text('kind').notNull(),
    promptJa: text('prompt_ja').notNull(),
    promptEn: text('prompt_en').notNull(),
    explanationJa: text('explanation_ja').notNull().default(''),
    explanationEn: text('explanation_en').notNull().default(''),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('course_questions_course_idx').on(t.courseId, t.position)],
);

export const courseQuestionOptions = pgTable(
  'course_question_options',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    questionId: uuid('question_id')
      .notNull()
      .references(() => courseQuestions.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    textJa: text('text_ja').notNull(),
    textEn: text('text_en').notNull(),
    correct: boolean('correct').notNull().default(false),
  },
  (t) => [index('course_question_options_question_idx').on(t.questionId, t.position)],
);

/**
 * One attempt at a course's quiz, for one assignment: open → submitted (scored), or abandoned
 * when the person starts another one. Scored on the server only.
 */
export const quizAttempts = pgTable(
  'quiz_attempts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => courseAssignments.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    /** 1, 2, … within the assignment. */
    number: integer('number').notNull(),
    /** open | submitted | abandoned */
    status: text('status').notNull().default('open'),
    startedAt: ts('started_at').notNull(),
    submittedAt: ts('submitted_at'),
    score: integer('score'),
    passed: boolean('passed'),
  },
  (t) => [uniqueIndex('quiz_attempts_assignment_number_key').on(t.assignmentId, t.number), index('quiz_attempts_person_idx').on(t.personId)],
);

/** What a drawn question looked like when it was drawn: scoring and the result use this copy, so later edits of the pool change no attempt. */
export interface AttemptQuestionSnapshot {
  kind: 'single' | 'multiple';
  promptJa: string;
  promptEn: string;
  explanationJa: string;
  explanationEn: string;
  /** In the order shown to the person. */
  options: { id: string; textJa: string; textEn: string; correct: boolean }[];
}

/** The questions drawn for one attempt, in the order shown, with the person's answer once submitted. */
export const quizAttemptQuestions = pgTable(
  'quiz_attempt_questions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    attemptId: uuid('attempt_id')
      .notNull()
      .references(() => quizAttempts.id, { onDelete: 'cascade' }),
    questionId: uuid('question_id').references(() => courseQuestions.id, { onDelete: 'set null' }),
    position: integer('position').notNull(),
    snapshot: jsonb('snapshot').$type<AttemptQuestionSnapshot>().notNull(),
    /** The option ids the person chose. */
    answer: jsonb('answer').$type<string[]>(),
    correct: boolean('correct'),
  },
  (t) => [uniqueIndex('quiz_attempt_questions_attempt_position_key').on(t.attemptId, t.position)],
);

/** Certificate numbers per year (TC-YYYY-NNNNNN): one row per year, bumped under a row lock. */
export const certificateCounters = pgTable('certificate_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull().default(0),
});
