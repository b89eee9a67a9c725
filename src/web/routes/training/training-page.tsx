import { Anchor, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { NewCourseForm, type AssignmentSummaryDto, type CourseSummaryDto } from '../../../shared/training.js';
import { useCan } from '../../api/session.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { useSchemaForm } from '../../lib/form.js';
import { useLang } from '../../lib/use-lang.js';
import { useCourses, useCreateCourse, useMyAssignments } from './api.js';

export function AssignmentStatus({ a }: { a: Pick<AssignmentSummaryDto, 'completedAt' | 'overdue'> }) {
  const { t } = useTranslation();
  if (a.completedAt) return <Badge color="teal">{t('training.status.completed')}</Badge>;
  if (a.overdue) return <Badge color="red">{t('training.status.overdue')}</Badge>;
  return <Badge color="blue">{t('training.status.pending')}</Badge>;
}

export function CourseStatusBadge({ status }: { status: CourseSummaryDto['status'] }) {
  const { t } = useTranslation();
  return <Badge color={status === 'published' ? 'teal' : status === 'draft' ? 'gray' : 'dark'}>{t(`training.courseStatus.${status}`)}</Badge>;
}

function MyCourses() {
  const { t } = useTranslation();
  const lang = useLang();
  const q = useMyAssignments();
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data.items.length) return <EmptyList title={t('training.mine.empty')} description={t('training.mine.emptyText')} />;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
      {q.data.items.map((a) => (
        <Card key={a.id} withBorder radius="md" padding="md">
          <Stack gap="xs">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text fw={600}>{lang === 'ja' ? a.courseTitleJa : a.courseTitleEn}</Text>
              <AssignmentStatus a={a} />
            </Group>
            <Text size="sm" c="dimmed">
              {a.completedAt ? t('training.mine.completedOn', { date: a.completedAt.slice(0, 10), score: a.bestScore ?? 0 }) : t('training.mine.dueOn', { date: a.dueOn })}
            </Text>
            {a.requiredForAccount && !a.completedAt && (
              <Text size="sm" c="red.8">
                {t('training.mine.required')}
              </Text>
            )}
            <Group>
              <Button component={Link} to={`/training/assignments/${a.id}`} size="sm" variant={a.completedAt ? 'default' : 'filled'} aria-label={`${a.completedAt ? t('training.mine.review') : t('training.mine.take')}: ${lang === 'ja' ? a.courseTitleJa : a.courseTitleEn}`}>
                {a.completedAt ? t('training.mine.review') : t('training.mine.take')}
              </Button>
            </Group>
          </Stack>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function NewCourseModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateCourse();
  const form = useSchemaForm(NewCourseForm, { code: '', titleJa: '', titleEn: '', recurrence: 'none' });
  return (
    <Modal opened={opened} onClose={onClose} title={t('training.courses.newTitle')}>
      <form
        ref={form.ref}
        noValidate
        onSubmit={form.submit((values) =>
          create.mutate({ ...values, audience: { roles: [], unitIds: [], institutionIds: [], researchGroupIds: [] } }, { onSuccess: (c) => navigate(`/training/courses/${c.id}`), onError: form.showServerError }),
        )}
      >
        <Stack gap="sm">
          <TextInput label={t('training.fields.code')} description={t('training.fields.codeHint')} {...form.getInputProps('code')} required />
          <TextInput label={t('training.fields.titleJa')} {...form.getInputProps('titleJa')} required />
          <TextInput label={t('training.fields.titleEn')} {...form.getInputProps('titleEn')} required />
          <Select
            label={t('training.fields.recurrence')}
            data={[
              { value: 'none', label: t('training.recurrence.none') },
              { value: 'fiscal_year', label: t('training.recurrence.fiscal_year') },
            ]}
            allowDeselect={false}
            {...form.getInputProps('recurrence')}
          />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('training.courses.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Authoring() {
  const { t } = useTranslation();
  const lang = useLang();
  const q = useCourses();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} fz="lg">
          {t('training.courses.title')}
        </Title>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
          {t('training.courses.new')}
        </Button>
      </Group>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : !q.data.items.length ? (
        <EmptyList title={t('training.courses.empty')} description={t('training.courses.emptyText')} />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('training.fields.code')}</Table.Th>
                <Table.Th>{t('training.fields.title')}</Table.Th>
                <Table.Th>{t('training.fields.status')}</Table.Th>
                <Table.Th>{t('training.fields.recurrence')}</Table.Th>
                <Table.Th>{t('training.courses.progress')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.code}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/training/courses/${c.id}`}>
                      {lang === 'ja' ? c.titleJa : c.titleEn}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <CourseStatusBadge status={c.status} />
                  </Table.Td>
                  <Table.Td>{t(`training.recurrence.${c.recurrence}`)}</Table.Td>
                  <Table.Td>{c.status === 'draft' ? '—' : t('training.courses.completedOf', { done: c.completed, total: c.assigned })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <NewCourseModal opened={opened} onClose={close} />
    </Stack>
  );
}

/** Training (P32-6): the courses the person must take, and for course authors the catalogue. */
export function TrainingPage() {
  const { t } = useTranslation();
  const can = useCan();
  return (
    <>
      <PageHeader title={t('training.title')} description={t('training.description')} />
      <Stack gap="xl">
        <Stack gap="sm">
          <Title order={2} fz="lg">
            {t('training.mine.title')}
          </Title>
          <MyCourses />
        </Stack>
        {can('course.manage') && <Authoring />}
      </Stack>
    </>
  );
}
