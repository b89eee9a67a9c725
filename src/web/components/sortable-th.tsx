import { Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface SortableThProps {
  children: ReactNode;
  field: string;
  sort: string | undefined;
  dir: 'asc' | 'desc' | undefined;
  onSort: (field: string) => void;
}

/** A column header that sorts the list; announces its state with aria-sort. */
export function SortableTh({ children, field, sort, dir, onSort }: SortableThProps) {
  const { t } = useTranslation();
  const active = sort === field;
  const Icon = active ? (dir === 'desc' ? IconChevronDown : IconChevronUp) : IconSelector;
  return (
    <Table.Th aria-sort={active ? (dir === 'desc' ? 'descending' : 'ascending') : 'none'} p={0}>
      <UnstyledButton
        onClick={() => onSort(field)}
        px="sm"
        py={8}
        w="100%"
        title={t('table.sortBy')}
        style={{ borderRadius: 4 }}
      >
        <Group gap={4} wrap="nowrap" justify="space-between">
          <Text fw={700} size="sm" component="span">
            {children}
          </Text>
          <Icon size={14} stroke={1.8} aria-hidden />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
