import { SteeringReportDto, SteeringReportPdfQuery, SteeringReportQuery } from '../steering.js';
import { defineApi } from './endpoint.js';

/** The steering committee report (P32-7, P32-3): on screen and as a PDF. */
export const steeringApi = defineApi(
  { tags: ['steering'] },
  {
    report: { method: 'GET', path: '/api/steering-report', query: SteeringReportQuery, response: SteeringReportDto },
    pdf: { method: 'GET', path: '/api/steering-report/pdf', query: SteeringReportPdfQuery, response: 'file', produces: ['application/pdf'] },
  },
);
