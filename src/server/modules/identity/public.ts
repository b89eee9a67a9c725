/**
 * What the identity module offers other modules: sign-in and session answers, setting a password
 * under the policy, removing an authenticator, and counting accounts that look shared.
 */
export { AuthService, type RequestInfo, type SignedIn } from './auth.service.js';
export { resetMfa, setPassword } from './credentials.js';
export { countSharingSignals } from './sharing-signals.js';
