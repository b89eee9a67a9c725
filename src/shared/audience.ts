import { z } from 'zod';
import { Role } from './roles.js';

/**
 * Who a document or a course applies to. Within one dimension any entry matches (OR); every
 * dimension that is not empty must match (AND); all empty = everyone with an active account.
 * E.g. { roles: ['researcher'], institutionIds: [A, B] } = researchers at A or B.
 */
export const Audience = z.object({
  roles: z.array(Role).max(20).default([]),
  unitIds: z.array(z.uuid()).max(200).default([]),
  institutionIds: z.array(z.uuid()).max(500).default([]),
  researchGroupIds: z.array(z.uuid()).max(200).default([]),
});
export type Audience = z.infer<typeof Audience>;
export const EVERYONE: Audience = { roles: [], unitIds: [], institutionIds: [], researchGroupIds: [] };
