/** What training offers other modules (its entry for them; index.ts is its manifest). */
export { countCoursesToDo } from './assignments.js';
