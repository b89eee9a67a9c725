import type { FastifyRequest } from 'fastify';
import { trainingApi as t } from '../../../shared/api/training.js';
import { LESSON_PDF_MAX_BYTES, LessonFileCaption } from '../../../shared/training.js';
import type { AppContext } from '../../context.js';
import { AppError, ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App } from '../../http.js';
import { route, type ContractRouteOptions } from '../../route.js';
import { CoursesService } from './courses.service.js';
import { LessonFilesService, type LessonUpload } from './lesson-files.service.js';
import { QuizService } from './quiz.service.js';

/** Reads a multipart lesson file: the `file` part and optional `captionJa` / `captionEn` fields. */
async function readLessonFile(req: FastifyRequest): Promise<LessonUpload> {
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
  const ja = LessonFileCaption.safeParse(raw.captionJa ?? '');
  const en = LessonFileCaption.safeParse(raw.captionEn ?? '');
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
  const files = new LessonFilesService(ctx);
  const quiz = new QuizService(ctx);
  const player: ContractRouteOptions = { config: { allowTraining: true } };

  // ---- authoring -----------------------------------------------------------------------------------
  route(app, t.listCourses, async (req) => coursesSvc.list(req.actor));
  route(app, t.createCourse, async (req) => coursesSvc.create(req.actor, req.body));
  route(app, t.getCourse, async (req) => coursesSvc.get(req.actor, req.params.id));
  route(app, t.updateCourse, async (req) => coursesSvc.update(req.actor, req.params.id, req.body));
  route(app, t.publishCourse, async (req) => coursesSvc.publish(req.actor, req.params.id));
  route(app, t.retireCourse, async (req) => coursesSvc.retire(req.actor, req.params.id));

  route(app, t.addLesson, async (req) => coursesSvc.addLesson(req.actor, req.params.id, req.body));
  route(app, t.updateLesson, async (req) => coursesSvc.updateLesson(req.actor, req.params.id, req.body));
  route(app, t.deleteLesson, async (req) => {
    await coursesSvc.deleteLesson(req.actor, req.params.id);
    return null;
  });
  route(app, t.addLessonFile, async (req) => {
    // Authorize before reading the body, so a refused caller's upload is not buffered.
    await ctx.authz.require(req.actor, 'course.manage');
    if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data.');
    return files.add(req.actor, req.params.id, await readLessonFile(req));
  });
  route(app, t.deleteLessonFile, async (req) => {
    await files.remove(req.actor, req.params.id);
    return null;
  });
  route(
    app,
    t.lessonFile,
    async (req, reply) => {
      const f = await files.read(req.actor, req.params.id);
      // The type the file's own bytes proved on upload; shown inline, framed by our own pages only.
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', contentDisposition(f.fileName, 'inline'))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=300')
        .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
        .header('x-frame-options', 'SAMEORIGIN')
        .send(f.data);
    },
    player,
  );

  route(app, t.addQuestion, async (req) => coursesSvc.addQuestion(req.actor, req.params.id, req.body));
  route(app, t.updateQuestion, async (req) => coursesSvc.updateQuestion(req.actor, req.params.id, req.body));
  route(app, t.deleteQuestion, async (req) => {
    await coursesSvc.deleteQuestion(req.actor, req.params.id);
    return null;
  });

  // ---- the player ----------------------------------------------------------------------------------
  route(app, t.myAssignments, async (req) => quiz.mine(req.actor), player);
  route(app, t.assignment, async (req) => quiz.get(req.actor, req.params.id), player);
  route(app, t.startAttempt, async (req) => quiz.start(req.actor, req.params.id), player);
  route(app, t.submitAttempt, async (req) => quiz.submit(req.actor, req.params.id, req.body), player);
  route(
    app,
    t.certificate,
    async (req, reply) => {
      const f = await quiz.certificate(req.actor, req.params.id, req.query.lang);
      return reply.header('content-type', 'application/pdf').header('content-disposition', contentDisposition(f.fileName)).header('cache-control', 'no-store').send(f.body);
    },
    player,
  );
}
