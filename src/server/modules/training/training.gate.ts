import { sql, type SQL } from 'drizzle-orm';
import { currentCycleSql, tokyoToday } from './training.common.js';

/**
 * The rule for courses marked "required for the account" (P32-6 applied to contractors and new
 * researchers). A person must pass such a course to use Mamori:
 *
 *  - while they hold an assignment of a published required course, for the course's current
 *    cycle, that is neither completed nor cancelled, AND
 *  - either they have never passed that course (a new account, or someone newly in its audience),
 *    or the assignment is past its due date (a yearly renewal left undone),
 *
 * their session carries the requirement 'training': it still signs in, but reaches only the
 * course player and their task list (routes marked `allowTraining`); every other /api route
 * answers 403 TRAINING_REQUIRED. Passing the course lifts it on the very next request. The
 * account is never suspended for this, so the person can always sign in and take the course.
 *
 * `p` is the alias of `people` in the caller's query.
 */
export function trainingRequiredSql(now: Date, p: SQL = sql.raw('p')): SQL {
  const today = tokyoToday(now);
  return sql`exists (
    select 1 from course_assignments ca join courses c on c.id = ca.course_id
     where ca.person_id = ${p}.id and c.required_for_account and c.status = 'published'
       and ca.completed_at is null and ca.cancelled_at is null
       and ca.cycle = ${currentCycleSql(now)}
       and (ca.due_on < ${today}
            or not exists (select 1 from course_assignments done
                            where done.course_id = ca.course_id and done.person_id = ca.person_id and done.completed_at is not null)))`;
}
