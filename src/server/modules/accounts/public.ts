/**
 * What the accounts module offers other modules: account transitions run in the caller's
 * transaction (activate, suspend, offboard), the person row helpers they work on, and the counts
 * behind the console and the credential-loss queue.
 */
export { AccountsService, AccountStateError, activateWithPassword, offboardAccount, suspendAccount } from './lifecycle.js';
export { lockPerson, namesOf, type PersonRow } from './account.repo.js';
export type { Names } from './mail.js';
export { countAccounts, filterCondition } from './account-list.js';
export { countCredentialLosses } from './lost.service.js';
