import { z } from 'zod';
import {
  AssignmentDto,
  CertificateQuery,
  CourseDto,
  CourseList,
  CreateCourse,
  LESSON_PDF_MAX_BYTES,
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
} from '../../../shared/training.js';
import type { AppContext } from '../../context.js';
import { AppError, ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App, Req } from '../../http.js';
import { CoursesService, type LessonUpload } from './courses.service.js';
import { QuizService } from './quiz.service.js';

const IdParam = z.object({ id: z.uuid() });

/** Reads a multipart lesson file: the `file` part and optional `captionJa` / `captionEn` fields. */
async function readLessonFile(req: Req): Promise<LessonUpload> {
  let file: { fileName: string; data: Buffer } | null = null;
  const raw: Record<string, string> = {};
  for await (const part of req.parts({ limits: { fileSize: LESSON_PDF_MAX_BYTES, files: 1, fields: 5 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        continue;
      }
      file = { fileName: part.filename, data: await part.toBuffer() };
    } else if (part.fieldname === 'captionJa' || part.fieldname === 'captionEn') {
      raw[part.fieldname] = String(part.value);
    }
  }
  if (!file) throw new ValidationError('Attach the file in a form field named "file".', [{ path: 'file', message: 'required' }]);
  const caption = z.string().max(500);
  const ja = caption.safeParse(raw.captionJa ?? '');
  const en = caption.safeParse(raw.captionEn ?? '');
  if (!ja.success || !en.success) throw new ValidationError('Some fields are invalid.', [{ path: ja.success ? 'captionEn' : 'captionJa', message: 'at most 500 characters' }]);
  return { ...file, captionJa: ja.data.trim(), captionEn: en.data.trim() };
}

/**
 * Training (P32-6): course authoring (courses, lessons with images and PDF files, the question
 * pool, publishing), the player and quiz, and certificates. The player's routes stay reachable
 * while a required course is pending (`allowTraining`, see training.gate.ts).
 */
export function registerTrainingRoutes(app: App, ctx: AppContext): void {
  const coursesSvc = new CoursesService(ctx);
  const quiz = new QuizService(ctx);
  const tags = ['training'];
  const player = { allowTraining: true } as const;

  // ---- authoring -----------------------------------------------------------------------------------
  app.get('/api/courses', { schema: { tags, response: { 200: CourseList } } }, async (req) => coursesSvc.list(req.actor));
  app.post('/api/courses', { schema: { tags, body: CreateCourse, response: { 201: CourseDto } } }, async (req, reply) => reply.code(201).send(await coursesSvc.create(req.actor, req.body)));
  app.get('/api/courses/:id', { schema: { tags, params: IdParam, response: { 200: CourseDto } } }, async (req) => coursesSvc.get(req.actor, req.params.id));
  app.patch('/api/courses/:id', { schema: { tags, params: IdParam, body: UpdateCourse, response: { 200: CourseDto } } }, async (req) => coursesSvc.update(req.actor, req.params.id, req.body));
  app.post('/api/courses/:id/publish', { schema: { tags, params: IdParam, response: { 200: PublishResult } } }, async (req) => coursesSvc.publish(req.actor, req.params.id));
  app.post('/api/courses/:id/retire', { schema: { tags, params: IdParam, response: { 200: CourseDto } } }, async (req) => coursesSvc.retire(req.actor, req.params.id));

  app.post('/api/courses/:id/lessons', { schema: { tags, params: IdParam, body: SaveLesson, response: { 201: LessonDto } } }, async (req, reply) =>
    reply.code(201).send(await coursesSvc.addLesson(req.actor, req.params.id, req.body)),
  );
  app.patch('/api/course-lessons/:id', { schema: { tags, params: IdParam, body: UpdateLesson, response: { 200: LessonDto } } }, async (req) => coursesSvc.updateLesson(req.actor, req.params.id, req.body));
  app.delete('/api/course-lessons/:id', { schema: { tags, params: IdParam, response: { 204: z.null() } } }, async (req, reply) => {
    await coursesSvc.deleteLesson(req.actor, req.params.id);
    return reply.code(204).send(null);
  });
  app.post('/api/course-lessons/:id/files', { schema: { tags, params: IdParam, consumes: ['multipart/form-data'], response: { 201: LessonDto } } }, async (req, reply) => {
    // Authorize before reading the body, so a refused caller's upload is not buffered.
    await ctx.authz.require(req.actor, 'course.manage');
    if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data.');
    return reply.code(201).send(await coursesSvc.addFile(req.actor, req.params.id, await readLessonFile(req)));
  });
  app.delete('/api/course-files/:id', { schema: { tags, params: IdParam, response: { 204: z.null() } } }, async (req, reply) => {
    await coursesSvc.deleteFile(req.actor, req.params.id);
    return reply.code(204).send(null);
  });
  app.get('/api/course-files/:id', { config: player, schema: { tags, params: IdParam, produces: ['image/png', 'image/jpeg', 'application/pdf'] } }, async (req, reply) => {
    const f = await coursesSvc.readFile(req.actor, req.params.id);
    // The type the file's own bytes proved on upload; shown inline, framed by our own pages only.
    return reply
      .header('content-type', f.contentType)
      .header('content-disposition', contentDisposition(f.fileName, 'inline'))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=300')
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
      .header('x-frame-options', 'SAMEORIGIN')
      .send(f.data);
  });

  app.post('/api/courses/:id/questions', { schema: { tags, params: IdParam, body: SaveQuestion, response: { 201: QuestionDto } } }, async (req, reply) =>
    reply.code(201).send(await coursesSvc.addQuestion(req.actor, req.params.id, req.body)),
  );
  app.put('/api/course-questions/:id', { schema: { tags, params: IdParam, body: SaveQuestion, response: { 200: QuestionDto } } }, async (req) => coursesSvc.updateQuestion(req.actor, req.params.id, req.body));
  app.delete('/api/course-questions/:id', { schema: { tags, params: IdParam, response: { 204: z.null() } } }, async (req, reply) => {
    await coursesSvc.deleteQuestion(req.actor, req.params.id);
    return reply.code(204).send(null);
  });

  // ---- the player ----------------------------------------------------------------------------------
  app.get('/api/my-course-assignments', { config: player, schema: { tags, response: { 200: MyAssignmentList } } }, async (req) => quiz.mine(req.actor));
  app.get('/api/course-assignments/:id', { config: player, schema: { tags, params: IdParam, response: { 200: AssignmentDto } } }, async (req) => quiz.get(req.actor, req.params.id));
  app.post('/api/course-assignments/:id/attempts', { config: player, schema: { tags, params: IdParam, response: { 201: OpenAttemptDto } } }, async (req, reply) =>
    reply.code(201).send(await quiz.start(req.actor, req.params.id)),
  );
  app.post('/api/quiz-attempts/:id/submit', { config: player, schema: { tags, params: IdParam, body: SubmitAttempt, response: { 200: SubmitResult } } }, async (req) =>
    quiz.submit(req.actor, req.params.id, req.body),
  );
  app.get('/api/course-assignments/:id/certificate', { config: player, schema: { tags, params: IdParam, querystring: CertificateQuery, produces: ['application/pdf'] } }, async (req, reply) => {
    const f = await quiz.certificate(req.actor, req.params.id, req.query.lang);
    return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').send(f.body);
  });
}
