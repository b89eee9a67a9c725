import { Group, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatTokyo } from '../../lib/format.js';

/** A time as the incident page shows it (Japan time, to the minute). */
export const when = (iso: string | null) => (iso ? formatTokyo(iso).slice(0, 16) : '');

/** One titled box of the incident page, with optional buttons on its right. */
export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h4">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}
