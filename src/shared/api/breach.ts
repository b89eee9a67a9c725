import { AssessmentDto, BoardDto, BoardQuery, BreachSettingsDto, ClockChange, ClockDto, ClockList, ClockParam, PpcReportQuery, SaveAssessment, UpdateBreachSettings, WaiveClock } from '../breach.js';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/**
 * Breach assessment and reporting clocks (APPI Art. 26; P32-2.1.1, P32-4): the guided assessment,
 * the clocks of an incident, the deadline board, the clock settings and the draft PPC report.
 */
export const breachApi = defineApi(
  { tags: ['breach'] },
  {
    assessment: { method: 'GET', path: '/api/incidents/:id/assessment', params: IdParam, response: AssessmentDto },
    saveAssessment: { method: 'PUT', path: '/api/incidents/:id/assessment', params: IdParam, body: SaveAssessment, response: AssessmentDto },
    clocks: { method: 'GET', path: '/api/incidents/:id/clocks', params: IdParam, response: ClockList },
    changeClock: { method: 'POST', path: '/api/incidents/:id/clocks/:kind', params: ClockParam, body: ClockChange, response: ClockDto },
    waiveClock: { method: 'POST', path: '/api/incidents/:id/clocks/:kind/waiver', params: ClockParam, body: WaiveClock, response: ClockDto },
    withdrawWaiver: { method: 'DELETE', path: '/api/incidents/:id/clocks/:kind/waiver', params: ClockParam, response: ClockDto },
    ppcReport: {
      method: 'GET',
      path: '/api/incidents/:id/ppc-report',
      params: IdParam,
      query: PpcReportQuery,
      response: 'file',
      produces: ['application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    },
    board: { method: 'GET', path: '/api/breach/board', query: BoardQuery, response: BoardDto },
    settings: { method: 'GET', path: '/api/breach/settings', response: BreachSettingsDto },
    updateSettings: { method: 'PUT', path: '/api/breach/settings', body: UpdateBreachSettings, response: BreachSettingsDto },
  },
);
