import { ActionDto, ActionList, ActionPage, CheckAction, CreateAction, IncidentIdParam, ListActionsQuery, RootCauseDto, SaveRootCause, UpdateAction } from '../capa.js';
import { defineApi } from './endpoint.js';

/**
 * Root cause and corrective/preventive actions of incidents (P32-4): the analysis of one incident,
 * its actions, one action's changes and effectiveness check, and the list of actions (mine / all,
 * overdue). Grouped with the incidents in the OpenAPI document.
 */
export const capaApi = defineApi(
  { tags: ['incidents'] },
  {
    rootCause: { method: 'GET', path: '/api/incidents/:id/root-cause', params: IncidentIdParam, response: RootCauseDto },
    saveRootCause: { method: 'PUT', path: '/api/incidents/:id/root-cause', params: IncidentIdParam, body: SaveRootCause, response: RootCauseDto },
    actionsOf: { method: 'GET', path: '/api/incidents/:id/actions', params: IncidentIdParam, response: ActionList },
    create: { method: 'POST', path: '/api/incidents/:id/actions', params: IncidentIdParam, body: CreateAction, response: ActionDto, status: 201 },
    list: { method: 'GET', path: '/api/incident-actions', query: ListActionsQuery, response: ActionPage },
    /** `:id` is the action's. */
    update: { method: 'PATCH', path: '/api/incident-actions/:id', params: IncidentIdParam, body: UpdateAction, response: ActionDto },
    check: { method: 'POST', path: '/api/incident-actions/:id/check', params: IncidentIdParam, body: CheckAction, response: ActionDto },
  },
);
