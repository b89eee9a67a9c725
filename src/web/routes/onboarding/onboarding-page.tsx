import { Anchor, Group, Stack, Stepper, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import type { Requirement } from '../../../shared/account.js';
import { useRefreshSession } from '../../api/security.js';
import { useSession, useSignOut } from '../../api/session.js';
import { AuthCard } from '../../components/auth-card.js';
import { Loading } from '../../components/loading.js';
import { PledgeForm } from '../accounts/pledge-form.js';
import { ChangePasswordForm } from '../security/change-password-form.js';
import { MfaEnrollment } from '../security/mfa-enroll.js';
import { TrainingRequiredStep } from '../training/training-required.js';

const ORDER: Requirement[] = ['password', 'mfa_enroll', 'pledge', 'training'];

/**
 * Walks a signed-in person through what must be done before the rest of Mamori opens: a new
 * password, an authenticator app, the pledge, in that order. The session is refetched after each step.
 */
export function OnboardingPage() {
  const { t } = useTranslation();
  const session = useSession();
  const refresh = useRefreshSession();
  const signOut = useSignOut();
  const [steps, setSteps] = useState<Requirement[] | null>(null);

  if (session.isPending) return <Loading minHeight="100vh" />;
  const s = session.data;
  if (!s?.authenticated || s.stage !== 'full') return <Navigate to="/sign-in" replace />;
  const pending = ORDER.filter((r) => s.requirements.includes(r));
  if (pending.length === 0) return <Navigate to="/" replace />;
  // The steps shown are those pending when the page opened (done ones stay ticked).
  const shown = steps ?? pending;
  if (!steps) setSteps(pending);
  const current = pending[0]!;
  const active = shown.indexOf(current);

  return (
    <AuthCard heading={t('onboarding.title')} width={720}>
      <Stack gap="lg">
        <Text size="sm">{t('onboarding.intro')}</Text>
        <Stepper active={active} size="sm" allowNextStepsSelect={false}>
          {shown.map((r) => (
            <Stepper.Step key={r} label={t(`onboarding.step.${r}`)} />
          ))}
        </Stepper>
        <Stack gap="sm" data-testid={`onboarding-${current}`}>
          <Text fw={600}>{t(`onboarding.step.${current}`)}</Text>
          <Text size="sm" c="dimmed">
            {t(`onboarding.explain.${current}`)}
          </Text>
          {current === 'password' && <ChangePasswordForm offerEndOthers={false} onDone={() => void refresh()} />}
          {current === 'mfa_enroll' && <MfaEnrollment onDone={() => void refresh()} />}
          {current === 'pledge' && <PledgeForm onSigned={() => void refresh()} />}
          {current === 'training' && <TrainingRequiredStep />}
        </Stack>
        <Group justify="flex-end">
          <Anchor component="button" type="button" size="sm" onClick={() => signOut.mutate()}>
            {t('auth.signOut')}
          </Anchor>
        </Group>
      </Stack>
    </AuthCard>
  );
}
