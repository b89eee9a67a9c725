import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError, onUnauthenticated } from './api/client.js';
import { SESSION_KEY } from './api/session.js';
import { initI18n } from './i18n/index.js';
import { notify } from './lib/notify.js';
import { router } from './router.js';
import { cssVariablesResolver, theme } from './theme.js';

function retry(failureCount: number, error: unknown): boolean {
  // client errors will not fix themselves; transient ones get two more tries
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache(),
    mutationCache: new MutationCache(),
    defaultOptions: {
      queries: { retry, refetchOnWindowFocus: false, staleTime: 10_000 },
      mutations: { retry: false },
    },
  });
}

/** Providers (theme, i18n, data, notifications) around the router. */
export function App() {
  const i18n = initI18n();
  const [queryClient] = useState(createQueryClient);

  useEffect(() => {
    // a 401 anywhere means the session ended: refetch it and the session gate sends the person to sign-in
    onUnauthenticated((error) => {
      const wasSignedIn = queryClient.getQueryData<{ authenticated?: boolean }>(SESSION_KEY)?.authenticated;
      if (wasSignedIn) {
        notify(i18n.t(`errors.${error.code}`), { id: 'session-ended', color: 'yellow', title: i18n.t('session.endedTitle') });
      }
      void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    });
    return () => onUnauthenticated(null);
  }, [queryClient, i18n]);

  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        <Notifications position="bottom-right" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
