import { ActionIcon, Alert, Anchor, Badge, Button, Code, CopyButton, Group, Modal, Paper, Select, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconEye, IconFiles, IconLock, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MyGroupDto, RevealedGroupId } from '../../../shared/groups.js';
import { useMyGroups, useResendCandidates, useResendGroupId, useRevealGroupId } from '../../api/groups.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { formatTokyo, personName, refName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';

/** One value with a copy button (the password manager and paste both work). */
function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code fz="lg" px="sm" py={6} style={{ flex: 1, letterSpacing: '0.04em' }} data-testid={testId}>
          {value}
        </Code>
        <CopyButton value={value} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('groups.copied') : t('groups.copy')} withArrow>
              <ActionIcon variant="light" color={copied ? 'teal' : 'blue'} size="lg" onClick={copy} aria-label={`${t('groups.copy')}: ${label}`}>
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}

/** The revealed ID and password, shown once; closing the dialog forgets them. */
function RevealModal({ revealed, group, onClose }: { revealed: RevealedGroupId | null; group: MyGroupDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Modal opened={!!revealed} onClose={onClose} title={group ? t('groups.revealTitle', { group: refName(group, lang) }) : ''} size="md">
      {revealed && (
        <Stack gap="md">
          <CopyField label={t('groups.login')} value={revealed.login} testId="group-login" />
          <CopyField label={t('groups.password')} value={revealed.password} testId="group-password" />
          <Text size="xs" c="dimmed">
            {t('groups.versionLine', { version: revealed.version })}
          </Text>
          <Alert color="yellow" icon={<IconLock size={18} aria-hidden />} title={t('groups.keepSafeTitle')}>
            {t('groups.keepSafe')}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('groups.done')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

/** A site coordinator re-sends the group ID by email to a researcher of their own site (P32-2.1.3e). */
function ResendModal({ group, onClose }: { group: MyGroupDto | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const candidates = useResendCandidates(group?.researchGroupId ?? null);
  const resend = useResendGroupId();
  const [personId, setPersonId] = useState<string | null>(null);
  const close = () => {
    setPersonId(null);
    resend.reset();
    onClose();
  };
  return (
    <Modal opened={!!group} onClose={close} title={group ? t('groups.resendTitle', { group: refName(group, lang) }) : ''} size="md">
      <Stack gap="md">
        <Text size="sm">{t('groups.resendHelp')}</Text>
        {candidates.error ? (
          <ErrorAlert error={candidates.error} />
        ) : !candidates.data ? (
          <Loading minHeight={60} />
        ) : (
          <Select
            label={t('groups.resendTo')}
            placeholder={t('groups.resendPick')}
            searchable
            nothingFoundMessage={t('groups.resendNone')}
            data={candidates.data.items.map((c) => ({ value: c.id, label: `${personName(c, lang)} <${c.email}>` }))}
            value={personId}
            onChange={setPersonId}
          />
        )}
        <ErrorAlert error={resend.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            leftSection={<IconSend size={16} aria-hidden />}
            disabled={!personId}
            loading={resend.isPending}
            onClick={() =>
              group &&
              personId &&
              resend.mutate(
                { groupId: group.researchGroupId, personId },
                {
                  onSuccess: () => {
                    notify(t('groups.resent'));
                    close();
                  },
                },
              )
            }
          >
            {t('groups.resendSend')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** "My group IDs": the research groups I belong to, revealing their ID, and for coordinators re-sending it. */
export function MyGroupIdsCard({ withHeading = true }: { withHeading?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const groups = useMyGroups();
  const reveal = useRevealGroupId();
  const [revealed, setRevealed] = useState<{ data: RevealedGroupId; group: MyGroupDto } | null>(null);
  const [resendFor, setResendFor] = useState<MyGroupDto | null>(null);

  return (
    <Paper withBorder radius="md" p="lg">
      <Stack gap="md">
        {withHeading && (
          <Stack gap={4}>
            <Title order={2} fz={18}>
              {t('groups.cardTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('groups.cardHelp')}
            </Text>
          </Stack>
        )}
        {groups.error ? (
          <ErrorAlert error={groups.error} />
        ) : !groups.data ? (
          <Loading minHeight={80} />
        ) : groups.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('groups.noGroups')}
          </Text>
        ) : (
          groups.data.items.map((g) => (
            <Paper key={g.researchGroupId} withBorder radius="sm" p="md" data-testid={`group-${g.code}`}>
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
                <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap="xs">
                    <Text fw={600}>{refName(g, lang)}</Text>
                    <Badge variant="light" color="gray">
                      {g.code}
                    </Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {!g.issued
                      ? t('groups.notIssued')
                      : t('groups.status', { version: g.currentVersion, date: formatTokyo(g.rotatedAt) })}
                  </Text>
                  {g.issued && g.canReveal && (
                    <Text size="sm" c={g.myVersion === g.currentVersion ? 'teal' : 'orange'}>
                      {g.myVersion === null ? t('groups.neverRevealed') : g.myVersion === g.currentVersion ? t('groups.upToDate') : t('groups.outdated', { version: g.myVersion })}
                    </Text>
                  )}
                  {!g.canReveal && (
                    <Text size="sm" c="dimmed">
                      {t('groups.cannotReveal')}
                    </Text>
                  )}
                </Stack>
                <Group gap="xs">
                  {g.canReadContent && (
                    <Button component={Link} to={`/groups/${g.researchGroupId}/content`} variant="default" leftSection={<IconFiles size={16} aria-hidden />}>
                      {t('groups.content')}
                    </Button>
                  )}
                  {g.canResend && (
                    <Button variant="default" leftSection={<IconSend size={16} aria-hidden />} onClick={() => setResendFor(g)}>
                      {t('groups.resend')}
                    </Button>
                  )}
                  {g.canReveal && (
                    <Button
                      leftSection={<IconEye size={16} aria-hidden />}
                      loading={reveal.isPending && reveal.variables === g.researchGroupId}
                      onClick={() => reveal.mutate(g.researchGroupId, { onSuccess: (data) => setRevealed({ data, group: g }) })}
                    >
                      {t('groups.reveal')}
                    </Button>
                  )}
                </Group>
              </Group>
            </Paper>
          ))
        )}
        <ErrorAlert error={reveal.error} />
        <Text size="xs" c="dimmed">
          {t('groups.auditNote')}{' '}
          <Anchor component={Link} to="/group" size="xs">
            {t('groups.groupSignInLink')}
          </Anchor>
        </Text>
      </Stack>
      <RevealModal revealed={revealed?.data ?? null} group={revealed?.group ?? null} onClose={() => setRevealed(null)} />
      <ResendModal group={resendFor} onClose={() => setResendFor(null)} />
    </Paper>
  );
}
