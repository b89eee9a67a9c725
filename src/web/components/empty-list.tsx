import { EmptyState } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface EmptyListProps {
  title: string;
  description: string;
  action?: ReactNode;
}

/** What an empty list says: why it is empty and what to do next. */
export function EmptyList({ title, description, action }: EmptyListProps) {
  return (
    <EmptyState
      icon={<IconInbox size={28} stroke={1.5} aria-hidden />}
      withIndicatorBackground
      title={title}
      description={description}
    >
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  );
}
