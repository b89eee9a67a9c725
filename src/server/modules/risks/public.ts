/** What risk management offers other modules (its entry for them; index.ts is its manifest). */
export { loadMatrix } from './risk-matrix.js';
export { activePersonExists, countRisksToReview } from './risks.read.js';
export { RisksService } from './risks.service.js';
