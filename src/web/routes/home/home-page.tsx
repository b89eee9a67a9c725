import { Badge, Card, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconBuildingHospital, IconClipboardList, IconUsers } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePeopleList } from '../../api/people.js';
import { useRegistryList } from '../../api/registry.js';
import { useCan, useSession } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { personName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';

const ONE = { page: 1, pageSize: 1 };

interface CountCardProps {
  label: string;
  to: string;
  count: number | undefined;
  icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>;
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

/** Welcome, the size of the registry at a glance, and the person's roles. */
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
