import { CloseButton, Group, Switch, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface ListToolbarProps {
  search: string;
  onSearch: (q: string) => void;
  searchPlaceholder: string;
  includeInactive: boolean;
  onIncludeInactive: (v: boolean) => void;
  /** More filters (selects) between the search box and the switch. */
  children?: ReactNode;
}

/** Search box, extra filters and the "show inactive" switch above a list. */
export function ListToolbar({ search, onSearch, searchPlaceholder, includeInactive, onIncludeInactive, children }: ListToolbarProps) {
  const { t } = useTranslation();
  return (
    <Group gap="md" align="flex-end" mb="md" wrap="wrap">
      <TextInput
        label={t('table.search')}
        placeholder={searchPlaceholder}
        value={search}
        onChange={(e) => onSearch(e.currentTarget.value)}
        leftSection={<IconSearch size={16} aria-hidden />}
        rightSection={search ? <CloseButton size="sm" aria-label={t('table.clearSearch')} onClick={() => onSearch('')} /> : null}
        w={{ base: '100%', sm: 320 }}
        type="search"
      />
      {children}
      <Switch
        label={t('table.showInactive')}
        checked={includeInactive}
        onChange={(e) => onIncludeInactive(e.currentTarget.checked)}
        mb={8}
      />
    </Group>
  );
}
