import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { controlsApi as c } from '../../../shared/api/controls.js';
import { fillPath, type ResponseOf } from '../../../shared/api/endpoint.js';
import type { CreateControlInput, ListControlsParams, UpdateControl, UpdateEvidence } from '../../../shared/controls.js';
import { lawsApi } from '../../../shared/api/laws.js';
import { call, hrefOf, upload, type UploadHandle } from '../../api/client.js';

const KEY = ['controls'] as const;

export function useControls(params: ListControlsParams, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'list', params],
    queryFn: ({ signal }) => call(c.list, { query: params }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useControl(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => call(c.get, { params: { id: id! } }, signal), enabled: !!id });
}

export function useSoa() {
  return useQuery({ queryKey: [...KEY, 'soa'], queryFn: ({ signal }) => call(c.soa, {}, signal) });
}

export function useClauseMap() {
  return useQuery({ queryKey: [...KEY, 'clause-map'], queryFn: ({ signal }) => call(c.clauseMap, {}, signal) });
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
  return useMutation({ mutationFn: (body: CreateControlInput) => call(c.create, { body }), onSettled: done });
}

export function useUpdateControl(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: UpdateControl) => call(c.update, { params: { id }, body }), onSettled: done });
}

export function useDeleteControl(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => call(c.remove, { params: { id } }), onSettled: done });
}

export function useAssignOwners() {
  const done = useInvalidate();
  return useMutation({ mutationFn: () => call(c.assignOwners), onSettled: done });
}

export function useUpdateEvidence(controlId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ id, ...body }: UpdateEvidence & { id: string }) => call(c.updateEvidence, { params: { id: controlId, evidenceId: id }, body }), onSettled: done });
}

export function useDeleteEvidence(controlId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (id: string) => call(c.removeEvidence, { params: { id: controlId, evidenceId: id } }), onSettled: done });
}

/** Uploads one evidence file with its description and valid-until date; reports progress. */
export function uploadEvidence(controlId: string, file: File, description: string, validUntil: string | null, onProgress: (f: number) => void): UploadHandle<ResponseOf<typeof c.addEvidence>> {
  const form = new FormData();
  form.append('description', description);
  if (validUntil) form.append('validUntil', validUntil);
  form.append('file', file, file.name);
  return upload<ResponseOf<typeof c.addEvidence>>(fillPath(c.addEvidence.path, { id: controlId }), form, onProgress);
}

export const evidenceUrl = (controlId: string, evidenceId: string) => hrefOf(c.downloadEvidence, { params: { id: controlId, evidenceId } });
export const soaExportUrl = (format: 'pdf' | 'xlsx', lang: 'ja' | 'en') => hrefOf(c.soaExport, { query: { format, lang } });
export const CONTROLS_KEY = KEY;
