import { ActionIcon, Anchor, Button, Checkbox, FileInput, Group, Paper, Progress, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LessonFileCaptions, SaveLesson, type LessonDto } from '../../../shared/training.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Markdown } from '../../components/markdown.js';
import { useSchemaForm } from '../../lib/form.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { TRAINING_KEY, uploadLessonFile, useDeleteFile, useDeleteLesson, useUpdateLesson } from './api.js';

/** A lesson's images and PDF files: the list, and uploading one with its captions. */
function LessonFiles({ lesson, readOnly }: { lesson: LessonDto; readOnly: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const del = useDeleteFile();
  // The file is picked, not typed: it stays outside the form's values (the multipart request carries it).
  const [file, setFile] = useState<File | null>(null);
  const form = useSchemaForm(LessonFileCaptions, { captionJa: '', captionEn: '' });
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const start = form.submit(({ captionJa, captionEn }) => {
    if (!file) return;
    setError(null);
    setProgress(0);
    uploadLessonFile(lesson.id, file, captionJa, captionEn, setProgress)
      .promise.then(() => {
        setFile(null);
        form.reset();
        void qc.invalidateQueries({ queryKey: TRAINING_KEY });
      })
      .catch((e: unknown) => {
        if (!form.showServerError(e)) setError(e);
      })
      .finally(() => setProgress(null));
  });
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('training.editor.files')}
      </Text>
      {lesson.files.map((f) => (
        <Group key={f.id} gap="xs">
          <Anchor href={f.url} target="_blank" rel="noopener" size="sm">
            {f.fileName}
          </Anchor>
          <Text size="xs" c="dimmed">
            {f.contentType} · {Math.ceil(f.size / 1024)} KB
          </Text>
          {!readOnly && (
            <ActionIcon variant="subtle" color="red" aria-label={t('training.editor.deleteFile', { name: f.fileName })} onClick={() => del.mutate(f.id)}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
      ))}
      {!readOnly && (
        <form ref={form.ref} noValidate onSubmit={start}>
          <SimpleGrid cols={{ base: 1, sm: 4 }}>
            <FileInput label={t('training.editor.file')} description={t('training.editor.fileHint')} accept="image/png,image/jpeg,application/pdf" value={file} onChange={setFile} clearable />
            <TextInput label={t('training.editor.captionJa')} {...form.getInputProps('captionJa')} />
            <TextInput label={t('training.editor.captionEn')} {...form.getInputProps('captionEn')} />
            <Button type="submit" mt="lg" variant="default" disabled={!file} loading={progress !== null}>
              {t('training.editor.upload')}
            </Button>
          </SimpleGrid>
        </form>
      )}
      {progress !== null && <Progress value={progress * 100} aria-label={t('training.editor.uploading')} />}
      <ErrorAlert error={error ?? del.error} />
    </Stack>
  );
}

/** One lesson: its place among the lessons, titles and Markdown bodies (with a preview), and its files. */
export function LessonEditor({ lesson, index, count, readOnly }: { lesson: LessonDto; index: number; count: number; readOnly: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const update = useUpdateLesson();
  const del = useDeleteLesson();
  const form = useSchemaForm(SaveLesson, { titleJa: lesson.titleJa, titleEn: lesson.titleEn, bodyJa: lesson.bodyJa, bodyEn: lesson.bodyEn });
  const [preview, setPreview] = useState(false);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>{t('training.editor.lessonNo', { n: index + 1, title: lang === 'ja' ? lesson.titleJa : lesson.titleEn })}</Text>
          {!readOnly && (
            <Group gap={4}>
              <ActionIcon variant="subtle" aria-label={t('training.editor.moveUp')} disabled={index === 0} onClick={() => update.mutate({ id: lesson.id, position: index - 1 })}>
                <IconArrowUp size={16} aria-hidden />
              </ActionIcon>
              <ActionIcon variant="subtle" aria-label={t('training.editor.moveDown')} disabled={index === count - 1} onClick={() => update.mutate({ id: lesson.id, position: index + 1 })}>
                <IconArrowDown size={16} aria-hidden />
              </ActionIcon>
              <ActionIcon variant="subtle" color="red" aria-label={t('training.editor.deleteLesson')} onClick={() => del.mutate(lesson.id)}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          )}
        </Group>
        <form ref={form.ref} noValidate onSubmit={form.submit((values) => update.mutate({ id: lesson.id, ...values }, { onSuccess: () => notify(t('training.editor.saved')), onError: form.showServerError }))}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('training.fields.titleJa')} {...form.getInputProps('titleJa')} readOnly={readOnly} />
              <TextInput label={t('training.fields.titleEn')} {...form.getInputProps('titleEn')} readOnly={readOnly} />
              <Textarea label={t('training.editor.bodyJa')} description={t('training.editor.markdownHint')} {...form.getInputProps('bodyJa')} autosize minRows={6} maxRows={20} readOnly={readOnly} />
              <Textarea label={t('training.editor.bodyEn')} description={t('training.editor.markdownHint')} {...form.getInputProps('bodyEn')} autosize minRows={6} maxRows={20} readOnly={readOnly} />
            </SimpleGrid>
            <Checkbox label={t('training.editor.preview')} checked={preview} onChange={(e) => setPreview(e.currentTarget.checked)} />
            {preview && (
              <Paper withBorder p="sm" bg="gray.0">
                <Markdown source={(lang === 'ja' ? form.values.bodyJa : form.values.bodyEn) ?? ''} />
              </Paper>
            )}
            <ErrorAlert error={update.error ?? del.error} />
            {!readOnly && (
              <Group>
                <Button type="submit" size="sm" loading={update.isPending}>
                  {t('training.editor.saveLesson')}
                </Button>
              </Group>
            )}
          </Stack>
        </form>
        <LessonFiles lesson={lesson} readOnly={readOnly} />
      </Stack>
    </Paper>
  );
}
