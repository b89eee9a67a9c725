import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { assetsApi } from '../../../shared/api/assets.js';
import { incidentsApi as i } from '../../../shared/api/incidents.js';
import { fillPath, type ResponseOf } from '../../../shared/api/endpoint.js';
import type { AddIncidentEvent, AddIncidentLink, ChangeIncidentStatus, IncidentDto, ListIncidentsQueryInput, ReportIncidentInput, UpdateIncident } from '../../../shared/incidents.js';
import { call, hrefOf, upload, type UploadHandle } from '../../api/client.js';

/** Everything incident-related is refreshed together (lists, dashboard, one incident). */
const KEY = ['incidents'] as const;

export function useIncidents(params: ListIncidentsQueryInput) {
  return useQuery({ queryKey: [...KEY, 'list', params], queryFn: ({ signal }) => call(i.list, { query: params }, signal), placeholderData: keepPreviousData });
}
export function useIncident(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => call(i.get, { params: { id: id! } }, signal), enabled: !!id });
}
export function useIncidentDashboard() {
  return useQuery({ queryKey: [...KEY, 'dashboard'], queryFn: ({ signal }) => call(i.dashboard, {}, signal) });
}

export function useReportIncident() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: ReportIncidentInput) => call(i.report, { body }), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

/** A change to one incident: the answer is the incident as it now is. */
function useIncidentMutation<B>(id: string, send: (body: B) => Promise<IncidentDto | null>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (r) => {
      if (r) qc.setQueryData([...KEY, 'one', id], r);
      await qc.invalidateQueries({ queryKey: KEY });
    },
  });
}
export const useUpdateIncident = (id: string) => useIncidentMutation(id, (body: UpdateIncident) => call(i.update, { params: { id }, body }));
export const useChangeStatus = (id: string) => useIncidentMutation(id, (body: ChangeIncidentStatus) => call(i.changeStatus, { params: { id }, body }));
export const useAddEvent = (id: string) => useIncidentMutation(id, (body: AddIncidentEvent) => call(i.addEvent, { params: { id }, body }));
export const useAddLink = (id: string) => useIncidentMutation(id, (body: AddIncidentLink) => call(i.addLink, { params: { id }, body }));
export const useRemoveLink = (id: string) =>
  useIncidentMutation(id, async (b: AddIncidentLink) => {
    await call(i.removeLink, { params: { id, kind: b.kind, targetId: b.targetId } });
    return null;
  });
export const useAddInvestigator = (id: string) => useIncidentMutation(id, (personId: string) => call(i.addInvestigator, { params: { id }, body: { personId } }));
export const useRemoveInvestigator = (id: string) =>
  useIncidentMutation(id, async (personId: string) => {
    await call(i.removeInvestigator, { params: { id, personId } });
    return null;
  });
export const useRemoveAttachment = (id: string) =>
  useIncidentMutation(id, async (attachmentId: string) => {
    await call(i.removeAttachment, { params: { id, attachmentId } });
    return null;
  });

export function uploadAttachment(incidentId: string, file: File, onProgress: (f: number) => void): UploadHandle<ResponseOf<typeof i.addAttachment>> {
  const form = new FormData();
  form.append('file', file);
  return upload<ResponseOf<typeof i.addAttachment>>(fillPath(i.addAttachment.path, { id: incidentId }), form, onProgress);
}
export const attachmentUrl = (incidentId: string, attachmentId: string) => hrefOf(i.downloadAttachment, { params: { id: incidentId, attachmentId } });

/** Assets the reporter may see, for the picker. */
export function useAssetOptions(q: string) {
  return useQuery({
    queryKey: ['assets', 'pick', q],
    queryFn: ({ signal }) => call(assetsApi.list, { query: { q: q || undefined, pageSize: 20, sort: 'ref', dir: 'desc' } }, signal),
    placeholderData: keepPreviousData,
  });
}
