import { Alert, Button, Checkbox, List, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PledgeDto } from '../../../shared/accounts.js';
import { useMyPledge, usePledge, useSignPledge } from '../../api/accounts.js';
import { ApiError } from '../../api/client.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { formatTokyo } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';

export { LostCredentialsCard } from './lost-credentials-card.js';

/** The pledge's duties, each with the clause it comes from. */
function PledgeText({ pledge, lang }: { pledge: PledgeDto; lang: 'ja' | 'en' }) {
  const text = pledge[lang];
  return (
    <Stack gap="xs" lang={lang}>
      <Title order={3} fz="md">
        {text.title}
      </Title>
      <List spacing="xs" size="sm" type="ordered">
        {text.items.map((i) => (
          <List.Item key={i.clause}>
            <Text span size="sm">
              {i.text}
            </Text>{' '}
            <Text span size="xs" c="dimmed">
              ({i.clause})
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/**
 * The onboarding pledge (P32-2.1.3a–f): the person reads their duties in their language, confirms
 * and signs; the version and the exact text's hash are recorded. Rendered by the /onboarding page.
 */
export function PledgeForm({ onSigned }: { onSigned: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const pledge = usePledge();
  const sign = useSignPledge();
  const [agreed, setAgreed] = useState(false);
  if (pledge.error) return <ErrorAlert error={pledge.error} />;
  if (!pledge.data) return <Loading />;
  const stale = sign.error instanceof ApiError && sign.error.code === 'PLEDGE_OUTDATED';
  return (
    <Stack gap="md">
      <Text size="sm">{t('accounts.pledge.intro')}</Text>
      <Paper withBorder p="md" radius="sm" bg="gray.0">
        <PledgeText pledge={pledge.data} lang={lang} />
      </Paper>
      <Text size="xs" c="dimmed">
        {t('accounts.pledge.version', { version: pledge.data.version })}
      </Text>
      <Checkbox checked={agreed} onChange={(e) => setAgreed(e.currentTarget.checked)} label={t('accounts.pledge.agree')} />
      {stale ? <Alert color="yellow">{t('errors.PLEDGE_OUTDATED')}</Alert> : <ErrorAlert error={sign.error} />}
      <Button
        disabled={!agreed}
        loading={sign.isPending}
        onClick={() =>
          sign.mutate(
            { version: pledge.data.version, language: lang },
            {
              onSuccess: onSigned,
              onError: () => void pledge.refetch(),
            },
          )
        }
      >
        {t('accounts.pledge.sign')}
      </Button>
    </Stack>
  );
}

/** On /security: which version the person signed, when, and the text. */
export function MyPledgeCard() {
  const { t } = useTranslation();
  const lang = useLang();
  const mine = useMyPledge();
  const m = mine.data;
  return (
    <Paper withBorder radius="md" p="lg">
      <Title order={2} fz="lg" mb="sm">
        {t('accounts.pledge.title')}
      </Title>
      {mine.error ? (
        <ErrorAlert error={mine.error} />
      ) : !m ? (
        <Loading />
      ) : (
        <Stack gap="sm">
          {m.signed ? (
            <Alert color={m.signed.current ? 'green' : 'yellow'} variant="light" icon={<IconCircleCheck aria-hidden />}>
              {t(m.signed.current ? 'accounts.pledge.signedCurrent' : 'accounts.pledge.signedOld', {
                version: m.signed.version,
                at: formatTokyo(m.signed.signedAt),
                language: t(`language.${m.signed.language}`),
              })}
            </Alert>
          ) : (
            <Alert color="yellow" variant="light">
              {t('accounts.pledge.notSigned')}
            </Alert>
          )}
          <PledgeText pledge={m.current} lang={lang} />
        </Stack>
      )}
    </Paper>
  );
}
