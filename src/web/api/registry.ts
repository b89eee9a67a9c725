import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CommitteeDto, InstitutionDto, ResearchGroupDto, StudyDto, UnitDto } from '../../shared/org.js';
import { api, type QueryParams } from './client.js';
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

/** Query parameters as the server expects them (includeInactive only when true). */
export function listQuery(p: ListParams & QueryParams): QueryParams {
  const { includeInactive, ...rest } = p;
  return { ...rest, includeInactive: includeInactive ? 'true' : undefined };
}

export function useRegistryList<N extends RegistryName>(name: N, params: ListParams, enabled = true) {
  return useQuery({
    queryKey: [name, 'list', params],
    queryFn: ({ signal }) => api.get<Page<RegistryDtos[N]>>(`/api/${name}`, listQuery({ ...params }), signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRegistryItem<N extends RegistryName>(name: N, id: string | undefined) {
  return useQuery({
    queryKey: [name, 'item', id],
    queryFn: ({ signal }) => api.get<RegistryDtos[N]>(`/api/${name}/${id}`, undefined, signal),
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
    mutationFn: ({ id, body }: { id?: string; body: unknown }) =>
      id ? api.patch<RegistryDtos[N]>(`/api/${name}/${id}`, body) : api.post<RegistryDtos[N]>(`/api/${name}`, body),
    onSuccess: (item) => invalidate(item),
  });
}

/** Deactivates or reactivates a registry entry. */
export function useSetRegistryItemActive<N extends RegistryName>(name: N) {
  const invalidate = useInvalidate(name);
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      api.post<RegistryDtos[N]>(`/api/${name}/${id}/${active ? 'reactivate' : 'deactivate'}`),
    onSuccess: (item) => invalidate(item),
  });
}
