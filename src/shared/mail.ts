import { z } from 'zod';
import { pageOf } from './pagination.js';

export const MailStatus = z.enum(['queued', 'sending', 'sent', 'failed', 'held']);
export type MailStatus = z.infer<typeof MailStatus>;

export const OutboxMessageDto = z.object({
  id: z.number().int(),
  to: z.string(),
  personId: z.string().nullable(),
  language: z.enum(['ja', 'en']),
  template: z.string(),
  subject: z.string(),
  /** Empty in lists: a body can hold a one-time link, so it is read one message at a time (audited). */
  body: z.string(),
  status: MailStatus,
  attempts: z.array(z.object({ at: z.string(), error: z.string() })),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxMessageDto = z.infer<typeof OutboxMessageDto>;

export const OutboxQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(200).optional(),
  status: MailStatus.optional(),
});
export type OutboxQuery = z.infer<typeof OutboxQuery>;

/** A page of the outbox; `smtpConfigured` false means messages are held here for an administrator to pass on. */
export const OutboxPage = pageOf(OutboxMessageDto).extend({ smtpConfigured: z.boolean() });
export type OutboxPage = z.infer<typeof OutboxPage>;

/** An outbox message's number: `/api/mail/outbox/:id`. */
export const OutboxIdParam = z.object({ id: z.coerce.number().int().positive() });
