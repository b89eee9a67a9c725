import { Button, FileInput, Group, Paper, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconDownload, IconFileSpreadsheet, IconFileTypeCsv, IconUpload } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type ComponentProps, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportKind } from '../../../shared/org.js';
import { ApiError, type UploadHandle } from '../../api/client.js';
import { isFinished, isWorkbook, startImport, templateUrl, useImportJob, type ImportEncodingChoice } from '../../api/imports.js';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { PageHeader } from '../../components/page-header.js';
import { ImportProgress } from './import-progress.js';
import { ImportFailed, ImportResult, rejectedFileProblems } from './import-result.js';

const ENCODINGS: ImportEncodingChoice[] = ['auto', 'utf-8', 'shift_jis'];
const ACCEPT = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface ImportPageProps {
  /** The kinds offered; by default every kind the person may import. */
  kinds?: readonly ImportKind[];
  title?: string;
  description?: string;
  /** Above the title (a link back). */
  above?: ReactNode;
  /** After a successful import (e.g. a link to the list it filled). */
  after?: (kind: ImportKind) => ReactNode;
}

/**
 * Import of institutions, people or assets from CSV (UTF-8 or Shift_JIS) or an Excel workbook:
 * templates, upload and processing progress, and a row-by-row report of every problem.
 */
export function ImportPage({ kinds, title, description, above, after }: ImportPageProps) {
  const { t } = useTranslation();
  const can = useCan();
  const offered = useMemo(
    () => kinds ?? ([...(can('import.run') ? (['institutions', 'people'] as const) : []), ...(can('asset.manage') ? (['assets'] as const) : [])] as ImportKind[]),
    [kinds, can],
  );
  const [kind, setKind] = useState<ImportKind>(offered[0] ?? 'institutions');
  const [encoding, setEncoding] = useState<ImportEncodingChoice>('auto');
  const [sheet, setSheet] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [upload, setUpload] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const handle = useRef<UploadHandle<unknown> | null>(null);
  const job = useImportJob(jobId);
  const running = upload !== null || (!!jobId && !isFinished(job.data) && !job.error);
  const workbook = isWorkbook(file);

  useEffect(() => () => handle.current?.abort(), []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setFileError(t('import.chooseFile'));
      return;
    }
    setFileError(null);
    setUploadError(null);
    setJobId(null);
    setUpload(0);
    const h = startImport(kind, encoding, file, setUpload, workbook ? sheet : undefined);
    handle.current = h;
    h.promise
      .then((created) => {
        setUpload(null);
        setJobId(created.id);
      })
      .catch((err: unknown) => {
        setUpload(null);
        if (!(err instanceof DOMException && err.name === 'AbortError')) setUploadError(err);
      });
  };

  const reset = () => {
    setJobId(null);
    setFile(null);
    setSheet('');
    setUploadError(null);
  };

  const details = uploadError instanceof ApiError ? uploadError.fieldIssues : [];
  const rejected = rejectedFileProblems(uploadError);
  const template = (lang: 'ja' | 'en', format: 'csv' | 'xlsx') => (
    <Button
      key={`${lang}-${format}`}
      component="a"
      href={templateUrl(kind, lang, format)}
      download
      variant="default"
      leftSection={format === 'xlsx' ? <IconFileSpreadsheet size={16} aria-hidden /> : <IconDownload size={16} aria-hidden />}
      data-testid={`import-template-${format}-${lang}`}
    >
      {t(`import.templates.${format}.${lang}`)}
    </Button>
  );
  return (
    <Stack gap="lg" maw={1080}>
      <PageHeader title={title ?? t('import.title')} description={description ?? t('import.description')} above={above} />
      <Paper withBorder radius="md" p="lg">
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="lg">
            {offered.length > 1 && (
              <Radio.Group label={t('import.kind')} value={kind} onChange={(v) => setKind(offered.find((k) => k === v) ?? kind)}>
                <Group gap="xl" mt="xs">
                  {offered.map((k) => (
                    <Radio key={k} value={k} label={t(`import.kinds.${k}`)} disabled={running} />
                  ))}
                </Group>
              </Radio.Group>
            )}

            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t('import.template')}
              </Text>
              <Text size="sm" c="dimmed">
                {t('import.templateHint')}
              </Text>
              <Group gap="sm">
                {template('ja', 'xlsx')}
                {template('en', 'xlsx')}
                {template('ja', 'csv')}
                {template('en', 'csv')}
              </Group>
            </Stack>

            <Group align="flex-start" gap="md" wrap="wrap">
              <FileInput
                label={t('import.file')}
                description={t('import.fileHint')}
                placeholder={t('import.filePlaceholder')}
                accept={ACCEPT}
                fileInputProps={{ 'data-testid': 'import-file-input' } as ComponentProps<'input'>}
                value={file}
                onChange={(f) => {
                  setFile(f);
                  setFileError(null);
                }}
                error={fileError}
                clearable
                clearButtonProps={{ 'aria-label': t('common.clear') }}
                leftSection={workbook ? <IconFileSpreadsheet size={18} aria-hidden /> : <IconFileTypeCsv size={18} aria-hidden />}
                disabled={running}
                required
                w={{ base: '100%', sm: 380 }}
              />
              {workbook ? (
                <TextInput
                  label={t('import.sheet')}
                  description={t('import.sheetHint')}
                  placeholder={t('import.sheetPlaceholder')}
                  value={sheet}
                  onChange={(e) => setSheet(e.currentTarget.value)}
                  disabled={running}
                  maxLength={100}
                  w={{ base: '100%', sm: 240 }}
                  data-testid="import-sheet"
                />
              ) : (
                <Select
                  label={t('import.encoding')}
                  description={t('import.encodingHint')}
                  data={ENCODINGS.map((e) => ({ value: e, label: t(`import.encodings.${e}`) }))}
                  value={encoding}
                  onChange={(v) => setEncoding((v as ImportEncodingChoice | null) ?? 'auto')}
                  allowDeselect={false}
                  disabled={running}
                  w={{ base: '100%', sm: 240 }}
                  data-testid="import-encoding"
                />
              )}
            </Group>

            <Group>
              <Button type="submit" leftSection={<IconUpload size={16} aria-hidden />} loading={running} disabled={running}>
                {t('import.start')}
              </Button>
              {((jobId && isFinished(job.data)) || uploadError !== null) && (
                <Button variant="default" onClick={reset}>
                  {t('import.again')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Paper>

      {(upload !== null || jobId) && !job.error && (
        <Paper withBorder radius="md" p="lg">
          <Title order={2} fz="lg" mb="md">
            {t('import.progressTitle')}
          </Title>
          <ImportProgress upload={upload} job={job.data} />
        </Paper>
      )}
      {uploadError !== null &&
        (rejected ? (
          <ImportFailed errors={rejected} />
        ) : (
          <Stack gap="xs">
            <ErrorAlert error={uploadError} title={t('import.uploadFailed')} />
            {details.map((d) => (
              <Text key={`${d.path}:${d.message}`} size="sm" c="red.8">
                {d.path}: {d.message}
              </Text>
            ))}
          </Stack>
        ))}
      {job.error && <ErrorAlert error={job.error} />}
      {job.data && isFinished(job.data) && (
        <Stack gap="sm">
          <ImportResult job={job.data} />
          {job.data.status === 'succeeded' && after?.(job.data.kind)}
        </Stack>
      )}
    </Stack>
  );
}
