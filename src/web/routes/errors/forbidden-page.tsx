import { Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/page-header.js';

/** Shown inside the shell when the person may not open this page. */
export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Stack maw={560}>
      <PageHeader title={t('forbidden.title')} />
      <Text>{t('forbidden.body')}</Text>
      <div>
        <Button component={Link} to="/">
          {t('notFound.home')}
        </Button>
      </div>
    </Stack>
  );
}
