import { Alert, Button, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { SetupForm } from '../../../shared/auth.js';
import { useCompleteSetup, useSession } from '../../api/session.js';
import { AuthCard } from '../../components/auth-card.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { PasswordStrength } from '../security/password-strength.js';
import { usePasswordError } from '../security/change-password-form.js';
import { Loading } from '../../components/loading.js';
import { OptionalLabel } from '../../components/optional-label.js';
import { focusFirstInvalid } from '../../lib/focus-invalid.js';
import { useSchemaForm } from '../../lib/form.js';

/** First run: the first administrator creates their account with the token the server printed. */
export function SetupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const session = useSession();
  const setup = useCompleteSetup();
  const form = useSchemaForm(SetupForm, { token, familyNameJa: '', givenNameJa: '', familyNameEn: '', givenNameEn: '', email: '', password: '', confirm: '' });
  const passwordError = usePasswordError();

  if (session.isPending) return <Loading minHeight="100vh" />;

  if (session.data && !session.data.setupRequired) {
    return (
      <AuthCard heading={t('setup.doneTitle')}>
        <Stack gap="md">
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />}>
            {t('setup.doneBody')}
          </Alert>
          <Button component={Link} to={session.data.authenticated ? '/' : '/sign-in'} fullWidth>
            {session.data.authenticated ? t('setup.goHome') : t('setup.goSignIn')}
          </Button>
        </Stack>
      </AuthCard>
    );
  }

  const onSubmit = form.submit(({ confirm: _, ...body }) =>
    setup.mutate(body, {
      onSuccess: () => navigate('/', { replace: true }),
      onError: (err) => {
        // A refused password says why, on the field; other refusals go on their fields or in the alert.
        const weak = passwordError(err, 12);
        if (weak) {
          form.setErrors({ password: weak });
          focusFirstInvalid(form.ref.current);
        } else if (!form.showServerError(err)) {
          form.clearErrors();
        }
      },
    }),
  );
  const values = form.values;

  return (
    <AuthCard heading={t('setup.title')} width={560}>
      <form onSubmit={onSubmit} noValidate aria-label={t('setup.title')} ref={form.ref}>
        <Stack gap="md">
          <Text size="sm">{t('setup.intro')}</Text>
          {!token && (
            <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('setup.noTokenTitle')}>
              {t('setup.noTokenBody')}
            </Alert>
          )}
          {form.errors.token && <Alert color="red">{t('errors.SETUP_TOKEN_INVALID')}</Alert>}
          {!form.errors.password && <ErrorAlert error={setup.error} />}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <TextInput label={t('person.familyNameJa')} {...form.getInputProps('familyNameJa')} required autoComplete="family-name" lang="ja" />
            <TextInput label={<OptionalLabel>{t('person.givenNameJa')}</OptionalLabel>} {...form.getInputProps('givenNameJa')} autoComplete="given-name" lang="ja" />
            <TextInput label={t('person.familyNameEn')} {...form.getInputProps('familyNameEn')} required lang="en" />
            <TextInput label={<OptionalLabel>{t('person.givenNameEn')}</OptionalLabel>} {...form.getInputProps('givenNameEn')} lang="en" />
          </SimpleGrid>
          <TextInput label={t('auth.email')} type="email" {...form.getInputProps('email')} required autoComplete="email" />
          <PasswordInput
            label={t('auth.password')}
            description={t('setup.passwordHint')}
            {...form.getInputProps('password')}
            required
            autoComplete="new-password"
            visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
          />
          <PasswordStrength password={values.password} userInputs={[values.familyNameEn, values.givenNameEn, values.familyNameJa, values.givenNameJa, values.email].filter((v): v is string => !!v)} />
          <PasswordInput
            label={t('setup.confirmPassword')}
            {...form.getInputProps('confirm')}
            required
            autoComplete="new-password"
            visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
          />
          <Button type="submit" fullWidth loading={setup.isPending} disabled={!token} mt="xs">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
