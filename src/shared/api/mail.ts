import { z } from 'zod';
import { OutboxIdParam, OutboxMessageDto, OutboxPage, OutboxQuery } from '../mail.js';
import { defineApi } from './endpoint.js';

/** The outbox: every email Mamori wrote, for administrators (bodies hold invitation and reset links). */
export const mailApi = defineApi(
  { tags: ['mail'] },
  {
    /** Bodies are left empty in the list. */
    outbox: { method: 'GET', path: '/api/mail/outbox', query: OutboxQuery, response: OutboxPage },
    /** One message with its body; the read is audited. */
    message: { method: 'GET', path: '/api/mail/outbox/:id', params: OutboxIdParam, response: OutboxMessageDto },
    retry: { method: 'POST', path: '/api/mail/outbox/:id/retry', params: OutboxIdParam, response: z.null(), status: 204 },
  },
);
