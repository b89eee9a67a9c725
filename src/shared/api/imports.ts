import { IdParam, ImportJobDto, ImportKindParam, ImportTemplateQuery } from '../org.js';
import { defineApi } from './endpoint.js';

/** CSV and XLSX import of institutions, people and assets: jobs, their progress, templates. */
export const importsApi = defineApi(
  { tags: ['imports'] },
  {
    /**
     * multipart/form-data: optional `encoding` (auto, utf-8, shift_jis) and `sheet` (XLSX) fields,
     * then the `file` part. The job runs in the background; 202 answers it as queued.
     */
    start: { method: 'POST', path: '/api/imports/:kind', params: ImportKindParam, consumes: ['multipart/form-data'], response: ImportJobDto, status: 202 },
    get: { method: 'GET', path: '/api/imports/:id', params: IdParam, response: ImportJobDto },
    /** A template: CSV (UTF-8 with BOM) or XLSX, headers in the chosen language. */
    template: {
      method: 'GET',
      path: '/api/imports/templates/:kind',
      params: ImportKindParam,
      query: ImportTemplateQuery,
      response: 'file',
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
  },
);
