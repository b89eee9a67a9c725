import { useQueryClient } from '@tanstack/react-query';
import { ActionIcon, Anchor, Button, Checkbox, FileInput, Group, Modal, MultiSelect, NumberInput, Paper, Progress, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ROLES } from '../../../shared/roles.js';
import type { CourseDto, LessonDto, QuestionDto, SaveQuestionInput } from '../../../shared/training.js';
import { useOrgOptions } from '../../api/org-options.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { Markdown } from '../../components/markdown.js';
import { PageHeader } from '../../components/page-header.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { uploadLessonFile, useAddLesson, useCourse, useDeleteFile, useDeleteLesson, useDeleteQuestion, usePublishCourse, useRetireCourse, useSaveQuestion, useUpdateCourse, useUpdateLesson, TRAINING_KEY } from './api.js';
import { CourseStatusBadge } from './training-page.js';

function Settings({ c, readOnly }: { c: CourseDto; readOnly: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const org = useOrgOptions();
  const save = useUpdateCourse(c.id);
  const [f, setF] = useState({ ...c });
  const set = <K extends keyof CourseDto>(k: K, v: CourseDto[K]) => setF((x) => ({ ...x, [k]: v }));
  const opts = (list: { id: string; nameJa: string; nameEn: string }[] | undefined) => (list ?? []).map((r) => ({ value: r.id, label: lang === 'ja' ? r.nameJa : r.nameEn }));
  return (
    <Paper withBorder p="md" radius="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            {
              code: f.code,
              titleJa: f.titleJa,
              titleEn: f.titleEn,
              descriptionJa: f.descriptionJa,
              descriptionEn: f.descriptionEn,
              audience: f.audience,
              passMark: f.passMark,
              maxAttempts: f.maxAttempts,
              questionsPerAttempt: f.questionsPerAttempt,
              dueDays: f.dueDays,
              recurrence: f.recurrence,
              requiredForAccount: f.requiredForAccount,
            },
            { onSuccess: () => notify(t('training.editor.saved')) },
          );
        }}
      >
        <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0 }}>
          <Stack gap="sm">
            <Title order={2} fz="lg">
              {t('training.editor.settings')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('training.fields.titleJa')} value={f.titleJa} onChange={(e) => set('titleJa', e.currentTarget.value)} required />
              <TextInput label={t('training.fields.titleEn')} value={f.titleEn} onChange={(e) => set('titleEn', e.currentTarget.value)} required />
              <Textarea label={t('training.fields.descriptionJa')} value={f.descriptionJa} onChange={(e) => set('descriptionJa', e.currentTarget.value)} autosize minRows={2} />
              <Textarea label={t('training.fields.descriptionEn')} value={f.descriptionEn} onChange={(e) => set('descriptionEn', e.currentTarget.value)} autosize minRows={2} />
            </SimpleGrid>
            <Text fw={600} size="sm">
              {t('training.fields.audience')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('training.fields.audienceHint')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <MultiSelect label={t('training.fields.roles')} data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} value={f.audience.roles} onChange={(v) => set('audience', { ...f.audience, roles: v as CourseDto['audience']['roles'] })} clearable />
              <MultiSelect label={t('training.fields.units')} data={opts(org.data?.units)} value={f.audience.unitIds} onChange={(v) => set('audience', { ...f.audience, unitIds: v })} searchable clearable />
              <MultiSelect label={t('training.fields.institutions')} data={opts(org.data?.institutions)} value={f.audience.institutionIds} onChange={(v) => set('audience', { ...f.audience, institutionIds: v })} searchable clearable />
              <MultiSelect label={t('training.fields.researchGroups')} data={opts(org.data?.researchGroups)} value={f.audience.researchGroupIds} onChange={(v) => set('audience', { ...f.audience, researchGroupIds: v })} searchable clearable />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <NumberInput label={t('training.fields.passMark')} min={0} max={100} value={f.passMark} onChange={(v) => set('passMark', Number(v) || 0)} />
              <NumberInput label={t('training.fields.questionsPerAttempt')} min={1} max={100} value={f.questionsPerAttempt} onChange={(v) => set('questionsPerAttempt', Number(v) || 1)} />
              <NumberInput label={t('training.fields.maxAttempts')} description={t('training.fields.maxAttemptsHint')} min={1} max={100} value={f.maxAttempts ?? ''} onChange={(v) => set('maxAttempts', v === '' ? null : Number(v))} />
              <NumberInput label={t('training.fields.dueDays')} min={1} max={365} value={f.dueDays} onChange={(v) => set('dueDays', Number(v) || 1)} />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('training.fields.recurrence')}
                data={[
                  { value: 'none', label: t('training.recurrence.none') },
                  { value: 'fiscal_year', label: t('training.recurrence.fiscal_year') },
                ]}
                value={f.recurrence}
                onChange={(v) => set('recurrence', (v as CourseDto['recurrence']) ?? 'none')}
                allowDeselect={false}
                disabled={c.status !== 'draft'}
              />
              <Switch mt="lg" label={t('training.fields.requiredForAccount')} description={t('training.fields.requiredForAccountHint')} checked={f.requiredForAccount} onChange={(e) => set('requiredForAccount', e.currentTarget.checked)} />
            </SimpleGrid>
            <ErrorAlert error={save.error} />
            {!readOnly && (
              <Group>
                <Button type="submit" loading={save.isPending}>
                  {t('common.save')}
                </Button>
              </Group>
            )}
          </Stack>
        </fieldset>
      </form>
    </Paper>
  );
}

function LessonFiles({ lesson, readOnly }: { lesson: LessonDto; readOnly: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const del = useDeleteFile();
  const [file, setFile] = useState<File | null>(null);
  const [captionJa, setCaptionJa] = useState('');
  const [captionEn, setCaptionEn] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
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
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <FileInput label={t('training.editor.file')} description={t('training.editor.fileHint')} accept="image/png,image/jpeg,application/pdf" value={file} onChange={setFile} clearable />
          <TextInput label={t('training.editor.captionJa')} value={captionJa} onChange={(e) => setCaptionJa(e.currentTarget.value)} />
          <TextInput label={t('training.editor.captionEn')} value={captionEn} onChange={(e) => setCaptionEn(e.currentTarget.value)} />
          <Button
            mt="lg"
            variant="default"
            disabled={!file}
            loading={progress !== null}
            onClick={() => {
              if (!file) return;
              setError(null);
              setProgress(0);
              uploadLessonFile(lesson.id, file, captionJa, captionEn, setProgress)
                .promise.then(() => {
                  setFile(null);
                  setCaptionJa('');
                  setCaptionEn('');
                  void qc.invalidateQueries({ queryKey: TRAINING_KEY });
                })
                .catch(setError)
                .finally(() => setProgress(null));
            }}
          >
            {t('training.editor.upload')}
          </Button>
        </SimpleGrid>
      )}
      {progress !== null && <Progress value={progress * 100} aria-label={t('training.editor.uploading')} />}
      <ErrorAlert error={error ?? del.error} />
    </Stack>
  );
}

function LessonEditor({ lesson, index, count, readOnly }: { lesson: LessonDto; index: number; count: number; readOnly: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const update = useUpdateLesson();
  const del = useDeleteLesson();
  const [f, setF] = useState({ titleJa: lesson.titleJa, titleEn: lesson.titleEn, bodyJa: lesson.bodyJa, bodyEn: lesson.bodyEn });
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
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('training.fields.titleJa')} value={f.titleJa} onChange={(e) => setF({ ...f, titleJa: e.currentTarget.value })} readOnly={readOnly} />
          <TextInput label={t('training.fields.titleEn')} value={f.titleEn} onChange={(e) => setF({ ...f, titleEn: e.currentTarget.value })} readOnly={readOnly} />
          <Textarea label={t('training.editor.bodyJa')} description={t('training.editor.markdownHint')} value={f.bodyJa} onChange={(e) => setF({ ...f, bodyJa: e.currentTarget.value })} autosize minRows={6} maxRows={20} readOnly={readOnly} />
          <Textarea label={t('training.editor.bodyEn')} description={t('training.editor.markdownHint')} value={f.bodyEn} onChange={(e) => setF({ ...f, bodyEn: e.currentTarget.value })} autosize minRows={6} maxRows={20} readOnly={readOnly} />
        </SimpleGrid>
        <Checkbox label={t('training.editor.preview')} checked={preview} onChange={(e) => setPreview(e.currentTarget.checked)} />
        {preview && (
          <Paper withBorder p="sm" bg="gray.0">
            <Markdown source={lang === 'ja' ? f.bodyJa : f.bodyEn} />
          </Paper>
        )}
        <ErrorAlert error={update.error ?? del.error} />
        {!readOnly && (
          <Group>
            <Button size="sm" onClick={() => update.mutate({ id: lesson.id, ...f }, { onSuccess: () => notify(t('training.editor.saved')) })} loading={update.isPending}>
              {t('training.editor.saveLesson')}
            </Button>
          </Group>
        )}
        <LessonFiles lesson={lesson} readOnly={readOnly} />
      </Stack>
    </Paper>
  );
}

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

function QuestionModal({ courseId, question, onClose }: { courseId: string; question: (SaveQuestionInput & { id?: string }) | null; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSaveQuestion(courseId);
  const [q, setQ] = useState<SaveQuestionInput & { id?: string }>(question ?? emptyQuestion());
  const setOption = (i: number, o: Partial<SaveQuestionInput['options'][number]>) =>
    setQ((x) => ({ ...x, options: x.options.map((p, j) => (j === i ? { ...p, ...o } : x.kind === 'single' && o.correct ? { ...p, correct: false } : p)) }));
  return (
    <Modal opened onClose={onClose} title={q.id ? t('training.editor.editQuestion') : t('training.editor.addQuestion')} size="xl">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(q, { onSuccess: onClose });
        }}
      >
        <Stack gap="sm">
          <Select
            label={t('training.editor.kind')}
            data={[
              { value: 'single', label: t('training.kind.single') },
              { value: 'multiple', label: t('training.kind.multiple') },
            ]}
            value={q.kind}
            onChange={(v) => setQ({ ...q, kind: (v as 'single' | 'multiple') ?? 'single' })}
            allowDeselect={false}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea label={t('training.editor.promptJa')} value={q.promptJa} onChange={(e) => setQ({ ...q, promptJa: e.currentTarget.value })} required autosize minRows={2} />
            <Textarea label={t('training.editor.promptEn')} value={q.promptEn} onChange={(e) => setQ({ ...q, promptEn: e.currentTarget.value })} required autosize minRows={2} />
          </SimpleGrid>
          <Text fw={600} size="sm">
            {t('training.editor.options')}
          </Text>
          {q.options.map((o, i) => (
            <Group key={i} align="flex-end" wrap="nowrap" gap="xs">
              <Checkbox label={t('training.editor.correct')} checked={o.correct} onChange={(e) => setOption(i, { correct: e.currentTarget.checked })} mb={8} />
              <TextInput style={{ flex: 1 }} label={t('training.editor.optionJa', { n: i + 1 })} value={o.textJa} onChange={(e) => setOption(i, { textJa: e.currentTarget.value })} required />
              <TextInput style={{ flex: 1 }} label={t('training.editor.optionEn', { n: i + 1 })} value={o.textEn} onChange={(e) => setOption(i, { textEn: e.currentTarget.value })} required />
              <ActionIcon variant="subtle" color="red" mb={6} disabled={q.options.length <= 2} aria-label={t('training.editor.removeOption', { n: i + 1 })} onClick={() => setQ({ ...q, options: q.options.filter((_, j) => j !== i) })}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} aria-hidden />} disabled={q.options.length >= 10} onClick={() => setQ({ ...q, options: [...q.options, { textJa: '', textEn: '', correct: false }] })}>
              {t('training.editor.addOption')}
            </Button>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea label={t('training.editor.explanationJa')} value={q.explanationJa} onChange={(e) => setQ({ ...q, explanationJa: e.currentTarget.value })} autosize minRows={2} />
            <Textarea label={t('training.editor.explanationEn')} value={q.explanationEn} onChange={(e) => setQ({ ...q, explanationEn: e.currentTarget.value })} autosize minRows={2} />
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

function QuestionPool({ c, readOnly }: { c: CourseDto; readOnly: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const del = useDeleteQuestion();
  const [editing, setEditing] = useState<(SaveQuestionInput & { id?: string }) | null | 'new'>(null);
  const asInput = (q: QuestionDto): SaveQuestionInput & { id: string } => ({ id: q.id, kind: q.kind, promptJa: q.promptJa, promptEn: q.promptEn, explanationJa: q.explanationJa, explanationEn: q.explanationEn, options: q.options.map((o) => ({ textJa: o.textJa, textEn: o.textEn, correct: o.correct })) });
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

/** Remounts the settings form when the saved settings change (not on lesson or question edits). */
const settingsKey = (c: CourseDto) =>
  JSON.stringify([c.code, c.titleJa, c.titleEn, c.descriptionJa, c.descriptionEn, c.audience, c.passMark, c.maxAttempts, c.questionsPerAttempt, c.dueDays, c.recurrence, c.requiredForAccount, c.status]);

/** The course editor: settings and audience, lessons with files, the question pool, publish / retire. */
export function CourseEditorPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { id } = useParams();
  const q = useCourse(id);
  const addLesson = useAddLesson(id ?? '');
  const publish = usePublishCourse(id ?? '');
  const retire = useRetireCourse(id ?? '');
  const [confirmPublish, publishModal] = useDisclosure(false);
  const [confirmRetire, retireModal] = useDisclosure(false);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const c = q.data;
  const readOnly = c.status === 'retired';
  return (
    <>
      <PageHeader
        title={lang === 'ja' ? c.titleJa : c.titleEn}
        badge={<CourseStatusBadge status={c.status} />}
        description={`${c.code} · ${c.status === 'draft' ? t('training.editor.draftHint') : t('training.courses.completedOf', { done: c.completed, total: c.assigned })}`}
        above={
          <Anchor component={Link} to="/training" size="sm">
            {t('training.player.back')}
          </Anchor>
        }
        actions={
          <>
            {c.status === 'draft' && <Button onClick={publishModal.open}>{t('training.editor.publish')}</Button>}
            {c.status === 'published' && (
              <Button variant="default" color="red" onClick={retireModal.open}>
                {t('training.editor.retire')}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="xl">
        <Settings key={settingsKey(c)} c={c} readOnly={readOnly} />
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} fz="lg">
              {t('training.editor.lessons')}
            </Title>
            {!readOnly && (
              <Button
                variant="default"
                leftSection={<IconPlus size={16} aria-hidden />}
                loading={addLesson.isPending}
                onClick={() => addLesson.mutate({ titleJa: t('training.editor.newLessonJa', { n: c.lessons.length + 1 }), titleEn: `Lesson ${c.lessons.length + 1}` })}
              >
                {t('training.editor.addLesson')}
              </Button>
            )}
          </Group>
          <ErrorAlert error={addLesson.error} />
          {c.lessons.map((l, i) => (
            <LessonEditor key={l.id} lesson={l} index={i} count={c.lessons.length} readOnly={readOnly} />
          ))}
        </Stack>
        <QuestionPool c={c} readOnly={readOnly} />
      </Stack>
      <ConfirmModal
        opened={confirmPublish}
        title={t('training.editor.publishTitle')}
        message={t('training.editor.publishText')}
        confirmLabel={t('training.editor.publish')}
        loading={publish.isPending}
        error={publish.error}
        onClose={publishModal.close}
        onConfirm={() =>
          publish.mutate(undefined, {
            onSuccess: (r) => {
              publishModal.close();
              notify(t('training.editor.published', { count: r.assigned }));
            },
          })
        }
      />
      <ConfirmModal
        opened={confirmRetire}
        title={t('training.editor.retireTitle')}
        message={t('training.editor.retireText')}
        confirmLabel={t('training.editor.retire')}
        color="red"
        loading={retire.isPending}
        error={retire.error}
        onClose={retireModal.close}
        onConfirm={() => retire.mutate(undefined, { onSuccess: retireModal.close })}
      />
    </>
  );
}
