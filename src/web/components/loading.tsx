import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A centred spinner; the status region carries the name (a Loader is a plain span, which may not be named). */
export function Loading({ minHeight = 160 }: { minHeight?: number | string }) {
  const { t } = useTranslation();
  return (
    <Center mih={minHeight} role="status" aria-label={t('common.loading')}>
      <Loader size="md" aria-hidden />
    </Center>
  );
}
