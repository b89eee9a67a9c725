import { eq, sql } from 'drizzle-orm';
import { Audience } from '../../../shared/audience.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { courses } from '../../db/schema/index.js';
import { audienceCondition, audiencePeopleQuery } from '../../db/audience.js';
import { addDays, currentCycle, currentCycleSql, tokyoToday } from './training.common.js';

type CourseRow = typeof courses.$inferSelect;

/**
 * Assigns a published course's current cycle to everyone in its audience who has no row for it
 * yet, in ONE `insert … select` (set-based: 50,000 people are one statement). A person who had
 * left the audience (row cancelled) and is back gets their row restored. Due in `dueDays` from
 * today (Japan). Returns how many rows were created or restored.
 */
export async function assignAudience(tx: Conn, course: CourseRow, now: Date, onlyPersonId?: string): Promise<number> {
  const cycle = currentCycle(course.recurrence, now);
  const due = addDays(tokyoToday(now), course.dueDays);
  const aud = Audience.parse(course.audience);
  const who = onlyPersonId ? sql`select p.id from people p where p.id = ${onlyPersonId} and ${audienceCondition(aud)}` : audiencePeopleQuery(aud);
  const [row] = await queryRows<{ n: number | string }>(
    tx,
    sql`with ins as (
          insert into course_assignments (course_id, person_id, cycle, assigned_at, due_on)
          select ${course.id}, who.id, ${cycle}, ${now}, ${due} from (${who}) who
          on conflict (course_id, person_id, cycle) do update set cancelled_at = null
            where course_assignments.cancelled_at is not null
          returning 1)
        select count(*) as n from ins`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Cancels the current-cycle rows of people no longer in the course's audience (moved, role
 * removed, account ended) that they had not completed: they no longer count (coverage) or get
 * reminders. One statement.
 */
export async function cancelOutsiders(tx: Conn, course: CourseRow, now: Date): Promise<number> {
  const cycle = currentCycle(course.recurrence, now);
  const aud = Audience.parse(course.audience);
  const [row] = await queryRows<{ n: number | string }>(
    tx,
    sql`with upd as (
          update course_assignments ca set cancelled_at = ${now}
           where ca.course_id = ${course.id} and ca.cycle = ${cycle} and ca.completed_at is null and ca.cancelled_at is null
             and not exists (select 1 from people p where p.id = ca.person_id and ${audienceCondition(aud)})
          returning 1)
        select count(*) as n from upd`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Brings every published course's current cycle up to date: new people in the audience get it,
 * people who left it are cancelled. On April 1 (Japan) this is also what creates the new fiscal
 * year's assignments of yearly courses; the unique index (course, person, cycle) makes it safe
 * to run any number of times.
 */
export async function reconcileAll(ctx: AppContext, actor: Actor, now: Date): Promise<{ assigned: number; cancelled: number }> {
  return ctx.db.transaction(async (tx) => {
    const list = await tx.select().from(courses).where(eq(courses.status, 'published'));
    let assigned = 0;
    let cancelled = 0;
    for (const c of list) {
      const a = await assignAudience(tx, c, now);
      const x = await cancelOutsiders(tx, c, now);
      assigned += a;
      cancelled += x;
      if (a) await appendAudit(tx, ctx.clock, actor, { action: 'course.assigned', targetType: 'course', targetId: c.id, details: { code: c.code, cycle: currentCycle(c.recurrence, now), count: a, via: 'reconcile' } });
      if (x) await appendAudit(tx, ctx.clock, actor, { action: 'course.assignments_cancelled', targetType: 'course', targetId: c.id, details: { code: c.code, cycle: currentCycle(c.recurrence, now), count: x } });
    }
    return { assigned, cancelled };
  });
}

/**
 * The activation hook: a person whose account has just become active gets, in the same
 * transaction, every published course whose audience they are in, due in the course's dueDays.
 */
export async function assignOnActivation(tx: Conn, ctx: AppContext, personId: string): Promise<void> {
  const now = ctx.clock.now();
  const list = await tx.select().from(courses).where(eq(courses.status, 'published'));
  for (const c of list) {
    const n = await assignAudience(tx, c, now, personId);
    if (n) {
      await appendAudit(tx, ctx.clock, { kind: 'system', personId: null, sessionId: null, ip: null, userAgent: 'hook:training', roles: [], unitId: null, institutionIds: [], researchGroupIds: [], committeeIds: [] }, {
        action: 'course.assigned',
        targetType: 'course',
        targetId: c.id,
        details: { code: c.code, cycle: currentCycle(c.recurrence, now), personId, via: 'activation' },
      });
    }
  }
}

/**
 * How many courses the person still has to complete (current cycle, not cancelled, published
 * course): the "to do" count of the home page and my tasks.
 */
export async function countCoursesToDo(conn: Conn, personId: string, now: Date = new Date()): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(
    conn,
    sql`select count(*) as n from course_assignments ca join courses c on c.id = ca.course_id
         where ca.person_id = ${personId} and c.status = 'published' and ca.completed_at is null and ca.cancelled_at is null
           and ca.cycle = ${currentCycleSql(now)}`,
  );
  return Number(row?.n ?? 0);
}
