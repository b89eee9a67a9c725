import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Language } from '../../../shared/account.js';
import type { ClockKind } from '../../../shared/incidents.js';
import { systemActor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { incidentClocks, incidents, people, roleAssignments } from '../../db/schema/index.js';
import { END_OF_DAY_MS, reachedStage, STAGES, type Stage } from './breach.deadlines.js';
import { clockReminderMail, type ClockMailItem } from './breach.mail.js';
import type { Job } from '../../jobs/scheduler.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const actor = systemActor('job:breach.clock_reminders');

interface Recipient {
  id: string;
  email: string;
  language: string;
}

async function withRole(conn: Conn, role: string): Promise<Recipient[]> {
  return conn
    .selectDistinct({ id: people.id, email: people.email, language: people.language })
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(and(eq(people.active, true), eq(roleAssignments.role, role)));
}

/**
 * The reporting-clock reminders. Each open clock is emailed once per stage: `due_soon` (the day
 * before the due day) and `due` (on the due day) to the incident's assignee and the information
 * security manager(s); `overdue` (past the overdue instant) also to the data center's staff, whose
 * head answers for the response. A clock found late gets only the latest stage it has reached (the
 * earlier ones are marked as passed). Each clock is claimed with a row lock (skip locked), so two
 * app nodes never send the same reminder. One email per person and stage lists all their clocks.
 */
export async function runClockReminders(ctx: AppContext, now: Date): Promise<{ clocks: number; mails: number }> {
  const horizon = new Date(now.getTime() + DAY + END_OF_DAY_MS); // due_at up to here has reached "due soon"
  const r = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({ c: incidentClocks, ref: incidents.ref, assigneeId: incidents.assigneeId })
      .from(incidentClocks)
      .innerJoin(incidents, eq(incidents.id, incidentClocks.incidentId))
      .where(and(sql`${incidentClocks.doneAt} is null and not ${incidentClocks.waived}`, sql`${incidentClocks.dueAt} <= ${horizon}`))
      .for('update', { of: incidentClocks, skipLocked: true });
    const todo: { row: (typeof rows)[number]; stage: Stage }[] = [];
    for (const row of rows) {
      const stage = reachedStage(row.c, now);
      if (stage && !row.c.notified.includes(stage)) todo.push({ row, stage });
    }
    if (!todo.length) return { clocks: 0, mails: 0 };
    const managers = await withRole(tx, 'security_manager');
    const dataCenter = await withRole(tx, 'data_center_staff');
    const assigneeIds = [...new Set(todo.map((t) => t.row.assigneeId).filter((x): x is string => !!x))];
    const assignees = assigneeIds.length
      ? new Map((await tx.select({ id: people.id, email: people.email, language: people.language }).from(people).where(and(inArray(people.id, assigneeIds), eq(people.active, true)))).map((p) => [p.id, p]))
      : new Map<string, Recipient>();
    const outbox = new Map<string, { to: Recipient; stage: Stage; items: ClockMailItem[] }>();
    for (const { row, stage } of todo) {
      const to = new Map<string, Recipient>();
      const assignee = row.assigneeId ? assignees.get(row.assigneeId) : undefined;
      if (assignee) to.set(assignee.id, assignee);
      for (const p of managers) to.set(p.id, p);
      if (stage === 'overdue') for (const p of dataCenter) to.set(p.id, p);
      const item: ClockMailItem = { ref: row.ref, kind: row.c.kind as ClockKind, dueAt: row.c.dueAt, overdueAt: row.c.overdueAt, link: `${ctx.config.publicUrl}/incidents/${row.c.incidentId}` };
      for (const p of to.values()) {
        const k = `${p.id}:${stage}`;
        const entry = outbox.get(k) ?? { to: p, stage, items: [] };
        entry.items.push(item);
        outbox.set(k, entry);
      }
      const notified = [...new Set([...row.c.notified, ...STAGES.slice(0, STAGES.indexOf(stage) + 1)])];
      await tx.update(incidentClocks).set({ notified }).where(eq(incidentClocks.id, row.c.id));
      await appendAudit(tx, ctx.clock, actor, {
        action: 'breach.reminded',
        targetType: 'incident',
        targetId: row.c.incidentId,
        details: { ref: row.ref, kind: row.c.kind, stage, dueAt: row.c.dueAt.toISOString(), recipients: [...to.keys()] },
      });
    }
    for (const m of outbox.values()) {
      await ctx.mailer.enqueue(tx, { to: m.to.email, personId: m.to.id, language: m.to.language as Language, template: clockReminderMail, params: { stage: m.stage, items: m.items } });
    }
    return { clocks: todo.length, mails: outbox.size };
  });
  if (r.mails) ctx.mailer.kick();
  return r;
}

/** Checked hourly: a stage begins at midnight Japan time (due soon, due) or just before it (overdue). */
export function breachJobs(ctx: AppContext): Job[] {
  return [{ name: 'breach.clock_reminders', everyMs: HOUR, run: (now) => runClockReminders(ctx, now) }];
}
