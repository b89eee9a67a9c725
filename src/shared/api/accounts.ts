import {
  AcceptedDto,
  AcceptInvitation,
  AccountCountsDto,
  AccountDto,
  AccountPage,
  BulkInvite,
  BulkInviteResultDto,
  CloseCredentialLoss,
  ConfirmLost,
  CredentialLossDto,
  CredentialLossPage,
  ExportAccountsQuery,
  InvitationInfoDto,
  InvitationLookup,
  ListAccountsQuery,
  ListCredentialLossQuery,
  MyPledgeDto,
  OffboardAccount,
  PledgeDto,
  ReportLostPublic,
  ReportLostSignedIn,
  RequestPasswordReset,
  ResetLostMfa,
  ResetPassword,
  SetAccountExpiry,
  SignPledge,
  SuspendAccount,
} from '../accounts.js';
import { SessionDto } from '../auth.js';
import { z } from 'zod';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/**
 * A 204 answer. Declared as `z.null()` rather than `null`: the zod serializer compiles only zod
 * schemas, so the route keeps the same 204 schema it had before the contract.
 */
const NoContent = z.null();

/** The account lifecycle, the onboarding pledge and lost credentials (P32-2.1.3, P32-2.1.3b). */
export const accountsApi = defineApi(
  { tags: ['accounts'] },
  {
    // ---- public: invitation, lost credentials, password reset -------------------------------------
    lookupInvitation: { method: 'POST', path: '/api/invitations/lookup', body: InvitationLookup, response: InvitationInfoDto },
    acceptInvitation: { method: 'POST', path: '/api/invitations/accept', body: AcceptInvitation, response: SessionDto },
    reportLostPublic: { method: 'POST', path: '/api/lost-credentials', body: ReportLostPublic, response: AcceptedDto, status: 202 },
    confirmLost: { method: 'POST', path: '/api/lost-credentials/confirm', body: ConfirmLost, response: AcceptedDto },
    requestPasswordReset: { method: 'POST', path: '/api/password-reset/request', body: RequestPasswordReset, response: AcceptedDto, status: 202 },
    resetPassword: { method: 'POST', path: '/api/password-reset', body: ResetPassword, response: NoContent, status: 204 },

    // ---- the signed-in person: the pledge, "I lost my credentials" --------------------------------
    pledge: { method: 'GET', path: '/api/pledge', response: PledgeDto },
    myPledge: { method: 'GET', path: '/api/me/pledge', response: MyPledgeDto },
    signPledge: { method: 'POST', path: '/api/me/pledge', body: SignPledge, response: MyPledgeDto },
    reportLostSignedIn: { method: 'POST', path: '/api/me/credential-loss', body: ReportLostSignedIn, response: AcceptedDto, status: 202 },

    // ---- the account console (account.manage) -----------------------------------------------------
    summary: { method: 'GET', path: '/api/accounts/summary', response: AccountCountsDto },
    exportCsv: { method: 'GET', path: '/api/accounts/export.csv', query: ExportAccountsQuery, response: 'file', produces: ['text/csv'] },
    inviteMany: { method: 'POST', path: '/api/accounts/invitations', body: BulkInvite, response: BulkInviteResultDto },
    list: { method: 'GET', path: '/api/accounts', query: ListAccountsQuery, response: AccountPage },
    get: { method: 'GET', path: '/api/people/:id/account', params: IdParam, response: AccountDto },
    invite: { method: 'POST', path: '/api/people/:id/account/invitation', params: IdParam, response: AccountDto },
    suspend: { method: 'POST', path: '/api/people/:id/account/suspend', params: IdParam, body: SuspendAccount, response: AccountDto },
    reactivate: { method: 'POST', path: '/api/people/:id/account/reactivate', params: IdParam, response: AccountDto },
    setExpiry: { method: 'PUT', path: '/api/people/:id/account/expiry', params: IdParam, body: SetAccountExpiry, response: AccountDto },
    offboard: { method: 'POST', path: '/api/people/:id/account/offboard', params: IdParam, body: OffboardAccount, response: AccountDto },

    // ---- the credential-loss queue (credential_loss.manage) ---------------------------------------
    losses: { method: 'GET', path: '/api/credential-losses', query: ListCredentialLossQuery, response: CredentialLossPage },
    loss: { method: 'GET', path: '/api/credential-losses/:id', params: IdParam, response: CredentialLossDto },
    resetLostMfa: { method: 'POST', path: '/api/credential-losses/:id/reset-mfa', params: IdParam, body: ResetLostMfa, response: CredentialLossDto },
    closeLoss: { method: 'POST', path: '/api/credential-losses/:id/close', params: IdParam, body: CloseCredentialLoss, response: CredentialLossDto },
  },
);
