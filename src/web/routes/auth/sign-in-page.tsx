import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession, useSignIn } from '../../api/session.js';
import { AuthCard } from '../../components/auth-card.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';

/** Only same-site paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const next = safeNext(params.get('next'));

  if (session.isPending) return <Loading minHeight="100vh" />;
  if (session.data?.authenticated) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const m = {
      email: email.trim() ? undefined : t('validation.required'),
      password: password ? undefined : t('validation.required'),
    };
    setMissing(m);
    if (m.email || m.password) return;
    signIn.mutate(
      { email: email.trim().toLowerCase(), password },
      {
        onSuccess: () => navigate(next, { replace: true }),
        onError: () => setPassword(''),
      },
    );
  };

  return (
    <AuthCard heading={t('auth.signInTitle')}>
      <form onSubmit={onSubmit} noValidate aria-label={t('auth.signInTitle')}>
        <Stack gap="md">
          {session.data?.setupRequired && (
            <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('auth.setupPendingTitle')}>
              {t('auth.setupPendingBody')}
            </Alert>
          )}
          <ErrorAlert error={signIn.error} title={t('auth.signInFailedTitle')} />
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={missing.email}
            required
            autoFocus
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={missing.password}
            required
            visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
          />
          <Button type="submit" fullWidth loading={signIn.isPending} mt="xs">
            {t('auth.signIn')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
