import { Badge, Box, Button, Group, Mark, Modal, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconEyeOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FindingDto, TransferDto } from '../../../shared/exchange.js';
import { WaivableKind } from '../../../shared/tripwire.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useWaive } from './api.js';

const WAIVABLE = new Set<string>(WaivableKind.options);

/** Where a finding is, in words: "Sheet1 · B7", "line 3", "file name". */
function place(f: FindingDto, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (f.source === 'file_name') return t('exchange.findings.inFileName');
  if (f.source === 'message' || f.source === 'purpose') return t(`exchange.findings.in.${f.source}`) + (f.row ? ` · ${t('exchange.findings.line', { n: f.row })}` : '');
  const parts = [f.sheet, f.cell ?? (f.row ? t('exchange.findings.line', { n: f.row }) : null)].filter(Boolean);
  return parts.join(' · ') || t('exchange.findings.wholeFile');
}

/**
 * The open findings of one file as a small sheet: the rows and columns that hold hits, each hit
 * cell highlighted with its masked value, so the sender sees at a glance where to look.
 */
function SheetMap({ findings }: { findings: FindingDto[] }) {
  const { t } = useTranslation();
  const hits = findings.filter((f) => f.row !== null && f.column !== null && f.source === 'file');
  if (!hits.length) return null;
  const sheets = [...new Set(hits.map((f) => f.sheet ?? ''))];
  return (
    <Stack gap="xs">
      {sheets.map((sheet) => {
        const here = hits.filter((f) => (f.sheet ?? '') === sheet);
        const cols = [...new Set(here.map((f) => f.column!))].slice(0, 8);
        const rows = [...new Set(here.map((f) => f.row!))].sort((a, b) => a - b).slice(0, 12);
        const at = new Map(here.map((f) => [`${f.row}|${f.column}`, f]));
        return (
          <Box key={sheet} style={{ overflowX: 'auto' }}>
            {sheet && (
              <Text size="xs" c="dimmed" mb={2}>
                {t('exchange.findings.sheet')}: {sheet}
              </Text>
            )}
            <Table withTableBorder withColumnBorders fz="xs" verticalSpacing={2} horizontalSpacing={6} aria-label={t('exchange.findings.mapLabel')} data-testid="sheet-map">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={48}>{t('exchange.findings.row')}</Table.Th>
                  {cols.map((c) => (
                    <Table.Th key={c}>{c}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r}>
                    <Table.Td c="dimmed">{r}</Table.Td>
                    {cols.map((c) => {
                      const f = at.get(`${r}|${c}`);
                      return (
                        <Table.Td
                          key={c}
                          data-hit={f ? 'true' : undefined}
                          style={f ? { background: f.resolution ? 'var(--mantine-color-gray-1)' : 'var(--mantine-color-red-1)', outline: f.resolution ? undefined : '2px solid var(--mantine-color-red-6)', outlineOffset: -2 } : undefined}
                        >
                          {f && (
                            <Text span size="xs" ff="monospace" td={f.resolution ? 'line-through' : undefined} title={`${f.cell ?? ''} ${t(`exchange.kind.${f.kind}`)}`}>
                              {f.masked}
                            </Text>
                          )}
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
        );
      })}
    </Stack>
  );
}

/** Waive one column of one file as a false positive, with a reason the data center will see. */
function WaiveModal({ transferId, target, onClose }: { transferId: string; target: { fileId: string; sheet: string | null; column: string; count: number } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const waive = useWaive(transferId);
  const [reason, setReason] = useState('');
  return (
    <Modal opened={!!target} onClose={onClose} title={t('exchange.findings.waiveTitle')} size="lg">
      {target && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            waive.mutate({ fileId: target.fileId, sheet: target.sheet, column: target.column, reason }, { onSuccess: () => (setReason(''), onClose()) });
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{t('exchange.findings.waiveText', { column: target.column, count: target.count })}</Text>
            <Textarea label={t('exchange.field.reason')} description={t('exchange.findings.waiveHint')} required minRows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-autofocus />
            <ErrorAlert error={waive.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="orange" loading={waive.isPending} disabled={!reason.trim()}>
                {t('exchange.findings.waive')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** Every finding of the transfer by file: a sheet map, then a table (sheet, row, column, masked value, kind), with the sender's actions. */
export function FindingsPanel({ transfer }: { transfer: TransferDto }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<{ fileId: string; sheet: string | null; column: string; count: number } | null>(null);
  if (!transfer.findings.length) return null;
  const files = new Map(transfer.fileList.map((f) => [f.id, f]));
  const groups = new Map<string, FindingDto[]>();
  for (const f of transfer.findings) {
    const key = f.fileId ?? `text:${f.source}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const open = transfer.findings.filter((f) => !f.resolution).length;
  return (
    <Paper withBorder radius="md" p="md" data-testid="findings">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={2} fz="lg">
            {t('exchange.findings.title')}
          </Title>
          <Badge color={open ? 'red' : 'ok'} variant="light">
            {open ? t('exchange.findings.open', { count: open }) : t('exchange.findings.allResolved')}
          </Badge>
        </Group>
        {open > 0 && <Text size="sm">{t('exchange.findings.explain')}</Text>}
        {[...groups].map(([key, list]) => {
          const file = files.get(key);
          const columns = new Map<string, { fileId: string; sheet: string | null; column: string; count: number }>();
          for (const f of list) {
            if (f.resolution || f.source !== 'file' || !f.column || !WAIVABLE.has(f.kind) || !file) continue;
            const k = `${f.sheet ?? ''}|${f.column}`;
            const c = columns.get(k) ?? { fileId: file.id, sheet: f.sheet, column: f.column, count: 0 };
            c.count++;
            columns.set(k, c);
          }
          return (
            <Stack key={key} gap="xs">
              <Text fw={600} size="sm">
                {file ? file.fileName : t(`exchange.findings.in.${key.slice(5)}`)}
                {file?.removedAt && (
                  <Badge ml="xs" size="xs" color="gray">
                    {t('exchange.file.removed')}
                  </Badge>
                )}
              </Text>
              {!file?.removedAt && <SheetMap findings={list.filter((f) => !f.resolution)} />}
              <Table.ScrollContainer minWidth={600}>
                <Table fz="sm" verticalSpacing={4} aria-label={t('exchange.findings.title')} data-testid="findings-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('exchange.findings.place')}</Table.Th>
                      <Table.Th>{t('exchange.findings.row')}</Table.Th>
                      <Table.Th>{t('exchange.findings.column')}</Table.Th>
                      <Table.Th>{t('exchange.findings.value')}</Table.Th>
                      <Table.Th>{t('exchange.findings.kind')}</Table.Th>
                      <Table.Th>{t('exchange.findings.status')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.map((f) => (
                      <Table.Tr key={f.id} style={f.resolution ? { opacity: 0.6 } : undefined}>
                        <Table.Td>
                          {f.cell ? (
                            <Badge color={f.resolution ? 'gray' : 'red'} variant={f.resolution ? 'light' : 'filled'} radius="sm" ff="monospace" data-testid="finding-cell">
                              {f.sheet ? `${f.sheet}!${f.cell}` : f.cell}
                            </Badge>
                          ) : (
                            <Text size="sm">{place(f, t)}</Text>
                          )}
                        </Table.Td>
                        <Table.Td>{f.row ?? '—'}</Table.Td>
                        <Table.Td>{f.column ?? '—'}</Table.Td>
                        <Table.Td>
                          <Mark color={f.resolution ? 'gray' : 'red'} ff="monospace" px={4}>
                            {f.masked || '—'}
                          </Mark>
                        </Table.Td>
                        <Table.Td>{t(`exchange.kind.${f.kind}`)}</Table.Td>
                        <Table.Td>{f.resolution ? t(`exchange.resolution.${f.resolution}`) : t('exchange.resolution.open')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {transfer.can.edit && columns.size > 0 && (
                <Group gap="xs">
                  {[...columns.values()].map((c) => (
                    <Button key={`${c.sheet}|${c.column}`} size="xs" variant="default" leftSection={<IconEyeOff size={14} color="var(--mantine-color-orange-8)" aria-hidden />} onClick={() => setTarget(c)}>
                      {t('exchange.findings.waiveColumn', { column: c.sheet ? `${c.sheet} / ${c.column}` : c.column })}
                    </Button>
                  ))}
                </Group>
              )}
            </Stack>
          );
        })}
        {transfer.findingsTotal > transfer.findings.length && (
          <Text size="xs" c="dimmed">
            {t('exchange.findings.more', { shown: transfer.findings.length, total: transfer.findingsTotal })}
          </Text>
        )}
      </Stack>
      <WaiveModal transferId={transfer.id} target={target} onClose={() => setTarget(null)} />
    </Paper>
  );
}
