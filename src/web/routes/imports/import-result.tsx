import { Alert, Code, Group, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ImportJobDto } from '../../../shared/org.js';

/** The outcome: counts on success; on failure, every problem by row, and the reassurance that nothing changed. */
export function ImportResult({ job }: { job: ImportJobDto }) {
  const { t } = useTranslation();
  if (job.status === 'succeeded') {
    return (
      <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('import.succeededTitle')}>
        <Text size="sm">{t('import.succeededBody', { created: job.createdCount, updated: job.updatedCount, total: job.totalRows })}</Text>
      </Alert>
    );
  }
  return (
    <Stack gap="md">
      <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('import.failedTitle')}>
        <Text size="sm">{t('import.failedBody', { count: job.errors.length })}</Text>
      </Alert>
      {job.errors.length > 0 && (
        <Paper withBorder radius="md" p="md">
          <Group justify="space-between" mb="sm">
            <Title order={2} fz="md">
              {t('import.errorsTitle')}
            </Title>
          </Group>
          <ScrollArea.Autosize mah={480} type="auto">
            <Table verticalSpacing="xs" striped stickyHeader aria-label={t('import.errorsTitle')} data-testid="import-errors">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>{t('import.row')}</Table.Th>
                  <Table.Th w={180}>{t('import.column')}</Table.Th>
                  <Table.Th w={200}>{t('import.code')}</Table.Th>
                  <Table.Th>{t('import.message')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {job.errors.map((e, i) => (
                  <Table.Tr key={`${e.row}-${e.column ?? ''}-${i}`}>
                    <Table.Td fz="sm">{e.row > 0 ? e.row : t('import.wholeFile')}</Table.Td>
                    <Table.Td fz="sm">{e.column ?? '—'}</Table.Td>
                    <Table.Td>
                      <Code>{e.code}</Code>
                    </Table.Td>
                    <Table.Td fz="sm">{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </Paper>
      )}
    </Stack>
  );
}
