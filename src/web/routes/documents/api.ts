import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AcknowledgmentList,
  ApproveVersion,
  CreateDocumentInput,
  CreateVersion,
  DiffDto,
  DocLanguage,
  DocumentDto,
  DocumentKind,
  DocumentList,
  MyAcknowledgment,
  PublishVersion,
  RejectVersion,
  VersionDto,
} from '../../../shared/documents.js';
import { api, upload, type UploadHandle } from '../../api/client.js';

export const DOCUMENTS_KEY = ['documents'] as const;

/** A person's acknowledgments (the person, central staff, their site coordinator). */
export function usePersonAcknowledgments(personId: string) {
  return useQuery({
    queryKey: [...DOCUMENTS_KEY, 'person-acks', personId],
    queryFn: ({ signal }) => api.get<AcknowledgmentList>(`/api/people/${personId}/acknowledgments`, undefined, signal),
    retry: false,
  });
}

export const useDocuments = (query: { kind?: DocumentKind }) =>
  useQuery({ queryKey: [...DOCUMENTS_KEY, 'list', query], queryFn: ({ signal }) => api.get<DocumentList>('/api/documents', { kind: query.kind }, signal) });
export const useDocument = (id: string | undefined) =>
  useQuery({ queryKey: [...DOCUMENTS_KEY, 'doc', id], queryFn: ({ signal }) => api.get<DocumentDto>(`/api/documents/${id}`, undefined, signal), enabled: !!id, retry: false });
export const useDiff = (id: string | null, against: string | null) =>
  useQuery({
    queryKey: [...DOCUMENTS_KEY, 'diff', id, against],
    queryFn: ({ signal }) => api.get<DiffDto>(`/api/document-versions/${id}/diff`, { against }, signal),
    enabled: !!id && !!against && id !== against,
    retry: false,
  });

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: DOCUMENTS_KEY });
}

export function useCreateDocument() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateDocumentInput) => api.post<DocumentDto>('/api/documents', body), onSettled: done });
}
export function useCreateVersion(documentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: z.input<typeof CreateVersion>) => api.post<VersionDto>(`/api/documents/${documentId}/versions`, body), onSettled: done });
}
export type VersionAction =
  | { action: 'submit' }
  | { action: 'approve'; body: z.input<typeof ApproveVersion> }
  | { action: 'reject'; body: RejectVersion }
  | { action: 'publish'; body: PublishVersion };
export function useVersionAction() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...a }: VersionAction & { id: string }) => api.post<VersionDto>(`/api/document-versions/${id}/${a.action}`, 'body' in a ? a.body : {}),
    onSettled: done,
  });
}
export function useAcknowledge() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ versionId, language }: { versionId: string; language: DocLanguage }) =>
      api.post<z.infer<typeof MyAcknowledgment>>(`/api/document-versions/${versionId}/acknowledge`, { language }),
    onSettled: done,
  });
}

/** Records the steering committee's approval of a version with its minutes (the one-manager case); reports progress. */
export function recordCommitteeApproval(versionId: string, committeeApprovedOn: string, note: string, file: File, onProgress: (f: number) => void): UploadHandle<VersionDto> {
  const form = new FormData();
  form.append('committeeApprovedOn', committeeApprovedOn);
  form.append('note', note);
  form.append('file', file, file.name);
  return upload<VersionDto>(`/api/document-versions/${versionId}/committee-approval`, form, onProgress);
}

/** The committee's minutes of a version (an attachment; every download is audited). */
export const minutesUrl = (versionId: string) => `/api/document-versions/${versionId}/committee-minutes`;
