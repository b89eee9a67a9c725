import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { appendAudit } from '../../audit/audit.service.js';
import { systemActor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { accountNotices, accountStates, people } from '../../db/schema/index.js';
import { dormancyAnchor, lockPerson, namesOf, type PersonRow } from './account.repo.js';
import { suspendAccount } from './lifecycle.js';
import { dormancyWarningMail, expiryWarningMail } from './mail.js';
import type { Job } from '../../jobs/scheduler.js';

const DAY = 86_400_000;
const JOB_EVERY_MS = 15 * 60_000;

/**
 * Records the warnings now due for a deadline (each days-before mark once per deadline) and says
 * whether the most urgent one is new, i.e. whether to send an email now. A job that did not run for
 * a while sends one warning, not one per missed mark.
 */
async function dueWarning(tx: Conn, now: Date, personId: string, kind: string, deadline: Date, marks: number[]): Promise<number | null> {
  const due = marks.filter((d) => now.getTime() >= deadline.getTime() - d * DAY);
  if (due.length === 0) return null;
  const urgent = Math.min(...due);
  const keyOf = (d: number) => `${deadline.toISOString()}/${d}`;
  const inserted = await tx
    .insert(accountNotices)
    .values(due.map((d) => ({ personId, kind, key: keyOf(d), sentAt: now })))
    .onConflictDoNothing()
    .returning({ key: accountNotices.key });
  return inserted.some((r) => r.key === keyOf(urgent)) ? urgent : null;
}

/** The dormancy job: warns, then suspends accounts unused for DORMANCY_DAYS (from the last sign-in, or activation). */
export async function runDormancy(ctx: AppContext, now: Date) {
  const actor = systemActor('job:accounts.dormancy');
  const rows = await ctx.db
    .select({ id: people.id, anchor: dormancyAnchor })
    .from(people)
    .leftJoin(accountStates, eq(accountStates.personId, people.id))
    .where(and(eq(people.active, true), eq(people.accountStatus, 'active')));
  let warned = 0;
  let suspended = 0;
  for (const r of rows) {
    const dormantAt = new Date(new Date(r.anchor).getTime() + ctx.config.dormancyDays * DAY);
    const due = now >= dormantAt;
    const marks = ctx.config.dormancyWarningDays;
    if (!due && now.getTime() < dormantAt.getTime() - Math.max(0, ...marks) * DAY) continue;
    await ctx.db.transaction(async (tx) => {
      const p = await lockPerson(tx, r.id);
      if (!p || p.accountStatus !== 'active' || !p.active) return;
      if (due) {
        await suspendAccount(tx, ctx, actor, p, 'dormant');
        suspended++;
        return;
      }
      const days = await dueWarning(tx, now, p.id, 'dormancy', dormantAt, marks);
      if (days === null) return;
      const left = Math.max(1, Math.ceil((dormantAt.getTime() - now.getTime()) / DAY));
      await ctx.mailer.enqueue(tx, {
        to: p.email,
        personId: p.id,
        language: p.language,
        template: dormancyWarningMail,
        params: { name: namesOf(p), suspendAt: dormantAt.toISOString(), days: left, signInUrl: `${ctx.config.publicUrl}/sign-in` },
      });
      await appendAudit(tx, ctx.clock, actor, { action: 'account.dormancy_warned', targetType: 'person', targetId: p.id, details: { days, suspendAt: dormantAt.toISOString() } });
      warned++;
    });
  }
  ctx.mailer.kick();
  return { warned, suspended };
}

/** The expiry job: warns before an account's expiry date, and suspends it (reason `expired`) once the date passes. */
export async function runExpiry(ctx: AppContext, now: Date) {
  const actor = systemActor('job:accounts.expiry');
  const marks = ctx.config.dormancyWarningDays;
  const horizon = new Date(now.getTime() + Math.max(0, ...marks) * DAY);
  const rows = await ctx.db
    .select({ id: people.id, expiresAt: people.accountExpiresAt })
    .from(people)
    .where(and(eq(people.active, true), inArray(people.accountStatus, ['active']), isNotNull(people.accountExpiresAt)));
  let warned = 0;
  let suspended = 0;
  for (const r of rows) {
    if (!r.expiresAt || r.expiresAt > horizon) continue;
    await ctx.db.transaction(async (tx) => {
      const p: PersonRow | undefined = await lockPerson(tx, r.id);
      if (!p || p.accountStatus !== 'active' || !p.accountExpiresAt) return;
      if (p.accountExpiresAt <= now) {
        await suspendAccount(tx, ctx, actor, p, 'expired');
        suspended++;
        return;
      }
      const days = await dueWarning(tx, now, p.id, 'expiry', p.accountExpiresAt, marks);
      if (days === null) return;
      await ctx.mailer.enqueue(tx, { to: p.email, personId: p.id, language: p.language, template: expiryWarningMail, params: { name: namesOf(p), expiresAt: p.accountExpiresAt.toISOString() } });
      await appendAudit(tx, ctx.clock, actor, { action: 'account.expiry_warned', targetType: 'person', targetId: p.id, details: { days, expiresAt: p.accountExpiresAt.toISOString() } });
      warned++;
    });
  }
  ctx.mailer.kick();
  return { warned, suspended };
}

export function accountJobs(ctx: AppContext): Job[] {
  return [
    { name: 'accounts.dormancy', everyMs: JOB_EVERY_MS, run: (now) => runDormancy(ctx, now) },
    { name: 'accounts.expiry', everyMs: JOB_EVERY_MS, run: (now) => runExpiry(ctx, now) },
  ];
}
