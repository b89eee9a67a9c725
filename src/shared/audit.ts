import { z } from 'zod';

/** Every audit event, past tense. One enum for the whole product. */
export const AuditAction = z.enum([
  'setup.completed',
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.session_expired',
  'authz.denied',
  'unit.created',
  'unit.updated',
  'unit.deactivated',
  'institution.created',
  'institution.updated',
  'institution.deactivated',
  'research_group.created',
  'research_group.updated',
  'research_group.deactivated',
  'study.created',
  'study.updated',
  'study.deactivated',
  'committee.created',
  'committee.updated',
  'committee.deactivated',
  'person.created',
  'person.updated',
  'person.deactivated',
  'person.viewed',
  'role.granted',
  'role.revoked',
  'import.completed',
  'import.failed',
  'audit.viewed',
  'audit.checkpoint_created',
  'audit.verified',
  'demo.loaded',
]);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntryDto = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorPersonId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorSessionId: z.string().nullable(),
  actorIp: z.string().nullable(),
  actorUserAgent: z.string().nullable(),
  action: AuditAction,
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  scope: z.record(z.string(), z.string()).nullable(),
  details: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntryDto = z.infer<typeof AuditEntryDto>;

export const ListAuditQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  actorPersonId: z.uuid().optional(),
  action: AuditAction.optional(),
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ListAuditQuery = z.infer<typeof ListAuditQuery>;

export const AuditPage = z.object({ items: z.array(AuditEntryDto), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type AuditPage = z.infer<typeof AuditPage>;

export const VerifyResultDto = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  lastSeq: z.number().int().nullable(),
  firstBadSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export type VerifyResultDto = z.infer<typeof VerifyResultDto>;
