/** What the control catalogue offers other modules (its entry for them; index.ts is its manifest). */
export { tokyo } from './soa.words.js';
export { countControlsWithExpiredEvidence } from './controls.jobs.js';
