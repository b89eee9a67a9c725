import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { documentsApi as d } from '../../../shared/api/documents.js';
import { fillPath, type ResponseOf } from '../../../shared/api/endpoint.js';
import type { ApproveVersion, CreateDocumentInput, CreateVersion, DocLanguage, DocumentKind, PublishVersion, RejectVersion } from '../../../shared/documents.js';
import { call, hrefOf, upload, type UploadHandle } from '../../api/client.js';

export const DOCUMENTS_KEY = ['documents'] as const;

/** A person's acknowledgments (the person, central staff, their site coordinator). */
export function usePersonAcknowledgments(personId: string) {
  return useQuery({
    queryKey: [...DOCUMENTS_KEY, 'person-acks', personId],
    queryFn: ({ signal }) => call(d.personAcknowledgments, { params: { id: personId } }, signal),
    retry: false,
  });
}

export const useDocuments = (query: { kind?: DocumentKind }) =>
  useQuery({ queryKey: [...DOCUMENTS_KEY, 'list', query], queryFn: ({ signal }) => call(d.list, { query: { kind: query.kind } }, signal) });
export const useDocument = (id: string | undefined) =>
  useQuery({ queryKey: [...DOCUMENTS_KEY, 'doc', id], queryFn: ({ signal }) => call(d.get, { params: { id: id! } }, signal), enabled: !!id, retry: false });
export const useDiff = (id: string | null, against: string | null) =>
  useQuery({
    queryKey: [...DOCUMENTS_KEY, 'diff', id, against],
    queryFn: ({ signal }) => call(d.diff, { params: { id: id! }, query: { against: against! } }, signal),
    enabled: !!id && !!against && id !== against,
    retry: false,
  });

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: DOCUMENTS_KEY });
}

export function useCreateDocument() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateDocumentInput) => call(d.create, { body }), onSettled: done });
}
export function useCreateVersion(documentId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: z.input<typeof CreateVersion>) => call(d.createVersion, { params: { id: documentId }, body }), onSettled: done });
}
export type VersionAction =
  | { action: 'submit' }
  | { action: 'approve'; body: z.input<typeof ApproveVersion> }
  | { action: 'reject'; body: RejectVersion }
  | { action: 'publish'; body: PublishVersion };
/** Moves a version along its approval: submit, approve, reject or publish. */
function runAction({ id, ...a }: VersionAction & { id: string }) {
  const params = { id };
  switch (a.action) {
    case 'submit':
      return call(d.submit, { params });
    case 'approve':
      return call(d.approve, { params, body: a.body });
    case 'reject':
      return call(d.reject, { params, body: a.body });
    case 'publish':
      return call(d.publish, { params, body: a.body });
  }
}
export function useVersionAction() {
  const done = useInvalidate();
  return useMutation({ mutationFn: runAction, onSettled: done });
}
export function useAcknowledge() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: ({ versionId, language }: { versionId: string; language: DocLanguage }) => call(d.acknowledge, { params: { id: versionId }, body: { language } }),
    onSettled: done,
  });
}

/** Records the steering committee's approval of a version with its minutes (the one-manager case); reports progress. */
export function recordCommitteeApproval(versionId: string, committeeApprovedOn: string, note: string, file: File, onProgress: (f: number) => void): UploadHandle<ResponseOf<typeof d.recordCommitteeApproval>> {
  const form = new FormData();
  form.append('committeeApprovedOn', committeeApprovedOn);
  form.append('note', note);
  form.append('file', file, file.name);
  return upload<ResponseOf<typeof d.recordCommitteeApproval>>(fillPath(d.recordCommitteeApproval.path, { id: versionId }), form, onProgress);
}

/** The committee's minutes of a version (an attachment; every download is audited). */
export const minutesUrl = (versionId: string) => hrefOf(d.committeeMinutes, { params: { id: versionId } });
