import { Paper, ScrollArea, Stack, Table } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditAction } from '../../../shared/audit.js';
import { useAuditPage, useExportCheckpoint, useVerifyAudit, type AuditFilters as Filters } from '../../api/audit.js';
import { useCan } from '../../api/session.js';
import { ListState } from '../../components/list-state.js';
import { ListPagination } from '../../components/list-pagination.js';
import { PageHeader } from '../../components/page-header.js';
import { tokyoLocalToIso } from '../../lib/format.js';
import { AuditFilters, EMPTY_FILTERS, type AuditFilterValues } from './audit-filters.js';
import { AuditRow } from './audit-row.js';
import { AuditVerifyButtons, AuditVerifyResult } from './audit-verify.js';

const PAGE_SIZE = 50;

function toQuery(v: AuditFilterValues): Filters {
  const action = AuditAction.safeParse(v.action);
  return {
    action: action.success ? action.data : undefined,
    actorPersonId: v.actorPersonId ?? undefined,
    targetType: v.targetType.trim() || undefined,
    targetId: v.targetId.trim() || undefined,
    from: tokyoLocalToIso(v.from),
    to: tokyoLocalToIso(v.to),
  };
}

/** The tamper-evident audit trail: newest first, filterable, with chain verification and checkpoints. */
export function AuditPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [values, setValues] = useState<AuditFilterValues>(EMPTY_FILTERS);
  const [page, setPage] = useState(1);
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [debounced] = useDebouncedValue(values, 300);
  const filters = useMemo(() => toQuery(debounced), [debounced]);
  const query = useAuditPage(page, PAGE_SIZE, filters);
  const verify = useVerifyAudit();
  const exportCp = useExportCheckpoint();

  const onFilters = (v: AuditFilterValues) => {
    setValues(v);
    setPage(1);
  };
  const toggle = (seq: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  return (
    <Stack gap={0}>
      <PageHeader
        title={t('audit.title')}
        description={t('audit.description')}
        actions={can('audit.verify') ? <AuditVerifyButtons verify={verify} exportCp={exportCp} /> : null}
      />
      <Stack gap="sm" mb={verify.data || verify.error || exportCp.error ? 'md' : 0}>
        <AuditVerifyResult verify={verify} exportCp={exportCp} />
      </Stack>
      <AuditFilters values={values} onChange={onFilters} />
      <ListState query={query} empty={{ title: t('audit.empty'), description: t('audit.emptyHint') }}>
        {(data) => (
          <>
            <Paper withBorder radius="md" style={{ overflow: 'hidden', opacity: query.isPlaceholderData ? 0.6 : 1 }}>
              <ScrollArea type="auto">
                <Table verticalSpacing="xs" horizontalSpacing="sm" aria-label={t('audit.tableLabel')} data-testid="audit-table" miw={860}>
                  <Table.Thead bg="gray.0">
                    <Table.Tr>
                      <Table.Th w={44}>
                        <span className="mamori-visually-hidden">{t('audit.expand')}</span>
                      </Table.Th>
                      <Table.Th w={80}>{t('audit.seq')}</Table.Th>
                      <Table.Th w={180}>{t('audit.at')}</Table.Th>
                      <Table.Th>{t('audit.actor')}</Table.Th>
                      <Table.Th>{t('audit.action')}</Table.Th>
                      <Table.Th>{t('audit.target')}</Table.Th>
                      <Table.Th w={140}>{t('audit.ip')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((e) => (
                      <AuditRow key={e.seq} entry={e} expanded={expanded.has(e.seq)} onToggle={() => toggle(e.seq)} />
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            </Paper>
            <ListPagination page={page} pageSize={PAGE_SIZE} total={data.total} onChange={setPage} />
          </>
        )}
      </ListState>
    </Stack>
  );
}
