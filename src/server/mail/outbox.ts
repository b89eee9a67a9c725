import { and, count, desc, eq, ilike, type SQL } from 'drizzle-orm';
import type { OutboxMessageDto, OutboxPage, OutboxQuery } from '../../shared/mail.js';
import type { Actor } from '../authz/actor.js';
import { appendAuditAlone } from '../audit/audit.service.js';
import type { AppContext } from '../context.js';
import { mailOutbox } from '../db/schema/index.js';
import { NotFoundError } from '../errors.js';

const toDto = (m: typeof mailOutbox.$inferSelect): OutboxMessageDto => ({
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

/** The outbox as administrators read it (mail.read): the list, one message (audited), a retry. */
export class OutboxService {
  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor, q: OutboxQuery): Promise<OutboxPage> {
    await this.ctx.authz.require(actor, 'mail.read');
    const where: SQL[] = [];
    if (q.status) where.push(eq(mailOutbox.status, q.status));
    if (q.q) where.push(ilike(mailOutbox.toAddress, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    const cond = where.length ? and(...where) : undefined;
    const [total] = await this.ctx.db.select({ n: count() }).from(mailOutbox).where(cond);
    const rows = await this.ctx.db
      .select()
      .from(mailOutbox)
      .where(cond)
      .orderBy(desc(mailOutbox.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    // Bodies (links!) are only shown one message at a time, and that read is audited.
    return { items: rows.map((m) => ({ ...toDto(m), body: '' })), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize, smtpConfigured: this.ctx.mailer.smtpConfigured };
  }

  async get(actor: Actor, id: number): Promise<OutboxMessageDto> {
    await this.ctx.authz.require(actor, 'mail.read');
    const [m] = await this.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    if (!m) throw new NotFoundError('Message');
    await appendAuditAlone(this.ctx.db, this.ctx.clock, actor, { action: 'mail.viewed', targetType: 'mail', targetId: String(m.id), details: { to: m.toAddress, template: m.template } });
    return toDto(m);
  }

  async retry(actor: Actor, id: number): Promise<void> {
    await this.ctx.authz.require(actor, 'mail.read');
    const [m] = await this.ctx.db.select({ id: mailOutbox.id }).from(mailOutbox).where(eq(mailOutbox.id, id));
    if (!m) throw new NotFoundError('Message');
    await this.ctx.mailer.retry([m.id]);
  }
}
