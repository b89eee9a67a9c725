import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { violationsApi as v } from '../../../shared/api/violations.js';
import { fillPath, type ResponseOf } from '../../../shared/api/endpoint.js';
import type { AddViolationNote, CreateViolationInput, DecideViolation, PutSanctionTypes, RecordAppeal, UpdateViolation, ViolationDto, ViolationStatus } from '../../../shared/violations.js';
import { call, hrefOf, upload, type UploadHandle } from '../../api/client.js';
import { peopleApi } from '../../../shared/api/org.js';

const KEY = ['violations'] as const;

export function useViolations(status: ViolationStatus | undefined) {
  return useQuery({ queryKey: [...KEY, 'list', status], queryFn: ({ signal }) => call(v.list, { query: { status } }, signal), placeholderData: keepPreviousData });
}

export function useViolation(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => call(v.get, { params: { id: id! } }, signal), enabled: !!id, retry: false });
}

export function useSanctionTypes(enabled = true) {
  return useQuery({ queryKey: [...KEY, 'sanction-types'], queryFn: ({ signal }) => call(v.sanctionTypes, {}, signal), enabled });
}

/** People to choose a subject or investigators from (the manager sees the whole directory). */
export function usePeopleSearch(q: string) {
  return useQuery({
    queryKey: ['violation-people', q],
    queryFn: ({ signal }) =>
      call(peopleApi.list, { query: { q: q || undefined, pageSize: 20 } }, signal),
    placeholderData: keepPreviousData,
  });
}

function useSetCase() {
  const qc = useQueryClient();
  return (c: ViolationDto) => {
    qc.setQueryData([...KEY, 'one', c.id], c);
    return qc.invalidateQueries({ queryKey: [...KEY, 'list'] });
  };
}

export function useCreateViolation() {
  const set = useSetCase();
  return useMutation({ mutationFn: (body: CreateViolationInput) => call(v.create, { body }), onSuccess: set });
}

export function useUpdateViolation(id: string) {
  const set = useSetCase();
  return useMutation({ mutationFn: (body: UpdateViolation) => call(v.update, { params: { id }, body }), onSuccess: set });
}

export function useSetInvestigators(id: string) {
  const set = useSetCase();
  return useMutation({ mutationFn: (personIds: string[]) => call(v.setInvestigators, { params: { id }, body: { personIds } }), onSuccess: set });
}

export function useAddNote(id: string) {
  const set = useSetCase();
  return useMutation({ mutationFn: (body: AddViolationNote) => call(v.addNote, { params: { id }, body }), onSuccess: set });
}

export function useDecide(id: string) {
  const set = useSetCase();
  return useMutation({ mutationFn: (body: DecideViolation) => call(v.decide, { params: { id }, body }), onSuccess: set });
}

export function useRecordAppeal(id: string) {
  const set = useSetCase();
  return useMutation({ mutationFn: (body: Partial<RecordAppeal> & Pick<RecordAppeal, 'receivedOn' | 'note'>) => call(v.appeal, { params: { id }, body }), onSuccess: set });
}

export function usePutSanctionTypes() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: PutSanctionTypes) => call(v.putSanctionTypes, { body }), onSuccess: (d) => qc.setQueryData([...KEY, 'sanction-types'], d) });
}

/** Uploads one evidence file with its description; reports progress. */
export function uploadViolationEvidence(id: string, file: File, description: string, onProgress: (f: number) => void): UploadHandle<ResponseOf<typeof v.addEvidence>> {
  const form = new FormData();
  form.append('description', description);
  form.append('file', file, file.name);
  return upload<ResponseOf<typeof v.addEvidence>>(fillPath(v.addEvidence.path, { id }), form, onProgress);
}

export const evidenceUrl = (id: string, evidenceId: string) => hrefOf(v.downloadEvidence, { params: { id, evidenceId } });
export const VIOLATIONS_KEY = KEY;
