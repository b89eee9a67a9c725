import {
  AcknowledgeVersion,
  AcknowledgmentList,
  AddHistoricalVersion,
  ApproveVersion,
  CreateDocument,
  CreateVersion,
  DiffDto,
  DiffQuery,
  DocumentDto,
  DocumentList,
  InForceDto,
  InForceQuery,
  ListDocumentsQuery,
  MyAcknowledgment,
  PdfQuery,
  PublishVersion,
  RejectVersion,
  UpdateDocument,
  UpdateVersion,
  VersionDto,
} from '../documents.js';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/**
 * The policy library (P32-2.2, P32-5, P32-6, P32-8, history): documents, versions and their
 * approval, PDFs, diffs, acknowledgments and the in-force view.
 */
export const documentsApi = defineApi(
  { tags: ['documents'] },
  {
    list: { method: 'GET', path: '/api/documents', query: ListDocumentsQuery, response: DocumentList },
    create: { method: 'POST', path: '/api/documents', body: CreateDocument, response: DocumentDto, status: 201 },
    inForce: { method: 'GET', path: '/api/documents/in-force', query: InForceQuery, response: InForceDto },
    get: { method: 'GET', path: '/api/documents/:id', params: IdParam, response: DocumentDto },
    update: { method: 'PATCH', path: '/api/documents/:id', params: IdParam, body: UpdateDocument, response: DocumentDto },
    createVersion: { method: 'POST', path: '/api/documents/:id/versions', params: IdParam, body: CreateVersion, response: VersionDto, status: 201 },
    addHistory: { method: 'POST', path: '/api/documents/:id/history', params: IdParam, body: AddHistoricalVersion, response: DocumentDto, status: 201 },

    version: { method: 'GET', path: '/api/document-versions/:id', params: IdParam, response: VersionDto },
    updateVersion: { method: 'PATCH', path: '/api/document-versions/:id', params: IdParam, body: UpdateVersion, response: VersionDto },
    submit: { method: 'POST', path: '/api/document-versions/:id/submit', params: IdParam, response: VersionDto },
    approve: { method: 'POST', path: '/api/document-versions/:id/approve', params: IdParam, body: ApproveVersion, response: VersionDto },
    /** Multipart: the `committeeApprovedOn` and `note` fields (RecordCommitteeApproval) and the minutes as the `file` part. */
    recordCommitteeApproval: { method: 'POST', path: '/api/document-versions/:id/committee-approval', params: IdParam, consumes: ['multipart/form-data'], response: VersionDto },
    committeeMinutes: { method: 'GET', path: '/api/document-versions/:id/committee-minutes', params: IdParam, response: 'file', produces: ['application/octet-stream'] },
    publish: { method: 'POST', path: '/api/document-versions/:id/publish', params: IdParam, body: PublishVersion, response: VersionDto },
    reject: { method: 'POST', path: '/api/document-versions/:id/reject', params: IdParam, body: RejectVersion, response: VersionDto },
    diff: { method: 'GET', path: '/api/document-versions/:id/diff', params: IdParam, query: DiffQuery, response: DiffDto },
    pdf: { method: 'GET', path: '/api/document-versions/:id/pdf', params: IdParam, query: PdfQuery, response: 'file', produces: ['application/pdf'] },
    /** Multipart: the PDF as the `file` part. */
    attachPdf: { method: 'PUT', path: '/api/document-versions/:id/pdf', params: IdParam, query: PdfQuery, consumes: ['multipart/form-data'], response: VersionDto },
    removePdf: { method: 'DELETE', path: '/api/document-versions/:id/pdf', params: IdParam, query: PdfQuery, response: VersionDto },
    acknowledge: { method: 'POST', path: '/api/document-versions/:id/acknowledge', params: IdParam, body: AcknowledgeVersion, response: MyAcknowledgment },

    personAcknowledgments: { method: 'GET', path: '/api/people/:id/acknowledgments', params: IdParam, response: AcknowledgmentList },
  },
);
