import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { usePageTitle } from '../lib/use-page-title.js';

interface PageHeaderProps {
  title: string;
  description?: ReactNode;
  /** Buttons on the right (create, edit…). */
  actions?: ReactNode;
  /** Shown above the title (breadcrumbs). */
  above?: ReactNode;
  /** Shown beside the title (status badge). */
  badge?: ReactNode;
}

/** The page's one h1, its description and its main actions; also sets the document title. */
export function PageHeader({ title, description, actions, above, badge }: PageHeaderProps) {
  usePageTitle(title);
  return (
    <Stack gap="xs" mb="lg">
      {above}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="sm" align="center" wrap="wrap">
            <Title order={1} fz={26}>
              {title}
            </Title>
            {badge}
          </Group>
          {description && (
            <Text c="dimmed" size="sm">
              {description}
            </Text>
          )}
        </Stack>
        {actions && <Group gap="sm">{actions}</Group>}
      </Group>
    </Stack>
  );
}
