import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { registriesApi } from '../../shared/api/org.js';
import type { CommitteeDto, InstitutionDto, ResearchGroupDto, StudyDto, UnitDto } from '../../shared/org.js';
import { call } from './client.js';
import { ORG_OPTIONS_KEY } from './org-options.js';

/** The organization registries, named as in their API paths. */
export interface RegistryDtos {
  units: UnitDto;
  institutions: InstitutionDto;
  'research-groups': ResearchGroupDto;
  studies: StudyDto;
  committees: CommitteeDto;
}
export type RegistryName = keyof RegistryDtos;

/** The list parameters every list endpoint accepts. */
export interface ListParams {
  page: number;
  pageSize: number;
  q?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  includeInactive?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * Query parameters as the server expects them (includeInactive only when true). The sort field
 * comes from the page's URL as any text; the endpoint's query schema checks it on the server.
 */
export function listQuery<Q>(p: ListParams): Q {
  const { includeInactive, ...rest } = p;
  return { ...rest, includeInactive: includeInactive ? 'true' : undefined } as Q;
}

/** The endpoints of one registry (the same six for each, typed by its DTO where they are used). */
const endpointsOf = (name: RegistryName): (typeof registriesApi)[RegistryName] => registriesApi[name];

export function useRegistryList<N extends RegistryName>(name: N, params: ListParams, enabled = true) {
  return useQuery({
    queryKey: [name, 'list', params],
    queryFn: ({ signal }) => call(endpointsOf(name).list, { query: listQuery({ ...params }) }, signal) as Promise<Page<RegistryDtos[N]>>,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRegistryItem<N extends RegistryName>(name: N, id: string | undefined) {
  return useQuery({
    queryKey: [name, 'item', id],
    queryFn: ({ signal }) => call(endpointsOf(name).get, { params: { id: id! } }, signal) as Promise<RegistryDtos[N]>,
    enabled: !!id,
  });
}

function useInvalidate(name: RegistryName) {
  const qc = useQueryClient();
  return async (item?: { id: string }) => {
    if (item) qc.setQueryData([name, 'item', item.id], item);
    await Promise.all([
      qc.invalidateQueries({ queryKey: [name, 'list'] }),
      qc.invalidateQueries({ queryKey: ORG_OPTIONS_KEY }),
      // people show institution, unit and committee names
      qc.invalidateQueries({ queryKey: ['people'] }),
    ]);
  };
}

/** Creates (no id) or updates (with id) a registry entry. */
export function useSaveRegistryItem<N extends RegistryName>(name: N) {
  const invalidate = useInvalidate(name);
  return useMutation({
    // The form's registry config builds the body of its own registry.
    mutationFn: ({ id, body }: { id?: string; body: unknown }) =>
      (id ? call(endpointsOf(name).update, { params: { id }, body: body as never }) : call(endpointsOf(name).create, { body: body as never })) as Promise<RegistryDtos[N]>,
    onSuccess: (item) => invalidate(item),
  });
}

/** Deactivates or reactivates a registry entry. */
export function useSetRegistryItemActive<N extends RegistryName>(name: N) {
  const invalidate = useInvalidate(name);
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      call(active ? endpointsOf(name).reactivate : endpointsOf(name).deactivate, { params: { id } }) as Promise<RegistryDtos[N]>,
    onSuccess: (item) => invalidate(item),
  });
}
