import { Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../components/page-header.js';

/** Shown inside the shell for any address that is not a page. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack maw={560}>
      <PageHeader title={t('notFound.title')} />
      <Text>{t('notFound.body')}</Text>
      <div>
        <Button component={Link} to="/">
          {t('notFound.home')}
        </Button>
      </div>
    </Stack>
  );
}
