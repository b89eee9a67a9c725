import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssignOwnersResult, ClauseMapDto, ControlDto, ControlList, CreateControlInput, EvidenceDto, ListControlsParams, SoaDto, UpdateControl, UpdateEvidence } from '../../../shared/controls.js';
import { lawsApi } from '../../../shared/api/laws.js';
import { api, call, upload, type UploadHandle } from '../../api/client.js';

const KEY = ['controls'] as const;

export function useControls(params: ListControlsParams, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'list', params],
    queryFn: ({ signal }) => api.get<ControlList>('/api/controls', params as Record<string, string | undefined>, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useControl(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => api.get<ControlDto>(`/api/controls/${id}`, undefined, signal), enabled: !!id });
}

export function useSoa() {
  return useQuery({ queryKey: [...KEY, 'soa'], queryFn: ({ signal }) => api.get<SoaDto>('/api/soa', undefined, signal) });
}

export function useClauseMap() {
  return useQuery({ queryKey: [...KEY, 'clause-map'], queryFn: ({ signal }) => api.get<ClauseMapDto>('/api/clause-map', undefined, signal) });
}

/** The laws register, for linking controls to laws. */
export function useLawOptions(enabled: boolean) {
  return useQuery({ queryKey: ['laws', 'options'], queryFn: ({ signal }) => call(lawsApi.list, {}, signal), enabled, staleTime: 60_000 });
}

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: KEY });
}

export function useCreateControl() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateControlInput) => api.post<ControlDto>('/api/controls', body), onSettled: done });
}

export function useUpdateControl(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: UpdateControl) => api.patch<ControlDto>(`/api/controls/${id}`, body), onSettled: done });
}

export function useDeleteControl(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => api.delete<void>(`/api/controls/${id}`), onSettled: done });
}

export function useAssignOwners() {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => api.post<AssignOwnersResult>('/api/controls/assign-owners'), onSettled: done });
}

export function useUpdateEvidence(controlId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: UpdateEvidence & { id: string }) => api.patch<EvidenceDto>(`/api/controls/${controlId}/evidence/${id}`, body), onSettled: done });
}

export function useDeleteEvidence(controlId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => api.delete<void>(`/api/controls/${controlId}/evidence/${id}`), onSettled: done });
}

/** Uploads one evidence file with its description and valid-until date; reports progress. */
export function uploadEvidence(controlId: string, file: File, description: string, validUntil: string | null, onProgress: (f: number) => void): UploadHandle<EvidenceDto> {
  const form = new FormData();
  form.append('description', description);
  if (validUntil) form.append('validUntil', validUntil);
  form.append('file', file, file.name);
  return upload<EvidenceDto>(`/api/controls/${controlId}/evidence`, form, onProgress);
}

export const evidenceUrl = (controlId: string, evidenceId: string) => `/api/controls/${controlId}/evidence/${evidenceId}/download`;
export const soaExportUrl = (format: 'pdf' | 'xlsx', lang: 'ja' | 'en') => `/api/soa/export?format=${format}&lang=${lang}`;
export const CONTROLS_KEY = KEY;
