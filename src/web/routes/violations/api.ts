import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AddViolationNote,
  CreateViolationInput,
  DecideViolation,
  PutSanctionTypes,
  RecordAppeal,
  SanctionTypeList,
  UpdateViolation,
  ViolationDto,
  ViolationList,
  ViolationStatus,
} from '../../../shared/violations.js';
import { api, upload, type UploadHandle } from '../../api/client.js';

const KEY = ['violations'] as const;

export function useViolations(status: ViolationStatus | undefined) {
  return useQuery({ queryKey: [...KEY, 'list', status], queryFn: ({ signal }) => api.get<ViolationList>('/api/violations', { status }, signal), placeholderData: keepPreviousData });
}

export function useViolation(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => api.get<ViolationDto>(`/api/violations/${id}`, undefined, signal), enabled: !!id, retry: false });
}

export function useSanctionTypes(enabled = true) {
  return useQuery({ queryKey: [...KEY, 'sanction-types'], queryFn: ({ signal }) => api.get<SanctionTypeList>('/api/sanction-types', undefined, signal), enabled });
}

/** People to choose a subject or investigators from (the manager sees the whole directory). */
export function usePeopleSearch(q: string) {
  return useQuery({
    queryKey: ['violation-people', q],
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; familyNameJa: string; givenNameJa: string; familyNameEn: string; givenNameEn: string; email: string }[] }>('/api/people', { q: q || undefined, pageSize: 20 }, signal),
    placeholderData: keepPreviousData,
  });
}

function useSetCase() {
  const qc = useQueryClient();
  return (v: ViolationDto) => {
    qc.setQueryData([...KEY, 'one', v.id], v);
    return qc.invalidateQueries({ queryKey: [...KEY, 'list'] });
  };
}

export function useCreateViolation() {
  const set = useSetCase();
  return useMutation({ mutationFn: (body: CreateViolationInput) => api.post<ViolationDto>('/api/violations', body), onSuccess: set });
}

export function useUpdateViolation(id: string) {
  const set = useSetCase();
  return useMutation({ mutationFn: (body: UpdateViolation) => api.patch<ViolationDto>(`/api/violations/${id}`, body), onSuccess: set });
}

export function useSetInvestigators(id: string) {
  const set = useSetCase();
  return useMutation({ mutationFn: (personIds: string[]) => api.put<ViolationDto>(`/api/violations/${id}/investigators`, { personIds }), onSuccess: set });
}

export function useAddNote(id: string) {
  const set = useSetCase();
  return useMutation({ mutationFn: (body: AddViolationNote) => api.post<ViolationDto>(`/api/violations/${id}/notes`, body), onSuccess: set });
}

export function useDecide(id: string) {
  const set = useSetCase();
  return useMutation({ mutationFn: (body: DecideViolation) => api.post<ViolationDto>(`/api/violations/${id}/decision`, body), onSuccess: set });
}

export function useRecordAppeal(id: string) {
  const set = useSetCase();
  return useMutation({ mutationFn: (body: Partial<RecordAppeal> & Pick<RecordAppeal, 'receivedOn' | 'note'>) => api.post<ViolationDto>(`/api/violations/${id}/appeal`, body), onSuccess: set });
}

export function usePutSanctionTypes() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: PutSanctionTypes) => api.put<SanctionTypeList>('/api/sanction-types', body), onSuccess: (d) => qc.setQueryData([...KEY, 'sanction-types'], d) });
}

/** Uploads one evidence file with its description; reports progress. */
export function uploadViolationEvidence(id: string, file: File, description: string, onProgress: (f: number) => void): UploadHandle<ViolationDto> {
  const form = new FormData();
  form.append('description', description);
  form.append('file', file, file.name);
  return upload<ViolationDto>(`/api/violations/${id}/evidence`, form, onProgress);
}

export const evidenceUrl = (id: string, evidenceId: string) => `/api/violations/${id}/evidence/${evidenceId}/download`;
export const VIOLATIONS_KEY = KEY;
