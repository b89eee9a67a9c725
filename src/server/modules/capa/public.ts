/**
 * What corrective and preventive actions offer other modules (its entry for them; index.ts is its
 * manifest): the home page's counts. The actions that keep an incident open are reported through
 * the manifest's incidentHooks.
 */
export { countMyOpenActions, countOverdueActions } from './capa.jobs.js';
