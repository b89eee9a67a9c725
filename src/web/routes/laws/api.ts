import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lawsApi as l } from '../../../shared/api/laws.js';
import type { AddLawRevision, CreateLawInput, LawDto, LawKind, LawStatus, UpdateLaw } from '../../../shared/laws.js';
import { call } from '../../api/client.js';

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
    queryFn: ({ signal }) => call(l.list, { query: { ...params, includeRetired: params.includeRetired ? 'true' : undefined } }, signal),
  });
}
export function useLaw(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => call(l.get, { params: { id: id! } }, signal), enabled: !!id });
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
export const useCreateLaw = () => useLawMutation((body: CreateLawInput) => call(l.create, { body }));
export const useUpdateLaw = (id: string) => useLawMutation((body: UpdateLaw) => call(l.update, { params: { id }, body }));
export const useAddRevision = (id: string) => useLawMutation((body: AddLawRevision) => call(l.addRevision, { params: { id }, body }));
export const useRemoveRevision = (id: string) => useLawMutation((revisionId: string) => call(l.removeRevision, { params: { id, revisionId } }));
