import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useRegenerateRecoveryCodes, useReplaceAuthenticator, useSecurity } from '../../api/security.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { ChangePasswordForm } from './change-password-form.js';
import { CodeInput, MfaEnrollment, RecoveryCodesPanel } from './mfa-enroll.js';
import { SessionsCard } from './sessions-card.js';

export function SecurityCard({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder p="lg" component="section" aria-label={title} data-testid={testId}>
      <Title order={2} fz="lg" mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

interface CodeActionProps {
  /** The button that opens the form, and the form's accessible name. */
  label: string;
  explain: string;
  submitLabel: string;
  danger?: boolean;
  mutation: { mutate: (code: string, opts: { onError: () => void }) => void; error: unknown; isPending: boolean };
}

/** An action that needs proof of the authenticator: a button that opens a form asking for a code. */
function CodeAction({ label, explain, submitLabel, danger, mutation }: CodeActionProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Button variant="default" onClick={() => setOpen(true)} w="fit-content">
        {label}
      </Button>
    );
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate(code, { onError: () => setCode('') });
  };
  return (
    <form onSubmit={onSubmit} aria-label={label}>
      <Stack gap="sm">
        <Text size="sm">{explain}</Text>
        <ErrorAlert error={mutation.error} />
        <CodeInput value={code} onChange={setCode} label={t('security.mfa.code')} />
        <Group>
          <Button type="submit" color={danger ? 'red' : undefined} variant={danger ? 'light' : 'filled'} disabled={code.length !== 6} loading={mutation.isPending}>
            {submitLabel}
          </Button>
          <Button variant="subtle" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RegenerateCodes() {
  const { t } = useTranslation();
  const regen = useRegenerateRecoveryCodes();
  if (regen.data) return <RecoveryCodesPanel codes={regen.data.codes} onSaved={() => regen.reset()} savedLabel={t('security.recovery.done')} />;
  return (
    <CodeAction
      label={t('security.recovery.regenerate')}
      explain={t('security.recovery.regenerateExplain')}
      submitLabel={t('security.recovery.regenerate')}
      mutation={regen}
    />
  );
}

/** A new phone: a code from the current authenticator removes it; enrolling the new one follows. */
function ReplaceAuthenticator() {
  const { t } = useTranslation();
  return (
    <CodeAction
      label={t('security.mfa.replace')}
      explain={t('security.mfa.replaceExplain')}
      submitLabel={t('security.mfa.replaceConfirm')}
      danger
      mutation={useReplaceAuthenticator()}
    />
  );
}

function MfaCard() {
  const { t } = useTranslation();
  const security = useSecurity();
  if (security.isPending) return <Loading />;
  if (security.error) return <ErrorAlert error={security.error} />;
  const s = security.data;
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Text size="sm">{t('security.mfa.status')}</Text>
        <Text size="sm" fw={600}>
          {s.mfaEnrolledAt ? t('security.mfa.enrolledSince', { date: formatTokyo(s.mfaEnrolledAt) }) : t('security.mfa.notEnrolled')}
        </Text>
      </Group>
      {s.mfaEnrolledAt ? (
        <>
          <Text size="sm">{t('security.recovery.left', { count: s.recoveryCodesLeft })}</Text>
          {s.recoveryCodesLeft <= 3 && (
            <Alert color="yellow" variant="light">
              {t('security.recovery.low')}
            </Alert>
          )}
          <Group gap="sm" align="flex-start">
            <RegenerateCodes />
            <ReplaceAuthenticator />
          </Group>
        </>
      ) : (
        <MfaEnrollment onDone={() => void security.refetch()} />
      )}
    </Stack>
  );
}

/**
 * One's own security settings: password, authenticator and recovery codes, sessions. Other
 * features' cards (pledge, group IDs, lost credentials) are added in the marked place below.
 */
export function SecurityPage({ extraCards }: { extraCards?: ReactNode }) {
  const { t } = useTranslation();
  const security = useSecurity();
  return (
    <>
      <PageHeader title={t('security.title')} description={t('security.description')} />
      <Stack gap="lg" maw={860}>
        <SecurityCard title={t('security.password.title')} testId="password-card">
          {security.data?.passwordChangedAt && (
            <Text size="sm" c="dimmed" mb="sm">
              {t('security.password.lastChanged', { date: formatTokyo(security.data.passwordChangedAt) })}
            </Text>
          )}
          <ChangePasswordForm />
        </SecurityCard>
        <SecurityCard title={t('security.mfa.title')} testId="mfa-card">
          <MfaCard />
        </SecurityCard>
        <SecurityCard title={t('security.sessions.title')} testId="sessions-card">
          <SessionsCard />
        </SecurityCard>
        {/* ---- cards from other features (pledge, group IDs, lost credentials) go here ---------- */}
        {extraCards}
      </Stack>
    </>
  );
}
