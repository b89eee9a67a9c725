import { Button, Center, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { Action } from '../../shared/permissions.js';
import { useCan, useSession } from '../api/session.js';
import { ErrorAlert } from './error-alert.js';
import { Loading } from './loading.js';
import { ForbiddenPage } from '../routes/errors/forbidden-page.js';

/** Renders its children only for a signed-in person; otherwise sends them to sign-in and back. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { data, error, isPending, refetch } = useSession();
  const location = useLocation();
  if (isPending) return <Loading minHeight="100vh" />;
  if (error) {
    return (
      <Center mih="100vh" p="md" component="main">
        <Stack maw={480} w="100%">
          <ErrorAlert error={error} />
          <Button onClick={() => void refetch()}>{t('common.retry')}</Button>
        </Stack>
      </Center>
    );
  }
  if (!data.authenticated) {
    const next = location.pathname + location.search;
    const to = next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
    return <Navigate to={to} replace />;
  }
  // Password given but not the second factor: back to the sign-in page's code step.
  if (data.stage === 'mfa') return <Navigate to="/sign-in" replace />;
  // A new password, MFA enrollment or the pledge comes before anything else; a required course
  // (the last step, P32-6) leaves the course player open.
  const trainingOnly = data.requirements.length > 0 && data.requirements.every((r) => r === 'training');
  if (trainingOnly && location.pathname.startsWith('/training/assignments/')) return <>{children}</>;
  if (data.requirements.length > 0) return <Navigate to="/onboarding" replace />;
  return <>{children}</>;
}

/** Shows a "not allowed" page instead of a screen the person has no permission for. */
export function RequirePermission({ action, children }: { action: Action; children: ReactNode }) {
  const can = useCan();
  return can(action) ? <>{children}</> : <ForbiddenPage />;
}
