import { sql } from 'drizzle-orm';
import { currentCycle, type MyHistoryEntry, type MyTask, type MyTaskList } from '../../../shared/coverage.js';
import type { Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import { queryRows } from '../../db/client.js';
import { UnauthenticatedError } from '../../errors.js';
import { tokyoToday } from '../../calendar.js';

const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();
const HISTORY_LIMIT = 200;

/**
 * What the signed-in person must do (P32-6): acknowledge the current version of each document
 * assigned to them, and complete each published course's current cycle; overdue first, then by
 * due date. And what they have already acknowledged and completed, newest first.
 */
export async function myTasks(ctx: AppContext, actor: Actor): Promise<MyTaskList> {
  if (actor.kind !== 'person' || !actor.personId) throw new UnauthenticatedError();
  const me = actor.personId;
  const today = tokyoToday(ctx.clock.now());
  const [reads, takes, acks, completions] = await Promise.all([
    queryRows<{ id: string; document_id: string; version_id: string; code: string; title_ja: string; title_en: string; version: string; due_on: string }>(
      ctx.db,
      sql`select a.id::text as id, a.document_id::text as document_id, a.version_id::text as version_id, d.code, d.title_ja, d.title_en, v.version, a.due_on::text as due_on
          from document_acknowledgments a join documents d on d.id = a.document_id join document_versions v on v.id = a.version_id
          where a.person_id = ${me} and a.acknowledged_at is null and a.cancelled_at is null and d.requires_ack
            and v.status = 'published' and v.superseded_at is null and d.retired_at is null`,
    ),
    queryRows<{ id: string; course_id: string; code: string; title_ja: string; title_en: string; cycle: string; recurrence: string; due_on: string; attempts: number; max_attempts: number | null }>(
      ctx.db,
      sql`select a.id::text as id, a.course_id::text as course_id, c.code, c.title_ja, c.title_en, a.cycle, c.recurrence, a.due_on::text as due_on, a.attempts, c.max_attempts
          from course_assignments a join courses c on c.id = a.course_id
          where a.person_id = ${me} and a.completed_at is null and a.cancelled_at is null and c.status = 'published'`,
    ),
    queryRows<{ id: string; code: string; title_ja: string; title_en: string; version: string; at: unknown }>(
      ctx.db,
      sql`select a.id::text as id, d.code, d.title_ja, d.title_en, v.version, a.acknowledged_at as at
          from document_acknowledgments a join documents d on d.id = a.document_id join document_versions v on v.id = a.version_id
          where a.person_id = ${me} and a.acknowledged_at is not null
          order by a.acknowledged_at desc limit ${HISTORY_LIMIT}`,
    ),
    queryRows<{ id: string; code: string; title_ja: string; title_en: string; cycle: string; at: unknown; certificate_no: string | null; best_score: number | null }>(
      ctx.db,
      sql`select a.id::text as id, c.code, c.title_ja, c.title_en, a.cycle, a.completed_at as at, a.certificate_no, a.best_score
          from course_assignments a join courses c on c.id = a.course_id
          where a.person_id = ${me} and a.completed_at is not null
          order by a.completed_at desc limit ${HISTORY_LIMIT}`,
    ),
  ]);
  const tasks: MyTask[] = [
    ...reads.map(
      (r): MyTask => ({
        kind: 'read',
        id: r.id,
        documentId: r.document_id,
        versionId: r.version_id,
        code: r.code,
        titleJa: r.title_ja,
        titleEn: r.title_en,
        version: r.version,
        dueOn: r.due_on,
        overdue: r.due_on < today,
        link: `/documents/${r.document_id}/read`,
      }),
    ),
    ...takes
      // only the course's current cycle: a past year's unfinished round is not today's task
      .filter((r) => r.cycle === currentCycle(r.recurrence, today))
      .map(
        (r): MyTask => ({
          kind: 'take',
          id: r.id,
          courseId: r.course_id,
          code: r.code,
          titleJa: r.title_ja,
          titleEn: r.title_en,
          cycle: r.cycle,
          dueOn: r.due_on,
          overdue: r.due_on < today,
          attempts: Number(r.attempts),
          attemptsLeft: r.max_attempts == null ? null : Math.max(0, Number(r.max_attempts) - Number(r.attempts)),
          link: `/training/assignments/${r.id}`,
        }),
      ),
  ].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn) || a.code.localeCompare(b.code));
  const history: MyHistoryEntry[] = [
    ...acks.map((r): MyHistoryEntry => ({ kind: 'acknowledged', id: r.id, code: r.code, titleJa: r.title_ja, titleEn: r.title_en, version: r.version, at: iso(r.at), certificateNo: null, certificateUrl: null, bestScore: null })),
    ...completions.map(
      (r): MyHistoryEntry => ({
        kind: 'completed',
        id: r.id,
        code: r.code,
        titleJa: r.title_ja,
        titleEn: r.title_en,
        version: r.cycle,
        at: iso(r.at),
        certificateNo: r.certificate_no,
        certificateUrl: `/api/course-assignments/${r.id}/certificate`,
        bestScore: r.best_score == null ? null : Number(r.best_score),
      }),
    ),
  ]
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, HISTORY_LIMIT);
  return { today, tasks, history };
}
