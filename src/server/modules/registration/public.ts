/** What the registration module offers other modules: counting pending registration changes. */
export { countPendingChanges, mineCondition } from './registration.service.js';
