/**
 * What access reviews offer other modules (its entry for them; index.ts is its manifest): the
 * names of the roles reviewed. Its home-page counts go through the manifest's `tasks`.
 */
export { ROLE_LABEL } from './reviews.words.js';
