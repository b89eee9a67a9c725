import { randomInt } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type {
  AssignmentDto,
  AssignmentSummaryDto,
  AttemptResultDto,
  MyAssignmentList,
  OpenAttemptDto,
  SubmitAttempt,
  SubmitResult,
} from '../../../shared/training.js';
import type { Actor } from '../../authz/actor.js';
import { assignmentScope } from '../../authz/scopes/training.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { courseAssignments, courseQuestionOptions, courseQuestions, courses, people, quizAttemptQuestions, quizAttempts, type AttemptQuestionSnapshot } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import { lessonsOf } from './courses.read.js';
import { certificatePdf } from './certificate.js';
import { currentCycleSql, nameEn, nameJa, tokyoToday } from './training.common.js';

type AssignmentRow = typeof courseAssignments.$inferSelect;
type CourseRow = typeof courses.$inferSelect;

/** Fisher–Yates with the CSPRNG: the draw and the option order are not predictable. */
function shuffle<T>(list: T[]): T[] {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * The course player and the quiz (P32-6). A person takes their own assignments; the manager, the
 * data center and the operations office may look at anyone's (and download their certificate).
 * Questions are drawn and scored on the server: what goes to the browser before submission never
 * says which options are correct, nor explains them.
 */
export class QuizService {
  constructor(private readonly ctx: AppContext) {}

  private today() {
    return tokyoToday(this.ctx.clock.now());
  }

  private summaryOf(a: AssignmentRow, c: CourseRow): AssignmentSummaryDto {
    return {
      id: a.id,
      courseId: c.id,
      courseTitleJa: c.titleJa,
      courseTitleEn: c.titleEn,
      requiredForAccount: c.requiredForAccount,
      cycle: a.cycle,
      assignedAt: a.assignedAt.toISOString(),
      dueOn: a.dueOn,
      completedAt: a.completedAt?.toISOString() ?? null,
      bestScore: a.bestScore,
      attempts: a.attempts,
      certificateNo: a.certificateNo,
      overdue: !a.completedAt && a.dueOn < this.today(),
    };
  }

  /** The assignment and its course, if the actor may see it (their own, or any for course.manage); else 404. */
  private async load(conn: Conn, actor: Actor, id: string, opts: { ownOnly?: boolean; lock?: boolean } = {}): Promise<{ a: AssignmentRow; c: CourseRow }> {
    const scope = opts.ownOnly ? assignmentScope.own : assignmentScope;
    const q = conn.select().from(courseAssignments).where(and(eq(courseAssignments.id, id), scope.filter(actor)));
    const [a] = opts.lock ? await q.for('update') : await q;
    if (!a) throw new NotFoundError('Assignment');
    const [c] = await conn.select().from(courses).where(eq(courses.id, a.courseId));
    if (!c) throw new NotFoundError('Assignment');
    return { a, c };
  }

  /** The caller's own assignments of published or retired courses: current ones first. */
  async mine(actor: Actor): Promise<MyAssignmentList> {
    // policy: self — the actor's own assignments
    if (!actor.personId) throw new NotFoundError('Assignment');
    const now = this.ctx.clock.now();
    const rows = await this.ctx.db
      .select({ a: courseAssignments, c: courses })
      .from(courseAssignments)
      .innerJoin(courses, eq(courses.id, courseAssignments.courseId))
      .where(and(eq(courseAssignments.personId, actor.personId), sql`${courseAssignments.cancelledAt} is null`, sql`${courses.status} <> 'draft'`))
      .orderBy(sql`${courseAssignments.completedAt} is not null`, asc(courseAssignments.dueOn));
    // A retired course stays listed only where it was completed (the certificate remains downloadable).
    const current = await queryRows<{ id: string }>(this.ctx.db, sql`select ca.id from course_assignments ca join courses c on c.id = ca.course_id where ca.person_id = ${actor.personId} and ca.cycle = ${currentCycleSql(now)}`);
    const isCurrent = new Set(current.map((r) => r.id));
    return {
      items: rows.filter(({ a, c }) => (c.status === 'published' && isCurrent.has(a.id)) || a.completedAt).map(({ a, c }) => this.summaryOf(a, c)),
    };
  }

  private attemptsLeft(a: AssignmentRow, c: CourseRow): number | null {
    return c.maxAttempts == null ? null : Math.max(0, c.maxAttempts - a.attempts);
  }

  private async result(conn: Conn, attemptId: string): Promise<AttemptResultDto | null> {
    const [t] = await conn.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId));
    if (!t || t.status !== 'submitted') return null;
    const qs = await conn.select().from(quizAttemptQuestions).where(eq(quizAttemptQuestions.attemptId, attemptId)).orderBy(asc(quizAttemptQuestions.position));
    return {
      id: t.id,
      number: t.number,
      submittedAt: t.submittedAt!.toISOString(),
      score: t.score ?? 0,
      passed: !!t.passed,
      questions: qs.map((q) => {
        const chosen = new Set(q.answer ?? []);
        return {
          id: q.id,
          position: q.position,
          kind: q.snapshot.kind,
          promptJa: q.snapshot.promptJa,
          promptEn: q.snapshot.promptEn,
          explanationJa: q.snapshot.explanationJa,
          explanationEn: q.snapshot.explanationEn,
          correct: !!q.correct,
          options: q.snapshot.options.map((o) => ({ id: o.id, textJa: o.textJa, textEn: o.textEn, correct: o.correct, chosen: chosen.has(o.id) })),
        };
      }),
    };
  }

  /** An open attempt as the person sees it: prompts and options only. */
  private async openAttempt(conn: Conn, attemptId: string): Promise<OpenAttemptDto> {
    const [t] = await conn.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId));
    const qs = await conn.select().from(quizAttemptQuestions).where(eq(quizAttemptQuestions.attemptId, attemptId)).orderBy(asc(quizAttemptQuestions.position));
    return {
      id: t!.id,
      number: t!.number,
      startedAt: t!.startedAt.toISOString(),
      // Built field by field: the snapshot's `correct` flags and explanations never leave the server here.
      questions: qs.map((q) => ({
        id: q.id,
        position: q.position,
        kind: q.snapshot.kind,
        promptJa: q.snapshot.promptJa,
        promptEn: q.snapshot.promptEn,
        options: q.snapshot.options.map((o) => ({ id: o.id, textJa: o.textJa, textEn: o.textEn })),
      })),
    };
  }

  /** Why a new attempt may not start, or null. */
  private refusal(a: AssignmentRow, c: CourseRow): AppError | null {
    if (a.completedAt) return new AppError(409, 'ASSIGNMENT_COMPLETED', 'This course is already completed.');
    if (a.cancelledAt || c.status !== 'published') return new AppError(409, 'ASSIGNMENT_CLOSED', 'This course is no longer assigned to you.');
    if (c.maxAttempts != null && a.attempts >= c.maxAttempts) return new AppError(409, 'ATTEMPTS_EXHAUSTED', 'No attempts are left for this course. Ask the information security manager.', { maxAttempts: c.maxAttempts });
    return null;
  }

  async get(actor: Actor, id: string): Promise<AssignmentDto> {
    const { a, c } = await this.load(this.ctx.db, actor, id);
    const mine = a.personId === actor.personId;
    const [open] = mine
      ? await this.ctx.db
          .select({ id: quizAttempts.id })
          .from(quizAttempts)
          .where(and(eq(quizAttempts.assignmentId, id), eq(quizAttempts.status, 'open')))
      : [];
    const [last] = await this.ctx.db
      .select({ id: quizAttempts.id })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.assignmentId, id), eq(quizAttempts.status, 'submitted')))
      .orderBy(desc(quizAttempts.number))
      .limit(1);
    return {
      ...this.summaryOf(a, c),
      personId: a.personId,
      mine,
      course: { descriptionJa: c.descriptionJa, descriptionEn: c.descriptionEn, passMark: c.passMark, maxAttempts: c.maxAttempts, questionsPerAttempt: c.questionsPerAttempt, status: c.status as AssignmentDto['course']['status'] },
      lessons: await lessonsOf(this.ctx.db, c.id),
      attemptsLeft: this.attemptsLeft(a, c),
      canStart: mine && !this.refusal(a, c),
      openAttempt: open ? await this.openAttempt(this.ctx.db, open.id) : null,
      lastResult: last ? await this.result(this.ctx.db, last.id) : null,
    };
  }

  /**
   * Starts an attempt: draws questionsPerAttempt questions from the pool at random, each with its
   * options in random order, and keeps the draw on the server. An attempt still open is abandoned
   * (it can no longer be submitted) and counts as used.
   */
  async start(actor: Actor, assignmentId: string): Promise<OpenAttemptDto> {
    const id = await this.ctx.db.transaction(async (tx) => {
      const { a, c } = await this.load(tx, actor, assignmentId, { ownOnly: true, lock: true });
      const refused = this.refusal(a, c);
      if (refused) throw refused;
      const now = this.ctx.clock.now();
      const abandoned = await tx
        .update(quizAttempts)
        .set({ status: 'abandoned' })
        .where(and(eq(quizAttempts.assignmentId, a.id), eq(quizAttempts.status, 'open')))
        .returning({ id: quizAttempts.id });
      const pool = await tx.select().from(courseQuestions).where(eq(courseQuestions.courseId, c.id));
      if (!pool.length) throw new AppError(409, 'ASSIGNMENT_CLOSED', 'This course has no questions yet.');
      const drawn = shuffle(pool).slice(0, c.questionsPerAttempt);
      const opts = await tx
        .select()
        .from(courseQuestionOptions)
        .where(
          inArray(
            courseQuestionOptions.questionId,
            drawn.map((q) => q.id),
          ),
        );
      const number = a.attempts + 1;
      const [t] = await tx.insert(quizAttempts).values({ assignmentId: a.id, personId: a.personId, number, status: 'open', startedAt: now }).returning({ id: quizAttempts.id });
      await tx.insert(quizAttemptQuestions).values(
        drawn.map((q, i) => {
          const snapshot: AttemptQuestionSnapshot = {
            kind: q.kind as AttemptQuestionSnapshot['kind'],
            promptJa: q.promptJa,
            promptEn: q.promptEn,
            explanationJa: q.explanationJa,
            explanationEn: q.explanationEn,
            options: shuffle(opts.filter((o) => o.questionId === q.id)).map((o) => ({ id: o.id, textJa: o.textJa, textEn: o.textEn, correct: o.correct })),
          };
          return { attemptId: t!.id, questionId: q.id, position: i, snapshot };
        }),
      );
      await tx.update(courseAssignments).set({ attempts: number }).where(eq(courseAssignments.id, a.id));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'course.attempt_started',
        targetType: 'course_assignment',
        targetId: a.id,
        details: { courseId: c.id, code: c.code, attempt: number, questions: drawn.length, abandoned: abandoned.map((x) => x.id) },
      });
      return t!.id;
    });
    return this.openAttempt(this.ctx.db, id);
  }

  /**
   * Scores an open attempt on the server: a single-choice question is right when the one correct
   * option is chosen, a multiple-choice question when exactly the correct options are chosen;
   * score = right / drawn, in percent, rounded. Passing (score ≥ pass mark) completes the
   * assignment and issues its certificate number. Only now are the answers and explanations sent.
   */
  async submit(actor: Actor, attemptId: string, input: SubmitAttempt): Promise<SubmitResult> {
    // policy: self — one's own attempt (anyone else's answers 404), on one's own assignment (assignmentScope.own)
    const out = await this.ctx.db.transaction(async (tx) => {
      const [t] = await tx.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId));
      if (!t || t.personId !== actor.personId) throw new NotFoundError('Attempt');
      const { a, c } = await this.load(tx, actor, t.assignmentId, { ownOnly: true, lock: true });
      const qs = await tx.select().from(quizAttemptQuestions).where(eq(quizAttemptQuestions.attemptId, attemptId)).orderBy(asc(quizAttemptQuestions.position));
      // Check the answers against the draw before anything changes.
      const byId = new Map(qs.map((q) => [q.id, q]));
      const answers = new Map<string, string[]>();
      const problems: { path: string; message: string }[] = [];
      input.answers.forEach((ans, i) => {
        const q = byId.get(ans.questionId);
        const chosen = [...new Set(ans.optionIds)];
        if (!q) problems.push({ path: `answers.${i}.questionId`, message: 'not a question of this attempt' });
        else if (answers.has(q.id)) problems.push({ path: `answers.${i}.questionId`, message: 'answered twice' });
        else if (chosen.some((o) => !q.snapshot.options.some((x) => x.id === o))) problems.push({ path: `answers.${i}.optionIds`, message: 'not an option of this question' });
        else if (q.snapshot.kind === 'single' && chosen.length > 1) problems.push({ path: `answers.${i}.optionIds`, message: 'choose one option' });
        else answers.set(q.id, chosen);
      });
      if (problems.length) throw new ValidationError('Some answers are invalid.', problems);
      const now = this.ctx.clock.now();
      // Claimed by a conditional update: a second submit, or one after another attempt started, finds nothing open.
      const claimed = await tx
        .update(quizAttempts)
        .set({ status: 'submitted', submittedAt: now })
        .where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.status, 'open')))
        .returning({ id: quizAttempts.id });
      if (!claimed.length) throw new AppError(409, 'ATTEMPT_CLOSED', t.status === 'submitted' ? 'This attempt has already been submitted.' : 'A newer attempt replaced this one.', { status: t.status });
      let right = 0;
      for (const q of qs) {
        const chosen = answers.get(q.id) ?? [];
        const correct = q.snapshot.options.filter((o) => o.correct).map((o) => o.id);
        const ok = chosen.length === correct.length && correct.every((id) => chosen.includes(id));
        if (ok) right++;
        await tx.update(quizAttemptQuestions).set({ answer: chosen, correct: ok }).where(eq(quizAttemptQuestions.id, q.id));
      }
      const score = qs.length ? Math.round((100 * right) / qs.length) : 0;
      const passed = score >= c.passMark;
      await tx.update(quizAttempts).set({ score, passed }).where(eq(quizAttempts.id, attemptId));
      const completing = passed && !a.completedAt;
      const certificateNo = completing ? await nextCertificateNo(tx, now) : a.certificateNo;
      const [updated] = await tx
        .update(courseAssignments)
        .set({
          bestScore: sql`greatest(coalesce(${courseAssignments.bestScore}, 0), ${score})`,
          ...(completing ? { completedAt: now, certificateNo } : {}),
        })
        .where(eq(courseAssignments.id, a.id))
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'course.attempt_submitted',
        targetType: 'course_assignment',
        targetId: a.id,
        details: { courseId: c.id, code: c.code, attempt: t.number, score, passed, right, questions: qs.length },
      });
      if (completing) {
        await appendAudit(tx, this.ctx.clock, actor, { action: 'course.completed', targetType: 'course_assignment', targetId: a.id, details: { courseId: c.id, code: c.code, cycle: a.cycle, score, certificateNo } });
      }
      return { a: updated!, c };
    });
    return { result: (await this.result(this.ctx.db, attemptId))!, assignment: this.summaryOf(out.a, out.c), attemptsLeft: this.attemptsLeft(out.a, out.c) };
  }

  /** The certificate of completion as a PDF, for the person and for course managers (audited). */
  async certificate(actor: Actor, assignmentId: string, lang: 'ja' | 'en'): Promise<{ fileName: string; body: Buffer }> {
    const { a, c, p } = await this.ctx.db.transaction(async (tx) => {
      const { a, c } = await this.load(tx, actor, assignmentId);
      if (!a.completedAt || !a.certificateNo) throw new AppError(409, 'CERTIFICATE_NOT_ISSUED', 'The course has not been passed yet.');
      const [p] = await tx.select().from(people).where(eq(people.id, a.personId));
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'course.certificate_downloaded',
        targetType: 'course_assignment',
        targetId: a.id,
        details: { courseId: c.id, code: c.code, personId: a.personId, certificateNo: a.certificateNo, lang },
      });
      return { a, c, p: p! };
    });
    const body = await certificatePdf({
      lang,
      personName: lang === 'ja' ? nameJa(p) : nameEn(p),
      courseTitle: lang === 'ja' ? c.titleJa : c.titleEn,
      completedOn: tokyoToday(a.completedAt!),
      score: a.bestScore ?? 0,
      certificateNo: a.certificateNo!,
      groupName: this.ctx.config.groupName[lang],
      now: this.ctx.clock.now(),
    });
    return { fileName: `${a.certificateNo}-${lang}.pdf`, body };
  }
}

/** The next certificate number of the (Japan) year: TC-2026-000001, TC-2026-000002, … One row per year, bumped atomically. */
export async function nextCertificateNo(tx: Conn, now: Date): Promise<string> {
  const year = Number(tokyoToday(now).slice(0, 4));
  const [row] = await queryRows<{ last: number | string }>(
    tx,
    sql`insert into certificate_counters (year, last) values (${year}, 1)
        on conflict (year) do update set last = certificate_counters.last + 1
        returning last`,
  );
  return `TC-${year}-${String(Number(row!.last)).padStart(6, '0')}`;
}
