import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi, securityApi as s } from '../../shared/api/identity.js';
import type { ChangePassword, MfaStep } from '../../shared/identity.js';
import { call, setCsrfToken } from './client.js';
import { SESSION_KEY } from './session.js';

const SECURITY_KEY = ['me', 'security'] as const;
const SESSIONS_KEY = ['me', 'sessions'] as const;

/** Password age, MFA status and how many recovery codes are left. */
export function useSecurity() {
  return useQuery({ queryKey: SECURITY_KEY, queryFn: () => call(s.overview) });
}

/** The second sign-in step; on success the session (a new one) replaces the MFA-stage one. */
export function useMfaStep() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: MfaStep) => call(authApi.mfa, { body }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      qc.setQueryData(SESSION_KEY, session);
    },
  });
}

/** Refetches the session (requirements) and the security overview after a step of onboarding or a change. */
function useRefresh() {
  const qc = useQueryClient();
  return async () => {
    await Promise.all([qc.invalidateQueries({ queryKey: SESSION_KEY }), qc.invalidateQueries({ queryKey: ['me'] })]);
  };
}

export function useChangePassword() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (body: ChangePassword) => call(s.changePassword, { body }), onSuccess: refresh });
}

export function useEnrollMfa() {
  return useMutation({ mutationFn: () => call(s.enrollMfa) });
}

/** Confirms the authenticator with a code; returns the recovery codes (shown once). The session is refreshed by the caller when the person has saved them. */
export function useConfirmMfa() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => call(s.confirmMfa, { body: { code } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SECURITY_KEY }),
  });
}

/** Removes one's authenticator after a code from it proves possession; enrollment of the new one follows. */
export function useReplaceAuthenticator() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (code: string) => call(s.replaceAuthenticator, { body: { code } }), onSuccess: refresh });
}

export function useRegenerateRecoveryCodes() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => call(s.regenerateRecoveryCodes, { body: { code } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: SECURITY_KEY }),
  });
}

export function useMySessions() {
  return useQuery({ queryKey: SESSIONS_KEY, queryFn: () => call(s.mySessions) });
}

export function useEndSession() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (id: string) => call(s.endSession, { params: { id } }), onSuccess: () => qc.invalidateQueries({ queryKey: SESSIONS_KEY }) });
}

export function useEndOtherSessions() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => call(s.endOtherSessions), onSuccess: () => qc.invalidateQueries({ queryKey: SESSIONS_KEY }) });
}

/** Refetches the session: after each onboarding step the remaining requirements change. */
export function useRefreshSession() {
  return useRefresh();
}

/** An administrator ends every session of one person (P32-2.1.3: the data center manages accounts). */
export function useEndSessionsOf(personId: string) {
  return useMutation({ mutationFn: () => call(s.endSessionsOf, { params: { id: personId } }) });
}

/** The manager or an administrator ends everyone's sessions but their own (e.g. after a breach). */
export function useEndAllSessions() {
  return useMutation({ mutationFn: () => call(s.endAllSessions) });
}
