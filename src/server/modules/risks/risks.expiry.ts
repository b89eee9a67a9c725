import { and, eq, inArray, lt } from 'drizzle-orm';
import { formatRiskRef } from '../../../shared/risks.js';
import { systemActor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import { tokyoToday } from '../../calendar.js';
import type { AppContext } from '../../context.js';
import { people, risks, roleAssignments, threats } from '../../db/schema/index.js';
import { acceptanceExpiredMail } from './risks.mail.js';
import type { RiskRow } from './risks.read.js';
import { recordAssessment } from './risks.write.js';

/**
 * Acceptances past their expiry day (Japan time) put the risk back to "needs review", record it
 * in the history and the audit log, and tell each owner (or, for risks without one, the
 * information security manager) by email. Each risk is claimed by a conditional update, so two
 * nodes never expire one twice.
 */
export async function expireAcceptances(ctx: AppContext, now: Date): Promise<{ expired: number; told: number }> {
  const today = tokyoToday(now);
  const system = systemActor('risk acceptance job');
  const result = await ctx.db.transaction(async (tx) => {
    const due = await tx
      .update(risks)
      .set({ status: 'needs_review', updatedAt: now })
      .where(and(eq(risks.status, 'accepted'), lt(risks.acceptanceExpiresOn, today)))
      .returning();
    if (!due.length) return { expired: 0, told: 0 };
    const threatNames = new Map((await tx.select().from(threats).where(inArray(threats.id, [...new Set(due.map((r) => r.threatId))]))).map((t) => [t.id, t]));
    for (const r of due) {
      await recordAssessment(tx, ctx.clock, r, 'acceptance_expired', null, `acceptance expired ${r.acceptanceExpiresOn}`);
      await appendAudit(tx, ctx.clock, system, { action: 'risk.acceptance_expired', targetType: 'risk', targetId: r.id, details: { ref: formatRiskRef(r.number), expiresOn: r.acceptanceExpiresOn, ownerPersonId: r.ownerPersonId } });
    }
    const byOwner = new Map<string | null, RiskRow[]>();
    for (const r of due) byOwner.set(r.ownerPersonId, [...(byOwner.get(r.ownerPersonId) ?? []), r]);
    const recipients = async (ownerId: string | null) =>
      ownerId
        ? tx.select({ id: people.id, email: people.email, language: people.language }).from(people).where(and(eq(people.id, ownerId), eq(people.active, true)))
        : tx
            .selectDistinct({ id: people.id, email: people.email, language: people.language })
            .from(roleAssignments)
            .innerJoin(people, eq(people.id, roleAssignments.personId))
            .where(and(eq(people.active, true), eq(roleAssignments.role, 'security_manager')));
    let told = 0;
    for (const [ownerId, list] of byOwner) {
      for (const p of await recipients(ownerId)) {
        const line = (lang: 'ja' | 'en') => list.map((r) => `- ${formatRiskRef(r.number)} ${r.title ?? (lang === 'ja' ? threatNames.get(r.threatId)?.nameJa : threatNames.get(r.threatId)?.nameEn) ?? ''}（${r.acceptanceExpiresOn}）`).join('\n');
        await ctx.mailer.enqueue(tx, {
          to: p.email,
          personId: p.id,
          language: p.language,
          template: acceptanceExpiredMail,
          params: { count: list.length, listJa: line('ja'), listEn: line('en').replaceAll('（', ' (').replaceAll('）', ')'), link: `${ctx.config.publicUrl}/risks?status=needs_review` },
        });
        told++;
      }
    }
    return { expired: due.length, told };
  });
  if (result.told) ctx.mailer.kick();
  return result;
}
