import { ActionIcon, Button, Checkbox, Group, Modal, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SaveQuestion, type CourseDto, type QuestionDto, type SaveQuestionInput } from '../../../shared/training.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { useSchemaForm } from '../../lib/form.js';
import { useLang } from '../../lib/use-lang.js';
import { useDeleteQuestion, useSaveQuestion } from './api.js';

const emptyQuestion = (): SaveQuestionInput => ({
  kind: 'single',
  promptJa: '',
  promptEn: '',
  explanationJa: '',
  explanationEn: '',
  options: [
    { textJa: '', textEn: '', correct: true },
    { textJa: '', textEn: '', correct: false },
  ],
});

type EditedQuestion = SaveQuestionInput & { id?: string };

/** Adds a question to the pool, or edits one: the prompt, two to ten options (the correct ones checked), the explanation. */
function QuestionModal({ courseId, question, onClose }: { courseId: string; question: EditedQuestion | null; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveQuestion(courseId);
  const { id, ...initial }: EditedQuestion = question ?? emptyQuestion();
  const form = useSchemaForm(SaveQuestion, initial);
  const options = form.values.options;
  /** Checking an option of a single-choice question unchecks the others. */
  const setCorrect = (i: number, correct: boolean) =>
    form.setFieldValue(
      'options',
      options.map((p, j) => (j === i ? { ...p, correct } : form.values.kind === 'single' && correct ? { ...p, correct: false } : p)),
    );
  return (
    <Modal opened onClose={onClose} title={id ? t('training.editor.editQuestion') : t('training.editor.addQuestion')} size="xl">
      <form ref={form.ref} noValidate onSubmit={form.submit((values) => save.mutate({ id, ...values }, { onSuccess: onClose, onError: form.showServerError }))}>
        <Stack gap="sm">
          <Select
            label={t('training.editor.kind')}
            data={[
              { value: 'single', label: t('training.kind.single') },
              { value: 'multiple', label: t('training.kind.multiple') },
            ]}
            allowDeselect={false}
            {...form.getInputProps('kind')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea label={t('training.editor.promptJa')} {...form.getInputProps('promptJa')} required autosize minRows={2} />
            <Textarea label={t('training.editor.promptEn')} {...form.getInputProps('promptEn')} required autosize minRows={2} />
          </SimpleGrid>
          <Text fw={600} size="sm">
            {t('training.editor.options')}
          </Text>
          {options.map((o, i) => (
            <Group key={i} align="flex-end" wrap="nowrap" gap="xs">
              <Checkbox label={t('training.editor.correct')} checked={o.correct} onChange={(e) => setCorrect(i, e.currentTarget.checked)} mb={8} />
              <TextInput style={{ flex: 1 }} label={t('training.editor.optionJa', { n: i + 1 })} {...form.getInputProps(`options.${i}.textJa`)} required />
              <TextInput style={{ flex: 1 }} label={t('training.editor.optionEn', { n: i + 1 })} {...form.getInputProps(`options.${i}.textEn`)} required />
              <ActionIcon variant="subtle" color="red" mb={6} disabled={options.length <= 2} aria-label={t('training.editor.removeOption', { n: i + 1 })} onClick={() => form.removeListItem('options', i)}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          {form.errors.options && (
            <Text size="sm" c="red.8" role="alert">
              {t(form.values.kind === 'single' ? 'training.editor.oneCorrect' : 'training.editor.someCorrect')}
            </Text>
          )}
          <Group>
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} disabled={options.length >= 10} onClick={() => form.insertListItem('options', { textJa: '', textEn: '', correct: false })}>
              {t('training.editor.addOption')}
            </Button>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea label={t('training.editor.explanationJa')} {...form.getInputProps('explanationJa')} autosize minRows={2} />
            <Textarea label={t('training.editor.explanationEn')} {...form.getInputProps('explanationEn')} autosize minRows={2} />
          </SimpleGrid>
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The question pool: each question with its correct options marked; adding, editing and deleting them. */
export function QuestionPool({ c, readOnly }: { c: CourseDto; readOnly: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const del = useDeleteQuestion();
  const [editing, setEditing] = useState<EditedQuestion | null | 'new'>(null);
  const asInput = (q: QuestionDto): EditedQuestion & { id: string } => ({ id: q.id, kind: q.kind, promptJa: q.promptJa, promptEn: q.promptEn, explanationJa: q.explanationJa, explanationEn: q.explanationEn, options: q.options.map((o) => ({ textJa: o.textJa, textEn: o.textEn, correct: o.correct })) });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} fz="lg">
          {t('training.editor.pool', { count: c.questions.length, perAttempt: c.questionsPerAttempt })}
        </Title>
        {!readOnly && (
          <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            {t('training.editor.addQuestion')}
          </Button>
        )}
      </Group>
      {c.questions.map((q, i) => (
        <Paper key={q.id} withBorder p="sm" radius="md">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {i + 1}. {lang === 'ja' ? q.promptJa : q.promptEn}{' '}
                <Text span size="xs" c="dimmed">
                  （{t(`training.kind.${q.kind}`)}）
                </Text>
              </Text>
              {q.options.map((o) => (
                <Text key={o.id} size="sm" c={o.correct ? 'ok.8' : undefined}>
                  {o.correct ? '✓' : '・'} {lang === 'ja' ? o.textJa : o.textEn}
                </Text>
              ))}
            </Stack>
            {!readOnly && (
              <Group gap={4} wrap="nowrap">
                <Button size="xs" variant="subtle" onClick={() => setEditing(asInput(q))}>
                  {t('common.edit')}
                </Button>
                <ActionIcon variant="subtle" color="red" aria-label={t('training.editor.deleteQuestion', { n: i + 1 })} onClick={() => del.mutate(q.id)}>
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              </Group>
            )}
          </Group>
        </Paper>
      ))}
      <ErrorAlert error={del.error} />
      {editing && <QuestionModal courseId={c.id} question={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
