import { Badge, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WAIVER_REASON_MAX, WAIVER_REASON_MIN, type ClockDto, type ClockState } from '../../../shared/breach.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { formatTokyo, tokyoLocalToIso } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useChangeClock, useWaiveClock } from './api.js';

const STATE_COLOR: Record<ClockState, string> = { upcoming: 'gray', due_soon: 'yellow', due: 'orange', overdue: 'red', done: 'ok', waived: 'gray' };
// Light yellow or orange text on a light tint is too faint to read (WCAG AA): those are filled, with dark text.
const STATE_VARIANT: Partial<Record<ClockState, string>> = { due_soon: 'filled', due: 'filled', overdue: 'filled', waived: 'outline' };

/** A clock's state in words, coloured (never colour alone). */
export function ClockStateBadge({ state }: { state: ClockState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLOR[state]} variant={STATE_VARIANT[state] ?? 'light'} autoContrast tt="none" c={state === 'waived' ? 'gray.7' : undefined} style={{ flexShrink: 0 }}>
      {t(`breach.state.${state}`)}
    </Badge>
  );
}

/** "3 days", "Today", "2 days late" — for an open clock. */
export function DaysLeft({ clock }: { clock: Pick<ClockDto, 'daysLeft' | 'state'> }) {
  const { t } = useTranslation();
  if (clock.state === 'done' || clock.state === 'waived') return <>—</>;
  if (clock.daysLeft === 0) return <>{t('breach.clocks.today')}</>;
  return <>{clock.daysLeft > 0 ? t('breach.clocks.days', { count: clock.daysLeft }) : t('breach.clocks.daysAgo', { count: -clock.daysLeft })}</>;
}

type Action = 'done' | 'reopen' | 'waive' | 'withdraw';

/** Who waived a clock, when and why (the deadline board and the incident page). */
export function WaiverInfo({ clock }: { clock: Pick<ClockDto, 'waived' | 'waivedAt' | 'waivedBy' | 'waiverReason'> }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!clock.waived) return null;
  const name = clock.waivedBy ? (lang === 'ja' ? clock.waivedBy.nameJa : clock.waivedBy.nameEn) : '—';
  return (
    <Text size="xs" data-testid="waiver-info">
      {t('breach.clocks.waivedInfo', { name, at: clock.waivedAt ? formatTokyo(clock.waivedAt).slice(0, 16) : '—' })}
      {clock.waiverReason ? `：${clock.waiverReason}` : ''}
    </Text>
  );
}

/**
 * Done / reopen for one clock (the desk), and waive / withdraw the waiver (the manager only),
 * each confirmed in a small dialog: the note, or the waiver's required reason.
 */
export function ClockActions({ incidentId, clock, canWaive }: { incidentId: string; clock: ClockDto; canWaive: boolean }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<Action | null>(null);
  const [note, setNote] = useState('');
  const [doneAt, setDoneAt] = useState('');
  const change = useChangeClock(incidentId);
  const waiver = useWaiveClock(incidentId);
  const kind = t(`breach.kind.${clock.kind}`);
  const open = clock.state !== 'done' && clock.state !== 'waived';
  const isWaiver = action === 'waive' || action === 'withdraw';
  const pending = isWaiver ? waiver.isPending : change.isPending;
  const reasonShort = action === 'waive' && note.trim().length < WAIVER_REASON_MIN;
  const start = (a: Action) => {
    change.reset();
    waiver.reset();
    setNote('');
    setDoneAt('');
    setAction(a);
  };
  const finished = {
    onSuccess: () => {
      notify(t('breach.clocks.changed'));
      setAction(null);
    },
  };
  const submit = () => {
    if (!action) return;
    if (action === 'waive') return waiver.mutate({ kind: clock.kind, body: { reason: note.trim() } }, finished);
    if (action === 'withdraw') return waiver.mutate({ kind: clock.kind, body: null }, finished);
    const body = action === 'done' ? { action, note, ...(doneAt ? { doneAt: tokyoLocalToIso(doneAt) } : {}) } : { action, note };
    change.mutate({ kind: clock.kind, body }, finished);
  };
  return (
    <>
      <Group gap={6} wrap="nowrap">
        {open && (
          <Button size="compact-sm" variant="light" onClick={() => start('done')} aria-label={t('breach.clocks.doneTitle', { kind })}>
            {t('breach.clocks.done')}
          </Button>
        )}
        {open && canWaive && (
          <Button size="compact-sm" variant="subtle" color="gray" onClick={() => start('waive')} aria-label={t('breach.clocks.waiveTitle', { kind })}>
            {t('breach.clocks.waive')}
          </Button>
        )}
        {clock.state === 'done' && (
          <Button size="compact-sm" variant="subtle" color="gray" onClick={() => start('reopen')} aria-label={t('breach.clocks.reopenTitle', { kind })}>
            {t('breach.clocks.reopen')}
          </Button>
        )}
        {clock.state === 'waived' && canWaive && (
          <Button size="compact-sm" variant="subtle" color="gray" onClick={() => start('withdraw')} aria-label={t('breach.clocks.withdrawTitle', { kind })}>
            {t('breach.clocks.withdraw')}
          </Button>
        )}
      </Group>
      <Modal opened={action !== null} onClose={() => setAction(null)} title={action ? t(`breach.clocks.${action}Title`, { kind }) : ''} centered>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Stack gap="sm">
            {action === 'done' && <TextInput type="datetime-local" label={t('breach.clocks.doneAt')} value={doneAt} onChange={(e) => setDoneAt(e.currentTarget.value)} />}
            {action === 'waive' && (
              <Text size="sm" c="dimmed">
                {t('breach.clocks.waiveHint')}
              </Text>
            )}
            {action === 'withdraw' ? (
              <Text size="sm">{t('breach.clocks.withdrawText')}</Text>
            ) : (
              <Textarea
                label={action === 'waive' ? t('breach.clocks.waiveNote', { min: WAIVER_REASON_MIN }) : t('breach.clocks.doneNote')}
                required={action === 'waive'}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                autosize
                minRows={2}
                maxLength={action === 'waive' ? WAIVER_REASON_MAX : 2000}
              />
            )}
            <ErrorAlert error={isWaiver ? waiver.error : change.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAction(null)}>
                {t('breach.clocks.cancel')}
              </Button>
              <Button type="submit" loading={pending} disabled={reasonShort}>
                {t('breach.clocks.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
