import { Box, Text } from '@mantine/core';
import type { Column } from '../../components/data-table.js';
import type { DetailItem } from '../../components/detail-list.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatTokyo } from '../../lib/format.js';
import type { RegistryContext } from './registry-types.js';

interface Base {
  id: string;
  code: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The code, in monospace; the first column, so it carries the row's link. */
export function codeColumn<T extends Base>(ctx: RegistryContext): Column<T> {
  return { key: 'code', header: ctx.t('fields.code'), sortField: 'code', render: (r) => r.code, width: 140 };
}

/** A name in the current language with the other language beneath it. */
export function bilingualColumn<T extends Base>(
  ctx: RegistryContext,
  header: string,
  ja: (r: T) => string,
  en: (r: T) => string,
  sortJa: string,
  sortEn: string,
): Column<T> {
  const primary = ctx.lang === 'ja' ? ja : en;
  const secondary = ctx.lang === 'ja' ? en : ja;
  return {
    key: 'name',
    header,
    sortField: ctx.lang === 'ja' ? sortJa : sortEn,
    render: (r) => (
      <Box component="span" style={{ display: 'flex', flexDirection: 'column' }}>
        <Text span size="sm" fw={500}>
          {primary(r)}
        </Text>
        <Text span size="xs" c="dimmed" lang={ctx.lang === 'ja' ? 'en' : 'ja'}>
          {secondary(r)}
        </Text>
      </Box>
    ),
  };
}

export function nameColumn<T extends Base & { nameJa: string; nameEn: string }>(ctx: RegistryContext): Column<T> {
  return bilingualColumn<T>(ctx, ctx.t('fields.name'), (r) => r.nameJa, (r) => r.nameEn, 'nameJa', 'nameEn');
}

export function statusColumn<T extends Base>(ctx: RegistryContext): Column<T> {
  return { key: 'status', header: ctx.t('fields.status'), render: (r) => <StatusBadge active={r.active} />, width: 110 };
}

export function updatedColumn<T extends Base>(ctx: RegistryContext): Column<T> {
  return {
    key: 'updatedAt',
    header: ctx.t('fields.updatedAt'),
    sortField: 'updatedAt',
    render: (r) => (
      <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {formatTokyo(r.updatedAt)}
      </Text>
    ),
    width: 190,
  };
}

/** Detail rows every registry shares: code first; status and timestamps last. */
export function baseDetails<T extends Base>(row: T, ctx: RegistryContext, middle: DetailItem[]): DetailItem[] {
  return [
    { label: ctx.t('fields.code'), value: <Text span ff="monospace" size="sm">{row.code}</Text> },
    ...middle,
    { label: ctx.t('fields.status'), value: <StatusBadge active={row.active} /> },
    { label: ctx.t('fields.createdAt'), value: formatTokyo(row.createdAt) },
    { label: ctx.t('fields.updatedAt'), value: formatTokyo(row.updatedAt) },
  ];
}
