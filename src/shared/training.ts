import { z } from 'zod';
import { Audience } from './audience.js';
import { Reason } from './validation.js';

/**
 * Training (P32-6): courses of lessons and a quiz drawn from a question pool, assigned to an
 * audience once or every fiscal year (April 1, Japan), with certificates of completion.
 */
export const CourseStatus = z.enum(['draft', 'published', 'retired']);
export type CourseStatus = z.infer<typeof CourseStatus>;
export const CourseRecurrence = z.enum(['none', 'fiscal_year']);
export type CourseRecurrence = z.infer<typeof CourseRecurrence>;
export const QuestionKind = z.enum(['single', 'multiple']);
export type QuestionKind = z.infer<typeof QuestionKind>;
export const LessonFileKind = z.enum(['image', 'pdf']);
export type LessonFileKind = z.infer<typeof LessonFileKind>;
export const AttemptStatus = z.enum(['open', 'submitted', 'abandoned']);
export type AttemptStatus = z.infer<typeof AttemptStatus>;

/** Largest lesson image and lesson PDF, in bytes. */
export const LESSON_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
export const LESSON_PDF_MAX_BYTES = 20 * 1024 * 1024;

const title = z.string().trim().min(1).max(200);
const longText = z.string().max(100_000);

const CourseFields = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, Reason.CODE_CHARS),
  titleJa: title,
  titleEn: title,
  descriptionJa: z.string().max(5000).default(''),
  descriptionEn: z.string().max(5000).default(''),
  audience: Audience,
  passMark: z.number().int().min(0).max(100).default(80),
  /** null = unlimited. */
  maxAttempts: z.number().int().min(1).max(100).nullable().default(3),
  questionsPerAttempt: z.number().int().min(1).max(100).default(10),
  dueDays: z.number().int().min(1).max(365).default(30),
  recurrence: CourseRecurrence.default('none'),
  requiredForAccount: z.boolean().default(false),
});
export const CreateCourse = CourseFields;
export type CreateCourse = z.infer<typeof CreateCourse>;
export type CreateCourseInput = z.input<typeof CreateCourse>;
export const UpdateCourse = CourseFields.partial().refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateCourse = z.infer<typeof UpdateCourse>;
/** The new-course form: the code, the titles and the cycle (the editor sets the rest, the audience included). */
export const NewCourseForm = CourseFields.pick({ code: true, titleJa: true, titleEn: true, recurrence: true });

export const LessonFileDto = z.object({
  id: z.uuid(),
  kind: LessonFileKind,
  contentType: z.string(),
  fileName: z.string(),
  captionJa: z.string(),
  captionEn: z.string(),
  size: z.number().int(),
  /** Same-origin URL the player shows it from. */
  url: z.string(),
});
export type LessonFileDto = z.infer<typeof LessonFileDto>;

export const LessonDto = z.object({
  id: z.uuid(),
  position: z.number().int(),
  titleJa: z.string(),
  titleEn: z.string(),
  bodyJa: z.string(),
  bodyEn: z.string(),
  files: z.array(LessonFileDto),
});
export type LessonDto = z.infer<typeof LessonDto>;

export const SaveLesson = z.object({
  titleJa: title,
  titleEn: title,
  bodyJa: longText.default(''),
  bodyEn: longText.default(''),
});
export type SaveLesson = z.infer<typeof SaveLesson>;
export type SaveLessonInput = z.input<typeof SaveLesson>;
export const UpdateLesson = SaveLesson.partial().extend({
  /** Move the lesson to this place (0-based) among the course's lessons. */
  position: z.number().int().min(0).max(1000).optional(),
});
export type UpdateLesson = z.infer<typeof UpdateLesson>;

/** A caption of a lesson file, sent as the multipart fields `captionJa` / `captionEn` with the file. */
export const LessonFileCaption = z.string().max(500);
/** The captions of a lesson file, as the upload form takes them. */
export const LessonFileCaptions = z.object({ captionJa: LessonFileCaption, captionEn: LessonFileCaption });

const OptionInput = z.object({
  textJa: z.string().trim().min(1).max(1000),
  textEn: z.string().trim().min(1).max(1000),
  correct: z.boolean(),
});
/** A question with its options; single choice has exactly one correct option, multiple choice at least one. */
export const SaveQuestion = z
  .object({
    kind: QuestionKind,
    promptJa: z.string().trim().min(1).max(4000),
    promptEn: z.string().trim().min(1).max(4000),
    explanationJa: z.string().max(4000).default(''),
    explanationEn: z.string().max(4000).default(''),
    options: z.array(OptionInput).min(2).max(10),
  })
  .superRefine((q, c) => {
    const n = q.options.filter((o) => o.correct).length;
    if (q.kind === 'single' && n !== 1) c.addIssue({ code: 'custom', path: ['options'], message: 'a single-choice question has exactly one correct option' });
    if (q.kind === 'multiple' && n < 1) c.addIssue({ code: 'custom', path: ['options'], message: 'mark at least one correct option' });
  });
export type SaveQuestion = z.infer<typeof SaveQuestion>;
export type SaveQuestionInput = z.input<typeof SaveQuestion>;

/** A pool question as authors see it (with the answers). */
export const QuestionDto = z.object({
  id: z.uuid(),
  position: z.number().int(),
  kind: QuestionKind,
  promptJa: z.string(),
  promptEn: z.string(),
  explanationJa: z.string(),
  explanationEn: z.string(),
  options: z.array(z.object({ id: z.uuid(), textJa: z.string(), textEn: z.string(), correct: z.boolean() })),
});
export type QuestionDto = z.infer<typeof QuestionDto>;

export const CourseSummaryDto = z.object({
  id: z.uuid(),
  code: z.string(),
  titleJa: z.string(),
  titleEn: z.string(),
  descriptionJa: z.string(),
  descriptionEn: z.string(),
  status: CourseStatus,
  audience: Audience,
  passMark: z.number().int(),
  maxAttempts: z.number().int().nullable(),
  questionsPerAttempt: z.number().int(),
  dueDays: z.number().int(),
  recurrence: CourseRecurrence,
  requiredForAccount: z.boolean(),
  lessonCount: z.number().int(),
  questionCount: z.number().int(),
  /** Assignments of the current cycle (not cancelled) and how many are completed. */
  assigned: z.number().int(),
  completed: z.number().int(),
  updatedAt: z.string(),
});
export type CourseSummaryDto = z.infer<typeof CourseSummaryDto>;
export const CourseList = z.object({ items: z.array(CourseSummaryDto) });
export type CourseList = z.infer<typeof CourseList>;

export const CourseDto = CourseSummaryDto.extend({
  lessons: z.array(LessonDto),
  questions: z.array(QuestionDto),
});
export type CourseDto = z.infer<typeof CourseDto>;

export const PublishResult = z.object({ course: CourseSummaryDto, cycle: z.string(), assigned: z.number().int() });
export type PublishResult = z.infer<typeof PublishResult>;

// ---- the player -----------------------------------------------------------------------------------

/** A drawn question as the person sees it before submitting: never which options are correct, never the explanation. */
export const AttemptQuestionDto = z.object({
  id: z.uuid(),
  position: z.number().int(),
  kind: QuestionKind,
  promptJa: z.string(),
  promptEn: z.string(),
  options: z.array(z.object({ id: z.uuid(), textJa: z.string(), textEn: z.string() })),
});
export type AttemptQuestionDto = z.infer<typeof AttemptQuestionDto>;

export const OpenAttemptDto = z.object({
  id: z.uuid(),
  number: z.number().int(),
  startedAt: z.string(),
  questions: z.array(AttemptQuestionDto),
});
export type OpenAttemptDto = z.infer<typeof OpenAttemptDto>;

/** A scored question: the answers and explanation, given only after submission. */
export const ScoredQuestionDto = z.object({
  id: z.uuid(),
  position: z.number().int(),
  kind: QuestionKind,
  promptJa: z.string(),
  promptEn: z.string(),
  explanationJa: z.string(),
  explanationEn: z.string(),
  correct: z.boolean(),
  options: z.array(z.object({ id: z.uuid(), textJa: z.string(), textEn: z.string(), correct: z.boolean(), chosen: z.boolean() })),
});
export type ScoredQuestionDto = z.infer<typeof ScoredQuestionDto>;

export const AttemptResultDto = z.object({
  id: z.uuid(),
  number: z.number().int(),
  submittedAt: z.string(),
  score: z.number().int(),
  passed: z.boolean(),
  questions: z.array(ScoredQuestionDto),
});
export type AttemptResultDto = z.infer<typeof AttemptResultDto>;

export const AssignmentSummaryDto = z.object({
  id: z.uuid(),
  courseId: z.uuid(),
  courseTitleJa: z.string(),
  courseTitleEn: z.string(),
  requiredForAccount: z.boolean(),
  cycle: z.string(),
  assignedAt: z.string(),
  dueOn: z.string(),
  completedAt: z.string().nullable(),
  bestScore: z.number().int().nullable(),
  attempts: z.number().int(),
  certificateNo: z.string().nullable(),
  overdue: z.boolean(),
});
export type AssignmentSummaryDto = z.infer<typeof AssignmentSummaryDto>;
export const MyAssignmentList = z.object({ items: z.array(AssignmentSummaryDto) });
export type MyAssignmentList = z.infer<typeof MyAssignmentList>;

export const AssignmentDto = AssignmentSummaryDto.extend({
  personId: z.uuid(),
  /** Whether the caller is the person the course is assigned to (only they take the quiz). */
  mine: z.boolean(),
  course: z.object({
    descriptionJa: z.string(),
    descriptionEn: z.string(),
    passMark: z.number().int(),
    maxAttempts: z.number().int().nullable(),
    questionsPerAttempt: z.number().int(),
    status: CourseStatus,
  }),
  lessons: z.array(LessonDto),
  /** null = unlimited. */
  attemptsLeft: z.number().int().nullable(),
  canStart: z.boolean(),
  openAttempt: OpenAttemptDto.nullable(),
  lastResult: AttemptResultDto.nullable(),
});
export type AssignmentDto = z.infer<typeof AssignmentDto>;

export const SubmitAttempt = z.object({
  answers: z
    .array(z.object({ questionId: z.uuid(), optionIds: z.array(z.uuid()).max(10) }))
    .max(100),
});
export type SubmitAttempt = z.infer<typeof SubmitAttempt>;

export const SubmitResult = z.object({ result: AttemptResultDto, assignment: AssignmentSummaryDto, attemptsLeft: z.number().int().nullable() });
export type SubmitResult = z.infer<typeof SubmitResult>;

export const CertificateQuery = z.object({ lang: z.enum(['ja', 'en']).default('ja') });
