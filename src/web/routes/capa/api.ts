import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { capaApi as c } from '../../../shared/api/capa.js';
import type { CheckAction, CreateAction, ListActionsQueryInput, SaveRootCause, UpdateAction } from '../../../shared/capa.js';
import { call } from '../../api/client.js';

/** Root cause and actions are refreshed together (and the incident's timeline, which they write). */
const KEY = ['capa'] as const;

function useInvalidate() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: ['incidents'] })]);
}

export function useRootCause(incidentId: string) {
  return useQuery({ queryKey: [...KEY, 'root-cause', incidentId], queryFn: ({ signal }) => call(c.rootCause, { params: { id: incidentId } }, signal) });
}
export function useSaveRootCause(incidentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: SaveRootCause) => call(c.saveRootCause, { params: { id: incidentId }, body }), onSuccess: done });
}

export function useIncidentActions(incidentId: string) {
  return useQuery({ queryKey: [...KEY, 'incident', incidentId], queryFn: ({ signal }) => call(c.actionsOf, { params: { id: incidentId } }, signal) });
}
export function useActionList(params: ListActionsQueryInput) {
  return useQuery({ queryKey: [...KEY, 'list', params], queryFn: ({ signal }) => call(c.list, { query: params }, signal), placeholderData: keepPreviousData });
}

export function useCreateAction(incidentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateAction) => call(c.create, { params: { id: incidentId }, body }), onSuccess: done });
}
export function useUpdateAction() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: UpdateAction & { id: string }) => call(c.update, { params: { id }, body }), onSuccess: done });
}
export function useCheckAction() {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: CheckAction & { id: string }) => call(c.check, { params: { id }, body }), onSuccess: done });
}
