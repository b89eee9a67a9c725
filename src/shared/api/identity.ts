import { CompleteSetup, SessionDto, SignIn } from '../auth.js';
import { ChangePassword, EndedCount, MfaEnrollment, MfaStep, PasswordChanged, RecoveryCodes, SecurityOverview, SessionIdParam, SessionList, TotpCode } from '../identity.js';
import { SharingSignalList, SharingSignalsQuery } from '../sharing.js';
import { z } from 'zod';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/**
 * A 204 answer. Declared as `z.null()` rather than `null`: the zod serializer compiles only zod
 * schemas, so the route keeps the same 204 schema it had before the contract.
 */
const NoContent = z.null();

/** The session, sign-in (password and second factor), sign-out and first-run setup. */
export const authApi = defineApi(
  { tags: ['auth'] },
  {
    session: { method: 'GET', path: '/api/session', response: SessionDto },
    signIn: { method: 'POST', path: '/api/auth/sign-in', body: SignIn, response: SessionDto },
    mfa: { method: 'POST', path: '/api/auth/mfa', body: MfaStep, response: SessionDto },
    signOut: { method: 'POST', path: '/api/auth/sign-out', response: NoContent, status: 204 },
    setup: { method: 'POST', path: '/api/setup', body: CompleteSetup, response: SessionDto },
  },
);

/** One's own security settings and sessions; administrators ending sessions; accounts that look shared. */
export const securityApi = defineApi(
  { tags: ['security'] },
  {
    overview: { method: 'GET', path: '/api/me/security', response: SecurityOverview },
    changePassword: { method: 'POST', path: '/api/me/password', body: ChangePassword, response: PasswordChanged },
    enrollMfa: { method: 'POST', path: '/api/me/mfa/enroll', response: MfaEnrollment },
    confirmMfa: { method: 'POST', path: '/api/me/mfa/confirm', body: TotpCode, response: RecoveryCodes },
    regenerateRecoveryCodes: { method: 'POST', path: '/api/me/mfa/recovery-codes', body: TotpCode, response: RecoveryCodes },
    replaceAuthenticator: { method: 'POST', path: '/api/me/mfa/replace', body: TotpCode, response: NoContent, status: 204 },
    mySessions: { method: 'GET', path: '/api/me/sessions', response: SessionList },
    endSession: { method: 'POST', path: '/api/me/sessions/:id/end', params: SessionIdParam, response: NoContent, status: 204 },
    endOtherSessions: { method: 'POST', path: '/api/me/sessions/end-others', response: EndedCount },
    endSessionsOf: { method: 'POST', path: '/api/people/:id/sessions/end', params: IdParam, response: EndedCount },
    endAllSessions: { method: 'POST', path: '/api/sessions/end-all', response: EndedCount },
    sharingSignals: { method: 'GET', path: '/api/accounts/sharing-signals', query: SharingSignalsQuery, response: SharingSignalList },
  },
);
