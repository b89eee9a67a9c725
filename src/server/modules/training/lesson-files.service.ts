import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { LessonDto, LessonFileKind } from '../../../shared/training.js';
import { LESSON_IMAGE_MAX_BYTES, LESSON_PDF_MAX_BYTES } from '../../../shared/training.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { courseLessonFiles, courseLessons, courses } from '../../db/schema/index.js';
import { AppError, NotFoundError } from '../../errors.js';
import { assertEditable, lessonOf, lockCourse } from './courses.read.js';

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

async function lessonRow(tx: Conn, lessonId: string) {
  const [l] = await tx.select().from(courseLessons).where(eq(courseLessons.id, lessonId));
  if (!l) throw new NotFoundError('Lesson');
  return l;
}

/**
 * The images and PDF files of lessons (P32-6): authors add and remove them (`course.manage`);
 * authors and the people the course is assigned to read them.
 */
export class LessonFilesService {
  constructor(private readonly ctx: AppContext) {}

  async add(actor: Actor, lessonId: string, up: LessonUpload): Promise<LessonDto> {
    await this.ctx.authz.require(actor, 'course.manage');
    const found = sniffLessonFile(up.data);
    if (!found) throw new AppError(415, 'FILE_TYPE_REFUSED', 'Lessons take PNG or JPEG images and PDF files only.', { allowed: ['image/png', 'image/jpeg', 'application/pdf'] });
    const max = found.kind === 'pdf' ? LESSON_PDF_MAX_BYTES : LESSON_IMAGE_MAX_BYTES;
    if (up.data.length > max) throw new AppError(413, 'FILE_TOO_LARGE', `The file is larger than ${Math.round(max / 1024 / 1024)} MB.`, { maxBytes: max });
    const courseId = await this.ctx.db.transaction(async (tx) => {
      const l = await lessonRow(tx, lessonId);
      const c = await lockCourse(tx, l.courseId);
      assertEditable(c);
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
    return lessonOf(this.ctx.db, courseId, lessonId);
  }

  async remove(actor: Actor, fileId: string): Promise<void> {
    await this.ctx.authz.require(actor, 'course.manage');
    await this.ctx.db.transaction(async (tx) => {
      const [f] = await tx.select({ id: courseLessonFiles.id, courseId: courseLessonFiles.courseId, lessonId: courseLessonFiles.lessonId, fileName: courseLessonFiles.fileName }).from(courseLessonFiles).where(eq(courseLessonFiles.id, fileId));
      if (!f) throw new NotFoundError('File');
      const c = await lockCourse(tx, f.courseId);
      assertEditable(c);
      await tx.delete(courseLessonFiles).where(eq(courseLessonFiles.id, fileId));
      await appendAudit(tx, this.ctx.clock, actor, { action: 'course.file_deleted', targetType: 'course', targetId: f.courseId, details: { code: c.code, lessonId: f.lessonId, fileId, fileName: f.fileName } });
    });
  }

  /**
   * A lesson file's bytes, for authors and for anyone who has (had) the course assigned; others
   * get 404 whether it exists or not.
   */
  async read(actor: Actor, fileId: string): Promise<{ contentType: string; fileName: string; data: Buffer }> {
    const author = this.ctx.authz.can(actor, 'course.manage');
    const [f] = await this.ctx.db.select().from(courseLessonFiles).where(eq(courseLessonFiles.id, fileId));
    if (!f) throw new NotFoundError('File');
    if (!author) {
      const [a] = await queryRows<{ x: number }>(this.ctx.db, sql`select 1 as x from course_assignments a join courses c on c.id = a.course_id where a.course_id = ${f.courseId} and a.person_id = ${actor.personId} and a.cancelled_at is null and c.status <> 'draft' limit 1`);
      if (!a) throw new NotFoundError('File');
    }
    return { contentType: f.contentType, fileName: f.fileName, data: f.data };
  }
}
