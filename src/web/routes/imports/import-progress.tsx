import { Group, Progress, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportJobDto } from '../../../shared/org.js';

interface ImportProgressProps {
  /** Upload fraction 0–1, or null once the upload is over. */
  upload: number | null;
  job: ImportJobDto | undefined;
}

function Bar({ label, value, detail, animated }: { label: string; value: number; detail: string; animated?: boolean }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Text size="sm" c="dimmed">
          {detail}
        </Text>
      </Group>
      <Progress value={value} size="lg" radius="xl" animated={animated} striped={animated} aria-label={label} />
    </Stack>
  );
}

/** Two bars: the upload (bytes sent), then the server's work (rows processed of rows found). */
export function ImportProgress({ upload, job }: ImportProgressProps) {
  const { t } = useTranslation();
  const uploadPct = upload === null ? 100 : Math.round(upload * 100);
  const total = job?.totalRows ?? 0;
  const done = job?.processedRows ?? 0;
  const processPct = total > 0 ? Math.round((done / total) * 100) : job && job.status !== 'queued' ? 5 : 0;
  const status = job ? t(`import.status.${job.status}`) : t('import.status.queued');
  return (
    <Stack gap="md" role="status" aria-live="polite">
      <Bar label={t('import.uploadProgress')} value={uploadPct} detail={`${uploadPct}%`} animated={upload !== null && upload < 1} />
      {upload === null && (
        <Bar
          label={t('import.processProgress')}
          value={processPct}
          detail={total > 0 && job && job.status !== 'succeeded' && job.status !== 'failed' ? `${status} · ${t('import.rowsOf', { done: done.toLocaleString(), total: total.toLocaleString() })}` : total > 0 ? t('import.rowsOf', { done: done.toLocaleString(), total: total.toLocaleString() }) : status}
          animated={!!job && job.status !== 'succeeded' && job.status !== 'failed'}
        />
      )}
    </Stack>
  );
}
