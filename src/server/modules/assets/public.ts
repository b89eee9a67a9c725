/** What the asset register offers other modules (its entry for them; index.ts is its manifest). */
export { visibleAssetFilter } from './assets.service.js';
