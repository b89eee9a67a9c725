import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Language } from '../../../shared/account.js';
import { ACK_ESCALATION_DAYS, ACK_REMINDER_DAYS, REVIEW_WARNING_DAYS } from '../../../shared/documents.js';
import { systemActor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { documents, people, personInstitutions, roleAssignments } from '../../db/schema/index.js';
import { addDays, tokyoToday } from './documents.common.js';
import { ackDueMail, ackDueSoonMail, ackEscalationMail, reviewOverdueMail, reviewSoonMail, type AckMailItem, type EscalationItem } from './documents.mail.js';
import { DocumentsService } from './documents.service.js';
import type { Job } from '../../jobs/scheduler.js';

const DAY = 86_400_000;
const actor = systemActor('job:documents.daily');
const CHUNK = 5_000;

interface Recipient {
  id: string;
  email: string;
  language: string;
}

interface Claimed {
  person_id: string;
  email: string;
  language: string;
  unit_id: string | null;
  fj: string;
  gj: string;
  fe: string;
  ge: string;
  document_id: string;
  code: string;
  title_ja: string;
  title_en: string;
  version: string;
  due_on: string;
}

const activeRecipient = and(eq(people.active, true), eq(people.accountStatus, 'active'), isNull(people.deactivatedAt));

/**
 * Claims one reminder stage for the open rows it applies to (the stage is added to `notified` by
 * the same statement, so it goes out once, even with two app nodes) and returns the rows with
 * what the emails need.
 */
function claim(conn: Conn, stage: 'due_soon' | 'due' | 'escalated', when: ReturnType<typeof sql>): Promise<Claimed[]> {
  const mark = JSON.stringify([stage]);
  return queryRows<Claimed>(
    conn,
    sql`with c as (
      update document_acknowledgments a set notified = a.notified || ${mark}::jsonb
      where a.acknowledged_at is null and a.cancelled_at is null and ${when} and not (a.notified @> ${mark}::jsonb)
      returning a.person_id, a.document_id, a.version_id, a.due_on)
    select c.person_id, p.email, p.language, p.unit_id, p.family_name_ja as fj, p.given_name_ja as gj, p.family_name_en as fe, p.given_name_en as ge,
      c.document_id, d.code, d.title_ja, d.title_en, v.version, c.due_on::text as due_on
    from c join people p on p.id = c.person_id join documents d on d.id = c.document_id join document_versions v on v.id = c.version_id
    where p.active and p.account_status = 'active' and p.deactivated_at is null
    order by d.code`,
  );
}

const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Who hears about a person's overdue acknowledgments: for a hospital person, the site
 * coordinator(s) of their institution(s); for central staff, the others holding a staff role in
 * the same unit (the group has no "unit head" role: the unit's staff remind each other); when
 * nobody is found, the information security manager.
 */
async function escalationRecipients(conn: Conn, subjects: { id: string; unitId: string | null }[]): Promise<Map<string, Recipient[]>> {
  const out = new Map<string, Recipient[]>();
  const add = (subject: string, r: Recipient) => {
    const list = out.get(subject) ?? [];
    if (!list.some((x) => x.id === r.id) && r.id !== subject) list.push(r);
    out.set(subject, list);
  };
  const cols = { id: people.id, email: people.email, language: people.language };
  for (const part of chunks(subjects.map((s) => s.id))) {
    const rows = await conn
      .select({ subject: personInstitutions.personId, ...cols })
      .from(personInstitutions)
      .innerJoin(roleAssignments, and(eq(roleAssignments.role, 'site_coordinator'), eq(roleAssignments.institutionId, personInstitutions.institutionId)))
      .innerJoin(people, eq(people.id, roleAssignments.personId))
      .where(and(inArray(personInstitutions.personId, part), activeRecipient));
    for (const r of rows) add(r.subject, r);
  }
  const unitOf = new Map(subjects.filter((s) => !out.has(s.id) && s.unitId).map((s) => [s.id, s.unitId!]));
  const unitIds = [...new Set(unitOf.values())];
  if (unitIds.length) {
    const staff = await conn
      .selectDistinct({ unitId: roleAssignments.unitId, ...cols })
      .from(roleAssignments)
      .innerJoin(people, eq(people.id, roleAssignments.personId))
      .where(and(inArray(roleAssignments.unitId, unitIds), activeRecipient));
    for (const [subject, unitId] of unitOf) for (const r of staff.filter((s) => s.unitId === unitId)) add(subject, { id: r.id, email: r.email, language: r.language });
  }
  const missing = subjects.filter((s) => !(out.get(s.id)?.length));
  if (missing.length) {
    const managers = await conn.selectDistinct(cols).from(people).innerJoin(roleAssignments, eq(roleAssignments.personId, people.id)).where(and(eq(roleAssignments.role, 'security_manager'), activeRecipient));
    for (const s of missing) for (const m of managers) add(s.id, m);
  }
  return out;
}

/** Reminders to people (3 days before the due date, on it) and escalation 7 days after it; each stage once per row. */
export async function runAckReminders(ctx: AppContext, now: Date) {
  const today = tokyoToday(now);
  const link = (documentId: string) => `${ctx.config.publicUrl}/documents/${documentId}/read`;
  const item = (r: Claimed): AckMailItem => ({ code: r.code, titleJa: r.title_ja, titleEn: r.title_en, version: r.version, dueOn: r.due_on, link: link(r.document_id) });
  const result = await ctx.db.transaction(async (tx) => {
    const summary: Record<string, number> = {};
    for (const [stage, when, template] of [
      ['due_soon', sql`a.due_on <= ${addDays(today, ACK_REMINDER_DAYS)}::date and a.due_on > ${today}::date`, ackDueSoonMail],
      ['due', sql`a.due_on <= ${today}::date`, ackDueMail],
    ] as const) {
      const rows = await claim(tx, stage, when);
      const byPerson = new Map<string, Claimed[]>();
      for (const r of rows) byPerson.set(r.person_id, [...(byPerson.get(r.person_id) ?? []), r]);
      for (const [personId, list] of byPerson) {
        await ctx.mailer.enqueue(tx, { to: list[0]!.email, personId, language: list[0]!.language as Language, template, params: { items: list.map(item) } });
      }
      summary[stage] = rows.length;
      if (rows.length) await appendAudit(tx, ctx.clock, actor, { action: 'document_ack.reminded', targetType: 'document', details: { stage, rows: rows.length, people: byPerson.size } });
    }
    const late = await claim(tx, 'escalated', sql`a.due_on < ${addDays(today, -ACK_ESCALATION_DAYS)}::date`);
    summary.escalated = late.length;
    if (late.length) {
      const subjects = [...new Map(late.map((r) => [r.person_id, { id: r.person_id, unitId: r.unit_id }])).values()];
      const recipientsOf = await escalationRecipients(tx, subjects);
      const outbox = new Map<string, { to: Recipient; items: EscalationItem[] }>();
      for (const r of late) {
        for (const to of recipientsOf.get(r.person_id) ?? []) {
          const entry = outbox.get(to.id) ?? { to, items: [] };
          entry.items.push({ ...item(r), personJa: `${r.fj} ${r.gj}`.trim(), personEn: `${r.ge} ${r.fe}`.trim() });
          outbox.set(to.id, entry);
        }
      }
      for (const m of outbox.values()) {
        await ctx.mailer.enqueue(tx, { to: m.to.email, personId: m.to.id, language: m.to.language as Language, template: ackEscalationMail, params: { items: m.items, link: `${ctx.config.publicUrl}/documents` } });
      }
      await appendAudit(tx, ctx.clock, actor, { action: 'document_ack.escalated', targetType: 'document', details: { rows: late.length, people: subjects.length, recipients: [...outbox.keys()] } });
    }
    return summary;
  });
  ctx.mailer.kick();
  return result;
}

/** Owners of a document: its owner; else the staff of its owner unit; else the information security manager. */
async function ownersOf(conn: Conn, d: { ownerId: string | null; ownerUnitId: string | null }): Promise<Recipient[]> {
  const cols = { id: people.id, email: people.email, language: people.language };
  if (d.ownerId) {
    const p = await conn.select(cols).from(people).where(and(eq(people.id, d.ownerId), activeRecipient));
    if (p.length) return p;
  }
  if (d.ownerUnitId) {
    const staff = await conn.selectDistinct(cols).from(people).innerJoin(roleAssignments, eq(roleAssignments.personId, people.id)).where(and(eq(roleAssignments.unitId, d.ownerUnitId), activeRecipient));
    if (staff.length) return staff;
  }
  return conn.selectDistinct(cols).from(people).innerJoin(roleAssignments, eq(roleAssignments.personId, people.id)).where(and(eq(roleAssignments.role, 'security_manager'), activeRecipient));
}

/** P32-8: the owner hears 30 days before the next review date, and once more when it has passed; once each per date. */
export async function runReviewReminders(ctx: AppContext, now: Date) {
  const today = tokyoToday(now);
  const horizon = addDays(today, REVIEW_WARNING_DAYS);
  const result = await ctx.db.transaction(async (tx) => {
    const soon = await tx
      .update(documents)
      .set({ reviewRemindedFor: sql`${documents.nextReviewOn}` })
      .where(and(isNull(documents.retiredAt), sql`${documents.nextReviewOn} <= ${horizon}::date and ${documents.nextReviewOn} >= ${today}::date`, sql`${documents.reviewRemindedFor} is distinct from ${documents.nextReviewOn}`))
      .returning();
    const overdue = await tx
      .update(documents)
      .set({ reviewOverdueRemindedFor: sql`${documents.nextReviewOn}` })
      .where(and(isNull(documents.retiredAt), sql`${documents.nextReviewOn} < ${today}::date`, sql`${documents.reviewOverdueRemindedFor} is distinct from ${documents.nextReviewOn}`))
      .returning();
    for (const [kind, list] of [['soon', soon], ['overdue', overdue]] as const) {
      for (const d of list) {
        const to = await ownersOf(tx, d);
        for (const r of to) {
          await ctx.mailer.enqueue(tx, {
            to: r.email,
            personId: r.id,
            language: r.language as Language,
            template: kind === 'soon' ? reviewSoonMail : reviewOverdueMail,
            params: { code: d.code, titleJa: d.titleJa, titleEn: d.titleEn, nextReviewOn: d.nextReviewOn!, link: `${ctx.config.publicUrl}/documents/${d.id}` },
          });
        }
        await appendAudit(tx, ctx.clock, actor, { action: 'document.review_reminded', targetType: 'document', targetId: d.id, details: { code: d.code, kind, nextReviewOn: d.nextReviewOn, recipients: to.map((r) => r.id) } });
      }
    }
    return { reviewSoon: soon.length, reviewOverdue: overdue.length };
  });
  ctx.mailer.kick();
  return result;
}

/** The daily work: assignments follow the audiences, then reminders, escalation and review reminders. */
export function documentJobs(ctx: AppContext): Job[] {
  const docs = new DocumentsService(ctx);
  return [
    {
      name: 'documents.daily',
      everyMs: DAY,
      run: async (now) => ({ ...(await docs.reconcileAll(now)), ...(await runAckReminders(ctx, now)), ...(await runReviewReminders(ctx, now)) }),
    },
  ];
}

