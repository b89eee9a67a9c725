import { z } from 'zod';

/** Liveness: the process answers. */
export const Health = z.object({ status: z.literal('ok') });
export type Health = z.infer<typeof Health>;

export const NotReadyReason = z.enum(['database_unreachable', 'data_dir_not_writable', 'exchange_store_not_writable']);
export type NotReadyReason = z.infer<typeof NotReadyReason>;

/**
 * Readiness: the database answers (its migrations counted) and storage can be written; 503 with
 * `not_ready` and the reason when not (no paths: the route is public; the server log has them).
 */
export const Ready = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['pglite', 'postgres']),
  migrations: z.number().int(),
  reason: NotReadyReason.optional(),
});
export type Ready = z.infer<typeof Ready>;
