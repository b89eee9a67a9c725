import { Button, Group, Modal, Paper, Stack, Text, TextInput, Textarea, Timeline, Title } from '@mantine/core';
import { IconClockHour4, IconDeviceDesktopOff, IconLogout, IconMailForward, IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDto } from '../../../shared/accounts.js';
import { useAccount, useAccountAction, type AccountAction } from '../../api/accounts.js';
import { ApiError } from '../../api/client.js';
import { ConfirmModal } from '../../components/confirm-modal.js';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { formatTokyo } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useEndSessionsOf } from '../../api/security.js';
import { AccountStatusBadge } from './account-ui.js';

type Dialog = null | 'invite' | 'suspend' | 'reactivate' | 'expiry' | 'offboard' | 'endSessions';

/** The date part (Japan time) of an ISO instant, for a date input. */
const tokyoDate = (iso: string | null) => (iso ? new Date(new Date(iso).getTime() + 9 * 3_600_000).toISOString().slice(0, 10) : '');

/** The account's history, newest first, from the audit log. */
function History({ account }: { account: AccountDto }) {
  const { t } = useTranslation();
  if (account.history.length === 0) return <Text size="sm" c="dimmed">{t('accounts.panel.noHistory')}</Text>;
  return (
    <Timeline bulletSize={14} lineWidth={2} active={-1}>
      {account.history.map((h) => (
        <Timeline.Item key={h.seq} title={<Text size="sm" fw={500}>{t(`auditActions.${h.action}`, { defaultValue: h.action })}</Text>}>
          <Text size="xs" c="dimmed">
            {formatTokyo(h.at)} · {h.bySystem ? t('accounts.panel.bySystem') : (h.actorName ?? '')}
          </Text>
          {(h.reason || h.detail) && (
            <Text size="xs">
              {[h.reason ? t(`accounts.reason.${h.reason}`, { defaultValue: h.reason }) : null, h.detail].filter(Boolean).join(' · ')}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/**
 * A person's account on their page: status, expiry, last sign-in, MFA, pledge, history, and the
 * actions the viewer may take (the data center). Shown to account managers and to the person.
 */
export function AccountPanel({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const query = useAccount(personId);
  const action = useAccountAction(personId);
  const endSessions = useEndSessionsOf(personId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [note, setNote] = useState('');
  const [expiry, setExpiry] = useState('');

  // Someone who may see the person but not their account sees no panel at all.
  if (query.error instanceof ApiError && (query.error.status === 403 || query.error.status === 404)) return null;
  const a = query.data;
  const close = () => {
    setDialog(null);
    setNote('');
    action.reset();
  };
  const run = (act: AccountAction, done: string) => action.mutate(act, { onSuccess: () => (close(), notify(t(done))) });

  const manage = a?.can.manage ?? false;
  const actions = a && manage && (
    <Group gap="xs">
      {(a.status === 'none' || a.status === 'offboarded' || a.status === 'invited') && a.personActive && (
        <Button size="xs" variant="light" leftSection={<IconMailForward size={14} aria-hidden />} onClick={() => setDialog('invite')}>
          {t(a.status === 'invited' ? 'accounts.action.resend' : 'accounts.action.invite')}
        </Button>
      )}
      {a.status === 'active' && (
        <Button size="xs" variant="default" leftSection={<IconPlayerPause size={14} aria-hidden />} onClick={() => setDialog('suspend')}>
          {t('accounts.action.suspend')}
        </Button>
      )}
      {a.status === 'active' && (
        <Button size="xs" variant="default" leftSection={<IconDeviceDesktopOff size={14} aria-hidden />} onClick={() => setDialog('endSessions')}>
          {t('accounts.action.endSessions')}
        </Button>
      )}
      {a.status === 'suspended' && (
        <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} aria-hidden />} onClick={() => setDialog('reactivate')}>
          {t('accounts.action.reactivate')}
        </Button>
      )}
      {a.status !== 'offboarded' && (
        <Button
          size="xs"
          variant="default"
          leftSection={<IconClockHour4 size={14} aria-hidden />}
          onClick={() => {
            setExpiry(tokyoDate(a.expiresAt));
            setDialog('expiry');
          }}
        >
          {t('accounts.action.expiry')}
        </Button>
      )}
      {a.status !== 'offboarded' && a.status !== 'none' && (
        <Button size="xs" variant="outline" color="red" leftSection={<IconLogout size={14} aria-hidden />} onClick={() => setDialog('offboard')}>
          {t('accounts.action.offboard')}
        </Button>
      )}
    </Group>
  );

  return (
    <Paper withBorder radius="md" p="lg" aria-labelledby="account-panel-title">
      <Group justify="space-between" mb="md" wrap="wrap" gap="sm">
        <Title order={2} fz="lg" id="account-panel-title">
          {t('accounts.panel.title')}
        </Title>
        {actions}
      </Group>
      {query.error ? (
        <ErrorAlert error={query.error} />
      ) : !a ? (
        <Loading />
      ) : (
        <Stack gap="lg">
          <DetailList
            items={[
              { label: t('accounts.field.status'), value: <AccountStatusBadge status={a.status} reason={a.suspendedReason} /> },
              { label: t('accounts.field.expiresAt'), value: a.expiresAt ? formatTokyo(a.expiresAt) : t('accounts.field.noExpiry') },
              { label: t('accounts.field.lastSignIn'), value: a.lastSignInAt ? formatTokyo(a.lastSignInAt) : t('accounts.field.never') },
              ...(a.dormantAt ? [{ label: t('accounts.field.dormantAt'), value: formatTokyo(a.dormantAt) }] : []),
              ...(a.invitationExpiresAt ? [{ label: t('accounts.field.invitationExpiresAt'), value: formatTokyo(a.invitationExpiresAt) }] : []),
              { label: t('accounts.field.mfa'), value: a.mfaEnrolled ? t('accounts.field.yes') : t('accounts.field.no') },
              { label: t('accounts.field.pledge'), value: a.pledgeVersion ?? t('accounts.field.notSigned') },
              ...(a.mustChangePassword ? [{ label: t('accounts.field.password'), value: t('accounts.field.mustChange') }] : []),
            ]}
          />
          <div>
            <Title order={3} fz="md" mb="sm">
              {t('accounts.panel.history')}
            </Title>
            <History account={a} />
          </div>
        </Stack>
      )}
      {a && manage && (
        <>
          <ConfirmModal
            opened={dialog === 'invite'}
            onClose={close}
            title={t(a.status === 'invited' ? 'accounts.action.resend' : 'accounts.action.invite')}
            message={t(a.status === 'invited' ? 'accounts.confirm.resend' : 'accounts.confirm.invite', { email: a.email })}
            confirmLabel={t('accounts.action.send')}
            loading={action.isPending}
            error={action.error}
            onConfirm={() => run({ kind: 'invite' }, 'accounts.done.invited')}
          />
          <ConfirmModal
            opened={dialog === 'endSessions'}
            onClose={() => (close(), endSessions.reset())}
            title={t('accounts.action.endSessions')}
            message={t('accounts.confirm.endSessions')}
            confirmLabel={t('accounts.action.endSessions')}
            loading={endSessions.isPending}
            error={endSessions.error}
            onConfirm={() => endSessions.mutate(undefined, { onSuccess: (r) => (close(), notify(t('accounts.done.sessionsEnded', { count: r.ended }))) })}
          />
          <ConfirmModal
            opened={dialog === 'reactivate'}
            onClose={close}
            title={t('accounts.action.reactivate')}
            message={t('accounts.confirm.reactivate')}
            confirmLabel={t('accounts.action.reactivate')}
            loading={action.isPending}
            error={action.error}
            onConfirm={() => run({ kind: 'reactivate' }, 'accounts.done.reactivated')}
          />
          <Modal opened={dialog === 'suspend' || dialog === 'offboard'} onClose={close} title={t(dialog === 'offboard' ? 'accounts.action.offboard' : 'accounts.action.suspend')}>
            <Stack gap="sm">
              <Text size="sm">{t(dialog === 'offboard' ? 'accounts.confirm.offboard' : 'accounts.confirm.suspend')}</Text>
              <Textarea
                label={t(dialog === 'offboard' ? 'accounts.field.reason' : 'accounts.field.note')}
                required={dialog === 'offboard'}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                maxLength={2000}
                autosize
                minRows={2}
              />
              <ErrorAlert error={action.error} />
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  {t('common.cancel')}
                </Button>
                <Button
                  color="red"
                  loading={action.isPending}
                  disabled={dialog === 'offboard' && note.trim() === ''}
                  onClick={() =>
                    dialog === 'offboard' ? run({ kind: 'offboard', reason: note.trim() }, 'accounts.done.offboarded') : run({ kind: 'suspend', note: note.trim() || undefined }, 'accounts.done.suspended')
                  }
                >
                  {t(dialog === 'offboard' ? 'accounts.action.offboard' : 'accounts.action.suspend')}
                </Button>
              </Group>
            </Stack>
          </Modal>
          <Modal opened={dialog === 'expiry'} onClose={close} title={t('accounts.action.expiry')}>
            <Stack gap="sm">
              <Text size="sm">{t('accounts.confirm.expiry')}</Text>
              <TextInput type="date" label={t('accounts.field.expiresOn')} value={expiry} onChange={(e) => setExpiry(e.currentTarget.value)} />
              <ErrorAlert error={action.error} />
              <Group justify="space-between">
                <Button variant="subtle" color="gray" disabled={!a.expiresAt} onClick={() => run({ kind: 'expiry', expiresAt: null }, 'accounts.done.expiryCleared')}>
                  {t('accounts.action.clearExpiry')}
                </Button>
                <Button disabled={!/^\d{4}-\d{2}-\d{2}$/.test(expiry)} loading={action.isPending} onClick={() => run({ kind: 'expiry', expiresAt: `${expiry}T23:59:59+09:00` }, 'accounts.done.expirySet')}>
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </Modal>
        </>
      )}
    </Paper>
  );
}
