import { Alert, Button, Checkbox, Code, Group, Image, List, Paper, PinInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirmMfa, useEnrollMfa } from '../../api/security.js';
import { ErrorAlert } from '../../components/error-alert.js';

/** A 6-digit code field that works with paste and one-time-code autofill. */
export function CodeInput({ value, onChange, label }: { value: string; onChange: (v: string) => void; label: string }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id="totp-code-label">
        {label}
      </Text>
      <PinInput length={6} type="number" oneTimeCode value={value} onChange={onChange} aria-labelledby="totp-code-label" inputMode="numeric" />
    </Stack>
  );
}

/** Shows new recovery codes once, with a .txt download and an "I have saved them" confirmation. */
export function RecoveryCodesPanel({ codes, onSaved, savedLabel }: { codes: string[]; onSaved: () => void; savedLabel?: string }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const download = () => {
    const blob = new Blob([`${t('security.recovery.fileHeader')}\n\n${codes.join('\n')}\n`], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'mamori-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Stack gap="sm">
      <Alert color="blue" variant="light" title={t('security.recovery.title')}>
        {t('security.recovery.explain')}
      </Alert>
      <Paper withBorder p="md">
        <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes">
          {codes.map((c) => (
            <Code key={c} fz="md">
              {c}
            </Code>
          ))}
        </SimpleGrid>
      </Paper>
      <Group>
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={download}>
          {t('security.recovery.download')}
        </Button>
      </Group>
      <Checkbox label={t('security.recovery.saved')} checked={saved} onChange={(e) => setSaved(e.currentTarget.checked)} />
      <Button onClick={onSaved} disabled={!saved} w="fit-content">
        {savedLabel ?? t('security.recovery.continue')}
      </Button>
    </Stack>
  );
}

/** Registers an authenticator app: QR code (and the secret as text), a code to confirm, then the recovery codes. */
export function MfaEnrollment({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const enroll = useEnrollMfa();
  const confirm = useConfirmMfa();
  const [code, setCode] = useState('');

  if (confirm.data) return <RecoveryCodesPanel codes={confirm.data.codes} onSaved={onDone} />;
  if (!enroll.data) {
    return (
      <Stack gap="sm">
        <Text size="sm">{t('security.mfa.intro')}</Text>
        <ErrorAlert error={enroll.error} />
        <Button onClick={() => enroll.mutate()} loading={enroll.isPending} w="fit-content">
          {t('security.mfa.start')}
        </Button>
      </Stack>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate(code, { onError: () => setCode('') });
  };
  const secret = enroll.data.secret.replace(/(.{4})/g, '$1 ').trim();
  return (
    <form onSubmit={onSubmit} aria-label={t('security.mfa.title')}>
      <Stack gap="md">
        <List type="ordered" size="sm" spacing={4}>
          <List.Item>{t('security.mfa.step1')}</List.Item>
          <List.Item>{t('security.mfa.step2')}</List.Item>
          <List.Item>{t('security.mfa.step3')}</List.Item>
        </List>
        <Group align="flex-start" gap="xl">
          <Image src={enroll.data.qrSvgDataUrl} alt={t('security.mfa.qrAlt')} w={200} h={200} bg="white" />
          <Stack gap={4} maw={280}>
            <Text size="sm" fw={500}>
              {t('security.mfa.manual')}
            </Text>
            <Code fz="sm" data-testid="totp-secret" style={{ wordBreak: 'break-all' }}>
              {secret}
            </Code>
            <Text size="xs" c="dimmed">
              {t('security.mfa.manualHint')}
            </Text>
          </Stack>
        </Group>
        <ErrorAlert error={confirm.error} />
        <CodeInput value={code} onChange={setCode} label={t('security.mfa.code')} />
        <Button type="submit" disabled={code.length !== 6} loading={confirm.isPending} w="fit-content">
          {t('security.mfa.confirm')}
        </Button>
      </Stack>
    </form>
  );
}
