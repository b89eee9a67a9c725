import { AuditPage, ListAuditQuery, VerifyResultDto } from '../audit.js';
import { defineApi } from './endpoint.js';

/** The audit log viewer, chain verification and signed checkpoints. */
export const auditApi = defineApi(
  { tags: ['audit'] },
  {
    list: { method: 'GET', path: '/api/audit', query: ListAuditQuery, response: AuditPage },
    verify: { method: 'POST', path: '/api/audit/verify', response: VerifyResultDto },
    /** A signed checkpoint of the newest entry, as a JSON file (`mamori-audit-checkpoint-<seq>.json`); its bytes are what the signature covers. */
    checkpoint: { method: 'POST', path: '/api/audit/checkpoints', response: 'file', produces: ['application/json'] },
  },
);
