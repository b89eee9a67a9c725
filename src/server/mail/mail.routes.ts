import { and, count, desc, eq, ilike, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { OutboxMessageDto, OutboxPage, OutboxQuery } from '../../shared/mail.js';
import { appendAuditAlone } from '../audit/audit.service.js';
import type { AppContext } from '../context.js';
import { mailOutbox } from '../db/schema/index.js';
import { NotFoundError } from '../errors.js';
import type { App } from '../http.js';

const toDto = (m: typeof mailOutbox.$inferSelect) => ({
  id: m.id,
  to: m.toAddress,
  personId: m.personId,
  language: m.language === 'en' ? ('en' as const) : ('ja' as const),
  template: m.template,
  subject: m.subject,
  body: m.body,
  status: m.status as OutboxMessageDto['status'],
  attempts: m.attempts,
  createdAt: m.createdAt.toISOString(),
  sentAt: m.sentAt?.toISOString() ?? null,
});

/** The outbox: every email Mamori wrote, for administrators (it holds invitation and reset links). */
export function registerMailRoutes(app: App, ctx: AppContext): void {
  app.get('/api/mail/outbox', { schema: { tags: ['mail'], querystring: OutboxQuery, response: { 200: OutboxPage } } }, async (req) => {
    await ctx.authz.require(req.actor, 'mail.read');
    const q = req.query;
    const where: SQL[] = [];
    if (q.status) where.push(eq(mailOutbox.status, q.status));
    if (q.q) where.push(ilike(mailOutbox.toAddress, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    const cond = where.length ? and(...where) : undefined;
    const [total] = await ctx.db.select({ n: count() }).from(mailOutbox).where(cond);
    const rows = await ctx.db
      .select()
      .from(mailOutbox)
      .where(cond)
      .orderBy(desc(mailOutbox.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    // Bodies (links!) are only shown one message at a time, and that read is audited.
    return { items: rows.map((m) => ({ ...toDto(m), body: '' })), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize, smtpConfigured: ctx.mailer.smtpConfigured };
  });

  app.get('/api/mail/outbox/:id', { schema: { tags: ['mail'], params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: OutboxMessageDto } } }, async (req) => {
    await ctx.authz.require(req.actor, 'mail.read');
    const [m] = await ctx.db.select().from(mailOutbox).where(eq(mailOutbox.id, req.params.id));
    if (!m) throw new NotFoundError('Message');
    await appendAuditAlone(ctx.db, ctx.clock, req.actor, { action: 'mail.viewed', targetType: 'mail', targetId: String(m.id), details: { to: m.toAddress, template: m.template } });
    return toDto(m);
  });

  app.post('/api/mail/outbox/:id/retry', { schema: { tags: ['mail'], params: z.object({ id: z.coerce.number().int().positive() }), response: { 204: z.null() } } }, async (req, reply) => {
    await ctx.authz.require(req.actor, 'mail.read');
    const [m] = await ctx.db.select({ id: mailOutbox.id }).from(mailOutbox).where(eq(mailOutbox.id, req.params.id));
    if (!m) throw new NotFoundError('Message');
    await ctx.mailer.retry([m.id]);
    return reply.code(204).send(null);
  });
}
