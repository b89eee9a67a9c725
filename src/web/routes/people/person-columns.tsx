import { Badge, Box, Group, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { PersonSummaryDto } from '../../../shared/org.js';
import type { Column } from '../../components/data-table.js';
import { StatusBadge } from '../../components/status-badge.js';
import type { Language } from '../../i18n/index.js';
import { formatTokyo, personName, refName } from '../../lib/format.js';

/** The kana reading, family name first. */
export function kanaName(p: { familyNameKana: string; givenNameKana: string }): string {
  return `${p.familyNameKana} ${p.givenNameKana}`.trim();
}

/** Columns of the people list; the name sorts by kana in Japanese and by family name in English. */
export function personColumns(t: TFunction, lang: Language): Column<PersonSummaryDto>[] {
  return [
    {
      key: 'name',
      header: t('person.name'),
      sortField: lang === 'ja' ? 'familyNameKana' : 'familyNameEn',
      render: (p) => (
        <Box component="span" style={{ display: 'flex', flexDirection: 'column' }}>
          <Text span size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
            {personName(p, lang)}
          </Text>
          <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {lang === 'ja' ? kanaName(p) || personName(p, 'en') : personName(p, 'ja')}
          </Text>
        </Box>
      ),
    },
    { key: 'email', header: t('auth.email'), sortField: 'email', render: (p) => <Text span size="sm" style={{ overflowWrap: 'anywhere' }}>{p.email}</Text> },
    {
      key: 'institutions',
      header: t('person.institutions'),
      render: (p) => {
        const names = p.institutions.map((i) => refName(i, lang));
        const shown = names.slice(0, 2).join(lang === 'ja' ? '、' : ', ');
        return names.length > 2 ? t('person.andMore', { names: shown, count: names.length - 2 }) : shown || (p.unit ? refName(p.unit, lang) : '');
      },
    },
    {
      key: 'roles',
      header: t('person.roles'),
      render: (p) => (
        <Group gap={4}>
          {[...new Set(p.roles)].map((r) => (
            <Badge key={r} variant="light" color="gray" tt="none" size="sm">
              {t(`roles.${r}`)}
            </Badge>
          ))}
        </Group>
      ),
    },
    {
      key: 'status',
      header: t('fields.status'),
      width: 120,
      render: (p) => (
        <Stack gap={2} align="flex-start">
          <StatusBadge active={p.active} />
          {p.accountStatus !== 'active' && (
            <Text span size="xs" c="dimmed">
              {t(`accounts.status.${p.accountStatus}`)}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      key: 'updatedAt',
      header: t('fields.updatedAt'),
      sortField: 'updatedAt',
      width: 180,
      render: (p) => (
        <Text span size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatTokyo(p.updatedAt)}
        </Text>
      ),
    },
  ];
}
