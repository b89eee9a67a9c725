import { Alert, Anchor, Button, Group, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { SignInForm } from '../../../shared/auth.js';
import { useMfaStep } from '../../api/security.js';
import { useSession, useSignIn, useSignOut } from '../../api/session.js';
import { CodeInput } from '../security/mfa-enroll.js';
import { AuthCard } from '../../components/auth-card.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { useSchemaForm } from '../../lib/form.js';

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
  const form = useSchemaForm(SignInForm, { email: '', password: '' });
  const next = safeNext(params.get('next'));

  if (session.isPending) return <Loading minHeight="100vh" />;
  if (session.data?.authenticated && session.data.stage === 'mfa') return <CodeStep next={next} />;
  if (session.data?.authenticated) return <Navigate to={next} replace />;

  const onSubmit = form.submit((values) =>
    signIn.mutate(values, {
      // With an authenticator the session is now in the MFA stage and this page shows the code step.
      onSuccess: (s) => (s.stage === 'mfa' ? undefined : navigate(next, { replace: true })),
      onError: () => form.setFieldValue('password', ''),
    }),
  );

  return (
    <AuthCard heading={t('auth.signInTitle')}>
      <form ref={form.ref} onSubmit={onSubmit} noValidate aria-label={t('auth.signInTitle')}>
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
            {...form.getInputProps('email')}
            required
            autoFocus
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            {...form.getInputProps('password')}
            required
            visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
          />
          <Button type="submit" fullWidth loading={signIn.isPending} mt="xs">
            {t('auth.signIn')}
          </Button>
          <Group justify="space-between" gap="xs">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('signInHelp.forgotPassword')}
            </Anchor>
            <Anchor component={Link} to="/lost-credentials" size="sm">
              {t('signInHelp.lostCredentials')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </AuthCard>
  );
}

/** The second step: a code from the authenticator app, or one of the recovery codes. */
function CodeStep({ next }: { next: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const step = useMfaStep();
  const signOut = useSignOut();
  const [mode, setMode] = useState<'code' | 'recovery'>('code');
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState('');

  const submit = (body: { code: string } | { recoveryCode: string }) =>
    step.mutate(body, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: () => {
        setCode('');
        setRecovery('');
      },
    });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'code' && code.length === 6) submit({ code });
    if (mode === 'recovery' && recovery.trim()) submit({ recoveryCode: recovery.trim() });
  };

  return (
    <AuthCard heading={t('signInHelp.codeTitle')}>
      <form onSubmit={onSubmit} noValidate aria-label={t('signInHelp.codeTitle')}>
        <Stack gap="md">
          <SegmentedControl
            value={mode}
            onChange={(v) => setMode(v === 'recovery' ? 'recovery' : 'code')}
            data={[
              { value: 'code', label: t('signInHelp.useApp') },
              { value: 'recovery', label: t('signInHelp.useRecovery') },
            ]}
            fullWidth
          />
          <ErrorAlert error={step.error} title={t('auth.signInFailedTitle')} />
          {mode === 'code' ? (
            <>
              <Text size="sm">{t('signInHelp.codeExplain')}</Text>
              <CodeInput value={code} onChange={setCode} label={t('security.mfa.code')} />
            </>
          ) : (
            <>
              <Text size="sm">{t('signInHelp.recoveryExplain')}</Text>
              <TextInput label={t('signInHelp.recoveryCode')} autoComplete="off" value={recovery} onChange={(e) => setRecovery(e.currentTarget.value)} autoFocus />
            </>
          )}
          <Button type="submit" fullWidth loading={step.isPending} disabled={mode === 'code' ? code.length !== 6 : !recovery.trim()}>
            {t('signInHelp.verify')}
          </Button>
          <Group justify="space-between" gap="xs">
            <Anchor component={Link} to="/lost-credentials" size="sm">
              {t('signInHelp.lostCredentials')}
            </Anchor>
            <Anchor component="button" type="button" size="sm" onClick={() => signOut.mutate()}>
              {t('signInHelp.startOver')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </AuthCard>
  );
}
