import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreatePersonInput, PersonDto, PersonSummaryDto, UpdatePerson } from '../../shared/org.js';
import type { Role } from '../../shared/roles.js';
import { api } from './client.js';
import { listQuery, type ListParams, type Page } from './registry.js';

export interface PeopleParams extends ListParams {
  institutionId?: string;
  researchGroupId?: string;
  unitId?: string;
  role?: Role;
}

export function usePeopleList(params: PeopleParams, enabled = true) {
  return useQuery({
    queryKey: ['people', 'list', params],
    queryFn: ({ signal }) => api.get<Page<PersonSummaryDto>>('/api/people', listQuery({ ...params }), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: ['people', 'item', id],
    queryFn: ({ signal }) => api.get<PersonDto>(`/api/people/${id}`, undefined, signal),
    enabled: !!id,
  });
}

function useInvalidatePeople() {
  const qc = useQueryClient();
  return async (person: PersonDto) => {
    qc.setQueryData(['people', 'item', person.id], person);
    await qc.invalidateQueries({ queryKey: ['people', 'list'] });
  };
}

/** Creates (no id) or updates (with id) a person. */
export function useSavePerson() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CreatePersonInput | UpdatePerson }) =>
      id ? api.patch<PersonDto>(`/api/people/${id}`, body) : api.post<PersonDto>('/api/people', body),
    onSuccess: invalidate,
  });
}

export function useSetPersonActive() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      api.post<PersonDto>(`/api/people/${id}/${active ? 'reactivate' : 'deactivate'}`),
    onSuccess: invalidate,
  });
}
