import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IncidentSeverity, type IncidentDto, type IncidentStatus } from '../../../shared/incidents.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { notify } from '../../lib/notify.js';
import { useChangeStatus, useUpdateIncident } from './api.js';
import { RecordPicker } from './pickers.js';

/** The status buttons and the dialog each opens (triage asks for severity and assignee; dismissing for a reason). */
export function StatusActions({ inc }: { inc: IncidentDto }) {
  const { t } = useTranslation();
  const change = useChangeStatus(inc.id);
  const [to, setTo] = useState<IncidentStatus | null>(null);
  const [reason, setReason] = useState('');
  const [severity, setSeverity] = useState<string | null>(inc.severity);
  const [assigneeId, setAssigneeId] = useState<string | null>(inc.assignee?.id ?? null);
  const open = (s: IncidentStatus) => {
    change.reset();
    setReason('');
    setSeverity(inc.severity);
    setAssigneeId(inc.assignee?.id ?? null);
    setTo(s);
  };
  const confirm = () =>
    change.mutate(
      { to: to!, version: inc.version, reason: reason.trim() || undefined, severity: (to === 'triaged' && severity ? severity : undefined) as IncidentDto['severity'] & string, assigneeId: to === 'triaged' && assigneeId ? assigneeId : undefined },
      { onSuccess: () => setTo(null) },
    );
  if (!inc.nextStatuses.length) return null;
  return (
    <>
      <Group gap="xs" wrap="wrap">
        {inc.nextStatuses.map((s) => (
          <Button
            key={s}
            size="sm"
            variant={s === 'dismissed' || s === 'reported' ? 'default' : 'filled'}
            color={s === 'dismissed' ? 'gray' : undefined}
            onClick={() => open(s)}
            // Closing is refused while something holds it (shown in the box below the header).
            disabled={s === 'closed' && !!inc.closeBlockers}
            aria-describedby={s === 'closed' && inc.closeBlockers ? 'close-blockers' : undefined}
          >
            {t(`incidents.toStatus.${s}`)}
          </Button>
        ))}
      </Group>
      <Modal opened={!!to} onClose={() => setTo(null)} title={to ? t(`incidents.toStatus.${to}`) : ''}>
        <Stack gap="sm">
          {to === 'triaged' && (
            <>
              <Select label={t('incidents.fields.severity')} data={IncidentSeverity.options.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))} value={severity} onChange={setSeverity} required />
              <RecordPicker kind="person" label={t('incidents.fields.assignee')} value={assigneeId} onChange={setAssigneeId} />
            </>
          )}
          <Textarea label={t('incidents.detail.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required={to === 'dismissed'} autosize minRows={2} />
          <ErrorAlert error={change.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setTo(null)}>
              {t('common.cancel')}
            </Button>
            <Button onClick={confirm} loading={change.isPending}>
              {to ? t(`incidents.toStatus.${to}`) : ''}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Why the incident cannot be closed yet: open corrective actions, reporting clocks neither done nor waived. */
export function CloseBlockers({ blockers }: { blockers: NonNullable<IncidentDto['closeBlockers']> }) {
  const { t } = useTranslation();
  return (
    <Alert id="close-blockers" color="yellow" variant="light" mb="md" title={t('incidents.detail.closeBlocked')} data-testid="close-blockers">
      <Stack gap={4}>
        {blockers.openActions > 0 && <Text size="sm">{t('incidents.detail.closeBlockedActions', { n: blockers.openActions })}</Text>}
        {blockers.pendingClocks.length > 0 && (
          <>
            <Text size="sm">{t('incidents.detail.closeBlockedClocks', { kinds: blockers.pendingClocks.map((k) => t(`breach.kind.${k}`)).join(t('incidents.detail.listSep')) })}</Text>
            <Text size="sm" c="dimmed">
              {t('incidents.detail.closeBlockedHint')}
            </Text>
          </>
        )}
      </Stack>
    </Alert>
  );
}

/** Severity and assignee, changed directly by the desk. */
export function WorkForm({ inc }: { inc: IncidentDto }) {
  const { t } = useTranslation();
  const update = useUpdateIncident(inc.id);
  const [severity, setSeverity] = useState<string | null>(inc.severity);
  const [assigneeId, setAssigneeId] = useState<string | null>(inc.assignee?.id ?? null);
  return (
    <Stack gap="xs">
      <Group align="flex-end" wrap="wrap" gap="sm">
        <Select label={t('incidents.fields.severity')} data={IncidentSeverity.options.map((s) => ({ value: s, label: t(`incidents.severity.${s}`) }))} value={severity} onChange={setSeverity} w={140} />
        <div style={{ minWidth: 220, flex: 1 }}>
          <RecordPicker kind="person" label={t('incidents.fields.assignee')} value={assigneeId} onChange={setAssigneeId} />
        </div>
        <Button
          variant="light"
          loading={update.isPending}
          onClick={() => update.mutate({ version: inc.version, severity: (severity ?? null) as IncidentDto['severity'], assigneeId }, { onSuccess: () => notify(t('incidents.detail.save')) })}
        >
          {t('incidents.detail.save')}
        </Button>
      </Group>
      <ErrorAlert error={update.error} />
    </Stack>
  );
}
