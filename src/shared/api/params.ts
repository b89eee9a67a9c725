import { z } from 'zod';

/** The path parameter of a resource addressed by its UUID: `/api/things/:id`. */
export const IdParam = z.object({ id: z.uuid() });
