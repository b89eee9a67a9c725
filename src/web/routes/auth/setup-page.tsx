import { Alert, Button, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CompleteSetup } from '../../../shared/auth.js';
import { useCompleteSetup, useSession } from '../../api/session.js';
import { AuthCard } from '../../components/auth-card.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { PasswordStrength } from '../security/password-strength.js';
import { usePasswordError } from '../security/change-password-form.js';
import { Loading } from '../../components/loading.js';
import { OptionalLabel } from '../../components/optional-label.js';
import { focusFirstInvalid } from '../../lib/focus-invalid.js';
import { serverFieldErrors, zodFieldErrors, type FieldErrors } from '../../lib/form-errors.js';

const FIELDS = ['familyNameJa', 'givenNameJa', 'familyNameEn', 'givenNameEn', 'email', 'password'] as const;
type Field = (typeof FIELDS)[number];

/** First run: the first administrator creates their account with the token the server printed. */
export function SetupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const session = useSession();
  const setup = useCompleteSetup();
  const [values, setValues] = useState<Record<Field | 'confirm', string>>({
    familyNameJa: '',
    givenNameJa: '',
    familyNameEn: '',
    givenNameEn: '',
    email: '',
    password: '',
    confirm: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const passwordError = usePasswordError();
  const formRef = useRef<HTMLFormElement>(null);

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

  const set = (field: Field | 'confirm') => (e: ChangeEvent<HTMLInputElement>) => {
    const v = e.currentTarget.value;
    setValues((prev) => ({ ...prev, [field]: v }));
    setErrors((prev) => (prev[field] ? { ...prev, [field]: '' } : prev));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const { confirm, ...body } = values;
    const parsed = CompleteSetup.safeParse({ ...body, token });
    const next: FieldErrors = parsed.success ? {} : zodFieldErrors(parsed.error, t);
    if (next.password && values.password.length > 0 && values.password.length < 12) next.password = t('validation.passwordLength');
    if (!next.password && confirm !== values.password) next.confirm = t('validation.passwordMismatch');
    setErrors(next);
    if (!parsed.success || next.confirm) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setup.mutate(parsed.data, {
      onSuccess: () => navigate('/', { replace: true }),
      onError: (err) => {
        const weak = passwordError(err, 12);
        setErrors(weak ? { password: weak } : (serverFieldErrors(err, t, FIELDS) ?? {}));
        focusFirstInvalid(formRef.current);
      },
    });
  };

  const fieldError = (f: string) => errors[f];

  return (
    <AuthCard heading={t('setup.title')} width={560}>
      <form onSubmit={onSubmit} noValidate aria-label={t('setup.title')} ref={formRef}>
        <Stack gap="md">
          <Text size="sm">{t('setup.intro')}</Text>
          {!token && (
            <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('setup.noTokenTitle')}>
              {t('setup.noTokenBody')}
            </Alert>
          )}
          {errors.token && <Alert color="red">{t('errors.SETUP_TOKEN_INVALID')}</Alert>}
          {!errors.password && <ErrorAlert error={setup.error} />}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <TextInput label={t('person.familyNameJa')} value={values.familyNameJa} onChange={set('familyNameJa')} error={fieldError('familyNameJa')} required autoComplete="family-name" lang="ja" />
            <TextInput label={<OptionalLabel>{t('person.givenNameJa')}</OptionalLabel>} value={values.givenNameJa} onChange={set('givenNameJa')} error={fieldError('givenNameJa')} autoComplete="given-name" lang="ja" />
            <TextInput label={t('person.familyNameEn')} value={values.familyNameEn} onChange={set('familyNameEn')} error={fieldError('familyNameEn')} required lang="en" />
            <TextInput label={<OptionalLabel>{t('person.givenNameEn')}</OptionalLabel>} value={values.givenNameEn} onChange={set('givenNameEn')} error={fieldError('givenNameEn')} lang="en" />
          </SimpleGrid>
          <TextInput label={t('auth.email')} type="email" value={values.email} onChange={set('email')} error={fieldError('email')} required autoComplete="email" />
          <PasswordInput
            label={t('auth.password')}
            description={t('setup.passwordHint')}
            value={values.password}
            onChange={set('password')}
            error={fieldError('password')}
            required
            autoComplete="new-password"
            visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
          />
          <PasswordStrength password={values.password} userInputs={[values.familyNameEn, values.givenNameEn, values.familyNameJa, values.givenNameJa, values.email].filter(Boolean)} />
          <PasswordInput
            label={t('setup.confirmPassword')}
            value={values.confirm}
            onChange={set('confirm')}
            error={fieldError('confirm')}
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
