import { Health, Ready } from '../system.js';
import { defineApi } from './endpoint.js';

/** Liveness, readiness and the OpenAPI document (public, left out of the document itself). */
export const systemApi = defineApi(
  { tags: ['system'] },
  {
    health: { method: 'GET', path: '/healthz', response: Health },
    /** 200 when ready; 503 with the same shape and a reason when the database does not answer or storage cannot be written. */
    ready: { method: 'GET', path: '/readyz', response: Ready },
    openapi: { method: 'GET', path: '/api/openapi.json', response: 'file', produces: ['application/json'] },
  },
);
