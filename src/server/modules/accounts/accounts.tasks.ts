import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import type { TaskSource } from '../tasks/public.js';
import { countAccounts, filterCondition } from './account-list.js';
import { countCredentialLosses } from './lost.service.js';

/** The home page's account work: open credential-loss reports, expired invitations, accounts going dormant. */
export function accountTasks(ctx: AppContext): TaskSource[] {
  return [
    { kind: 'credential_loss_open', visible: (a) => can(a, 'credential_loss.manage'), count: () => countCredentialLosses(ctx.db, 'open') },
    { kind: 'invitations_expired', visible: (a) => can(a, 'account.manage'), count: () => countAccounts(ctx.db, filterCondition(ctx, 'invitation_expired')) },
    { kind: 'accounts_dormant_soon', visible: (a) => can(a, 'account.manage'), count: () => countAccounts(ctx.db, filterCondition(ctx, 'dormant_soon')) },
  ];
}
