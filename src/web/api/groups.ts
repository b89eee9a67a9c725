import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ContentItemDto,
  ContentList,
  GroupCredentialDetail,
  GroupCredentialSummary,
  GroupSessionDto,
  GroupSignIn,
  MyGroupDto,
  PublishNotice,
  ResendCandidate,
  RevealedGroupId,
  RotationProposalDto,
  UpdateContent,
} from '../../shared/groups.js';
import { api, upload, type Download } from './client.js';

const KEY = ['groups'] as const;

/** My research groups and what I may do with their group IDs. */
export function useMyGroups() {
  return useQuery({ queryKey: [...KEY, 'mine'], queryFn: ({ signal }) => api.get<{ items: MyGroupDto[] }>('/api/group-ids/mine', undefined, signal) });
}

/** Reveals a group ID (audited; the answer is kept only in the component that asked). */
export function useRevealGroupId() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (groupId: string) => api.post<RevealedGroupId>(`/api/group-ids/${groupId}/reveal`),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, 'mine'] }),
  });
}

export function useResendCandidates(groupId: string | null) {
  return useQuery({
    queryKey: [...KEY, 'resend', groupId],
    queryFn: ({ signal }) => api.get<{ items: ResendCandidate[] }>(`/api/group-ids/${groupId}/resend-candidates`, undefined, signal),
    enabled: !!groupId,
  });
}

export function useResendGroupId() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ groupId, personId }: { groupId: string; personId: string }) => api.post<void>(`/api/group-ids/${groupId}/resend`, { personId }),
    onSuccess: (_d, v) => qc.invalidateQueries({ queryKey: [...KEY, 'resend', v.groupId] }),
  });
}

// ---- the data center -------------------------------------------------------------------------

export function useGroupCredentials() {
  return useQuery({ queryKey: [...KEY, 'admin'], queryFn: ({ signal }) => api.get<{ items: GroupCredentialSummary[] }>('/api/group-credentials', undefined, signal) });
}

export function useGroupCredential(groupId: string | null) {
  return useQuery({
    queryKey: [...KEY, 'admin', groupId],
    queryFn: ({ signal }) => api.get<GroupCredentialDetail>(`/api/group-credentials/${groupId}`, undefined, signal),
    enabled: !!groupId,
  });
}

export function useRotationProposals(status: 'open' | undefined) {
  return useQuery({
    queryKey: [...KEY, 'proposals', status ?? 'all'],
    queryFn: ({ signal }) => api.get<{ items: RotationProposalDto[] }>('/api/group-rotation-proposals', { status }, signal),
  });
}

function useAdminMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useRotateGroupId = () => useAdminMutation((groupId: string) => api.post<{ version: number; sessionsEnded: number; notified: number }>(`/api/group-credentials/${groupId}/rotate`));
export const useSetRotationSchedule = () =>
  useAdminMutation(({ groupId, intervalDays }: { groupId: string; intervalDays: number | null }) => api.patch<void>(`/api/group-credentials/${groupId}/schedule`, { intervalDays }));
export const useAcceptProposal = () => useAdminMutation((id: string) => api.post<RotationProposalDto>(`/api/group-rotation-proposals/${id}/accept`));
export const useDismissProposal = () => useAdminMutation(({ id, reason }: { id: string; reason: string }) => api.post<RotationProposalDto>(`/api/group-rotation-proposals/${id}/dismiss`, { reason }));

// ---- member-only content -----------------------------------------------------------------------

export function useGroupContent(groupId: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'content', groupId],
    queryFn: ({ signal }) => api.get<ContentList>(`/api/group-content/${groupId}`, undefined, signal),
    enabled: !!groupId,
    retry: false,
  });
}

export function useContentItem(groupId: string | undefined, itemId: string | null) {
  return useQuery({
    queryKey: [...KEY, 'content', groupId, itemId],
    queryFn: ({ signal }) => api.get<ContentItemDto>(`/api/group-content/${groupId}/items/${itemId}`, undefined, signal),
    enabled: !!groupId && !!itemId,
  });
}

/** Downloads a document through fetch (so the group cookie or session goes along) and returns the bytes. */
export async function downloadDocument(groupId: string, itemId: string): Promise<Download> {
  const res = await fetch(`/api/group-content/${groupId}/items/${itemId}/file`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  return { blob: await res.blob(), fileName: star?.[1] ? decodeURIComponent(star[1]) : null };
}

function useContentMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, 'content'] }) });
}

export const usePublishNotice = () => useContentMutation(({ groupId, body }: { groupId: string; body: PublishNotice }) => api.post<ContentItemDto>(`/api/group-content/${groupId}/notices`, body));
export const useUpdateContent = () =>
  useContentMutation(({ groupId, itemId, body }: { groupId: string; itemId: string; body: UpdateContent }) => api.patch<ContentItemDto>(`/api/group-content/${groupId}/items/${itemId}`, body));
export const useWithdrawContent = () =>
  useContentMutation(({ groupId, itemId, reason }: { groupId: string; itemId: string; reason: string }) => api.post<ContentItemDto>(`/api/group-content/${groupId}/items/${itemId}/withdraw`, { reason }));
export const usePublishDocument = () =>
  useContentMutation(({ groupId, form, onProgress }: { groupId: string; form: FormData; onProgress: (f: number) => void }) =>
    upload<ContentItemDto>(`/api/group-content/${groupId}/documents`, form, onProgress).promise,
  );

// ---- group ID sessions -------------------------------------------------------------------------

export function useGroupSession() {
  return useQuery({ queryKey: [...KEY, 'session'], queryFn: ({ signal }) => api.get<GroupSessionDto>('/api/group-access/session', undefined, signal), staleTime: 30_000 });
}

export function useGroupSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: GroupSignIn) => api.post<GroupSessionDto>('/api/group-access/sign-in', body),
    onSuccess: (s) => {
      qc.setQueryData([...KEY, 'session'], s);
      void qc.invalidateQueries({ queryKey: [...KEY, 'content'] });
    },
  });
}

/** Leaves the group session and reloads /group, dropping everything cached from it. */
export function useGroupSignOut() {
  return useMutation({
    mutationFn: () => api.post<void>('/api/group-access/sign-out'),
    onSettled: () => window.location.assign('/group'),
  });
}
