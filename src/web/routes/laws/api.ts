import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AddLawRevision, CreateLawInput, LawDto, LawKind, LawList, LawStatus, UpdateLaw } from '../../../shared/laws.js';
import { api } from '../../api/client.js';

/** The same key as the controls module's law picker, so both refresh together. */
const KEY = ['laws'] as const;

export interface LawParams {
  q?: string;
  kind?: LawKind;
  status?: LawStatus;
  unverifiedSince?: string;
  includeRetired?: boolean;
}

export function useLaws(params: LawParams) {
  return useQuery({
    queryKey: [...KEY, 'list', params],
    queryFn: ({ signal }) => api.get<LawList>('/api/laws', { ...params, includeRetired: params.includeRetired ? 'true' : undefined }, signal),
  });
}
export function useLaw(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => api.get<LawDto>(`/api/laws/${id}`, undefined, signal), enabled: !!id });
}

function useLawMutation<B>(send: (body: B) => Promise<LawDto>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (law) => {
      qc.setQueryData([...KEY, 'one', law.id], law);
      await qc.invalidateQueries({ queryKey: KEY });
    },
  });
}
export const useCreateLaw = () => useLawMutation((b: CreateLawInput) => api.post<LawDto>('/api/laws', b));
export const useUpdateLaw = (id: string) => useLawMutation((b: UpdateLaw) => api.patch<LawDto>(`/api/laws/${id}`, b));
export const useAddRevision = (id: string) => useLawMutation((b: AddLawRevision) => api.post<LawDto>(`/api/laws/${id}/revisions`, b));
export const useRemoveRevision = (id: string) => useLawMutation((revisionId: string) => api.delete<LawDto>(`/api/laws/${id}/revisions/${revisionId}`));
