/** What the groups module offers other modules. */
export { proposeGroupRotation } from './rotation.js';
