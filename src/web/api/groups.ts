import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fillPath, type ResponseOf } from '../../shared/api/endpoint.js';
import { groupsApi as g } from '../../shared/api/groups.js';
import type { GroupSignIn, PublishNotice, UpdateContent } from '../../shared/groups.js';
import { call, callForFile, upload, type Download } from './client.js';

const KEY = ['groups'] as const;

/** My research groups and what I may do with their group IDs. */
export function useMyGroups() {
  return useQuery({ queryKey: [...KEY, 'mine'], queryFn: ({ signal }) => call(g.mine, {}, signal) });
}

/** Reveals a group ID (audited; the answer is kept only in the component that asked). */
export function useRevealGroupId() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (groupId: string) => call(g.reveal, { params: { groupId } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, 'mine'] }),
  });
}

export function useResendCandidates(groupId: string | null) {
  return useQuery({
    queryKey: [...KEY, 'resend', groupId],
    queryFn: ({ signal }) => call(g.resendCandidates, { params: { groupId: groupId! } }, signal),
    enabled: !!groupId,
  });
}

export function useResendGroupId() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ groupId, personId }: { groupId: string; personId: string }) => call(g.resend, { params: { groupId }, body: { personId } }),
    onSuccess: (_d, v) => qc.invalidateQueries({ queryKey: [...KEY, 'resend', v.groupId] }),
  });
}

// ---- the data center -------------------------------------------------------------------------

export function useGroupCredentials() {
  return useQuery({ queryKey: [...KEY, 'admin'], queryFn: ({ signal }) => call(g.credentials, {}, signal) });
}

export function useGroupCredential(groupId: string | null) {
  return useQuery({
    queryKey: [...KEY, 'admin', groupId],
    queryFn: ({ signal }) => call(g.credential, { params: { groupId: groupId! } }, signal),
    enabled: !!groupId,
  });
}

export function useRotationProposals(status: 'open' | undefined) {
  return useQuery({
    queryKey: [...KEY, 'proposals', status ?? 'all'],
    queryFn: ({ signal }) => call(g.proposals, { query: { status } }, signal),
  });
}

function useAdminMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useRotateGroupId = () => useAdminMutation((groupId: string) => call(g.rotate, { params: { groupId } }));
export const useSetRotationSchedule = () =>
  useAdminMutation(({ groupId, intervalDays }: { groupId: string; intervalDays: number | null }) => call(g.setSchedule, { params: { groupId }, body: { intervalDays } }));
export const useAcceptProposal = () => useAdminMutation((id: string) => call(g.acceptProposal, { params: { id } }));
export const useDismissProposal = () => useAdminMutation(({ id, reason }: { id: string; reason: string }) => call(g.dismissProposal, { params: { id }, body: { reason } }));

// ---- member-only content -----------------------------------------------------------------------

export function useGroupContent(groupId: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'content', groupId],
    queryFn: ({ signal }) => call(g.content, { params: { groupId: groupId! } }, signal),
    enabled: !!groupId,
    retry: false,
  });
}

export function useContentItem(groupId: string | undefined, itemId: string | null) {
  return useQuery({
    queryKey: [...KEY, 'content', groupId, itemId],
    queryFn: ({ signal }) => call(g.contentItem, { params: { groupId: groupId!, itemId: itemId! } }, signal),
    enabled: !!groupId && !!itemId,
  });
}

/** Downloads a document (the group cookie or the session goes along) and returns the bytes. */
export function downloadDocument(groupId: string, itemId: string): Promise<Download> {
  return callForFile(g.contentFile, { params: { groupId, itemId } });
}

function useContentMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: [...KEY, 'content'] }) });
}

export const usePublishNotice = () => useContentMutation(({ groupId, body }: { groupId: string; body: PublishNotice }) => call(g.publishNotice, { params: { groupId }, body }));
export const useUpdateContent = () =>
  useContentMutation(({ groupId, itemId, body }: { groupId: string; itemId: string; body: UpdateContent }) => call(g.updateContent, { params: { groupId, itemId }, body }));
export const useWithdrawContent = () =>
  useContentMutation(({ groupId, itemId, reason }: { groupId: string; itemId: string; reason: string }) => call(g.withdrawContent, { params: { groupId, itemId }, body: { reason } }));
export const usePublishDocument = () =>
  useContentMutation(({ groupId, form, onProgress }: { groupId: string; form: FormData; onProgress: (f: number) => void }) =>
    upload<ResponseOf<typeof g.publishDocument>>(fillPath(g.publishDocument.path, { groupId }), form, onProgress).promise,
  );

// ---- group ID sessions -------------------------------------------------------------------------

export function useGroupSession() {
  return useQuery({ queryKey: [...KEY, 'session'], queryFn: ({ signal }) => call(g.session, {}, signal), staleTime: 30_000 });
}

export function useGroupSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: GroupSignIn) => call(g.signIn, { body }),
    onSuccess: (s) => {
      qc.setQueryData([...KEY, 'session'], s);
      void qc.invalidateQueries({ queryKey: [...KEY, 'content'] });
    },
  });
}

/** Leaves the group session and reloads /group, dropping everything cached from it. */
export function useGroupSignOut() {
  return useMutation({
    mutationFn: () => call(g.signOut),
    onSettled: () => window.location.assign('/group'),
  });
}
