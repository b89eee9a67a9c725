import { Alert, Anchor, Box, Button, Container, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconDoorExit, IconEyeCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { GroupSignIn } from '../../../shared/groups.js';
import { useGroupContent, useGroupSession, useGroupSignIn, useGroupSignOut } from '../../api/groups.js';
import { AuthCard } from '../../components/auth-card.js';
import { Brand } from '../../components/brand.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { LanguageSwitch } from '../../components/language-switch.js';
import { Loading } from '../../components/loading.js';
import { useSchemaForm } from '../../lib/form.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { usePageTitle } from '../../lib/use-page-title.js';
import { useLang } from '../../lib/use-lang.js';
import { ContentView } from './content-view.js';

function GroupSignInForm() {
  const { t } = useTranslation();
  const signIn = useGroupSignIn();
  const form = useSchemaForm(GroupSignIn, { groupId: '', password: '' });
  return (
    <AuthCard heading={t('groupAccess.heading')}>
      <form ref={form.ref} noValidate onSubmit={form.submit((body) => signIn.mutate(body))}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('groupAccess.help')}
          </Text>
          <TextInput label={t('groups.login')} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required {...form.getInputProps('groupId')} />
          <PasswordInput label={t('groups.password')} name="password" autoComplete="current-password" required {...form.getInputProps('password')} />
          <ErrorAlert error={signIn.error} />
          <Button type="submit" loading={signIn.isPending} disabled={!form.values.groupId || !form.values.password}>
            {t('groupAccess.submit')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('groupAccess.forgot')}
          </Text>
          <Anchor component={Link} to="/sign-in" size="sm">
            {t('groupAccess.personal')}
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}

/** The content view of a read-only group session, under a banner that says so and how to leave it. */
function GroupSessionView({ groupId, expiresAt }: { groupId: string; expiresAt: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const content = useGroupContent(groupId);
  const signOut = useGroupSignOut();
  const name = content.data ? refName(content.data.group, lang) : '';
  usePageTitle(t('groupAccess.viewTitle', { group: name }));
  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header" bg="white" px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between">
          <Brand />
          <LanguageSwitch />
        </Group>
      </Box>
      <Container size="md" py="lg" component="main">
        <Stack gap="lg">
          <Alert color="grape.9" variant="filled" icon={<IconEyeCheck size={20} aria-hidden />} title={t('groupAccess.bannerTitle')} data-testid="group-session-banner">
            <Stack gap="xs">
              <Text size="sm">{t('groupAccess.banner', { group: name, until: formatTokyo(expiresAt) })}</Text>
              <Group>
                <Button size="xs" color="grape.9" variant="white" leftSection={<IconDoorExit size={14} aria-hidden />} loading={signOut.isPending} onClick={() => signOut.mutate()}>
                  {t('groupAccess.leave')}
                </Button>
              </Group>
            </Stack>
          </Alert>
          <Title order={1} fz={26}>
            {content.data ? t('groupContent.title', { group: name }) : t('groupContent.titlePlain')}
          </Title>
          {content.error ? <ErrorAlert error={content.error} /> : !content.data ? <Loading /> : <ContentView data={content.data} />}
        </Stack>
      </Container>
    </Box>
  );
}

/** /group: sign in with a group ID, or read the group's content in the group session. */
export function GroupAccessPage() {
  const session = useGroupSession();
  if (session.isPending) return <Loading minHeight="100vh" />;
  if (session.data?.active && session.data.researchGroupId) return <GroupSessionView groupId={session.data.researchGroupId} expiresAt={session.data.expiresAt} />;
  return <GroupSignInForm />;
}
