import { Badge, Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClockDto, ClockState } from '../../../shared/breach.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { tokyoLocalToIso } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useChangeClock } from './api.js';

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

type Action = 'done' | 'waive' | 'reopen';

/** Done / not needed / reopen for one clock, each confirmed in a small dialog with its note. */
export function ClockActions({ incidentId, clock }: { incidentId: string; clock: ClockDto }) {
  const { t } = useTranslation();
  const [action, setAction] = useState<Action | null>(null);
  const [note, setNote] = useState('');
  const [doneAt, setDoneAt] = useState('');
  const change = useChangeClock(incidentId);
  const kind = t(`breach.kind.${clock.kind}`);
  const open = clock.state !== 'done' && clock.state !== 'waived';
  const start = (a: Action) => {
    change.reset();
    setNote('');
    setDoneAt('');
    setAction(a);
  };
  const submit = () => {
    if (!action) return;
    const body = action === 'done' ? { action, note, ...(doneAt ? { doneAt: tokyoLocalToIso(doneAt) } : {}) } : { action, note };
    change.mutate(
      { kind: clock.kind, body },
      {
        onSuccess: () => {
          notify(t('breach.clocks.changed'));
          setAction(null);
        },
      },
    );
  };
  return (
    <>
      <Group gap={6} wrap="nowrap">
        {open ? (
          <>
            <Button size="compact-sm" variant="light" onClick={() => start('done')} aria-label={t('breach.clocks.doneTitle', { kind })}>
              {t('breach.clocks.done')}
            </Button>
            <Button size="compact-sm" variant="subtle" color="gray" onClick={() => start('waive')} aria-label={t('breach.clocks.waiveTitle', { kind })}>
              {t('breach.clocks.waive')}
            </Button>
          </>
        ) : (
          <Button size="compact-sm" variant="subtle" color="gray" onClick={() => start('reopen')} aria-label={t('breach.clocks.reopenTitle', { kind })}>
            {t('breach.clocks.reopen')}
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
            <Textarea
              label={action === 'waive' ? t('breach.clocks.waiveNote') : t('breach.clocks.doneNote')}
              required={action === 'waive'}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={2000}
            />
            <ErrorAlert error={change.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAction(null)}>
                {t('breach.clocks.cancel')}
              </Button>
              <Button type="submit" loading={change.isPending} disabled={action === 'waive' && !note.trim()}>
                {t('breach.clocks.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
