import { Alert, Button, Checkbox, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangePasswordForm as ChangePasswordFields } from '../../../shared/identity.js';
import { ApiError } from '../../api/client.js';
import { useChangePassword, useSecurity } from '../../api/security.js';
import { useSession } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSchemaForm } from '../../lib/form.js';
import { PasswordStrength } from './password-strength.js';

/** The reason the server gave for a refused password, in the reader's language. */
export function usePasswordError(): (error: unknown, minLength: number) => string | null {
  const { t } = useTranslation();
  return (error, minLength) => {
    if (!(error instanceof ApiError) || error.code !== 'PASSWORD_TOO_WEAK') return null;
    const d = error.details as { reason?: string; minLength?: number } | undefined;
    const reason = ['too_short', 'too_long', 'common', 'personal'].includes(d?.reason ?? '') ? d!.reason! : 'common';
    return t(`security.reject.${reason}`, { min: d?.minLength ?? minLength });
  };
}

/** Change one's password: the current one, the new one twice, and whether to end other sessions. */
export function ChangePasswordForm({ onDone, offerEndOthers = true }: { onDone?: () => void; offerEndOthers?: boolean }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const security = useSecurity();
  const session = useSession();
  const passwordError = usePasswordError();
  const form = useSchemaForm(ChangePasswordFields, { currentPassword: '', newPassword: '', confirm: '', endOtherSessions: true });
  const [done, setDone] = useState<number | null>(null);
  const min = security.data?.passwordMinLength ?? 12;
  const p = session.data?.person;
  const userInputs = p ? [p.familyNameEn, p.givenNameEn, p.familyNameJa, p.givenNameJa, p.email, p.email.split('@')[0] ?? ''].filter(Boolean) : [];
  const weak = passwordError(change.error, min);

  const onSubmit = form.submit(({ confirm: _, ...body }) =>
    change.mutate(
      { ...body, endOtherSessions: offerEndOthers && body.endOtherSessions },
      {
        onSuccess: (r) => {
          form.setValues({ currentPassword: '', newPassword: '', confirm: '' });
          setDone(r.endedSessions);
          onDone?.();
        },
      },
    ),
  );
  const { currentPassword, newPassword, confirm } = form.values;

  return (
    <form ref={form.ref} onSubmit={onSubmit} noValidate aria-label={t('security.password.title')}>
      <Stack gap="sm" maw={460}>
        {done !== null && (
          <Alert color="green" variant="light" role="status">
            {t('security.password.changed', { count: done })}
          </Alert>
        )}
        {!weak && <ErrorAlert error={change.error} />}
        <PasswordInput
          label={t('security.password.current')}
          autoComplete="current-password"
          {...form.getInputProps('currentPassword')}
          error={form.errors.currentPassword ?? (change.error instanceof ApiError && change.error.code === 'CURRENT_PASSWORD_WRONG' ? t('errors.CURRENT_PASSWORD_WRONG') : undefined)}
          required
          visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
        />
        <PasswordInput
          label={t('security.password.new')}
          description={t('security.password.hint', { min })}
          autoComplete="new-password"
          {...form.getInputProps('newPassword')}
          error={form.errors.newPassword ?? weak ?? undefined}
          required
          visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
        />
        <PasswordStrength password={newPassword} userInputs={userInputs} />
        <PasswordInput
          label={t('security.password.confirm')}
          autoComplete="new-password"
          {...form.getInputProps('confirm')}
          required
          visibilityToggleButtonProps={{ 'aria-label': t('auth.toggleVisibility') }}
        />
        {offerEndOthers && <Checkbox label={t('security.password.endOthers')} {...form.getInputProps('endOtherSessions', { type: 'checkbox' })} />}
        <Button type="submit" loading={change.isPending} disabled={!currentPassword || !newPassword || !confirm} w="fit-content">
          {t('security.password.submit')}
        </Button>
      </Stack>
    </form>
  );
}
