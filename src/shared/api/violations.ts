import {
  AddViolationNote,
  CreateViolation,
  DecideViolation,
  ListViolationsQuery,
  PutSanctionTypes,
  RecordAppeal,
  SanctionTypeList,
  SetViolationInvestigators,
  UpdateViolation,
  ViolationDto,
  ViolationEvidenceParam,
  ViolationList,
} from '../violations.js';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/** Violation cases, their evidence, the manager's decision and appeal, and the sanction list (P32-7). */
export const violationsApi = defineApi(
  { tags: ['violations'] },
  {
    list: { method: 'GET', path: '/api/violations', query: ListViolationsQuery, response: ViolationList },
    create: { method: 'POST', path: '/api/violations', body: CreateViolation, response: ViolationDto, status: 201 },
    get: { method: 'GET', path: '/api/violations/:id', params: IdParam, response: ViolationDto },
    update: { method: 'PATCH', path: '/api/violations/:id', params: IdParam, body: UpdateViolation, response: ViolationDto },
    setInvestigators: { method: 'PUT', path: '/api/violations/:id/investigators', params: IdParam, body: SetViolationInvestigators, response: ViolationDto },
    addNote: { method: 'POST', path: '/api/violations/:id/notes', params: IdParam, body: AddViolationNote, response: ViolationDto, status: 201 },
    decide: { method: 'POST', path: '/api/violations/:id/decision', params: IdParam, body: DecideViolation, response: ViolationDto },
    appeal: { method: 'POST', path: '/api/violations/:id/appeal', params: IdParam, body: RecordAppeal, response: ViolationDto },

    /** multipart/form-data: the `file` part (VIOLATION_EVIDENCE_MAX_BYTES at most) and a `description` field (1000 characters at most). */
    addEvidence: { method: 'POST', path: '/api/violations/:id/evidence', params: IdParam, consumes: ['multipart/form-data'], response: ViolationDto, status: 201 },
    downloadEvidence: { method: 'GET', path: '/api/violations/:id/evidence/:evidenceId/download', params: ViolationEvidenceParam, response: 'file', produces: ['application/octet-stream'] },

    sanctionTypes: { method: 'GET', path: '/api/sanction-types', response: SanctionTypeList },
    putSanctionTypes: { method: 'PUT', path: '/api/sanction-types', body: PutSanctionTypes, response: SanctionTypeList },
  },
);
