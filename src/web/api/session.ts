import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi } from '../../shared/api/identity.js';
import type { CompleteSetup, SessionDto, SignIn } from '../../shared/auth.js';
import type { Action } from '../../shared/permissions.js';
import { call, setCsrfToken } from './client.js';

export const SESSION_KEY = ['session'] as const;

/** Fetches the session and keeps the CSRF token current. */
export async function fetchSession(): Promise<SessionDto> {
  const session = await call(authApi.session);
  setCsrfToken(session.csrfToken);
  return session;
}

/** The current session (who is signed in, what they may do). */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, refetchOnWindowFocus: true });
}

/** Whether the signed-in person may perform an action (for showing menus and buttons). */
export function useCan(): (action: Action) => boolean {
  const { data } = useSession();
  const permissions = data?.permissions ?? [];
  return (action) => permissions.includes(action);
}

function useSessionMutation<V>(send: (vars: V) => Promise<SessionDto>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      // a different person may now be signed in: drop everything cached for the previous one
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      qc.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useSignIn() {
  return useSessionMutation((body: SignIn) => call(authApi.signIn, { body }));
}

export function useCompleteSetup() {
  return useSessionMutation((body: CompleteSetup) => call(authApi.setup, { body }));
}

/**
 * Signs out, then reloads into the sign-in page: a full page load drops every cached record of
 * the previous person from memory, not only the session.
 */
export function useSignOut() {
  return useMutation({
    mutationFn: () => call(authApi.signOut),
    onSettled: () => window.location.assign('/sign-in'),
  });
}
