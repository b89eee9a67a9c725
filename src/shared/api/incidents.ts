import { z } from 'zod';
import {
  AddIncidentEvent,
  AddIncidentLink,
  AddInvestigator,
  ChangeIncidentStatus,
  IncidentAttachmentParam,
  IncidentDashboardDto,
  IncidentDto,
  IncidentInvestigatorParam,
  IncidentLinkParam,
  IncidentPage,
  IncidentReceipt,
  ListIncidentsQuery,
  ReportIncident,
  UpdateIncident,
} from '../incidents.js';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/** A 204 answer, declared as `z.null()` for the zod serializer (see accounts.ts). */
const NoContent = z.null();

/**
 * Incidents (P32-2.1.1, P32-4): reporting, the list and dashboard, the workflow, timeline, links,
 * investigators and attachments.
 */
export const incidentsApi = defineApi(
  { tags: ['incidents'] },
  {
    report: { method: 'POST', path: '/api/incidents', body: ReportIncident, response: IncidentReceipt, status: 201 },
    list: { method: 'GET', path: '/api/incidents', query: ListIncidentsQuery, response: IncidentPage },
    dashboard: { method: 'GET', path: '/api/incidents/dashboard', response: IncidentDashboardDto },
    get: { method: 'GET', path: '/api/incidents/:id', params: IdParam, response: IncidentDto },
    update: { method: 'PATCH', path: '/api/incidents/:id', params: IdParam, body: UpdateIncident, response: IncidentDto },
    changeStatus: { method: 'POST', path: '/api/incidents/:id/status', params: IdParam, body: ChangeIncidentStatus, response: IncidentDto },
    addEvent: { method: 'POST', path: '/api/incidents/:id/events', params: IdParam, body: AddIncidentEvent, response: IncidentDto, status: 201 },
    addLink: { method: 'POST', path: '/api/incidents/:id/links', params: IdParam, body: AddIncidentLink, response: IncidentDto, status: 201 },
    removeLink: { method: 'DELETE', path: '/api/incidents/:id/links/:kind/:targetId', params: IncidentLinkParam, response: NoContent, status: 204 },
    addInvestigator: { method: 'POST', path: '/api/incidents/:id/investigators', params: IdParam, body: AddInvestigator, response: IncidentDto, status: 201 },
    removeInvestigator: { method: 'DELETE', path: '/api/incidents/:id/investigators/:personId', params: IncidentInvestigatorParam, response: NoContent, status: 204 },
    /** multipart/form-data: the file as the `file` part (INCIDENT_ATTACHMENT_MAX_BYTES at most). */
    addAttachment: { method: 'POST', path: '/api/incidents/:id/attachments', params: IdParam, consumes: ['multipart/form-data'], response: IncidentDto, status: 201 },
    downloadAttachment: { method: 'GET', path: '/api/incidents/:id/attachments/:attachmentId', params: IncidentAttachmentParam, response: 'file', produces: ['application/octet-stream'] },
    removeAttachment: { method: 'DELETE', path: '/api/incidents/:id/attachments/:attachmentId', params: IncidentAttachmentParam, response: NoContent, status: 204 },
  },
);
