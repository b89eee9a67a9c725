import { ActionIcon, Alert, Anchor, Badge, Button, FileButton, Grid, Group, Modal, Paper, Select, Stack, Text, Textarea, TextInput, Timeline, Title } from '@mantine/core';
import { IconDownload, IconPaperclip, IconTrash } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { IncidentLinkKind, IncidentSeverity, ManualEventType, type IncidentDto, type IncidentStatus } from '../../../shared/incidents.js';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, tokyoLocalToIso } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { BreachPanel } from '../breach/breach-panel.js';
import { CapaPanel } from '../capa/capa-panel.js';
import { attachmentUrl, uploadAttachment, useAddEvent, useAddInvestigator, useAddLink, useChangeStatus, useIncident, useRemoveAttachment, useRemoveInvestigator, useRemoveLink, useUpdateIncident } from './api.js';
import { IncidentStatusBadge, SeverityBadge } from './badges.js';
import { RecordPicker } from './pickers.js';
import { useQueryClient } from '@tanstack/react-query';

const tokyoNowLocal = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 16);
const when = (iso: string | null) => (iso ? formatTokyo(iso).slice(0, 16) : '');

function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h4">
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

/** The status buttons and the dialog each opens (triage asks for severity and assignee; dismissing for a reason). */
function StatusActions({ inc }: { inc: IncidentDto }) {
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
function CloseBlockers({ blockers }: { blockers: NonNullable<IncidentDto['closeBlockers']> }) {
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
function WorkForm({ inc }: { inc: IncidentDto }) {
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

function TimelineSection({ inc }: { inc: IncidentDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const add = useAddEvent(inc.id);
  const [type, setType] = useState<string | null>('note');
  const [at, setAt] = useState(tokyoNowLocal);
  const [text, setText] = useState('');
  const who = (p: { nameJa: string; nameEn: string } | null) => (p ? (lang === 'ja' ? p.nameJa : p.nameEn) : '');
  const describe = (e: IncidentDto['events'][number]) => {
    const d = e.data as Record<string, string | null>;
    if (e.type === 'status_changed') return `${t(`incidents.status.${d.from}`)} → ${t(`incidents.status.${d.to}`)}${e.text ? `：${e.text}` : ''}`;
    if (e.type === 'severity_changed') return `${d.from ? t(`incidents.severity.${d.from}`) : '—'} → ${d.to ? t(`incidents.severity.${d.to}`) : '—'}`;
    if (e.type === 'reported') return d.ref ?? '';
    if (e.type === 'link_added' || e.type === 'link_removed') {
      const l = inc.links.find((x) => x.kind === d.kind && x.targetId === d.targetId);
      return `${t(`incidents.linkKind.${d.kind}`)} ${l ? (lang === 'ja' ? l.labelJa : l.labelEn) : ''}`;
    }
    return e.text;
  };
  return (
    <Section title={t('incidents.detail.timeline')}>
      <Timeline bulletSize={14} lineWidth={2} mb="md">
        {inc.events.map((e) => (
          <Timeline.Item key={e.id} title={<Text size="sm" fw={600}>{t(`incidents.event.${e.type}`)}</Text>}>
            <Text size="xs" c="dimmed">
              {when(e.at)} {who(e.actor)}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {describe(e)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {inc.canContribute && (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            if (!type || !text.trim()) return;
            add.mutate({ type: type as (typeof ManualEventType.options)[number], at: tokyoLocalToIso(at) ?? new Date().toISOString(), text: text.trim() }, { onSuccess: () => setText('') });
          }}
        >
          <Stack gap="xs">
            <Title order={3} size="h6">
              {t('incidents.detail.addEntry')}
            </Title>
            <Group grow wrap="wrap" align="flex-start">
              <Select label={t('incidents.detail.entryType')} data={ManualEventType.options.map((v) => ({ value: v, label: t(`incidents.event.${v}`) }))} value={type} onChange={setType} allowDeselect={false} miw={160} />
              <TextInput type="datetime-local" label={t('incidents.detail.entryAt')} value={at} onChange={(e) => setAt(e.currentTarget.value)} miw={200} />
            </Group>
            <Textarea label={t('incidents.detail.entryText')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} required />
            <ErrorAlert error={add.error} />
            <Group justify="flex-end">
              <Button type="submit" loading={add.isPending} disabled={!text.trim()}>
                {t('incidents.detail.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}

function LinksSection({ inc }: { inc: IncidentDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const add = useAddLink(inc.id);
  const remove = useRemoveLink(inc.id);
  const [kind, setKind] = useState<IncidentLinkKind>('asset');
  const [target, setTarget] = useState<string | null>(null);
  return (
    <Section title={t('incidents.fields.links')}>
      <Stack gap={6} mb={inc.canManage ? 'sm' : 0}>
        {inc.links.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('incidents.detail.noLinks')}
          </Text>
        )}
        {inc.links.map((l) => (
          <Group key={`${l.kind}:${l.targetId}`} justify="space-between" wrap="nowrap" gap="xs">
            <Group gap="xs" wrap="nowrap">
              <Badge variant="light" color="gray" autoContrast>
                {t(`incidents.linkKind.${l.kind}`)}
              </Badge>
              {l.kind === 'asset' || l.kind === 'risk' ? (
                <Anchor component={Link} to={`/${l.kind}s/${l.targetId}`} size="sm">
                  {lang === 'ja' ? l.labelJa : l.labelEn}
                </Anchor>
              ) : (
                <Text size="sm">{lang === 'ja' ? l.labelJa : l.labelEn}</Text>
              )}
            </Group>
            {inc.canManage && (
              <ActionIcon variant="subtle" color="gray" aria-label={`${t('incidents.detail.remove')}: ${lang === 'ja' ? l.labelJa : l.labelEn}`} onClick={() => remove.mutate({ kind: l.kind, targetId: l.targetId })}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
      {inc.canManage && (
        <Stack gap="xs">
          <Group grow wrap="wrap" align="flex-end">
            <Select
              label={t('incidents.detail.linkKind')}
              data={IncidentLinkKind.options.map((k) => ({ value: k, label: t(`incidents.linkKind.${k}`) }))}
              value={kind}
              onChange={(v) => {
                setKind((v ?? 'asset') as IncidentLinkKind);
                setTarget(null);
              }}
              allowDeselect={false}
              miw={140}
            />
            <div style={{ minWidth: 200 }}>
              <RecordPicker key={kind} kind={kind} label={t('incidents.detail.linkTarget')} value={target} onChange={setTarget} />
            </div>
            <Button variant="light" disabled={!target} loading={add.isPending} onClick={() => target && add.mutate({ kind, targetId: target }, { onSuccess: () => setTarget(null) })} style={{ flexGrow: 0 }}>
              {t('incidents.detail.addLink')}
            </Button>
          </Group>
          <ErrorAlert error={add.error ?? remove.error} />
        </Stack>
      )}
    </Section>
  );
}

function InvestigatorsSection({ inc }: { inc: IncidentDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const add = useAddInvestigator(inc.id);
  const remove = useRemoveInvestigator(inc.id);
  const [person, setPerson] = useState<string | null>(null);
  return (
    <Section title={t('incidents.fields.investigators')}>
      <Stack gap={6} mb={inc.canManage ? 'sm' : 0}>
        {inc.investigators.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('incidents.detail.noInvestigators')}
          </Text>
        )}
        {inc.investigators.map((p) => (
          <Group key={p.id} justify="space-between" wrap="nowrap">
            <Text size="sm">{lang === 'ja' ? p.nameJa : p.nameEn}</Text>
            {inc.canManage && (
              <ActionIcon variant="subtle" color="gray" aria-label={`${t('incidents.detail.remove')}: ${lang === 'ja' ? p.nameJa : p.nameEn}`} onClick={() => remove.mutate(p.id)}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
      {inc.canManage && (
        <Group align="flex-end" wrap="wrap" gap="xs">
          <div style={{ flex: 1, minWidth: 200 }}>
            <RecordPicker kind="person" label={t('incidents.detail.person')} value={person} onChange={setPerson} />
          </div>
          <Button variant="light" disabled={!person} loading={add.isPending} onClick={() => person && add.mutate(person, { onSuccess: () => setPerson(null) })}>
            {t('incidents.detail.addInvestigator')}
          </Button>
          <ErrorAlert error={add.error ?? remove.error} />
        </Group>
      )}
    </Section>
  );
}

function AttachmentsSection({ inc }: { inc: IncidentDto }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const remove = useRemoveAttachment(inc.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const send = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const r = await uploadAttachment(inc.id, file, () => undefined).promise;
      qc.setQueryData(['incidents', 'one', inc.id], r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section
      title={t('incidents.fields.attachments')}
      actions={
        inc.canContribute && (
          <FileButton onChange={send}>
            {(props) => (
              <Button {...props} size="xs" variant="light" loading={busy} leftSection={<IconPaperclip size={14} aria-hidden />}>
                {t('incidents.detail.upload')}
              </Button>
            )}
          </FileButton>
        )
      }
    >
      <ErrorAlert error={error ?? remove.error} />
      <Stack gap={6}>
        {inc.attachments.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('incidents.detail.noAttachments')}
          </Text>
        )}
        {inc.attachments.map((a) => (
          <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
            <Anchor href={attachmentUrl(inc.id, a.id)} size="sm" download={a.fileName} style={{ overflowWrap: 'anywhere' }}>
              <IconDownload size={14} aria-hidden /> {a.fileName} ({Math.ceil(a.size / 1024)} KB)
            </Anchor>
            {inc.canManage && (
              <ActionIcon variant="subtle" color="gray" aria-label={`${t('incidents.detail.remove')}: ${a.fileName}`} onClick={() => remove.mutate(a.id)}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
    </Section>
  );
}

/** One incident: what happened, the work on it (status, severity, assignee), timeline, links, people, files, breach clocks, corrective actions. */
export function IncidentPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const q = useIncident(id);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  const inc = q.data;
  const name = (r: { nameJa: string; nameEn: string } | null) => (r ? (lang === 'ja' ? r.nameJa : r.nameEn) : '');
  // Not answered (null) is never shown as "no".
  const tri = (v: boolean | null) => (v === null ? t('incidents.unanswered') : v ? t('incidents.yes') : t('incidents.no'));
  return (
    <>
      <PageHeader
        title={`${inc.ref} ${inc.title}`}
        above={
          <Anchor component={Link} to="/incidents" size="sm">
            {t('incidents.title')}
          </Anchor>
        }
        badge={
          <Group gap={6}>
            <IncidentStatusBadge status={inc.status} />
            <SeverityBadge severity={inc.severity} />
          </Group>
        }
        actions={inc.canManage ? <StatusActions key={`${inc.id}:${inc.version}`} inc={inc} /> : undefined}
      />
      {inc.closeBlockers && <CloseBlockers blockers={inc.closeBlockers} />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Section title={t('incidents.detail.overview')}>
              <DetailList
                items={[
                  { label: t('incidents.fields.kind'), value: t(`incidents.kind.${inc.kind}`) },
                  { label: t('incidents.fields.awareAt'), value: when(inc.awareAt) },
                  { label: t('incidents.fields.occurredAt'), value: when(inc.occurredAt) },
                  { label: t('incidents.fields.location'), value: inc.location },
                  { label: t('incidents.fields.institution'), value: name(inc.institution) },
                  { label: t('incidents.fields.unit'), value: name(inc.unit) },
                  { label: t('incidents.fields.reportedBy'), value: name(inc.reportedBy) },
                  { label: t('incidents.fields.reportedAt'), value: when(inc.reportedAt) },
                  { label: t('incidents.fields.assignee'), value: name(inc.assignee) },
                  ...(inc.dismissedReason ? [{ label: t('incidents.fields.dismissedReason'), value: inc.dismissedReason }] : []),
                  ...(inc.credentialLossId ? [{ label: t('incidents.detail.credentialLoss'), value: <Anchor component={Link} to={`/accounts/credential-loss/${inc.credentialLossId}`} size="sm">{t('incidents.kind.credential_loss')}</Anchor> }] : []),
                ]}
              />
              {inc.description && (
                <Text size="sm" mt="md" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {inc.description}
                </Text>
              )}
            </Section>
            <Section title={t('incidents.detail.personalInfo')}>
              <DetailList
                items={[
                  { label: t('incidents.fields.personalInfo'), value: t(`incidents.tri.${inc.personalInfo}`) },
                  { label: t('incidents.fields.peopleAffected'), value: inc.peopleAffected ?? t('incidents.unanswered') },
                  { label: t('incidents.fields.specialCare'), value: tri(inc.specialCare) },
                  { label: t('incidents.fields.encrypted'), value: tri(inc.encrypted) },
                  { label: t('incidents.fields.keySafe'), value: tri(inc.keySafe) },
                ]}
              />
            </Section>
            {inc.canManage && (
              <Section title={t('incidents.detail.actions')}>
                <WorkForm key={inc.version} inc={inc} />
              </Section>
            )}
            <BreachPanel incidentId={inc.id} canManage={inc.canManage} />
            <CapaPanel incidentId={inc.id} canManage={inc.canManage} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <TimelineSection inc={inc} />
            <LinksSection inc={inc} />
            <InvestigatorsSection inc={inc} />
            <AttachmentsSection inc={inc} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
