/**
 * What the incidents module offers other modules: opening the incident of a lost credential, the
 * home page's count, and the hooks through which breach reporting and CAPA take part in an
 * incident's workflow without incidents importing them.
 */
export { openCredentialLossIncident } from './incidents.open.js';
export { countIncidentsToTriage } from './incidents.read.js';
export type { CloseBlockers, IncidentChangeNote, IncidentHooks } from './incident-hooks.js';
