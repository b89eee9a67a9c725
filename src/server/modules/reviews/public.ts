/**
 * What access reviews offer other modules (its entry for them; index.ts is its manifest): the home
 * page's counts and the names of the roles reviewed.
 */
export { countOverdueCampaigns, countReviewTasks } from './reviews.read.js';
export { ROLE_LABEL } from './reviews.words.js';
