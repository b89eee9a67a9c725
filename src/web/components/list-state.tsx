import { Paper } from '@mantine/core';
import type { ReactNode } from 'react';
import { EmptyList } from './empty-list.js';
import { ErrorAlert } from './error-alert.js';
import { Loading } from './loading.js';

interface ListStateProps<T extends { items: unknown[] }> {
  /** A TanStack query (or anything with `error` and `data`) whose data is a page of items. */
  query: { error: unknown; data: T | undefined };
  /** What an empty list says: why it is empty and what to do next. */
  empty: { title: string; description: string; action?: ReactNode };
  children: (data: T) => ReactNode;
}

/** The four states of a list: failed, loading, empty, or the list itself (rendered by `children`). */
export function ListState<T extends { items: unknown[] }>({ query, empty, children }: ListStateProps<T>) {
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!query.data) return <Loading />;
  if (query.data.items.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <EmptyList {...empty} />
      </Paper>
    );
  }
  return <>{children(query.data)}</>;
}
