import { Anchor, Button, Group, Stack, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useAddLesson, useCourse, usePublishCourse, useRetireCourse } from './api.js';
import { CourseSettings, settingsKey } from './course-settings.js';
import { LessonEditor } from './lesson-editor.js';
import { QuestionPool } from './question-pool.js';
import { CourseStatusBadge } from './training-page.js';

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
        <CourseSettings key={settingsKey(c)} c={c} readOnly={readOnly} />
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
