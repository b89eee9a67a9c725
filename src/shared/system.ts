import { z } from 'zod';

/** Liveness: the process answers. */
export const Health = z.object({ status: z.literal('ok') });
export type Health = z.infer<typeof Health>;

/** Readiness: the database answers and its migrations are counted (503 with `not_ready` when it does not). */
export const Ready = z.object({ status: z.enum(['ready', 'not_ready']), database: z.enum(['pglite', 'postgres']), migrations: z.number().int() });
export type Ready = z.infer<typeof Ready>;
