/**
 * What breach reporting offers other modules (its entry for them; index.ts is its manifest): the
 * home page's count of clocks due soon. Its part in the incident workflow (close blockers, moving
 * the clocks when the awareness date is corrected) goes through the manifest's incidentHooks.
 */
export { countClocksDueSoon } from './breach.read.js';
