import { z } from 'zod';
import { IdParam } from './params.js';
import { AssignOwnersResult, ClauseMapDto, ControlDto, ControlList, CreateControl, EvidenceDto, EvidenceParam, ListControlsQuery, SoaDto, SoaExportQuery, UpdateControl, UpdateEvidence } from '../controls.js';
import { defineApi } from './endpoint.js';

/**
 * The control catalogue, its evidence, the statement of applicability and the clause map (P32-5,
 * P32-8). A deletion answers 204 with no body, declared as `z.null()` (see training.ts).
 */
export const controlsApi = defineApi(
  { tags: ['controls'] },
  {
    list: { method: 'GET', path: '/api/controls', query: ListControlsQuery, response: ControlList },
    create: { method: 'POST', path: '/api/controls', body: CreateControl, response: ControlDto, status: 201 },
    assignOwners: { method: 'POST', path: '/api/controls/assign-owners', response: AssignOwnersResult },
    get: { method: 'GET', path: '/api/controls/:id', params: IdParam, response: ControlDto },
    update: { method: 'PATCH', path: '/api/controls/:id', params: IdParam, body: UpdateControl, response: ControlDto },
    remove: { method: 'DELETE', path: '/api/controls/:id', params: IdParam, response: z.null(), status: 204 },

    /** multipart/form-data: the `file` part (EVIDENCE_MAX_BYTES at most) and the EvidenceFields (`description`, `validUntil`). */
    addEvidence: { method: 'POST', path: '/api/controls/:id/evidence', params: IdParam, consumes: ['multipart/form-data'], response: EvidenceDto, status: 201 },
    updateEvidence: { method: 'PATCH', path: '/api/controls/:id/evidence/:evidenceId', params: EvidenceParam, body: UpdateEvidence, response: EvidenceDto },
    removeEvidence: { method: 'DELETE', path: '/api/controls/:id/evidence/:evidenceId', params: EvidenceParam, response: z.null(), status: 204 },
    downloadEvidence: { method: 'GET', path: '/api/controls/:id/evidence/:evidenceId/download', params: EvidenceParam, response: 'file', produces: ['application/octet-stream'] },

    soa: { method: 'GET', path: '/api/soa', response: SoaDto },
    soaExport: { method: 'GET', path: '/api/soa/export', query: SoaExportQuery, response: 'file', produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
    clauseMap: { method: 'GET', path: '/api/clause-map', response: ClauseMapDto },
  },
);
