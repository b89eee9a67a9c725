import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssetPage } from '../../../shared/assets.js';
import type {
  AddIncidentEvent,
  AddIncidentLink,
  ChangeIncidentStatus,
  IncidentDashboardDto,
  IncidentDto,
  IncidentPage,
  IncidentReceipt,
  ReportIncidentInput,
  UpdateIncident,
} from '../../../shared/incidents.js';
import { api, upload, type QueryParams, type UploadHandle } from '../../api/client.js';

/** Everything incident-related is refreshed together (lists, dashboard, one incident). */
const KEY = ['incidents'] as const;

export function useIncidents(params: QueryParams) {
  return useQuery({ queryKey: [...KEY, 'list', params], queryFn: ({ signal }) => api.get<IncidentPage>('/api/incidents', params, signal), placeholderData: keepPreviousData });
}
export function useIncident(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => api.get<IncidentDto>(`/api/incidents/${id}`, undefined, signal), enabled: !!id });
}
export function useIncidentDashboard() {
  return useQuery({ queryKey: [...KEY, 'dashboard'], queryFn: ({ signal }) => api.get<IncidentDashboardDto>('/api/incidents/dashboard', undefined, signal) });
}

export function useReportIncident() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: ReportIncidentInput) => api.post<IncidentReceipt>('/api/incidents', body), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
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
export const useUpdateIncident = (id: string) => useIncidentMutation(id, (b: UpdateIncident) => api.patch<IncidentDto>(`/api/incidents/${id}`, b));
export const useChangeStatus = (id: string) => useIncidentMutation(id, (b: ChangeIncidentStatus) => api.post<IncidentDto>(`/api/incidents/${id}/status`, b));
export const useAddEvent = (id: string) => useIncidentMutation(id, (b: AddIncidentEvent) => api.post<IncidentDto>(`/api/incidents/${id}/events`, b));
export const useAddLink = (id: string) => useIncidentMutation(id, (b: AddIncidentLink) => api.post<IncidentDto>(`/api/incidents/${id}/links`, b));
export const useRemoveLink = (id: string) =>
  useIncidentMutation(id, async (b: AddIncidentLink) => {
    await api.delete(`/api/incidents/${id}/links/${b.kind}/${b.targetId}`);
    return null;
  });
export const useAddInvestigator = (id: string) => useIncidentMutation(id, (personId: string) => api.post<IncidentDto>(`/api/incidents/${id}/investigators`, { personId }));
export const useRemoveInvestigator = (id: string) =>
  useIncidentMutation(id, async (personId: string) => {
    await api.delete(`/api/incidents/${id}/investigators/${personId}`);
    return null;
  });
export const useRemoveAttachment = (id: string) =>
  useIncidentMutation(id, async (attachmentId: string) => {
    await api.delete(`/api/incidents/${id}/attachments/${attachmentId}`);
    return null;
  });

export function uploadAttachment(incidentId: string, file: File, onProgress: (f: number) => void): UploadHandle<IncidentDto> {
  const form = new FormData();
  form.append('file', file);
  return upload<IncidentDto>(`/api/incidents/${incidentId}/attachments`, form, onProgress);
}
export const attachmentUrl = (incidentId: string, attachmentId: string) => `/api/incidents/${incidentId}/attachments/${attachmentId}`;

/** Assets the reporter may see, for the picker. */
export function useAssetOptions(q: string) {
  return useQuery({
    queryKey: ['assets', 'pick', q],
    queryFn: ({ signal }) => api.get<AssetPage>('/api/assets', { q: q || undefined, pageSize: 20, sort: 'ref', dir: 'desc' }, signal),
    placeholderData: keepPreviousData,
  });
}
