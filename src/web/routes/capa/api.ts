import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ActionDto, ActionList, ActionPage, CheckAction, CreateAction, RootCauseDto, SaveRootCause, UpdateAction } from '../../../shared/capa.js';
import { api, type QueryParams } from '../../api/client.js';

/** Root cause and actions are refreshed together (and the incident's timeline, which they write). */
const KEY = ['capa'] as const;

function useInvalidate() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: ['incidents'] })]);
}

export function useRootCause(incidentId: string) {
  return useQuery({ queryKey: [...KEY, 'root-cause', incidentId], queryFn: ({ signal }) => api.get<RootCauseDto>(`/api/incidents/${incidentId}/root-cause`, undefined, signal) });
}
export function useSaveRootCause(incidentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: SaveRootCause) => api.put<RootCauseDto>(`/api/incidents/${incidentId}/root-cause`, body), onSuccess: done });
}

export function useIncidentActions(incidentId: string) {
  return useQuery({ queryKey: [...KEY, 'incident', incidentId], queryFn: ({ signal }) => api.get<ActionList>(`/api/incidents/${incidentId}/actions`, undefined, signal) });
}
export function useActionList(params: QueryParams) {
  return useQuery({ queryKey: [...KEY, 'list', params], queryFn: ({ signal }) => api.get<ActionPage>('/api/incident-actions', params, signal), placeholderData: keepPreviousData });
}

export function useCreateAction(incidentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateAction) => api.post<ActionDto>(`/api/incidents/${incidentId}/actions`, body), onSuccess: done });
}
export function useUpdateAction() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: UpdateAction & { id: string }) => api.patch<ActionDto>(`/api/incident-actions/${id}`, body), onSuccess: done });
}
export function useCheckAction() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: CheckAction & { id: string }) => api.post<ActionDto>(`/api/incident-actions/${id}/check`, body), onSuccess: done });
}
