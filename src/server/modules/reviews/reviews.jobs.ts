import { and, eq, inArray } from 'drizzle-orm';
import type { InstitutionProgress } from '../../../shared/reviews.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { people, roleAssignments } from '../../db/schema/index.js';
import { escalationMail, reminderMail } from './reviews.mail.js';
import { ReviewsService, type CampaignRow } from './reviews.service.js';
import type { Job } from '../../jobs/scheduler.js';

const HOUR = 3_600_000;

/**
 * The access-review deadline job: reminds reviewers with open items `reminderDays` before the due
 * date, and after it marks open items escalated and writes to the information security manager
 * and the data center. Each step happens once per campaign (claimed by a conditional update).
 */
export function reviewJobs(ctx: AppContext): Job[] {
  const svc = new ReviewsService(ctx);
  const escalate = async (tx: Conn, c: CampaignRow, progress: InstitutionProgress[]) => {
    const to = await tx
      .selectDistinct({ id: people.id, email: people.email, language: people.language })
      .from(roleAssignments)
      .innerJoin(people, eq(people.id, roleAssignments.personId))
      .where(and(eq(people.active, true), inArray(roleAssignments.role, ['security_manager', 'data_center_staff'])));
    const open = progress.reduce((s, p) => s + p.open, 0);
    for (const r of to) {
      await ctx.mailer.enqueue(tx, {
        to: r.email,
        personId: r.id,
        language: r.language,
        template: escalationMail,
        params: {
          campaign: c.name,
          dueDate: c.dueDate,
          open,
          link: `${ctx.config.publicUrl}/access-reviews/${c.id}`,
          institutionsJa: progress.map((p) => `${p.nameJa}（${p.open}件）`).join('、'),
          institutionsEn: progress.map((p) => `${p.nameEn} (${p.open})`).join(', '),
        },
      });
    }
    return to.length;
  };
  return [{ name: 'access_review.deadlines', everyMs: HOUR, run: (now) => svc.runDeadlines(now, reminderMail, escalate) }];
}
