import { Alert, Anchor, Button, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import type { GetInputPropsReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AcceptInvitationForm, ReportLostPublic, RequestPasswordReset, ResetPasswordForm, type InvitationInfoDto, type LostItem } from '../../../shared/accounts.js';
import { useAcceptInvitation, useConfirmLost, useInvitation, useReportLostPublic, useRequestPasswordReset, useResetPassword } from '../../api/accounts.js';
import { ApiError } from '../../api/client.js';
import { AuthCard } from '../../components/auth-card.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { formatTokyo, personName } from '../../lib/format.js';
import { useSchemaForm } from '../../lib/form.js';
import { useLang } from '../../lib/use-lang.js';
import { LostChoice, passwordProblem } from './account-ui.js';

const toggle = (t: (k: string) => string) => ({ 'aria-label': t('auth.toggleVisibility') });
const linkInvalid = (e: unknown) => e instanceof ApiError && e.code === 'LINK_INVALID';

function BackToSignIn() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/sign-in" size="sm" ta="center">
      {t('accounts.public.backToSignIn')}
    </Anchor>
  );
}

function InvalidLink() {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('accounts.public.linkInvalidTitle')}>
        {t('accounts.public.linkInvalidBody')}
      </Alert>
      <BackToSignIn />
    </Stack>
  );
}

/** A new password typed twice, with the policy's refusal shown on the field. */
function NewPassword({ password, confirm, problem, min }: { password: GetInputPropsReturnType; confirm: GetInputPropsReturnType; problem: string | null; min: number }) {
  const { t } = useTranslation();
  return (
    <>
      <PasswordInput
        label={t('accounts.public.newPassword')}
        description={t('accounts.public.passwordHint', { min })}
        {...password}
        error={password.error ?? problem}
        required
        autoComplete="new-password"
        visibilityToggleButtonProps={toggle(t)}
      />
      <PasswordInput
        label={t('accounts.public.confirmPassword')}
        {...confirm}
        error={confirm.value && confirm.value !== password.value ? t('validation.passwordMismatch') : confirm.error}
        required
        autoComplete="new-password"
        visibilityToggleButtonProps={toggle(t)}
      />
    </>
  );
}

/** /invite?token=…: who the invitation is for, then a password and the email language. */
export function InvitePage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const info = useInvitation(token);
  if (!token || linkInvalid(info.error)) return <AuthCard heading={t('accounts.invite.title')}><InvalidLink /></AuthCard>;
  if (info.error) return <AuthCard heading={t('accounts.invite.title')}><ErrorAlert error={info.error} /></AuthCard>;
  if (!info.data) return <Loading minHeight="100vh" />;
  return <InviteForm token={token} invitation={info.data} />;
}

function InviteForm({ token, invitation: d }: { token: string; invitation: InvitationInfoDto }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const lang = useLang();
  const form = useSchemaForm(AcceptInvitationForm, { password: '', confirm: '', language: d.language });
  const { password, confirm } = form.values;
  const onSubmit = form.submit(({ confirm: _, ...values }) =>
    accept.mutate(
      { ...values, token },
      {
        onSuccess: () => {
          void i18n.changeLanguage(values.language);
          navigate('/onboarding', { replace: true });
        },
      },
    ),
  );
  const problem = passwordProblem(accept.error, t);
  return (
    <AuthCard heading={t('accounts.invite.title')} width={500}>
      <form ref={form.ref} onSubmit={onSubmit} noValidate aria-label={t('accounts.invite.title')}>
        <Stack gap="md">
          <Text size="sm">{t('accounts.invite.intro', { name: personName(d, lang), email: d.email })}</Text>
          <Text size="xs" c="dimmed">
            {t('accounts.invite.expires', { at: formatTokyo(d.expiresAt) })}
          </Text>
          {linkInvalid(accept.error) ? <InvalidLink /> : !problem && <ErrorAlert error={accept.error} />}
          <NewPassword password={form.getInputProps('password')} confirm={form.getInputProps('confirm')} problem={problem} min={d.minPasswordLength} />
          <div>
            <Text size="sm" fw={500} mb={4} id="invite-language">
              {t('accounts.invite.language')}
            </Text>
            <SegmentedControl
              aria-labelledby="invite-language"
              {...form.getInputProps('language')}
              data={[
                { value: 'ja', label: t('language.ja') },
                { value: 'en', label: t('language.en') },
              ]}
            />
          </div>
          <Button type="submit" fullWidth loading={accept.isPending} disabled={!password || password !== confirm}>
            {t('accounts.invite.submit')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('accounts.invite.next')}
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}

/** /lost-credentials: report from the sign-in page; confirmed by the link emailed to the account's address. */
export function LostCredentialsPage() {
  const { t } = useTranslation();
  const report = useReportLostPublic();
  const form = useSchemaForm(ReportLostPublic, { email: '', lost: [] as LostItem[] });
  return (
    <AuthCard heading={t('accounts.lost.pageTitle')} width={500}>
      {report.isSuccess ? (
        <Stack gap="md">
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} role="status">
            {t('accounts.lost.sent')}
          </Alert>
          <BackToSignIn />
        </Stack>
      ) : (
        <form ref={form.ref} onSubmit={form.submit((values) => report.mutate(values))} noValidate aria-label={t('accounts.lost.pageTitle')}>
          <Stack gap="md">
            <Text size="sm">{t('accounts.lost.pageIntro')}</Text>
            <ErrorAlert error={report.error} />
            <TextInput label={t('auth.email')} type="email" {...form.getInputProps('email')} required autoComplete="email" />
            <LostChoice value={form.values.lost} onChange={(v) => form.setFieldValue('lost', v)} error={form.errors.lost ? t('accounts.lost.chooseOne') : undefined} />
            {form.values.lost.includes('authenticator') && (
              <Alert color="yellow" variant="light">
                {t('accounts.lost.authenticatorNote')}
              </Alert>
            )}
            <Button type="submit" fullWidth color="red" loading={report.isPending}>
              {t('accounts.lost.submit')}
            </Button>
            <BackToSignIn />
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}

/** /lost-credentials/confirm?token=…: the person confirms the report; it then takes effect. */
export function LostConfirmPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useConfirmLost();
  return (
    <AuthCard heading={t('accounts.lost.confirmPageTitle')} width={500}>
      {!token || linkInvalid(confirm.error) ? (
        <InvalidLink />
      ) : confirm.isSuccess ? (
        <Stack gap="md">
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} role="status">
            {t('accounts.lost.confirmed')}
          </Alert>
          <BackToSignIn />
        </Stack>
      ) : (
        <Stack gap="md">
          <Text size="sm">{t('accounts.lost.confirmPageBody')}</Text>
          <ErrorAlert error={confirm.error} />
          <Button color="red" fullWidth loading={confirm.isPending} onClick={() => confirm.mutate(token)}>
            {t('accounts.lost.confirmButton')}
          </Button>
        </Stack>
      )}
    </AuthCard>
  );
}

/** /forgot-password: an email with a reset link, if the address has an account (the same answer either way). */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const form = useSchemaForm(RequestPasswordReset, { email: '' });
  return (
    <AuthCard heading={t('accounts.forgot.title')}>
      {request.isSuccess ? (
        <Stack gap="md">
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} role="status">
            {t('accounts.forgot.sent')}
          </Alert>
          <BackToSignIn />
        </Stack>
      ) : (
        <form ref={form.ref} onSubmit={form.submit((values) => request.mutate(values.email))} noValidate aria-label={t('accounts.forgot.title')}>
          <Stack gap="md">
            <Text size="sm">{t('accounts.forgot.intro')}</Text>
            <ErrorAlert error={request.error} />
            <TextInput label={t('auth.email')} type="email" {...form.getInputProps('email')} required autoComplete="email" />
            <Button type="submit" fullWidth loading={request.isPending}>
              {t('accounts.forgot.submit')}
            </Button>
            <Anchor component={Link} to="/lost-credentials" size="sm" ta="center">
              {t('accounts.lost.link')}
            </Anchor>
            <BackToSignIn />
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}

/** /reset-password?token=…: a new password. Signing in afterwards still asks for the authenticator code. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useResetPassword();
  const form = useSchemaForm(ResetPasswordForm, { password: '', confirm: '' });
  const { password, confirm } = form.values;
  const problem = passwordProblem(reset.error, t);
  const onSubmit = form.submit((values) => reset.mutate({ token, password: values.password }));
  return (
    <AuthCard heading={t('accounts.reset.title')}>
      {!token || linkInvalid(reset.error) ? (
        <InvalidLink />
      ) : reset.isSuccess ? (
        <Stack gap="md">
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} role="status">
            {t('accounts.reset.done')}
          </Alert>
          <Button component={Link} to="/sign-in" fullWidth>
            {t('accounts.public.goSignIn')}
          </Button>
        </Stack>
      ) : (
        <form ref={form.ref} onSubmit={onSubmit} noValidate aria-label={t('accounts.reset.title')}>
          <Stack gap="md">
            <Text size="sm">{t('accounts.reset.intro')}</Text>
            {!problem && <ErrorAlert error={reset.error} />}
            <NewPassword password={form.getInputProps('password')} confirm={form.getInputProps('confirm')} problem={problem} min={12} />
            <Button type="submit" fullWidth loading={reset.isPending} disabled={!password || password !== confirm}>
              {t('accounts.reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
