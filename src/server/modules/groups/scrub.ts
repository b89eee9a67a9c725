import { and, eq, inArray, ne } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { mailOutbox } from '../../db/schema/index.js';
import { groupIdResentMail } from './mail.js';

export const SCRUBBED_BODY = '[This email carried a group ID password; its text was removed from the outbox after delivery.]';

/**
 * A re-sent group ID email carries the password, and the outbox is readable by administrators who
 * must never see it (P32-2.1.3d). Once such a message has been delivered (or has failed for good)
 * its stored body is replaced. Returns how many bodies were removed.
 */
export async function scrubDeliveredGroupIdMail(ctx: AppContext): Promise<number> {
  const rows = await ctx.db
    .update(mailOutbox)
    .set({ body: SCRUBBED_BODY })
    .where(and(eq(mailOutbox.template, groupIdResentMail.name), inArray(mailOutbox.status, ['sent', 'failed']), ne(mailOutbox.body, SCRUBBED_BODY)))
    .returning({ id: mailOutbox.id });
  return rows.length;
}
