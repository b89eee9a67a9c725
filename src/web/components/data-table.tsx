import { Anchor, Paper, ScrollArea, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { SortableTh } from './sortable-th.js';

export interface Column<T> {
  key: string;
  header: string;
  /** The list's sort field, if this column sorts. */
  sortField?: string;
  render: (row: T) => ReactNode;
  width?: number | string;
}

interface DataTableProps<T extends { id: string }> {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  sort?: string;
  dir?: 'asc' | 'desc';
  onSort: (field: string) => void;
  /** Where a row leads; the first column becomes a real link so keyboards reach it too. */
  rowHref: (row: T) => string;
  busy?: boolean;
}

/** A list table whose rows open the record: click anywhere on the row, or follow the link in its first cell. */
export function DataTable<T extends { id: string }>({ caption, columns, rows, sort, dir, onSort, rowHref, busy }: DataTableProps<T>) {
  const navigate = useNavigate();
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden', opacity: busy ? 0.6 : 1, transition: 'opacity 120ms' }}>
      <ScrollArea type="auto">
        <Table verticalSpacing="sm" horizontalSpacing="sm" striped={false} highlightOnHover={false} aria-busy={busy || undefined} aria-label={caption} miw={760}>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              {columns.map((c) =>
                c.sortField ? (
                  <SortableTh key={c.key} field={c.sortField} sort={sort} dir={dir} onSort={onSort}>
                    {c.header}
                  </SortableTh>
                ) : (
                  <Table.Th key={c.key} fz="sm" w={c.width}>
                    {c.header}
                  </Table.Th>
                ),
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.id} className="mamori-row-link" onClick={() => navigate(rowHref(row))}>
                {columns.map((c, i) => (
                  <Table.Td key={c.key} fz="sm" w={c.width}>
                    {i === 0 ? (
                      <Anchor component={Link} to={rowHref(row)} fz="sm" fw={500} onClick={(e) => e.stopPropagation()}>
                        {c.render(row)}
                      </Anchor>
                    ) : (
                      c.render(row)
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Paper>
  );
}
