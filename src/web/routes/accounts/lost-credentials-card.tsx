import { Alert, Button, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ReportLostSignedIn, type LostItem } from '../../../shared/accounts.js';
import { useReportLostSignedIn } from '../../api/accounts.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { useSchemaForm } from '../../lib/form.js';
import { LostChoice } from './account-ui.js';

/**
 * "I lost my credentials" while signed in (P32-2.1.3b): the report takes effect at once — every
 * session (this one too) ends and the password stops working — so the button asks for confirmation
 * and then leaves for the sign-in page.
 */
export function LostCredentialsCard() {
  const { t } = useTranslation();
  const report = useReportLostSignedIn();
  const form = useSchemaForm(ReportLostSignedIn, { lost: [] as LostItem[], note: '' });
  const { lost } = form.values;
  const [confirming, confirm] = useDisclosure(false);
  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={2} fz="lg" mb="sm">
        {t('accounts.lost.cardTitle')}
      </Title>
      <Stack gap="sm">
        <Text size="sm">{t('accounts.lost.cardIntro')}</Text>
        <LostChoice value={lost} onChange={(v) => form.setFieldValue('lost', v)} error={form.errors.lost ? t('accounts.lost.chooseOne') : undefined} />
        <Textarea label={t('accounts.lost.note')} {...form.getInputProps('note')} maxLength={2000} autosize minRows={2} />
        <Button
          color="red"
          variant="light"
          leftSection={<IconAlertTriangle size={16} aria-hidden />}
          onClick={() => !form.validate().hasErrors && confirm.open()}
        >
          {t('accounts.lost.report')}
        </Button>
      </Stack>
      <ConfirmModal
        opened={confirming}
        onClose={confirm.close}
        title={t('accounts.lost.confirmTitle')}
        message={
          <Stack gap="xs">
            <Text size="sm">{t('accounts.lost.confirmBody')}</Text>
            {lost.includes('authenticator') && (
              <Alert color="yellow" variant="light">
                {t('accounts.lost.authenticatorNote')}
              </Alert>
            )}
          </Stack>
        }
        confirmLabel={t('accounts.lost.report')}
        color="red"
        loading={report.isPending}
        error={report.error}
        onConfirm={() => {
          const body = ReportLostSignedIn.parse(form.values);
          report.mutate({ lost: body.lost, note: body.note || undefined }, { onSuccess: () => window.location.assign('/sign-in?lost=1') });
        }}
      />
    </Paper>
  );
}
