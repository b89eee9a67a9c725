import { z } from 'zod';

/**
 * What the home page asks the signed-in person to deal with. Each kind is counted by the module
 * that owns it, exactly as the page the card links to lists it.
 */
/** In the order the home page shows them. */
export const TaskKind = z.enum([
  'credential_loss_open',
  'registration_changes_to_review',
  'access_review_tasks',
  'access_review_overdue',
  'group_rotation_proposals',
  'invitations_expired',
  'accounts_dormant_soon',
  'sharing_signals',
  'risks_needs_review',
  'risks_review_overdue',
  'controls_evidence_expired',
  'transfer_exceptions',
  'transfer_approvals',
  'transfers_to_download',
  'incidents_to_triage',
  'breach_clocks_due',
  'incident_actions_overdue',
  'my_incident_actions',
  'acknowledgments_to_do',
  'courses_to_do',
  'my_registration_changes_pending',
]);
export type TaskKind = z.infer<typeof TaskKind>;

/** The window of sharing signals the home page counts, in days. */
export const TASK_SHARING_DAYS = 7;

export const TaskCount = z.object({ kind: TaskKind, count: z.number().int().min(0) });
export type TaskCount = z.infer<typeof TaskCount>;

/** Only the kinds the person may see, in a fixed order; a count may be 0. */
export const MyTasks = z.object({ items: z.array(TaskCount) });
export type MyTasks = z.infer<typeof MyTasks>;
