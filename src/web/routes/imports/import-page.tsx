import { Button, FileInput, Group, Paper, Radio, Select, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconFileTypeCsv, IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ComponentProps, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportKind } from '../../../shared/org.js';
import { ApiError, type UploadHandle } from '../../api/client.js';
import { isFinished, startImport, templateUrl, useImportJob, type ImportEncodingChoice } from '../../api/imports.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { PageHeader } from '../../components/page-header.js';
import { ImportProgress } from './import-progress.js';
import { ImportFailed, ImportResult, rejectedFileProblems } from './import-result.js';

const ENCODINGS: ImportEncodingChoice[] = ['auto', 'utf-8', 'shift_jis'];

/** CSV import of institutions or people, with upload and processing progress and a row-by-row error report. */
export function ImportPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ImportKind>('institutions');
  const [encoding, setEncoding] = useState<ImportEncodingChoice>('auto');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [upload, setUpload] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const handle = useRef<UploadHandle<unknown> | null>(null);
  const job = useImportJob(jobId);
  const running = upload !== null || (!!jobId && !isFinished(job.data) && !job.error);

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
    const h = startImport(kind, encoding, file, setUpload);
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
    setUploadError(null);
  };

  const details = uploadError instanceof ApiError ? uploadError.fieldIssues : [];
  const rejected = rejectedFileProblems(uploadError);
  return (
    <Stack gap="lg" maw={960}>
      <PageHeader title={t('import.title')} description={t('import.description')} />
      <Paper withBorder radius="md" p="lg">
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="lg">
            <Radio.Group label={t('import.kind')} value={kind} onChange={(v) => setKind(v === 'people' ? 'people' : 'institutions')}>
              <Group gap="xl" mt="xs">
                <Radio value="institutions" label={t('import.kinds.institutions')} disabled={running} />
                <Radio value="people" label={t('import.kinds.people')} disabled={running} />
              </Group>
            </Radio.Group>

            <Stack gap={6}>
              <Text size="sm" fw={500}>
                {t('import.template')}
              </Text>
              <Text size="sm" c="dimmed">
                {t('import.templateHint')}
              </Text>
              <Group gap="sm">
                <Button component="a" href={templateUrl(kind, 'ja')} download variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
                  {t('import.templateJa')}
                </Button>
                <Button component="a" href={templateUrl(kind, 'en')} download variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
                  {t('import.templateEn')}
                </Button>
              </Group>
            </Stack>

            <Group align="flex-start" gap="md" wrap="wrap">
              <FileInput
                label={t('import.file')}
                description={t('import.fileHint')}
                placeholder={t('import.filePlaceholder')}
                accept=".csv,text/csv"
                fileInputProps={{ 'data-testid': 'import-file-input' } as ComponentProps<'input'>}
                value={file}
                onChange={(f) => {
                  setFile(f);
                  setFileError(null);
                }}
                error={fileError}
                clearable
                clearButtonProps={{ 'aria-label': t('common.clear') }}
                leftSection={<IconFileTypeCsv size={18} aria-hidden />}
                disabled={running}
                required
                w={{ base: '100%', sm: 380 }}
              />
              <Select
                label={t('import.encoding')}
                description={t('import.encodingHint')}
                data={ENCODINGS.map((e) => ({ value: e, label: t(`import.encodings.${e}`) }))}
                value={encoding}
                onChange={(v) => setEncoding((v as ImportEncodingChoice | null) ?? 'auto')}
                allowDeselect={false}
                disabled={running}
                w={{ base: '100%', sm: 240 }}
              />
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
      {job.data && isFinished(job.data) && <ImportResult job={job.data} />}
    </Stack>
  );
}
