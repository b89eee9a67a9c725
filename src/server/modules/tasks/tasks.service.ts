import { SharingSignalsQuery } from '../../../shared/sharing.js';
import { TASK_SHARING_DAYS, type MyTasks, type TaskCount, type TaskKind } from '../../../shared/tasks.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import { countAccounts, filterCondition } from '../accounts/account-list.js';
import { countCredentialLosses } from '../accounts/lost.service.js';
import { countOpenProposals } from '../groups/rotation.js';
import { countSharingSignals } from '../identity/sharing-signals.js';
import { countPendingChanges, mineCondition } from '../registration/registration.service.js';
import { countOverdueCampaigns, countReviewTasks } from '../reviews/public.js';
import { countControlsWithExpiredEvidence } from '../controls/controls.jobs.js';
import { tokyoDate } from '../../calendar.js';
import { countApprovalsFor, countPendingExceptions, countTransfersToDownload } from '../exchange/exchange.counts.js';
import { countRisksToReview } from '../risks/risks.read.js';
import { countIncidentsToTriage } from '../incidents/public.js';
import { countClocksDueSoon } from '../breach/public.js';
import { countMyOpenActions, countOverdueActions } from '../capa/public.js';
import { countAcknowledgmentsToDo } from '../documents/acks.js';
import { countCoursesToDo } from '../training/assignments.js';

type Counter = { kind: TaskKind; visible: (a: Actor) => boolean; count: (ctx: AppContext, a: Actor) => Promise<number> };

/**
 * The kinds in the order the home page shows them. Each is visible to exactly the people who may
 * open the page it links to, and counted by the owning module with the same condition as that page.
 */
const COUNTERS: readonly Counter[] = [
  { kind: 'credential_loss_open', visible: (a) => can(a, 'credential_loss.manage'), count: (ctx) => countCredentialLosses(ctx.db, 'open') },
  { kind: 'registration_changes_to_review', visible: (a) => can(a, 'registration_change.review'), count: (ctx) => countPendingChanges(ctx.db) },
  { kind: 'access_review_tasks', visible: (a) => can(a, 'access_review.decide'), count: (ctx, a) => countReviewTasks(ctx.db, a) },
  { kind: 'access_review_overdue', visible: (a) => can(a, 'access_review.manage'), count: (ctx) => countOverdueCampaigns(ctx.db, ctx.clock.now()) },
  { kind: 'group_rotation_proposals', visible: (a) => can(a, 'group_credential.manage'), count: (ctx) => countOpenProposals(ctx.db) },
  { kind: 'invitations_expired', visible: (a) => can(a, 'account.manage'), count: (ctx) => countAccounts(ctx.db, filterCondition(ctx, 'invitation_expired')) },
  { kind: 'accounts_dormant_soon', visible: (a) => can(a, 'account.manage'), count: (ctx) => countAccounts(ctx.db, filterCondition(ctx, 'dormant_soon')) },
  { kind: 'sharing_signals', visible: (a) => can(a, 'account.manage'), count: (ctx) => countSharingSignals(ctx, SharingSignalsQuery.parse({ days: TASK_SHARING_DAYS })) },
  { kind: 'risks_needs_review', visible: (a) => can(a, 'risk.manage'), count: (ctx, a) => countRisksToReview(ctx.db, a, tokyoDate(ctx.clock.now()), 'needs_review') },
  { kind: 'risks_review_overdue', visible: (a) => can(a, 'risk.manage'), count: (ctx, a) => countRisksToReview(ctx.db, a, tokyoDate(ctx.clock.now()), 'overdue') },
  { kind: 'controls_evidence_expired', visible: (a) => can(a, 'control.manage'), count: (ctx) => countControlsWithExpiredEvidence(ctx.db, ctx.clock.now()) },
  { kind: 'transfer_exceptions', visible: (a) => can(a, 'exchange.manage'), count: (ctx) => countPendingExceptions(ctx) },
  { kind: 'transfer_approvals', visible: (a) => can(a, 'exchange.approve'), count: (ctx, a) => countApprovalsFor(ctx, a) },
  { kind: 'transfers_to_download', visible: (a) => can(a, 'exchange.send'), count: (ctx, a) => countTransfersToDownload(ctx, a) },
  { kind: 'incidents_to_triage', visible: (a) => can(a, 'incident.manage'), count: (ctx, a) => countIncidentsToTriage(ctx.db, a) },
  { kind: 'breach_clocks_due', visible: (a) => can(a, 'incident.manage'), count: (ctx, a) => countClocksDueSoon(ctx.db, a, ctx.clock.now()) },
  { kind: 'incident_actions_overdue', visible: (a) => can(a, 'incident.manage'), count: (ctx, a) => countOverdueActions(ctx.db, a, tokyoDate(ctx.clock.now())) },
  { kind: 'my_incident_actions', visible: (a) => !!a.personId, count: (ctx, a) => countMyOpenActions(ctx.db, a, tokyoDate(ctx.clock.now())) },
  { kind: 'acknowledgments_to_do', visible: (a) => !!a.personId, count: (ctx, a) => countAcknowledgmentsToDo(ctx.db, a.personId!) },
  { kind: 'courses_to_do', visible: (a) => !!a.personId, count: (ctx, a) => countCoursesToDo(ctx.db, a.personId!, ctx.clock.now()) },
  { kind: 'my_registration_changes_pending', visible: (a) => !!a.personId, count: (ctx, a) => countPendingChanges(ctx.db, mineCondition(a.personId!)) },
];

/** What the signed-in person must deal with: counts only, so reading them is not audited. */
export async function myTasks(ctx: AppContext, actor: Actor): Promise<MyTasks> {
  const items: TaskCount[] = [];
  for (const c of COUNTERS) {
    if (c.visible(actor)) items.push({ kind: c.kind, count: await c.count(ctx, actor) });
  }
  return { items };
}
