import { Anchor, Badge, Button, Card, Group, Paper, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconBook, IconCertificate, IconCircleCheck, IconSchool } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyHistoryEntry, MyTask } from '../../../shared/coverage.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { useMyTaskList } from './api.js';

const title = (x: { titleJa: string; titleEn: string }, lang: string) => (lang === 'ja' ? x.titleJa || x.titleEn : x.titleEn || x.titleJa);
const cycleLabel = (cycle: string, t: (k: string, o?: Record<string, unknown>) => string) => (cycle === 'once' ? '' : t('myTasks.cycle', { year: cycle.replace(/^FY/, '') }));

/** One thing to do: a card that reads well on a phone, the action button full width there. */
function TaskCard({ task }: { task: MyTask }) {
  const { t } = useTranslation();
  const lang = useLang();
  const read = task.kind === 'read';
  const name = title(task, lang);
  return (
    <Card withBorder radius="md" padding="md" data-testid="my-task" data-kind={task.kind}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group align="flex-start" wrap="nowrap" gap="sm" style={{ flex: 1, minWidth: 220 }}>
          <ThemeIcon variant="light" color={read ? 'blue' : 'teal'} size="lg" radius="md" aria-hidden>
            {read ? <IconBook size={20} /> : <IconSchool size={20} />}
          </ThemeIcon>
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              {read ? t('myTasks.kindRead') : t('myTasks.kindTake')} · {task.code}
            </Text>
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {name}
            </Text>
            <Group gap="xs" wrap="wrap">
              <Text size="sm">{read ? t('myTasks.version', { version: task.version }) : cycleLabel(task.cycle, t) || t('myTasks.once')}</Text>
              <Text size="sm" c={task.overdue ? 'red.8' : undefined} fw={task.overdue ? 600 : undefined}>
                {t('myTasks.due', { date: task.dueOn })}
              </Text>
              {task.overdue && (
                <Badge color="red" variant="filled" size="sm">
                  {t('myTasks.overdue')}
                </Badge>
              )}
              {!read && task.attemptsLeft !== null && (
                <Text size="sm" c={task.attemptsLeft === 0 ? 'red.8' : 'dimmed'}>
                  {t('myTasks.attemptsLeft', { count: task.attemptsLeft })}
                </Text>
              )}
            </Group>
          </Stack>
        </Group>
        <Button component={Link} to={task.link} variant={task.overdue ? 'filled' : 'light'} color={task.overdue ? 'red' : undefined} aria-label={`${read ? t('myTasks.readAction') : t('myTasks.takeAction')}: ${name}`} miw={140}>
          {read ? t('myTasks.readAction') : t('myTasks.takeAction')}
        </Button>
      </Group>
    </Card>
  );
}

function History({ entries }: { entries: MyHistoryEntry[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!entries.length) return <Text c="dimmed">{t('myTasks.historyEmpty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped aria-label={t('myTasks.history')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('myTasks.when')}</Table.Th>
            <Table.Th>{t('myTasks.what')}</Table.Th>
            <Table.Th>{t('myTasks.versionCol')}</Table.Th>
            <Table.Th>{t('myTasks.result')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((h) => (
            <Table.Tr key={`${h.kind}:${h.id}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTokyo(h.at)}</Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {h.code}
                </Text>
                {title(h, lang)}
              </Table.Td>
              <Table.Td>{h.kind === 'acknowledged' ? h.version : cycleLabel(h.version, t) || t('myTasks.once')}</Table.Td>
              <Table.Td>
                {h.kind === 'acknowledged' ? (
                  <Group gap={4} wrap="nowrap">
                    <IconCircleCheck size={16} aria-hidden color="var(--mantine-color-green-8)" />
                    <Text size="sm">{t('myTasks.acknowledged')}</Text>
                  </Group>
                ) : (
                  <Stack gap={2}>
                    <Text size="sm">{h.bestScore !== null ? t('myTasks.passedWith', { score: h.bestScore }) : t('myTasks.completed')}</Text>
                    {h.certificateUrl && (
                      <Anchor href={`${h.certificateUrl}?lang=${lang}`} download size="sm">
                        <Group gap={4} wrap="nowrap" component="span">
                          <IconCertificate size={16} aria-hidden />
                          {t('myTasks.certificate')}
                          {h.certificateNo ? ` ${h.certificateNo}` : ''}
                        </Group>
                      </Anchor>
                    )}
                  </Stack>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** /my-tasks: what to read and take (overdue first) and what the person has already done. */
export function MyTasksPage() {
  const { t } = useTranslation();
  const q = useMyTaskList();
  return (
    <>
      <PageHeader title={t('myTasks.title')} description={t('myTasks.description')} />
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : (
        <Stack gap="xl">
          <section aria-labelledby="my-tasks-todo">
            <Title order={2} fz="lg" mb="sm" id="my-tasks-todo">
              {t('myTasks.todo', { count: q.data.tasks.length })}
            </Title>
            {q.data.tasks.length ? (
              <Stack gap="sm">
                {q.data.tasks.map((task) => (
                  <TaskCard key={`${task.kind}:${task.id}`} task={task} />
                ))}
              </Stack>
            ) : (
              <Paper withBorder radius="md" p="lg">
                <Group gap="sm">
                  <IconCircleCheck size={22} aria-hidden color="var(--mantine-color-green-8)" />
                  <Text>{t('myTasks.allDone')}</Text>
                </Group>
              </Paper>
            )}
          </section>
          <section aria-labelledby="my-tasks-history">
            <Title order={2} fz="lg" mb="sm" id="my-tasks-history">
              {t('myTasks.history')}
            </Title>
            <History entries={q.data.history} />
          </section>
        </Stack>
      )}
    </>
  );
}
