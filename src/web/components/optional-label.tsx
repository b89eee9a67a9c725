import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A field label with a quiet "optional" marker (required fields carry no marker). */
export function OptionalLabel({ children }: { children: string }) {
  const { t } = useTranslation();
  return (
    <>
      {children}
      {/* visual only: assistive technology already hears which inputs are required */}
      <Text span size="xs" c="dimmed" fw={400} ml={6} aria-hidden>
        {t('common.optional')}
      </Text>
    </>
  );
}
