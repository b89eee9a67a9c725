import { Badge, Card, Group, Paper, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconBuildingHospital,
  IconChecklist,
  IconCircleCheck,
  IconClipboardList,
  IconClockExclamation,
  IconFileDescription,
  IconKey,
  IconLifebuoy,
  IconMailExclamation,
  IconMoonStars,
  IconUsers,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ACCOUNT_SOON_DAYS } from '../../../shared/accounts.js';
import { TASK_SHARING_DAYS, type TaskKind } from '../../../shared/tasks.js';
import { usePeopleList } from '../../api/people.js';
import { useRegistryList } from '../../api/registry.js';
import { useCan, useSession } from '../../api/session.js';
import { useMyTasks } from '../../api/tasks.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { PageHeader } from '../../components/page-header.js';
import { personName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';

const ONE = { page: 1, pageSize: 1 };

interface CountCardProps {
  label: string;
  to: string;
  count: number | undefined;
  icon: Icon;
}

function CountCard({ label, to, count, icon: Icon }: CountCardProps) {
  const { t } = useTranslation();
  return (
    <Card component={Link} to={to} withBorder padding="lg" radius="md" aria-label={t('home.countLink', { label, count: count ?? 0 })}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          <Text fz={32} fw={700} lh={1.1} c="gray.9">
            {count === undefined ? '—' : count.toLocaleString()}
          </Text>
        </Stack>
        <Icon size={28} stroke={1.5} aria-hidden />
      </Group>
    </Card>
  );
}

type Icon = ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>;

/** Where each kind of task is worked through, and how it looks. */
const TASKS: Record<TaskKind, { to: string; icon: Icon; color: string }> = {
  credential_loss_open: { to: '/accounts/credential-loss', icon: IconLifebuoy, color: 'red' },
  registration_changes_to_review: { to: '/registration-changes/queue', icon: IconFileDescription, color: 'blue' },
  my_registration_changes_pending: { to: '/registration-changes', icon: IconFileDescription, color: 'gray' },
  access_review_tasks: { to: '/access-reviews/tasks', icon: IconChecklist, color: 'blue' },
  access_review_overdue: { to: '/access-reviews', icon: IconClockExclamation, color: 'red' },
  group_rotation_proposals: { to: '/admin/group-ids', icon: IconKey, color: 'orange' },
  invitations_expired: { to: '/accounts?filter=invitation_expired', icon: IconMailExclamation, color: 'blue' },
  accounts_dormant_soon: { to: '/accounts?filter=dormant_soon', icon: IconMoonStars, color: 'orange' },
  sharing_signals: { to: `/accounts/sharing?days=${TASK_SHARING_DAYS}`, icon: IconAlertTriangle, color: 'orange' },
  risks_needs_review: { to: '/risks?status=needs_review', icon: IconAlertTriangle, color: 'red' },
  risks_review_overdue: { to: '/risks?reviewOverdue=true', icon: IconClockExclamation, color: 'orange' },
  controls_evidence_expired: { to: '/controls?evidence=expired', icon: IconClockExclamation, color: 'red' },
  transfer_exceptions: { to: '/exchange/exceptions', icon: IconFileDescription, color: 'orange' },
  transfer_approvals: { to: '/exchange/approvals', icon: IconChecklist, color: 'blue' },
  transfers_to_download: { to: '/exchange/inbox', icon: IconMailExclamation, color: 'blue' },
  incidents_to_triage: { to: '/incidents?status=reported', icon: IconAlertTriangle, color: 'red' },
  breach_clocks_due: { to: '/incidents/deadlines', icon: IconClockExclamation, color: 'red' },
  incident_actions_overdue: { to: '/incidents/actions?overdue=true', icon: IconClockExclamation, color: 'orange' },
  my_incident_actions: { to: '/incidents/actions', icon: IconChecklist, color: 'blue' },
  acknowledgments_to_do: { to: '/my-tasks', icon: IconFileDescription, color: 'blue' },
  courses_to_do: { to: '/my-tasks', icon: IconChecklist, color: 'blue' },
};

/** "Needs your attention": one card per kind with something waiting, or a line saying there is nothing. */
function TasksSection() {
  const { t } = useTranslation();
  const tasks = useMyTasks();
  const waiting = tasks.data?.items.filter((i) => i.count > 0) ?? [];
  return (
    <Paper withBorder p="lg" radius="md" component="section" aria-labelledby="home-tasks-title">
      <Title order={2} fz={18} id="home-tasks-title">
        {t('home.tasks.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('home.tasks.description')}
      </Text>
      {tasks.isPending ? (
        <Skeleton height={88} radius="md" />
      ) : tasks.isError ? (
        <ErrorAlert error={tasks.error} />
      ) : waiting.length === 0 ? (
        <Group gap="xs">
          <IconCircleCheck size={20} stroke={1.5} color="var(--mantine-color-green-7)" aria-hidden />
          <Text size="sm">{t('home.tasks.nothing')}</Text>
        </Group>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {waiting.map(({ kind, count }) => {
            const { to, icon: Icon, color } = TASKS[kind];
            const label = t(`home.tasks.kind.${kind}`, { count, days: kind === 'sharing_signals' ? TASK_SHARING_DAYS : ACCOUNT_SOON_DAYS });
            return (
              <Card key={kind} component={Link} to={to} withBorder padding="md" radius="md" aria-label={t('home.countLink', { label, count })}>
                <Group wrap="nowrap" align="center" gap="md">
                  <ThemeIcon size={44} radius="md" variant="light" color={color}>
                    <Icon size={24} stroke={1.5} aria-hidden />
                  </ThemeIcon>
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text fz={26} fw={700} lh={1.1} c="gray.9">
                      {count.toLocaleString()}
                    </Text>
                    <Text size="sm" fw={500}>
                      {label}
                    </Text>
                  </Stack>
                </Group>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
    </Paper>
  );
}

/** Welcome, what needs the person's attention, the size of the registry at a glance, and the person's roles. */
export function HomePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const { data: session } = useSession();
  const orgOk = can('org.read');
  const institutions = useRegistryList('institutions', ONE, orgOk);
  const studies = useRegistryList('studies', ONE, orgOk);
  const people = usePeopleList(ONE, can('person.list'));
  const roles = session?.person?.roles ?? [];

  return (
    <Stack gap="lg">
      <PageHeader title={t('home.title', { name: personName(session?.person, lang) })} description={t('home.intro')} />
      <TasksSection />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {orgOk && <CountCard label={t('home.institutions')} to="/institutions" count={institutions.data?.total} icon={IconBuildingHospital} />}
        {can('person.list') && <CountCard label={t('home.people')} to="/people" count={people.data?.total} icon={IconUsers} />}
        {orgOk && <CountCard label={t('home.studies')} to="/studies" count={studies.data?.total} icon={IconClipboardList} />}
      </SimpleGrid>
      <Paper withBorder p="lg" radius="md">
        <Title order={2} fz={18} mb="sm">
          {t('home.yourRoles')}
        </Title>
        {roles.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('home.noRoles')}
          </Text>
        ) : (
          <Group gap="xs">
            {[...new Set(roles)].map((r) => (
              <Badge key={r} size="lg" variant="light" tt="none">
                {t(`roles.${r}`)}
              </Badge>
            ))}
          </Group>
        )}
        {session?.person && (
          <Text size="sm" c="dimmed" mt="md">
            {t('home.signedInAs', { email: session.person.email })}
          </Text>
        )}
      </Paper>
    </Stack>
  );
}
