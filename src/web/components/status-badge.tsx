import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Active / inactive, in words (never colour alone). */
export function StatusBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge color={active ? 'ok' : 'gray'} variant="light">
      {active ? t('status.active') : t('status.inactive')}
    </Badge>
  );
}
