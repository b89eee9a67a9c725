/** What the incidents module offers other modules. */
export { openCredentialLossIncident } from './incidents.open.js';
export { countIncidentsToTriage } from './incidents.read.js';
