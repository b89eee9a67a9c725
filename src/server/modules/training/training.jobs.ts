import { sql } from 'drizzle-orm';
import type { Language } from '../../../shared/account.js';
import { systemActor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { reconcileAll } from './assignments.js';
import { addDays, currentCycleSql, tokyoToday } from './training.common.js';
import { courseDueMail, courseDueSoonMail, courseEscalationMail, type CourseEscalationItem } from './training.mail.js';
import type { Job } from '../../jobs/scheduler.js';

const HOUR = 3_600_000;
const actor = systemActor('job:training.daily');

/** Reminder stages, in order: 7 days before the due date, on it, and 7 days after it (escalation). */
export const STAGES = ['due_soon', 'due', 'escalated'] as const;
export type Stage = (typeof STAGES)[number];

/** The furthest stage reached on `today` for a due date, or null. */
export function stageOn(dueOn: string, today: string): Stage | null {
  if (today > addDays(dueOn, 7)) return 'escalated';
  if (today >= dueOn) return 'due';
  if (today >= addDays(dueOn, -7)) return 'due_soon';
  return null;
}

interface Pending {
  id: string;
  person_id: string;
  due_on: string;
  notified: string[] | string;
  title_ja: string;
  title_en: string;
  email: string;
  language: string;
  family_name_ja: string;
  given_name_ja: string;
  family_name_en: string;
  given_name_en: string;
}

interface Recipient {
  id: string;
  email: string;
  language: string;
}

/** Who hears that a person is late: the site coordinators of their institution(s); for people not at a hospital (or without one), the security manager(s). */
async function escalationRecipients(conn: Conn, personId: string): Promise<Recipient[]> {
  const coordinators = await queryRows<Recipient>(
    conn,
    sql`select distinct c.id, c.email, c.language from people c
          join role_assignments r on r.person_id = c.id and r.role = 'site_coordinator'
          join person_institutions pi on pi.institution_id = r.institution_id and pi.person_id = ${personId}
         where c.active and c.account_status = 'active' and c.id <> ${personId}`,
  );
  if (coordinators.length) return coordinators;
  return queryRows<Recipient>(
    conn,
    sql`select distinct m.id, m.email, m.language from people m join role_assignments r on r.person_id = m.id and r.role = 'security_manager'
         where m.active and m.account_status = 'active'`,
  );
}

/**
 * Reminds people of courses due in 7 days and due today, and tells the site coordinator(s) (or
 * the manager) about those 7 days late: each stage once per assignment (the `notified` column),
 * claimed under a row lock so two app nodes never send the same one. When the job has not run
 * for a while, only the furthest stage reached is sent (earlier ones are marked as passed).
 */
export async function runCourseReminders(ctx: AppContext, now: Date): Promise<{ reminded: number; escalated: number }> {
  const today = tokyoToday(now);
  const r = await ctx.db.transaction(async (tx) => {
    const rows = await queryRows<Pending>(
      tx,
      sql`select ca.id, ca.person_id, ca.due_on::text as due_on, ca.notified, c.title_ja, c.title_en,
                 p.email, p.language, p.family_name_ja, p.given_name_ja, p.family_name_en, p.given_name_en
            from course_assignments ca join courses c on c.id = ca.course_id join people p on p.id = ca.person_id
           where c.status = 'published' and ca.completed_at is null and ca.cancelled_at is null
             and ca.cycle = ${currentCycleSql(now)} and ca.due_on <= ${addDays(today, 7)}
             and p.active and p.account_status = 'active'
           for update of ca skip locked`,
    );
    let reminded = 0;
    const outbox = new Map<string, { to: Recipient; items: CourseEscalationItem[] }>();
    for (const a of rows) {
      const stage = stageOn(a.due_on, today);
      const notified = typeof a.notified === 'string' ? (JSON.parse(a.notified) as string[]) : a.notified;
      if (!stage || notified.includes(stage)) continue;
      const upTo = STAGES.slice(0, STAGES.indexOf(stage) + 1);
      await tx.execute(sql`update course_assignments set notified = ${JSON.stringify([...new Set([...notified, ...upTo])])}::jsonb where id = ${a.id}`);
      const link = `${ctx.config.publicUrl}/training/assignments/${a.id}`;
      if (stage === 'escalated') {
        const to = await escalationRecipients(tx, a.person_id);
        for (const p of to) {
          const entry = outbox.get(p.id) ?? { to: p, items: [] };
          entry.items.push({
            personJa: `${a.family_name_ja} ${a.given_name_ja}`.trim(),
            personEn: `${a.given_name_en} ${a.family_name_en}`.trim(),
            email: a.email,
            courseJa: a.title_ja,
            courseEn: a.title_en,
            dueOn: a.due_on,
          });
          outbox.set(p.id, entry);
        }
        await appendAudit(tx, ctx.clock, actor, { action: 'course.reminders_sent', targetType: 'course_assignment', targetId: a.id, details: { stage, personId: a.person_id, recipients: to.map((p) => p.id) } });
      } else {
        const lang = (a.language === 'en' ? 'en' : 'ja') as Language;
        await ctx.mailer.enqueue(tx, {
          to: a.email,
          personId: a.person_id,
          language: lang,
          template: stage === 'due' ? courseDueMail : courseDueSoonMail,
          params: { name: lang === 'ja' ? `${a.family_name_ja} ${a.given_name_ja}`.trim() : `${a.given_name_en} ${a.family_name_en}`.trim(), courseJa: a.title_ja, courseEn: a.title_en, dueOn: a.due_on, link },
        });
        reminded++;
        await appendAudit(tx, ctx.clock, actor, { action: 'course.reminders_sent', targetType: 'course_assignment', targetId: a.id, details: { stage, personId: a.person_id, recipients: [a.person_id] } });
      }
    }
    for (const m of outbox.values()) {
      await ctx.mailer.enqueue(tx, { to: m.to.email, personId: m.to.id, language: m.to.language as Language, template: courseEscalationMail, params: { items: m.items, link: `${ctx.config.publicUrl}/coverage` } });
    }
    return { reminded, escalated: outbox.size };
  });
  if (r.reminded || r.escalated) ctx.mailer.kick();
  return r;
}

/**
 * The training job: brings assignments up to date (new people in an audience, the new fiscal
 * year's courses from April 1 in Japan — idempotent through the unique index), then sends the
 * reminders. Runs every hour so that April 1 starts soon after midnight Japan time.
 */
/** Assignment reconciliation and course reminders, once an hour. */
export function trainingJobs(ctx: AppContext): Job[] {
  return [{
    name: 'training.daily',
    everyMs: HOUR,
    run: async (now) => {
      const assignments = await reconcileAll(ctx, actor, now);
      const reminders = await runCourseReminders(ctx, now);
      return { ...assignments, ...reminders };
    },
  }];
}
