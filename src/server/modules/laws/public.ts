/** What the laws register offers other modules (its entry for them; index.ts is its manifest). */
export { seedLaws } from './laws.seed.js';
