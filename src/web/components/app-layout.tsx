import { ActionIcon, AppShell, Burger, Button, Group, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useSession, useSignOut } from '../api/session.js';
import { personName } from '../lib/format.js';
import { useLang } from '../lib/use-lang.js';
import { Brand } from './brand.js';
import { LanguageSwitch } from './language-switch.js';
import { NavMenu } from './nav-menu.js';

/** The signed-in frame: header (product, language, person, sign-out), navbar and main area. */
export function AppLayout() {
  const { t } = useTranslation();
  const lang = useLang();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { data: session } = useSession();
  const signOut = useSignOut();


  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <UnstyledButton component={Link} to="/" aria-label={t('nav.homeWithProduct')}>
              <Brand />
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            {session?.person && (
              <Text size="sm" fw={500} visibleFrom="sm" data-testid="signed-in-person">
                {personName(session.person, lang)}
              </Text>
            )}
            <Button
              variant="default"
              size="xs"
              leftSection={<IconLogout size={16} aria-hidden />}
              onClick={() => signOut.mutate()}
              loading={signOut.isPending}
              visibleFrom="sm"
            >
              {t('auth.signOut')}
            </Button>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => signOut.mutate()}
              loading={signOut.isPending}
              hiddenFrom="sm"
              aria-label={t('auth.signOut')}
            >
              <IconLogout size={18} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('nav.main')}>
        <AppShell.Section grow component={ScrollArea}>
          <NavMenu onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
