import { Alert, Code, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ImportJobDto, ImportRowError } from '../../../shared/org.js';
import { ApiError } from '../../api/client.js';

/** The problems of a rejected file (422 IMPORT_INVALID sends them in `details.problems`), if any. */
export function rejectedFileProblems(error: unknown): ImportRowError[] | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_INVALID') return null;
  const problems = (error.details as { problems?: unknown } | undefined)?.problems;
  return Array.isArray(problems) ? (problems as ImportRowError[]) : null;
}

/** Every problem by row; row 0 is the file as a whole. */
function ImportErrorsTable({ errors }: { errors: ImportRowError[] }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} fz="md" mb="sm">
        {t('import.errorsTitle')}
      </Title>
      <ScrollArea.Autosize mah={480} type="auto">
        <Table verticalSpacing="xs" striped stickyHeader aria-label={t('import.errorsTitle')} data-testid="import-errors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={80}>{t('import.row')}</Table.Th>
              <Table.Th w={170}>{t('import.column')}</Table.Th>
              <Table.Th w={240}>{t('import.reason')}</Table.Th>
              <Table.Th>{t('import.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {errors.map((e, i) => (
              <Table.Tr key={`${e.row}-${e.column ?? ''}-${i}`}>
                <Table.Td fz="sm">{e.row > 0 ? e.row : t('import.wholeFile')}</Table.Td>
                <Table.Td fz="sm">{e.column ?? '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`import.problems.${e.code}`, { defaultValue: t('import.problems.other') })}</Text>
                  <Code fz="xs">{e.code}</Code>
                </Table.Td>
                <Table.Td fz="sm">{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Paper>
  );
}

/** "Nothing was imported", and why. */
export function ImportFailed({ errors }: { errors: ImportRowError[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('import.failedTitle')} role="alert">
        <Text size="sm">{t('import.failedBody', { count: errors.length })}</Text>
      </Alert>
      {errors.length > 0 && <ImportErrorsTable errors={errors} />}
    </Stack>
  );
}

/** The outcome of a finished job: counts on success; on failure, every problem by row. */
export function ImportResult({ job }: { job: ImportJobDto }) {
  const { t } = useTranslation();
  if (job.status === 'succeeded') {
    return (
      <Alert color="ok" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('import.succeededTitle')} role="status">
        <Text size="sm">{t('import.succeededBody', { created: job.createdCount.toLocaleString(), updated: job.updatedCount.toLocaleString(), total: job.totalRows.toLocaleString() })}</Text>
      </Alert>
    );
  }
  return <ImportFailed errors={job.errors} />;
}
