import { BreakdownQuery, CoverageBreakdown, CoverageExportQuery, CoveragePeoplePage, CoveragePeopleQuery, CoverageSummary, EducationReportQuery, MyTaskList } from '../coverage.js';
import { defineApi } from './endpoint.js';

const PDF = 'application/pdf';

/**
 * Coverage of acknowledgments and training (P32-6): each person's "my tasks", the summary per
 * current item, breakdowns, the drill-down to names, exports and the yearly education report.
 */
export const coverageApi = defineApi(
  { tags: ['coverage'] },
  {
    myTasks: { method: 'GET', path: '/api/my-tasks', response: MyTaskList },

    summary: { method: 'GET', path: '/api/coverage', response: CoverageSummary },
    breakdown: { method: 'GET', path: '/api/coverage/breakdown', query: BreakdownQuery, response: CoverageBreakdown },
    people: { method: 'GET', path: '/api/coverage/people', query: CoveragePeopleQuery, response: CoveragePeoplePage },
    /** A breakdown or the people of an item as CSV, XLSX or PDF (audited). */
    export: {
      method: 'GET',
      path: '/api/coverage/export',
      query: CoverageExportQuery,
      response: 'file',
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', PDF],
    },
    /** The fiscal year's education report (PDF, audited). */
    educationReport: { method: 'GET', path: '/api/education-report', query: EducationReportQuery, response: 'file', produces: [PDF] },
  },
);
