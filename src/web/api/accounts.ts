import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AcceptInvitation, AccountFilter, AccountSort, CredentialLossStatus, ReportLostPublic, ReportLostSignedIn, ResetPassword, SignPledge } from '../../shared/accounts.js';
import { accountsApi as a } from '../../shared/api/accounts.js';
import { call, hrefOf, setCsrfToken } from './client.js';
import { SESSION_KEY } from './session.js';

// ---- the account console -------------------------------------------------------------------------

export interface AccountListParams {
  page: number;
  pageSize: number;
  filter?: AccountFilter;
  q?: string;
  sort?: AccountSort;
  dir?: 'asc' | 'desc';
}

/** The console's overview: how many people are in each state. */
export function useAccountCounts() {
  return useQuery({
    queryKey: ['accounts', 'summary'],
    queryFn: ({ signal }) => call(a.summary, {}, signal),
  });
}

/** Issues accounts to (or resends the invitations of) the people named, all or nothing. */
export function useBulkInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (personIds: string[]) => call(a.inviteMany, { body: { personIds } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['accounts'] });
      await qc.invalidateQueries({ queryKey: ['people'] });
    },
  });
}

/** Where the CSV of the filtered list downloads from (a plain link: the session cookie goes along). */
export function accountsCsvUrl(params: Omit<AccountListParams, 'page' | 'pageSize'> & { lang: 'ja' | 'en' }): string {
  return hrefOf(a.exportCsv, { query: params });
}

export function useAccounts(params: AccountListParams) {
  return useQuery({
    queryKey: ['accounts', 'list', params],
    queryFn: ({ signal }) => call(a.list, { query: params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAccount(personId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['accounts', 'item', personId],
    queryFn: ({ signal }) => call(a.get, { params: { id: personId! } }, signal),
    enabled: !!personId && enabled,
    retry: false,
  });
}

export type AccountAction =
  | { kind: 'invite' }
  | { kind: 'suspend'; note?: string }
  | { kind: 'reactivate' }
  | { kind: 'expiry'; expiresAt: string | null }
  | { kind: 'offboard'; reason: string };

/** Runs one account transition; the account and lists refresh. */
export function useAccountAction(personId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: AccountAction) => {
      const params = { id: personId };
      switch (action.kind) {
        case 'invite':
          return call(a.invite, { params });
        case 'suspend':
          return call(a.suspend, { params, body: { note: action.note || undefined } });
        case 'reactivate':
          return call(a.reactivate, { params });
        case 'expiry':
          return call(a.setExpiry, { params, body: { expiresAt: action.expiresAt } });
        case 'offboard':
          return call(a.offboard, { params, body: { reason: action.reason } });
      }
    },
    onSuccess: async (account) => {
      qc.setQueryData(['accounts', 'item', personId], account);
      await qc.invalidateQueries({ queryKey: ['accounts', 'list'] });
      await qc.invalidateQueries({ queryKey: ['people'] });
    },
  });
}

// ---- the credential-loss queue -------------------------------------------------------------------

export function useCredentialLosses(status: CredentialLossStatus, page: number) {
  return useQuery({
    queryKey: ['credential-losses', 'list', status, page],
    queryFn: ({ signal }) => call(a.losses, { query: { status, page, pageSize: 50 } }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCredentialLoss(id: string | undefined) {
  return useQuery({
    queryKey: ['credential-losses', 'item', id],
    queryFn: ({ signal }) => call(a.loss, { params: { id: id! } }, signal),
    enabled: !!id,
    retry: false,
  });
}

export function useCredentialLossAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: { kind: 'reset-mfa' | 'close'; note: string }) => call(action.kind === 'reset-mfa' ? a.resetLostMfa : a.closeLoss, { params: { id }, body: { note: action.note } }),
    onSuccess: async (rec) => {
      qc.setQueryData(['credential-losses', 'item', id], rec);
      await qc.invalidateQueries({ queryKey: ['credential-losses', 'list'] });
    },
  });
}

// ---- the pledge and "I lost my credentials" ------------------------------------------------------

export function usePledge() {
  return useQuery({ queryKey: ['pledge'], queryFn: ({ signal }) => call(a.pledge, {}, signal), staleTime: Infinity });
}

export function useMyPledge() {
  return useQuery({ queryKey: ['pledge', 'mine'], queryFn: ({ signal }) => call(a.myPledge, {}, signal) });
}

export function useSignPledge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignPledge) => call(a.signPledge, { body }),
    onSuccess: async (mine) => {
      qc.setQueryData(['pledge', 'mine'], mine);
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
}

export function useReportLostSignedIn() {
  return useMutation({ mutationFn: (body: ReportLostSignedIn) => call(a.reportLostSignedIn, { body }) });
}

// ---- public pages --------------------------------------------------------------------------------

export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: () => call(a.lookupInvitation, { body: { token } }),
    enabled: token.length >= 16,
    retry: false,
    staleTime: Infinity,
  });
}

export function useAcceptInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptInvitation) => call(a.acceptInvitation, { body }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      qc.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useReportLostPublic() {
  return useMutation({ mutationFn: (body: ReportLostPublic) => call(a.reportLostPublic, { body }) });
}

export function useConfirmLost() {
  return useMutation({ mutationFn: (token: string) => call(a.confirmLost, { body: { token } }) });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (email: string) => call(a.requestPasswordReset, { body: { email } }) });
}

export function useResetPassword() {
  return useMutation({ mutationFn: (body: ResetPassword) => call(a.resetPassword, { body }) });
}
