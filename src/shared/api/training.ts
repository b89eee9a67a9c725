import { z } from 'zod';
import {
  AssignmentDto,
  CertificateQuery,
  CourseDto,
  CourseList,
  CreateCourse,
  LessonDto,
  MyAssignmentList,
  OpenAttemptDto,
  PublishResult,
  QuestionDto,
  SaveLesson,
  SaveQuestion,
  SubmitAttempt,
  SubmitResult,
  UpdateCourse,
  UpdateLesson,
} from '../training.js';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/**
 * Training (P32-6): course authoring (courses, lessons with images and PDF files, the question
 * pool, publishing), the player and quiz, and certificates. A deletion answers 204 with no body,
 * declared as `z.null()` (a `null` response spec would register `{ type: 'null' }`, which the zod
 * serializer compiler refuses).
 */
export const trainingApi = defineApi(
  { tags: ['training'] },
  {
    // ---- authoring ----
    listCourses: { method: 'GET', path: '/api/courses', response: CourseList },
    createCourse: { method: 'POST', path: '/api/courses', body: CreateCourse, response: CourseDto, status: 201 },
    getCourse: { method: 'GET', path: '/api/courses/:id', params: IdParam, response: CourseDto },
    updateCourse: { method: 'PATCH', path: '/api/courses/:id', params: IdParam, body: UpdateCourse, response: CourseDto },
    publishCourse: { method: 'POST', path: '/api/courses/:id/publish', params: IdParam, response: PublishResult },
    retireCourse: { method: 'POST', path: '/api/courses/:id/retire', params: IdParam, response: CourseDto },

    addLesson: { method: 'POST', path: '/api/courses/:id/lessons', params: IdParam, body: SaveLesson, response: LessonDto, status: 201 },
    updateLesson: { method: 'PATCH', path: '/api/course-lessons/:id', params: IdParam, body: UpdateLesson, response: LessonDto },
    deleteLesson: { method: 'DELETE', path: '/api/course-lessons/:id', params: IdParam, response: z.null(), status: 204 },
    /** multipart/form-data: the `file` part (PNG, JPEG or PDF) and optional `captionJa` / `captionEn` fields (LessonFileCaption). */
    addLessonFile: { method: 'POST', path: '/api/course-lessons/:id/files', params: IdParam, consumes: ['multipart/form-data'], response: LessonDto, status: 201 },
    deleteLessonFile: { method: 'DELETE', path: '/api/course-files/:id', params: IdParam, response: z.null(), status: 204 },
    lessonFile: { method: 'GET', path: '/api/course-files/:id', params: IdParam, response: 'file', produces: ['image/png', 'image/jpeg', 'application/pdf'] },

    addQuestion: { method: 'POST', path: '/api/courses/:id/questions', params: IdParam, body: SaveQuestion, response: QuestionDto, status: 201 },
    updateQuestion: { method: 'PUT', path: '/api/course-questions/:id', params: IdParam, body: SaveQuestion, response: QuestionDto },
    deleteQuestion: { method: 'DELETE', path: '/api/course-questions/:id', params: IdParam, response: z.null(), status: 204 },

    // ---- the player ----
    myAssignments: { method: 'GET', path: '/api/my-course-assignments', response: MyAssignmentList },
    assignment: { method: 'GET', path: '/api/course-assignments/:id', params: IdParam, response: AssignmentDto },
    startAttempt: { method: 'POST', path: '/api/course-assignments/:id/attempts', params: IdParam, response: OpenAttemptDto, status: 201 },
    submitAttempt: { method: 'POST', path: '/api/quiz-attempts/:id/submit', params: IdParam, body: SubmitAttempt, response: SubmitResult },
    certificate: { method: 'GET', path: '/api/course-assignments/:id/certificate', params: IdParam, query: CertificateQuery, response: 'file', produces: ['application/pdf'] },
  },
);
