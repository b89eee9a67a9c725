/**
 * What corrective and preventive actions offer other modules (its entry for them; index.ts is its
 * manifest): the actions that keep an incident open, and the home page's counts.
 */
export { actionsBlockingClose } from './capa.guard.js';
export { countMyOpenActions, countOverdueActions } from './capa.jobs.js';
