import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { formatViolationRef, type ViolationStatus } from '../../../shared/violations.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import { tokyoToday } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { queryRows, type Conn } from '../../db/client.js';
import { incidents, people, violationCases, violationInvestigators } from '../../db/schema/index.js';
import { namesOf, type PersonRow } from '../accounts/public.js';
import type { CaseRow } from './violations.read.js';
import { decisionNoticeMail, investigatorNamedMail } from './violations.mail.js';

/**
 * What the changes to cases share: where a status may go by hand, the checks of the people and
 * the incident named, the next reference number, and the emails a change sends.
 */

export type Problem = { path: string; message: string };

/** Serialises reference numbers across connections and nodes. */
const REF_LOCK = 727_707;

/** Where a status may go by hand (decisions and appeals move it too, see decide / appeal). */
export const MANUAL_MOVES: Record<ViolationStatus, readonly ViolationStatus[]> = {
  open: ['under_investigation', 'closed'],
  under_investigation: ['open', 'closed'],
  decided: ['closed'],
  appealed: ['closed'],
  closed: [],
};

/** Names investigators (audited); each is told by email. */
export async function addInvestigators(tx: Conn, ctx: AppContext, actor: Actor, row: CaseRow, ids: string[]): Promise<void> {
  const now = ctx.clock.now();
  await tx.insert(violationInvestigators).values(ids.map((p) => ({ caseId: row.id, personId: p, addedBy: actor.personId, addedAt: now })));
  await appendAudit(tx, ctx.clock, actor, { action: 'violation.investigators_changed', targetType: 'violation', targetId: row.id, details: { ref: row.ref, added: ids, removed: [] } });
  const named = await tx.select().from(people).where(inArray(people.id, ids));
  for (const p of named) {
    await ctx.mailer.enqueue(tx, {
      to: p.email,
      personId: p.id,
      language: p.language === 'en' ? 'en' : 'ja',
      template: investigatorNamedMail,
      params: { name: namesOf(p), ref: row.ref, link: `${ctx.config.publicUrl}/violations/${row.id}` },
    });
  }
}

/** Investigators must be active people other than the subject. */
export async function investigatorProblems(conn: Conn, ids: string[], subjectId: string): Promise<Problem[]> {
  if (!ids.length) return [];
  const found = new Set((await conn.select({ id: people.id }).from(people).where(and(inArray(people.id, ids), eq(people.active, true)))).map((r) => r.id));
  return ids.flatMap((id, i) => (id === subjectId ? [{ path: `investigatorIds.${i}`, message: 'cannot be the subject' }] : found.has(id) ? [] : [{ path: `investigatorIds.${i}`, message: 'does not exist' }]));
}

export async function personExists(conn: Conn, id: string): Promise<boolean> {
  return (await conn.select({ id: people.id }).from(people).where(eq(people.id, id))).length > 0;
}

export async function incidentExists(conn: Conn, id: string): Promise<boolean> {
  return (await conn.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, id))).length > 0;
}

/** The next `VC-YYYY-NNNN` of the calendar year (Japan time). */
export async function nextRef(tx: Conn, now: Date): Promise<string> {
  await tx.execute(sql`select pg_advisory_xact_lock(${REF_LOCK})`);
  const year = Number(tokyoToday(now).slice(0, 4));
  const prefix = `VC-${year}-`;
  const [r] = await queryRows<{ n: number | string | null }>(tx, sql`select max(substring(${violationCases.ref} from ${prefix.length + 1}::int)::int) as n from ${violationCases} where ${like(violationCases.ref, `${prefix}%`)}`);
  return formatViolationRef(year, Number(r?.n ?? 0) + 1);
}

/**
 * The neutral notice of a decision to its subject, naming the manager to appeal to (queued in
 * the decision's transaction, audited as violation.notice_sent).
 */
export async function sendDecisionNotice(tx: Conn, ctx: AppContext, actor: Actor, row: CaseRow, subject: PersonRow, decidedOn: string): Promise<void> {
  const manager = actor.personId ? (await tx.select().from(people).where(eq(people.id, actor.personId)))[0] : undefined;
  const mNames = manager ? namesOf(manager) : { ja: '情報セキュリティ管理責任者', en: 'the information security manager' };
  const outboxId = await ctx.mailer.enqueue(tx, {
    to: subject.email,
    personId: subject.id,
    language: subject.language === 'en' ? 'en' : 'ja',
    template: decisionNoticeMail,
    params: { name: namesOf(subject), ref: row.ref, decidedOn, managerJa: mNames.ja, managerEn: mNames.en, managerEmail: manager?.email ?? '' },
  });
  await appendAudit(tx, ctx.clock, actor, { action: 'violation.notice_sent', targetType: 'violation', targetId: row.id, details: { ref: row.ref, to: subject.id, outboxId, template: decisionNoticeMail.name } });
}
