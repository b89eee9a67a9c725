import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ListParams } from '../api/registry.js';

export const PAGE_SIZE = 50;

export interface ListState {
  params: ListParams;
  /** Text in the search box (updated at once; `params.q` follows after a pause). */
  search: string;
  setSearch: (q: string) => void;
  setPage: (page: number) => void;
  /** Sorts by a field; the same field again flips the direction. */
  toggleSort: (field: string) => void;
  setIncludeInactive: (v: boolean) => void;
  /** Extra filters kept in the URL (people: institutionId, role…). */
  filter: (name: string) => string | undefined;
  setFilter: (name: string, value: string | null) => void;
}

/**
 * List state (page, search, sort, inactive, filters) kept in the URL, so the back button and
 * shared links return to the same view. The search box is debounced by 300 ms.
 */
export function useListParams(defaultSort: string): ListState {
  const [sp, setSp] = useSearchParams();
  const [search, setSearch] = useState(sp.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 300);

  const update = useCallback(
    (changes: Record<string, string | null>, resetPage = true) => {
      setSp(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === null || v === '') next.delete(k);
            else next.set(k, v);
          }
          if (resetPage) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setSp],
  );

  // The search text the URL holds, as far as this hook knows: typing writes it (after the pause);
  // navigation (back button, a navbar link) changes it under us and then resets the box.
  const written = useRef(sp.get('q') ?? '');
  useEffect(() => {
    if (debounced === written.current) return;
    written.current = debounced;
    update({ q: debounced || null });
  }, [debounced, update]);
  const urlQ = sp.get('q') ?? '';
  useEffect(() => {
    if (urlQ === written.current) return;
    written.current = urlQ;
    setSearch(urlQ);
  }, [urlQ]);

  const sort = sp.get('sort') ?? defaultSort;
  const dir = sp.get('dir') === 'desc' ? 'desc' : 'asc';
  const params = useMemo<ListParams>(
    () => ({
      page: Math.max(1, Number(sp.get('page')) || 1),
      pageSize: PAGE_SIZE,
      q: sp.get('q') ?? undefined,
      sort,
      dir,
      includeInactive: sp.get('inactive') === '1',
    }),
    [sp, sort, dir],
  );

  return {
    params,
    search,
    setSearch,
    setPage: (page) => update({ page: page > 1 ? String(page) : null }, false),
    toggleSort: (field) =>
      update({ sort: field === defaultSort ? null : field, dir: field === sort && dir === 'asc' ? 'desc' : null }),
    setIncludeInactive: (v) => update({ inactive: v ? '1' : null }),
    filter: (name) => sp.get(name) ?? undefined,
    setFilter: (name, value) => update({ [name]: value }),
  };
}
