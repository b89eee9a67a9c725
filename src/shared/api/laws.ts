import { AddLawRevision, CreateLaw, LawDto, LawIdParam, LawList, LawRevisionParam, ListLawsQuery, UpdateLaw } from '../laws.js';
import { defineApi } from './endpoint.js';

/** The laws and norms register (P32-1.3) and each entry's revision history. */
export const lawsApi = defineApi(
  { tags: ['laws'] },
  {
    list: { method: 'GET', path: '/api/laws', query: ListLawsQuery, response: LawList },
    get: { method: 'GET', path: '/api/laws/:id', params: LawIdParam, response: LawDto },
    create: { method: 'POST', path: '/api/laws', body: CreateLaw, response: LawDto, status: 201 },
    update: { method: 'PATCH', path: '/api/laws/:id', params: LawIdParam, body: UpdateLaw, response: LawDto },
    addRevision: { method: 'POST', path: '/api/laws/:id/revisions', params: LawIdParam, body: AddLawRevision, response: LawDto, status: 201 },
    removeRevision: { method: 'DELETE', path: '/api/laws/:id/revisions/:revisionId', params: LawRevisionParam, response: LawDto },
  },
);
