import { and, count, eq, isNull, type SQL } from 'drizzle-orm';
import type { InstitutionProgress } from '../../../shared/reviews.js';
import { systemActor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { accessReviewCampaigns, accessReviewItems, people, roleAssignments } from '../../db/schema/index.js';
import type { assignedMail } from './reviews.mail.js';
import { campaignProgress, type CampaignRow } from './reviews.read.js';

const DAY = 86_400_000;

/** The start of a calendar day in Japan: reminders go out from the start of the day N days before. */
export const startOfDayTokyo = (date: string) => new Date(`${date}T00:00:00+09:00`);

/** Whom to write to about a campaign's open items: each reviewer with how many they have. */
export async function reviewersWithOpenItems(conn: Conn, campaignId: string) {
  const open = await conn
    .select({ reviewer: accessReviewItems.reviewer, institutionId: accessReviewItems.institutionId, n: count() })
    .from(accessReviewItems)
    .where(and(eq(accessReviewItems.campaignId, campaignId), eq(accessReviewItems.status, 'open')))
    .groupBy(accessReviewItems.reviewer, accessReviewItems.institutionId);
  const out = new Map<string, { id: string; email: string; language: string; open: number }>();
  const add = (p: { id: string; email: string; language: string }, n: number) => {
    const cur = out.get(p.id);
    out.set(p.id, { ...p, open: (cur?.open ?? 0) + n });
  };
  const holders = (where: SQL | undefined) =>
    conn
      .selectDistinct({ id: people.id, email: people.email, language: people.language })
      .from(roleAssignments)
      .innerJoin(people, eq(people.id, roleAssignments.personId))
      .where(and(eq(people.active, true), where));
  const dcOpen = open.filter((o) => o.reviewer === 'data_center').reduce((s, o) => s + Number(o.n), 0);
  if (dcOpen) for (const p of await holders(eq(roleAssignments.role, 'data_center_staff'))) add(p, dcOpen);
  for (const o of open.filter((x) => x.reviewer === 'site_coordinator' && x.institutionId)) {
    for (const p of await holders(and(eq(roleAssignments.role, 'site_coordinator'), eq(roleAssignments.institutionId, o.institutionId!)))) add(p, Number(o.n));
  }
  return [...out.values()];
}

/** Writes to each reviewer with open items in the campaign (in the caller's transaction); returns how many. */
export async function mailReviewers(tx: Conn, ctx: AppContext, c: CampaignRow, template: typeof assignedMail): Promise<number> {
  const reviewers = await reviewersWithOpenItems(tx, c.id);
  for (const r of reviewers) {
    await ctx.mailer.enqueue(tx, { to: r.email, personId: r.id, language: r.language, template, params: { campaign: c.name, dueDate: c.dueDate, open: r.open, link: `${ctx.config.publicUrl}/access-reviews/tasks` } });
  }
  return reviewers.length;
}

/** Reminder and escalation (the scheduled job): each happens once per campaign. */
export async function runDeadlines(ctx: AppContext, now: Date, remind: typeof assignedMail, escalate: (tx: Conn, c: CampaignRow, progress: InstitutionProgress[]) => Promise<number>) {
  const open = await ctx.db.select().from(accessReviewCampaigns).where(and(eq(accessReviewCampaigns.status, 'open'), isNull(accessReviewCampaigns.escalatedAt)));
  let reminded = 0;
  let escalated = 0;
  const system = systemActor('access-review job');
  for (const c of open) {
    if (!c.remindedAt && now.getTime() >= startOfDayTokyo(c.dueDate).getTime() - c.reminderDays * DAY && now < c.dueAt) {
      await ctx.db.transaction(async (tx) => {
        const [claimed] = await tx.update(accessReviewCampaigns).set({ remindedAt: now }).where(and(eq(accessReviewCampaigns.id, c.id), isNull(accessReviewCampaigns.remindedAt))).returning();
        if (!claimed) return;
        const n = await mailReviewers(tx, ctx, c, remind);
        await appendAudit(tx, ctx.clock, system, { action: 'access_review.reminded', targetType: 'access_review', targetId: c.id, details: { reviewers: n } });
        reminded++;
      });
    }
    if (now > c.dueAt) {
      await ctx.db.transaction(async (tx) => {
        const [claimed] = await tx.update(accessReviewCampaigns).set({ escalatedAt: now }).where(and(eq(accessReviewCampaigns.id, c.id), isNull(accessReviewCampaigns.escalatedAt))).returning();
        if (!claimed) return;
        const items = await tx.update(accessReviewItems).set({ escalated: true }).where(and(eq(accessReviewItems.campaignId, c.id), eq(accessReviewItems.status, 'open'))).returning({ id: accessReviewItems.id });
        const progress = (await campaignProgress(tx, c.id)).filter((p) => p.open > 0);
        const told = items.length ? await escalate(tx, c, progress) : 0;
        await appendAudit(tx, ctx.clock, system, { action: 'access_review.escalated', targetType: 'access_review', targetId: c.id, details: { items: items.length, told, institutionIds: progress.map((p) => p.institutionId) } });
        escalated++;
      });
    }
  }
  if (reminded || escalated) ctx.mailer.kick();
  return { reminded, escalated };
}
