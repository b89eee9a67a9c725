import { z } from 'zod';
import { Role } from './roles.js';
import { pageOf } from './pagination.js';

/**
 * Access reviews: campaigns in which each site coordinator confirms or removes each researcher of
 * their institution, and the data center reviews staff, contractors and site coordinators.
 */
export const CampaignStatus = z.enum(['open', 'closed']);
export type CampaignStatus = z.infer<typeof CampaignStatus>;
export const ReviewItemStatus = z.enum(['open', 'confirmed', 'removed', 'not_reviewed']);
export type ReviewItemStatus = z.infer<typeof ReviewItemStatus>;
export const Reviewer = z.enum(['site_coordinator', 'data_center']);
export type Reviewer = z.infer<typeof Reviewer>;

export const StartCampaign = z.object({
  name: z.string().trim().min(1).max(200),
  /** The last day of the review (Japan time). */
  dueDate: z.iso.date(),
  /** Empty or absent: every institution. */
  institutionIds: z.array(z.uuid()).max(500).optional().nullable(),
  /** Review central staff and contractors too (by the data center). */
  includeStaff: z.boolean().default(true),
  /** Remind reviewers with open items this many days before the due date. */
  reminderDays: z.number().int().min(0).max(60).default(7),
});
export type StartCampaign = z.infer<typeof StartCampaign>;
export type StartCampaignInput = z.input<typeof StartCampaign>;

export const DecideItem = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('confirm'), reason: z.string().trim().max(1000).optional().nullable() }),
  z.object({ decision: z.literal('remove'), reason: z.string().trim().min(1).max(1000) }),
]);
export type DecideItem = z.infer<typeof DecideItem>;

export const BulkConfirm = z.object({ itemIds: z.array(z.uuid()).min(1).max(500) });
export type BulkConfirm = z.infer<typeof BulkConfirm>;

const Counts = z.object({ total: z.number().int(), open: z.number().int(), confirmed: z.number().int(), removed: z.number().int(), notReviewed: z.number().int(), escalated: z.number().int() });
export type Counts = z.infer<typeof Counts>;

export const InstitutionProgress = Counts.extend({
  /** null: central staff and contractors (reviewed by the data center). */
  institutionId: z.uuid().nullable(),
  nameJa: z.string(),
  nameEn: z.string(),
  /** The institution has no site coordinator: the data center reviews its researchers. */
  flagged: z.boolean(),
});
export type InstitutionProgress = z.infer<typeof InstitutionProgress>;

export const CampaignDto = z.object({
  id: z.uuid(),
  name: z.string(),
  dueDate: z.string(),
  dueAt: z.string(),
  institutionIds: z.array(z.uuid()).nullable(),
  includeStaff: z.boolean(),
  reminderDays: z.number().int(),
  status: CampaignStatus,
  startedBy: z.string().nullable(),
  startedAt: z.string(),
  remindedAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedAt: z.string().nullable(),
  counts: Counts,
  progress: z.array(InstitutionProgress),
});
export type CampaignDto = z.infer<typeof CampaignDto>;
export const CampaignList = z.object({ items: z.array(CampaignDto) });
export type CampaignList = z.infer<typeof CampaignList>;

export const ReviewItemDto = z.object({
  id: z.uuid(),
  campaignId: z.uuid(),
  campaignName: z.string(),
  dueDate: z.string(),
  personId: z.uuid(),
  personNameJa: z.string(),
  personNameEn: z.string(),
  personEmail: z.string(),
  role: Role,
  institution: z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string() }).nullable(),
  researchGroup: z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string() }).nullable(),
  reviewer: Reviewer,
  flagged: z.boolean(),
  status: ReviewItemStatus,
  escalated: z.boolean(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string().nullable(),
});
export type ReviewItemDto = z.infer<typeof ReviewItemDto>;

export const ListItemsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
  status: ReviewItemStatus.optional(),
  institutionId: z.uuid().optional(),
});
export type ListItemsQuery = z.infer<typeof ListItemsQuery>;
export const ReviewItemPage = pageOf(ReviewItemDto);
export type ReviewItemPage = z.infer<typeof ReviewItemPage>;

export const ReportQuery = z.object({ lang: z.enum(['ja', 'en']).default('ja') });
