import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Classification } from '../../../shared/assets.js';

const CLASS_COLOR: Record<Classification, string> = { confidential: 'red', internal: 'yellow', public: 'gray' };

/** The classification in words with a colour (never colour alone). */
export function ClassificationBadge({ value }: { value: Classification }) {
  const { t } = useTranslation();
  return (
    <Badge color={CLASS_COLOR[value]} variant="light" radius="sm">
      {t(`assets.classification.${value}`)}
    </Badge>
  );
}

/** Importance as a number with its C/I/A values on hover. */
export function Importance({ value, c, i, a }: { value: number; c: number; i: number; a: number }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={`${t('assets.fields.confidentiality')} ${c} / ${t('assets.fields.integrity')} ${i} / ${t('assets.fields.availability')} ${a}`}>
      <Group gap={6} wrap="nowrap">
        <Text fw={700} size="sm">
          {value}
        </Text>
        <Text c="dimmed" size="xs">
          ({c}/{i}/{a})
        </Text>
      </Group>
    </Tooltip>
  );
}

export function AssetStatusBadge({ status }: { status: 'active' | 'disposed' }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'active' ? 'ok' : 'gray'} variant="light">
      {t(`assets.status.${status}`)}
    </Badge>
  );
}

/** Today in Japan, YYYY-MM-DD. */
export function todayTokyo(offsetDays = 0): string {
  return new Date(Date.now() + 9 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}
