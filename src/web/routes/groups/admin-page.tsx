import { Badge, Button, Drawer, Group, Modal, NumberInput, Paper, ScrollArea, Stack, Table, Tabs, Text, Textarea, Title } from '@mantine/core';
import { IconCalendarRepeat, IconHistory, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DismissProposal, SetRotationSchedule, type GroupCredentialSummary, type RotationProposalDto } from '../../../shared/groups.js';
import { useAcceptProposal, useDismissProposal, useGroupCredential, useGroupCredentials, useRotateGroupId, useRotationProposals, useSetRotationSchedule } from '../../api/groups.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { EmptyList } from '../../components/empty-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { useSchemaForm } from '../../lib/form.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';

/** Versions and the roster of one group: who was given which version, and how. Never the password. */
function DetailDrawer({ groupId, onClose }: { groupId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const detail = useGroupCredential(groupId);
  const d = detail.data;
  return (
    <Drawer opened={!!groupId} onClose={onClose} position="right" size="lg" title={d ? `${refName(d, lang)} (${d.code})` : ''}>
      {detail.error ? (
        <ErrorAlert error={detail.error} />
      ) : !d ? (
        <Loading />
      ) : (
        <Stack gap="lg">
          <Text size="sm">{d.login ? t('groupAdmin.loginLine', { login: d.login }) : t('groupAdmin.notIssued')}</Text>
          <Stack gap="xs">
            <Title order={3} fz={16}>
              {t('groupAdmin.versions')}
            </Title>
            <Table withTableBorder fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('groupAdmin.version')}</Table.Th>
                  <Table.Th>{t('groupAdmin.reason')}</Table.Th>
                  <Table.Th>{t('groupAdmin.created')}</Table.Th>
                  <Table.Th>{t('groupAdmin.retired')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.versions.map((v) => (
                  <Table.Tr key={v.version}>
                    <Table.Td>{v.version}</Table.Td>
                    <Table.Td>{t(`groupAdmin.reasons.${v.reason}`)}</Table.Td>
                    <Table.Td>
                      {formatTokyo(v.createdAt)}
                      {v.createdByName && ` · ${v.createdByName}`}
                    </Table.Td>
                    <Table.Td>{v.retiredAt ? formatTokyo(v.retiredAt) : <Badge variant="light">{t('groupAdmin.current')}</Badge>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
          <Stack gap="xs">
            <Title order={3} fz={16}>
              {t('groupAdmin.roster')}
            </Title>
            {d.roster.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('groupAdmin.rosterEmpty')}
              </Text>
            ) : (
              <Table withTableBorder fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('groupAdmin.person')}</Table.Th>
                    <Table.Th>{t('groupAdmin.version')}</Table.Th>
                    <Table.Th>{t('groupAdmin.method')}</Table.Th>
                    <Table.Th>{t('groupAdmin.when')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.roster.map((r, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>{r.personName}</Table.Td>
                      <Table.Td>{r.version}</Table.Td>
                      <Table.Td>
                        {t(`groupAdmin.methods.${r.method}`)}
                        {r.method === 'resent' && r.byName && ` (${r.byName})`}
                      </Table.Td>
                      <Table.Td>{formatTokyo(r.at)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Stack>
      )}
    </Drawer>
  );
}

/** How often the group's ID is rotated: every so many days, or only on demand. */
function ScheduleForm({ group, onClose }: { group: GroupCredentialSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const save = useSetRotationSchedule();
  const form = useSchemaForm(SetRotationSchedule, { intervalDays: group.rotationIntervalDays });
  const submit = (intervalDays: number | null) =>
    save.mutate(
      { groupId: group.researchGroupId, intervalDays },
      {
        onSuccess: () => {
          notify(t('groupAdmin.scheduleSaved'));
          onClose();
        },
        onError: form.showServerError,
      },
    );
  return (
    <form ref={form.ref} noValidate onSubmit={form.submit((v) => submit(v.intervalDays))}>
      <Stack gap="md">
        <NumberInput
          label={t('groupAdmin.intervalDays')}
          description={t('groupAdmin.intervalHelp')}
          min={7}
          max={730}
          {...form.getInputProps('intervalDays')}
          value={form.values.intervalDays ?? ''}
          onChange={(v) => form.setFieldValue('intervalDays', typeof v === 'number' ? v : null)}
        />
        <ErrorAlert error={save.error} />
        <Group justify="space-between">
          <Button variant="subtle" color="gray" onClick={() => submit(null)} loading={save.isPending}>
            {t('groupAdmin.noSchedule')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ScheduleModal({ group, onClose }: { group: GroupCredentialSummary | null; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Modal opened={!!group} onClose={onClose} title={group ? t('groupAdmin.scheduleTitle', { group: refName(group, lang) }) : ''}>
      {group && <ScheduleForm key={group.researchGroupId} group={group} onClose={onClose} />}
    </Modal>
  );
}

/** Dismissing a proposal to rotate, with the reason. */
function DismissForm({ proposal, onDone }: { proposal: RotationProposalDto; onDone: () => void }) {
  const { t } = useTranslation();
  const dismiss = useDismissProposal();
  const form = useSchemaForm(DismissProposal, { reason: '' });
  return (
    <form ref={form.ref} noValidate onSubmit={form.submit(({ reason }) => dismiss.mutate({ id: proposal.id, reason }, { onSuccess: onDone, onError: form.showServerError }))}>
      <Stack gap="md">
        <Textarea label={t('groupAdmin.dismissReason')} required autosize minRows={2} {...form.getInputProps('reason')} />
        <ErrorAlert error={dismiss.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={dismiss.isPending}>
            {t('groupAdmin.dismiss')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ProposalsQueue() {
  const { t } = useTranslation();
  const lang = useLang();
  const proposals = useRotationProposals(undefined);
  const accept = useAcceptProposal();
  const [dismissing, setDismissing] = useState<RotationProposalDto | null>(null);
  if (proposals.error) return <ErrorAlert error={proposals.error} />;
  if (!proposals.data) return <Loading />;
  if (proposals.data.items.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <EmptyList title={t('groupAdmin.noProposals')} description={t('groupAdmin.noProposalsHint')} />
      </Paper>
    );
  }
  return (
    <Paper withBorder radius="md">
      <ScrollArea>
        <Table verticalSpacing="sm" aria-label={t('groupAdmin.proposals')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('groupAdmin.group')}</Table.Th>
              <Table.Th>{t('groupAdmin.reason')}</Table.Th>
              <Table.Th>{t('groupAdmin.proposedAt')}</Table.Th>
              <Table.Th>{t('groupAdmin.statusLabel')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {proposals.data.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  {refName(p, lang)} <Text span c="dimmed" size="sm">({p.code})</Text>
                </Table.Td>
                <Table.Td>{t(`groupAdmin.reasons.${p.reason}`)}</Table.Td>
                <Table.Td>{formatTokyo(p.createdAt)}</Table.Td>
                <Table.Td>
                  <Badge color={p.status === 'open' ? 'orange' : p.status === 'accepted' ? 'ok' : 'gray'} variant="light">
                    {t(`groupAdmin.proposalStatus.${p.status}`)}
                  </Badge>
                  {p.decisionReason && (
                    <Text size="xs" c="dimmed">
                      {p.decisionReason}
                    </Text>
                  )}
                  {p.resultingVersion && (
                    <Text size="xs" c="dimmed">
                      {t('groupAdmin.resultingVersion', { version: p.resultingVersion })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {p.status === 'open' && (
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="compact-sm" loading={accept.isPending && accept.variables === p.id} onClick={() => accept.mutate(p.id, { onSuccess: () => notify(t('groupAdmin.rotated')) })}>
                        {t('groupAdmin.accept')}
                      </Button>
                      <Button size="compact-sm" variant="default" onClick={() => setDismissing(p)}>
                        {t('groupAdmin.dismiss')}
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      <ErrorAlert error={accept.error} />
      <Modal opened={!!dismissing} onClose={() => setDismissing(null)} title={t('groupAdmin.dismissTitle')}>
        {dismissing && <DismissForm key={dismissing.id} proposal={dismissing} onDone={() => setDismissing(null)} />}
      </Modal>
    </Paper>
  );
}

/** The data center's page: every group's ID (never its password), rotation, schedules, proposals and rosters. */
export function GroupIdsAdminPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useGroupCredentials();
  const rotate = useRotateGroupId();
  const [confirm, setConfirm] = useState<GroupCredentialSummary | null>(null);
  const [schedule, setSchedule] = useState<GroupCredentialSummary | null>(null);
  const [detail, setDetail] = useState<string | null>(null);
  const open = list.data?.items.reduce((n, g) => n + g.openProposals, 0) ?? 0;
  return (
    <Stack gap={0}>
      <PageHeader title={t('groupAdmin.title')} description={t('groupAdmin.description')} />
      <Tabs defaultValue="groups" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="groups">{t('groupAdmin.groups')}</Tabs.Tab>
          <Tabs.Tab value="proposals" rightSection={open > 0 ? <Badge size="sm" color="orange" circle>{open}</Badge> : null}>
            {t('groupAdmin.proposals')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="groups">
          {list.error ? (
            <ErrorAlert error={list.error} />
          ) : !list.data ? (
            <Loading />
          ) : (
            <Paper withBorder radius="md">
              <ScrollArea>
                <Table verticalSpacing="sm" aria-label={t('groupAdmin.groups')}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('groupAdmin.group')}</Table.Th>
                      <Table.Th>{t('groupAdmin.login')}</Table.Th>
                      <Table.Th>{t('groupAdmin.version')}</Table.Th>
                      <Table.Th>{t('groupAdmin.rotatedAt')}</Table.Th>
                      <Table.Th>{t('groupAdmin.schedule')}</Table.Th>
                      <Table.Th>{t('groupAdmin.sessions')}</Table.Th>
                      <Table.Th />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {list.data.items.map((g) => (
                      <Table.Tr key={g.researchGroupId} style={g.active ? undefined : { opacity: 0.55 }}>
                        <Table.Td>
                          <Text fw={500}>{refName(g, lang)}</Text>
                          <Text size="xs" c="dimmed">
                            {g.code}
                            {g.openProposals > 0 && (
                              <Badge ml="xs" size="xs" color="orange" variant="light">
                                {t('groupAdmin.proposalBadge')}
                              </Badge>
                            )}
                          </Text>
                        </Table.Td>
                        <Table.Td>{g.login ? <Text ff="monospace" size="sm">{g.login}</Text> : <Text size="sm" c="dimmed">{t('groupAdmin.notIssued')}</Text>}</Table.Td>
                        <Table.Td>{g.currentVersion ?? '—'}</Table.Td>
                        <Table.Td>{g.rotatedAt ? formatTokyo(g.rotatedAt) : '—'}</Table.Td>
                        <Table.Td>
                          {g.rotationIntervalDays ? (
                            <Text size="sm">
                              {t('groupAdmin.everyDays', { days: g.rotationIntervalDays })}
                              <Text span size="xs" c="dimmed" display="block">
                                {t('groupAdmin.nextAt', { date: formatTokyo(g.nextRotationAt) })}
                              </Text>
                            </Text>
                          ) : (
                            <Text size="sm" c="dimmed">
                              {t('groupAdmin.onDemand')}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{g.activeSessions}</Table.Td>
                        <Table.Td>
                          <Group gap="xs" justify="flex-end" wrap="nowrap">
                            <Button size="compact-sm" variant="default" leftSection={<IconHistory size={14} aria-hidden />} onClick={() => setDetail(g.researchGroupId)}>
                              {t('groupAdmin.rosterButton')}
                            </Button>
                            <Button size="compact-sm" variant="default" leftSection={<IconCalendarRepeat size={14} aria-hidden />} onClick={() => setSchedule(g)}>
                              {t('groupAdmin.schedule')}
                            </Button>
                            <Button size="compact-sm" leftSection={<IconRefresh size={14} aria-hidden />} onClick={() => setConfirm(g)} disabled={!g.active}>
                              {g.currentVersion ? t('groupAdmin.rotate') : t('groupAdmin.issue')}
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            </Paper>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="proposals">
          <ProposalsQueue />
        </Tabs.Panel>
      </Tabs>
      <ConfirmModal
        opened={!!confirm}
        title={confirm ? t('groupAdmin.rotateTitle', { group: refName(confirm, lang) }) : ''}
        message={t('groupAdmin.rotateMessage')}
        confirmLabel={t('groupAdmin.rotate')}
        loading={rotate.isPending}
        error={rotate.error}
        onClose={() => {
          rotate.reset();
          setConfirm(null);
        }}
        onConfirm={() =>
          confirm &&
          rotate.mutate(confirm.researchGroupId, {
            onSuccess: (r) => {
              notify(t('groupAdmin.rotatedDetail', { version: r.version, sessions: r.sessionsEnded, notified: r.notified }));
              setConfirm(null);
            },
          })
        }
      />
      <ScheduleModal group={schedule} onClose={() => setSchedule(null)} />
      <DetailDrawer groupId={detail} onClose={() => setDetail(null)} />
    </Stack>
  );
}
