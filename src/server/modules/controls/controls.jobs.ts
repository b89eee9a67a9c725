import { and, eq, exists, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Language } from '../../../shared/account.js';
import { systemActor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { controlEvidence, controls, people, roleAssignments } from '../../db/schema/index.js';
import { EVIDENCE_WARNING_DAYS } from '../../../shared/controls.js';
import { evidenceExpiredMail, evidenceExpiringMail, type EvidenceMailItem } from './controls.mail.js';
import { tokyoDate } from '../../calendar.js';
import { evidenceState } from './evidence-store.js';
import type { Job } from '../../jobs/scheduler.js';

const DAY = 86_400_000;
const actor = systemActor('job:control_evidence.expiry');

interface Recipient {
  id: string;
  email: string;
  language: string;
}

/**
 * Who hears about a control's evidence: its owner person; else the people of its owner unit (by
 * affiliation or by a unit-scoped staff role); else, so that nothing goes unheard, the information
 * security manager.
 */
export async function ownersOf(conn: Conn, control: { ownerPersonId: string | null; ownerUnitId: string | null }): Promise<Recipient[]> {
  const cols = { id: people.id, email: people.email, language: people.language };
  if (control.ownerPersonId) {
    const p = await conn.select(cols).from(people).where(and(eq(people.id, control.ownerPersonId), eq(people.active, true)));
    if (p.length) return p;
  }
  if (control.ownerUnitId) {
    const unitId = control.ownerUnitId;
    const staff = await conn
      .select(cols)
      .from(people)
      .where(
        and(
          eq(people.active, true),
          or(
            eq(people.unitId, unitId),
            exists(conn.select({ x: sql`1` }).from(roleAssignments).where(and(eq(roleAssignments.personId, people.id), eq(roleAssignments.unitId, unitId)))),
          ),
        ),
      );
    if (staff.length) return staff;
  }
  return conn
    .selectDistinct(cols)
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(and(eq(people.active, true), eq(roleAssignments.role, 'security_manager')));
}

/**
 * The evidence expiry reminders: evidence whose valid-until date is 30 days away or less is
 * announced once to the control's owners, and once more after the date has passed. Each step is
 * claimed by a conditional update, so two app nodes never send the same reminder.
 */
export async function runEvidenceReminders(ctx: AppContext, now: Date): Promise<{ expiring: number; expired: number; mails: number }> {
  const horizon = tokyoDate(now, EVIDENCE_WARNING_DAYS + 1);
  return ctx.db
    .transaction(async (tx) => {
      const rows = await tx
        .select({ e: controlEvidence, c: { code: controls.code, titleJa: controls.titleJa, titleEn: controls.titleEn, ownerPersonId: controls.ownerPersonId, ownerUnitId: controls.ownerUnitId } })
        .from(controlEvidence)
        .innerJoin(controls, eq(controls.id, controlEvidence.controlId))
        .where(and(isNotNull(controlEvidence.validUntil), isNull(controlEvidence.expiredNotifiedAt), lte(controlEvidence.validUntil, horizon)))
        .for('update', { of: controlEvidence, skipLocked: true });
      const expired = rows.filter((r) => evidenceState(r.e.validUntil, now) === 'expired');
      const expiring = rows.filter((r) => evidenceState(r.e.validUntil, now) === 'expiring' && !r.e.expiringNotifiedAt);
      if (expired.length) {
        await tx
          .update(controlEvidence)
          .set({ expiredNotifiedAt: now, expiringNotifiedAt: sql`coalesce(${controlEvidence.expiringNotifiedAt}, ${now})` })
          .where(inArray(controlEvidence.id, expired.map((r) => r.e.id)));
      }
      if (expiring.length) {
        await tx
          .update(controlEvidence)
          .set({ expiringNotifiedAt: now })
          .where(inArray(controlEvidence.id, expiring.map((r) => r.e.id)));
      }
      // One email per person and kind, listing all their items.
      const outbox = new Map<string, { to: Recipient; kind: 'expiring' | 'expired'; items: EvidenceMailItem[] }>();
      for (const [kind, list] of [['expired', expired], ['expiring', expiring]] as const) {
        for (const r of list) {
          const item: EvidenceMailItem = { code: r.c.code, titleJa: r.c.titleJa, titleEn: r.c.titleEn, fileName: r.e.fileName, validUntil: r.e.validUntil!, link: `${ctx.config.publicUrl}/controls/${r.e.controlId}` };
          const to = await ownersOf(tx, r.c);
          for (const p of to) {
            const k = `${p.id}:${kind}`;
            const entry = outbox.get(k) ?? { to: p, kind, items: [] };
            entry.items.push(item);
            outbox.set(k, entry);
          }
          await appendAudit(tx, ctx.clock, actor, {
            action: 'control_evidence.expiry_notified',
            targetType: 'control',
            targetId: r.e.controlId,
            details: { code: r.c.code, evidenceId: r.e.id, fileName: r.e.fileName, validUntil: r.e.validUntil, kind, recipients: to.map((p) => p.id) },
          });
        }
      }
      for (const m of outbox.values()) {
        await ctx.mailer.enqueue(tx, {
          to: m.to.email,
          personId: m.to.id,
          language: m.to.language as Language,
          template: m.kind === 'expired' ? evidenceExpiredMail : evidenceExpiringMail,
          params: { items: m.items },
        });
      }
      return { expiring: expiring.length, expired: expired.length, mails: outbox.size };
    })
    .then((r) => {
      if (r.mails) ctx.mailer.kick();
      return r;
    });
}

/** Registers the daily evidence-expiry job. */
export function controlJobs(ctx: AppContext): Job[] {
  return [{ name: 'control_evidence.expiry', everyMs: DAY, run: (now) => runEvidenceReminders(ctx, now) }];
}

/**
 * How many applicable controls have only expired evidence (what `/controls?evidence=expired` lists),
 * for a "needs attention" count on the home page.
 */
export async function countControlsWithExpiredEvidence(conn: Conn, now: Date): Promise<number> {
  const today = tokyoDate(now);
  const [row] = await conn
    .select({ n: sql<number>`count(*)::int` })
    .from(controls)
    .where(
      and(
        eq(controls.applicable, true),
        exists(conn.select({ x: sql`1` }).from(controlEvidence).where(eq(controlEvidence.controlId, controls.id))),
        sql`not exists (select 1 from ${controlEvidence} e where e.control_id = ${controls.id} and (e.valid_until is null or e.valid_until >= ${today}))`,
      ),
    );
  return Number(row?.n ?? 0);
}
