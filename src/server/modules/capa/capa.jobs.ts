import { and, count, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import { ESCALATION_DAYS_AFTER, REMINDER_DAYS_BEFORE, WORKING_ACTION_STATUSES, type ReminderStage } from '../../../shared/capa.js';
import type { Language } from '../../../shared/account.js';
import { systemActor, type Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { incidentActions, incidents, people, roleAssignments } from '../../db/schema/index.js';
import { addDays, tokyoToday } from '../../calendar.js';
import { personRefs } from '../../db/person-refs.js';
import { actionDueSoonMail, actionEscalatedMail, actionOverdueMail, type ActionMailItem } from './capa.mail.js';
import { actionScope } from '../../authz/scopes/capa.js';
import type { Job } from '../../jobs/scheduler.js';

const DAY = 86_400_000;
const job = systemActor('job:incident_action.reminders');

interface Recipient {
  id: string;
  email: string;
  language: string;
}

const managers = (conn: Conn): Promise<Recipient[]> =>
  conn
    .selectDistinct({ id: people.id, email: people.email, language: people.language })
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(and(eq(people.active, true), eq(roleAssignments.role, 'security_manager')));

/**
 * The daily reminders of corrective/preventive actions still being worked on (P32-4): the owner
 * hears 3 days before the due day and once it has passed; 7 days after it, the information
 * security manager is told. Each stage is sent once per action (`notified`; a new due day or owner
 * starts over), claimed under a row lock, so two app nodes never send the same reminder. An
 * action without an active owner goes to the manager at every stage.
 */
export async function runActionReminders(ctx: AppContext, now: Date): Promise<{ dueSoon: number; overdue: number; escalated: number; mails: number }> {
  const today = tokyoToday(now);
  const result = await ctx.db.transaction(async (tx) => {
    const rows = await tx
      .select({ a: incidentActions, incidentRef: incidents.ref })
      .from(incidentActions)
      .innerJoin(incidents, eq(incidents.id, incidentActions.incidentId))
      .where(
        and(
          inArray(incidentActions.status, [...WORKING_ACTION_STATUSES]),
          lte(incidentActions.dueOn, addDays(today, REMINDER_DAYS_BEFORE)),
          sql`not (${incidentActions.notified} @> '["escalated"]'::jsonb)`,
        ),
      )
      .for('update', { of: incidentActions, skipLocked: true });
    const due: { row: (typeof rows)[number]; stage: ReminderStage }[] = [];
    for (const r of rows) {
      const sent = new Set(r.a.notified);
      const stages: ReminderStage[] = [];
      if (r.a.dueOn >= today) {
        if (!sent.has('due_soon')) stages.push('due_soon');
      } else {
        if (!sent.has('overdue')) stages.push('overdue');
        if (today >= addDays(r.a.dueOn, ESCALATION_DAYS_AFTER) && !sent.has('escalated')) stages.push('escalated');
      }
      if (!stages.length) continue;
      // A stage that has passed unannounced (e.g. an action created late) is not sent afterwards.
      const all = new Set([...sent, ...stages, ...(r.a.dueOn < today ? ['due_soon'] : [])]);
      await tx.update(incidentActions).set({ notified: [...all] }).where(eq(incidentActions.id, r.a.id));
      for (const stage of stages) due.push({ row: r, stage });
    }
    if (!due.length) return { dueSoon: 0, overdue: 0, escalated: 0, mails: 0 };

    const names = await personRefs(tx, due.map((d) => d.row.a.ownerId));
    const owners = new Map(
      (await tx.select({ id: people.id, email: people.email, language: people.language }).from(people).where(and(inArray(people.id, [...names.keys()]), eq(people.active, true)))).map((p) => [p.id, p]),
    );
    const mgrs = await managers(tx);
    const outbox = new Map<string, { to: Recipient; stage: ReminderStage; items: ActionMailItem[] }>();
    for (const { row, stage } of due) {
      const owner = row.a.ownerId ? owners.get(row.a.ownerId) : undefined;
      const to = stage === 'escalated' || !owner ? mgrs : [owner];
      const n = row.a.ownerId ? names.get(row.a.ownerId) : undefined;
      const item: ActionMailItem = { ref: row.a.ref, title: row.a.title, incidentRef: row.incidentRef, dueOn: row.a.dueOn, ownerJa: n?.nameJa ?? '（未定）', ownerEn: n?.nameEn ?? '(none)' };
      for (const p of to) {
        const k = `${p.id}:${stage}`;
        const entry = outbox.get(k) ?? { to: p, stage, items: [] };
        entry.items.push(item);
        outbox.set(k, entry);
      }
      await appendAudit(tx, ctx.clock, job, {
        action: 'incident_action.reminded',
        targetType: 'incident_action',
        targetId: row.a.id,
        details: { ref: row.a.ref, incident: row.incidentRef, stage, dueOn: row.a.dueOn, recipients: to.map((p) => p.id) },
      });
    }
    const template = { due_soon: actionDueSoonMail, overdue: actionOverdueMail, escalated: actionEscalatedMail };
    for (const m of outbox.values()) {
      await ctx.mailer.enqueue(tx, {
        to: m.to.email,
        personId: m.to.id,
        language: m.to.language as Language,
        template: template[m.stage],
        params: { items: m.items, link: `${ctx.config.publicUrl}/incidents/actions` },
      });
    }
    const n = (s: ReminderStage) => due.filter((d) => d.stage === s).length;
    return { dueSoon: n('due_soon'), overdue: n('overdue'), escalated: n('escalated'), mails: outbox.size };
  });
  if (result.mails) ctx.mailer.kick();
  const { dueSoon, overdue, escalated, mails } = result;
  return { dueSoon, overdue, escalated, mails };
}

/** Registers the daily reminder job (the day counts in Japan time; runs are claimed per stage). */
export function capaJobs(ctx: AppContext): Job[] {
  return [{ name: 'incident_action.reminders', everyMs: DAY, run: (now) => runActionReminders(ctx, now) }];
}

// ---- home-page task counters -----------------------------------------------------------------------

/** How many actions the actor owns and still has to work on (open or in progress), for the home page. `today`: YYYY-MM-DD (Japan). */
export async function countMyOpenActions(conn: Conn, actor: Actor, _today: string): Promise<number> {
  if (!actor.personId) return 0;
  const [row] = await conn
    .select({ n: count() })
    .from(incidentActions)
    .where(and(eq(incidentActions.ownerId, actor.personId), inArray(incidentActions.status, [...WORKING_ACTION_STATUSES])));
  return Number(row?.n ?? 0);
}

/** How many actions the actor may see are past their due day and still being worked on (what `/incidents/actions?overdue=true` lists). */
export async function countOverdueActions(conn: Conn, actor: Actor, today: string): Promise<number> {
  const [row] = await conn
    .select({ n: count() })
    .from(incidentActions)
    .innerJoin(incidents, eq(incidents.id, incidentActions.incidentId))
    .where(and(actionScope.filter(actor), inArray(incidentActions.status, [...WORKING_ACTION_STATUSES]), lt(incidentActions.dueOn, today)));
  return Number(row?.n ?? 0);
}
