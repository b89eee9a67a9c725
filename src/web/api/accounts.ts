import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AcceptInvitation,
  AccountCountsDto,
  AccountDto,
  AccountFilter,
  AccountPage,
  AccountSort,
  BulkInviteResultDto,
  CredentialLossDto,
  CredentialLossPage,
  CredentialLossStatus,
  InvitationInfoDto,
  LostItem,
  MyPledgeDto,
  PledgeDto,
  SignPledge,
} from '../../shared/accounts.js';
import type { SessionDto } from '../../shared/auth.js';
import { api, buildUrl, setCsrfToken } from './client.js';
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
    queryFn: ({ signal }) => api.get<AccountCountsDto>('/api/accounts/summary', undefined, signal),
  });
}

/** Issues accounts to (or resends the invitations of) the people named, all or nothing. */
export function useBulkInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (personIds: string[]) => api.post<BulkInviteResultDto>('/api/accounts/invitations', { personIds }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['accounts'] });
      await qc.invalidateQueries({ queryKey: ['people'] });
    },
  });
}

/** Where the CSV of the filtered list downloads from (a plain link: the session cookie goes along). */
export function accountsCsvUrl(params: Omit<AccountListParams, 'page' | 'pageSize'> & { lang: 'ja' | 'en' }): string {
  return buildUrl('/api/accounts/export.csv', { ...params });
}

export function useAccounts(params: AccountListParams) {
  return useQuery({
    queryKey: ['accounts', 'list', params],
    queryFn: ({ signal }) => api.get<AccountPage>('/api/accounts', { ...params }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAccount(personId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['accounts', 'item', personId],
    queryFn: ({ signal }) => api.get<AccountDto>(`/api/people/${personId}/account`, undefined, signal),
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
    mutationFn: (a: AccountAction) => {
      const base = `/api/people/${personId}/account`;
      switch (a.kind) {
        case 'invite':
          return api.post<AccountDto>(`${base}/invitation`);
        case 'suspend':
          return api.post<AccountDto>(`${base}/suspend`, { note: a.note || undefined });
        case 'reactivate':
          return api.post<AccountDto>(`${base}/reactivate`);
        case 'expiry':
          return api.put<AccountDto>(`${base}/expiry`, { expiresAt: a.expiresAt });
        case 'offboard':
          return api.post<AccountDto>(`${base}/offboard`, { reason: a.reason });
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
    queryFn: ({ signal }) => api.get<CredentialLossPage>('/api/credential-losses', { status, page, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useCredentialLoss(id: string | undefined) {
  return useQuery({
    queryKey: ['credential-losses', 'item', id],
    queryFn: ({ signal }) => api.get<CredentialLossDto>(`/api/credential-losses/${id}`, undefined, signal),
    enabled: !!id,
    retry: false,
  });
}

export function useCredentialLossAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (a: { kind: 'reset-mfa' | 'close'; note: string }) => api.post<CredentialLossDto>(`/api/credential-losses/${id}/${a.kind}`, { note: a.note }),
    onSuccess: async (rec) => {
      qc.setQueryData(['credential-losses', 'item', id], rec);
      await qc.invalidateQueries({ queryKey: ['credential-losses', 'list'] });
    },
  });
}

// ---- the pledge and "I lost my credentials" ------------------------------------------------------

export function usePledge() {
  return useQuery({ queryKey: ['pledge'], queryFn: ({ signal }) => api.get<PledgeDto>('/api/pledge', undefined, signal), staleTime: Infinity });
}

export function useMyPledge() {
  return useQuery({ queryKey: ['pledge', 'mine'], queryFn: ({ signal }) => api.get<MyPledgeDto>('/api/me/pledge', undefined, signal) });
}

export function useSignPledge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignPledge) => api.post<MyPledgeDto>('/api/me/pledge', body),
    onSuccess: async (mine) => {
      qc.setQueryData(['pledge', 'mine'], mine);
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
}

export function useReportLostSignedIn() {
  return useMutation({ mutationFn: (body: { lost: LostItem[]; note?: string }) => api.post<{ accepted: true }>('/api/me/credential-loss', body) });
}

// ---- public pages --------------------------------------------------------------------------------

export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.post<InvitationInfoDto>('/api/invitations/lookup', { token }),
    enabled: token.length >= 16,
    retry: false,
    staleTime: Infinity,
  });
}

export function useAcceptInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptInvitation) => api.post<SessionDto>('/api/invitations/accept', body),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      qc.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useReportLostPublic() {
  return useMutation({ mutationFn: (body: { email: string; lost: LostItem[] }) => api.post<{ accepted: true }>('/api/lost-credentials', body) });
}

export function useConfirmLost() {
  return useMutation({ mutationFn: (token: string) => api.post<{ accepted: true }>('/api/lost-credentials/confirm', { token }) });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (email: string) => api.post<{ accepted: true }>('/api/password-reset/request', { email }) });
}

export function useResetPassword() {
  return useMutation({ mutationFn: (body: { token: string; password: string }) => api.post<void>('/api/password-reset', body) });
}
