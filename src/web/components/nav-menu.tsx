import { Divider, NavLink, Stack, Text } from '@mantine/core';
import {
  IconApi,
  IconBuildingCommunity,
  IconBuildingHospital,
  IconClipboardList,
  IconFileImport,
  IconHome,
  IconListCheck,
  IconMicroscope,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCan, useSession } from '../api/session.js';
import { featureNav, type NavItem } from '../features.js';

type Item = NavItem;

const ORG_ITEMS: Item[] = [
  { to: '/institutions', label: 'nav.institutions', icon: IconBuildingHospital, action: 'org.read' },
  { to: '/research-groups', label: 'nav.researchGroups', icon: IconMicroscope, action: 'org.read' },
  { to: '/studies', label: 'nav.studies', icon: IconClipboardList, action: 'org.read' },
  { to: '/committees', label: 'nav.committees', icon: IconUsersGroup, action: 'org.read' },
  { to: '/units', label: 'nav.units', icon: IconBuildingCommunity, action: 'org.read' },
];

const ADMIN_ITEMS: Item[] = [
  { to: '/import', label: 'nav.import', icon: IconFileImport, action: 'import.run' },
  { to: '/audit', label: 'nav.audit', icon: IconListCheck, action: 'audit.read' },
];

/** The navbar: only pages that exist and that the signed-in person may open. */
export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const { pathname } = useLocation();

  const link = (item: Item) => (
    <NavLink
      key={item.to}
      component={Link}
      to={item.to}
      label={t(item.label)}
      leftSection={<item.icon size={18} stroke={1.6} aria-hidden />}
      active={isActive(item.to)}
      aria-current={isActive(item.to) ? 'page' : undefined}
      onClick={onNavigate}
      variant="light"
      style={{ borderRadius: 6 }}
    />
  );
  const session = useSession();
  const roles = session.data?.person?.roles ?? [];
  const visible = (items: Item[]) => items.filter((i) => (!i.action || can(i.action)) && (!i.when || i.when({ roles })));
  const personal = visible(featureNav('personal'));
  const org = visible([...ORG_ITEMS, ...featureNav('organization')]);
  const admin = visible([...ADMIN_ITEMS, ...featureNav('administration')]);
  const matches = (to: string) => (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`));
  // The most specific entry wins: on /accounts/sharing, "sharing signals" is current, not "accounts".
  const current = [...personal, ...org, ...admin, { to: '/people' }, { to: '/' }]
    .map((i) => i.to)
    .filter(matches)
    .sort((a, b) => b.length - a.length)[0];
  const isActive = (to: string) => to === current;

  return (
    <Stack gap={2}>
      {link({ to: '/', label: 'nav.home', icon: IconHome })}
      {personal.length > 0 && (
        <Stack gap={2} role="group" aria-label={t('nav.personal')}>
          {personal.map(link)}
        </Stack>
      )}
      {org.length > 0 && (
        <>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4} id="nav-org-heading">
            {t('nav.organization')}
          </Text>
          <Stack gap={2} role="group" aria-labelledby="nav-org-heading">
            {org.map(link)}
          </Stack>
        </>
      )}
      {can('person.list') && (
        <>
          <Divider my="xs" />
          {link({ to: '/people', label: 'nav.people', icon: IconUsers })}
        </>
      )}
      {admin.length > 0 && (
        <>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="md" pb={4} id="nav-admin-heading">
            {t('nav.administration')}
          </Text>
          <Stack gap={2} role="group" aria-labelledby="nav-admin-heading">
            {admin.map(link)}
          </Stack>
        </>
      )}
      <Divider my="xs" />
      <NavLink
        href="/api/docs"
        target="_blank"
        rel="noopener"
        label={t('nav.apiDocs')}
        description={t('nav.apiDocsHint')}
        leftSection={<IconApi size={18} stroke={1.6} aria-hidden />}
        style={{ borderRadius: 6 }}
      />
    </Stack>
  );
}
