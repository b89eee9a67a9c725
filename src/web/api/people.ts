import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { peopleApi } from '../../shared/api/org.js';
import type { CallInput } from '../../shared/api/endpoint.js';
import type { CreatePersonInput, PersonDto, UpdatePerson } from '../../shared/org.js';
import type { Role } from '../../shared/roles.js';
import { call } from './client.js';
import { listQuery, type ListParams } from './registry.js';

export interface PeopleParams extends ListParams {
  institutionId?: string;
  researchGroupId?: string;
  unitId?: string;
  role?: Role;
}

export function usePeopleList(params: PeopleParams, enabled = true) {
  return useQuery({
    queryKey: ['people', 'list', params],
    queryFn: ({ signal }) => call(peopleApi.list, { query: listQuery<CallInput<typeof peopleApi.list>['query']>({ ...params }) }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePerson(id: string | undefined) {
  return useQuery({
    queryKey: ['people', 'item', id],
    queryFn: ({ signal }) => call(peopleApi.get, { params: { id: id! } }, signal),
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
      id ? call(peopleApi.update, { params: { id }, body: body as UpdatePerson }) : call(peopleApi.create, { body: body as CreatePersonInput }),
    onSuccess: invalidate,
  });
}

export function useSetPersonActive() {
  const invalidate = useInvalidatePeople();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      call(active ? peopleApi.reactivate : peopleApi.deactivate, { params: { id } }),
    onSuccess: invalidate,
  });
}
