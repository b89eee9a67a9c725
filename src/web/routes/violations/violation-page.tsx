import { Anchor, Breadcrumbs, Button, Checkbox, FileInput, Grid, Group, MultiSelect, Paper, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ViolationCooperation, ViolationHarm, ViolationIntent, VIOLATION_SEVERITIES, type AppealOutcome, type ViolationDto, type ViolationSeverity } from '../../../shared/violations.js';
import { ApiError } from '../../api/client.js';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { NotFoundPage } from '../errors/not-found-page.js';
import { evidenceUrl, uploadViolationEvidence, useAddNote, useDecide, useRecordAppeal, useSanctionTypes, useSetInvestigators, useUpdateViolation, useViolation } from './api.js';
import { PeoplePicker, useClauseOptions, ViolationStatusBadge } from './violations-page.js';
import { useQueryClient } from '@tanstack/react-query';

const tokyoToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} fz="md" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Facts, clauses, severity and circumstances: the manager edits them. */
function CaseForm({ v }: { v: ViolationDto }) {
  const { t } = useTranslation();
  const clauses = useClauseOptions();
  const save = useUpdateViolation(v.id);
  const [f, setF] = useState({ clauseIds: v.clauseIds, facts: v.facts, severity: v.severity, intent: v.intent, repeated: v.repeated, harm: v.harm, cooperation: v.cooperation, circumstancesNote: v.circumstancesNote });
  const opts = (values: readonly string[], label: (x: string) => string) => values.map((x) => ({ value: x, label: label(x) }));
  return (
    <Stack>
      <MultiSelect label={t('violations.fields.clauses')} data={clauses} value={f.clauseIds} onChange={(clauseIds) => setF({ ...f, clauseIds })} searchable />
      <Textarea label={t('violations.fields.facts')} autosize minRows={3} value={f.facts} onChange={(e) => setF({ ...f, facts: e.currentTarget.value })} />
      <Grid>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select label={t('violations.fields.severity')} data={opts(VIOLATION_SEVERITIES, (x) => t(`violations.severity.${x}`))} value={f.severity} onChange={(x) => x && setF({ ...f, severity: x as ViolationSeverity })} allowDeselect={false} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select label={t('violations.fields.intent')} data={opts(ViolationIntent.options, (x) => t(`violations.intent.${x}`))} value={f.intent} onChange={(x) => x && setF({ ...f, intent: x as ViolationDto['intent'] })} allowDeselect={false} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select label={t('violations.fields.harm')} data={opts(ViolationHarm.options, (x) => t(`violations.harm.${x}`))} value={f.harm} onChange={(x) => x && setF({ ...f, harm: x as ViolationDto['harm'] })} allowDeselect={false} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select label={t('violations.fields.cooperation')} data={opts(ViolationCooperation.options, (x) => t(`violations.cooperation.${x}`))} value={f.cooperation} onChange={(x) => x && setF({ ...f, cooperation: x as ViolationDto['cooperation'] })} allowDeselect={false} />
        </Grid.Col>
      </Grid>
      <Checkbox label={t('violations.fields.repeated')} checked={f.repeated} onChange={(e) => setF({ ...f, repeated: e.currentTarget.checked })} />
      <Textarea label={t('violations.fields.circumstancesNote')} autosize minRows={2} value={f.circumstancesNote} onChange={(e) => setF({ ...f, circumstancesNote: e.currentTarget.value })} />
      <ErrorAlert error={save.error} />
      <Group justify="flex-end">
        {v.status === 'open' && (
          <Button variant="default" onClick={() => save.mutate({ status: 'under_investigation', version: v.version })}>
            {t('violations.startInvestigation')}
          </Button>
        )}
        {v.status !== 'closed' && (
          <Button variant="default" color="gray" onClick={() => save.mutate({ status: 'closed', version: v.version })}>
            {t('violations.close')}
          </Button>
        )}
        <Button loading={save.isPending} onClick={() => save.mutate({ ...f, version: v.version }, { onSuccess: () => notify(t('violations.saved')) })}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function Investigators({ v }: { v: ViolationDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const set = useSetInvestigators(v.id);
  const [ids, setIds] = useState(v.investigators.map((i) => i.id));
  if (!v.canManage) return <Text size="sm">{v.investigators.map((i) => (lang === 'ja' ? i.nameJa : i.nameEn)).join('、') || '—'}</Text>;
  return (
    <Stack gap="xs">
      <PeoplePicker label={t('violations.fields.investigators')} value={ids} onChange={setIds} multiple initial={v.investigators} />
      <ErrorAlert error={set.error} />
      <Group justify="flex-end">
        <Button size="xs" loading={set.isPending} onClick={() => set.mutate(ids, { onSuccess: () => notify(t('violations.investigatorsSaved')) })}>
          {t('violations.saveInvestigators')}
        </Button>
      </Group>
    </Stack>
  );
}

function Findings({ v }: { v: ViolationDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const qc = useQueryClient();
  const add = useAddNote(v.id);
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [desc, setDesc] = useState('');
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);
  const sendFile = async () => {
    if (!file) return;
    setUploading(true);
    setUploadError(null);
    try {
      const dto = await uploadViolationEvidence(v.id, file, desc, () => undefined).promise;
      qc.setQueryData(['violations', 'one', v.id], dto);
      setFile(null);
      setDesc('');
      notify(t('violations.evidenceAdded'));
    } catch (e) {
      setUploadError(e);
    } finally {
      setUploading(false);
    }
  };
  return (
    <Stack>
      {v.notes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('violations.noNotes')}
        </Text>
      ) : (
        v.notes.map((n) => (
          <Paper key={n.id} withBorder p="xs" radius="sm">
            <Text size="xs" c="dimmed">
              {formatTokyo(n.at)} · {n.author ? (lang === 'ja' ? n.author.nameJa : n.author.nameEn) : ''}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {n.text}
            </Text>
          </Paper>
        ))
      )}
      {v.status !== 'closed' && (
        <>
          <Textarea label={t('violations.addNote')} autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <ErrorAlert error={add.error} />
          <Group justify="flex-end">
            <Button size="xs" disabled={!text.trim()} loading={add.isPending} onClick={() => add.mutate({ text }, { onSuccess: () => setText('') })}>
              {t('violations.addNoteButton')}
            </Button>
          </Group>
        </>
      )}
      <Title order={3} fz="sm">
        {t('violations.evidence')}
      </Title>
      {v.evidence.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('violations.noEvidence')}
        </Text>
      ) : (
        <Table aria-label={t('violations.evidence')} fz="sm">
          <Table.Tbody>
            {v.evidence.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Anchor href={evidenceUrl(v.id, e.id)} download>
                    {e.fileName}
                  </Anchor>
                </Table.Td>
                <Table.Td>{e.description}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTokyo(e.uploadedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {v.status !== 'closed' && (
        <Group align="flex-end">
          <FileInput label={t('violations.evidenceFile')} value={file} onChange={setFile} clearable w={260} />
          <TextInput label={t('violations.evidenceDescription')} value={desc} onChange={(e) => setDesc(e.currentTarget.value)} style={{ flex: 1 }} />
          <Button size="sm" disabled={!file} loading={uploading} onClick={() => void sendFile()}>
            {t('violations.upload')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={uploadError} />
    </Stack>
  );
}

/** The manager's decision: a sanction from the list, the date and the rationale. */
function DecisionForm({ v }: { v: ViolationDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const types = useSanctionTypes();
  const decide = useDecide(v.id);
  const [sanctionTypeId, setSanction] = useState<string | null>(null);
  const [decidedOn, setDate] = useState(tokyoToday());
  const [rationale, setRationale] = useState('');
  const chosen = types.data?.items.find((s) => s.id === sanctionTypeId);
  return (
    <Stack>
      <Select
        label={t('violations.fields.sanction')}
        data={(types.data?.items ?? []).filter((s) => !s.retired).map((s) => ({ value: s.id, label: lang === 'ja' ? s.nameJa : s.nameEn }))}
        value={sanctionTypeId}
        onChange={setSanction}
        required
      />
      {chosen?.effect === 'suspend_account' && (
        <Text size="sm" c="red.7">
          {t('violations.suspendWarning')}
        </Text>
      )}
      <TextInput type="date" label={t('violations.fields.decidedOn')} value={decidedOn} onChange={(e) => setDate(e.currentTarget.value)} required />
      <Textarea label={t('violations.fields.rationale')} autosize minRows={3} value={rationale} onChange={(e) => setRationale(e.currentTarget.value)} required />
      <Text size="xs" c="dimmed">
        {t('violations.noticeHint')}
      </Text>
      <ErrorAlert error={decide.error} />
      <Group justify="flex-end">
        <Button disabled={!sanctionTypeId || !rationale.trim()} loading={decide.isPending} onClick={() => decide.mutate({ sanctionTypeId: sanctionTypeId!, decidedOn, rationale }, { onSuccess: () => notify(t('violations.decidedToast')) })}>
          {t('violations.decide')}
        </Button>
      </Group>
    </Stack>
  );
}

function AppealForm({ v }: { v: ViolationDto }) {
  const { t } = useTranslation();
  const record = useRecordAppeal(v.id);
  const [receivedOn, setReceived] = useState(v.appeal?.receivedOn ?? tokyoToday());
  const [note, setNote] = useState(v.appeal?.note ?? '');
  const [outcome, setOutcome] = useState<AppealOutcome | null>(v.appeal?.outcome ?? null);
  const [outcomeNote, setOutcomeNote] = useState(v.appeal?.outcomeNote ?? '');
  return (
    <Stack>
      <TextInput type="date" label={t('violations.fields.appealReceivedOn')} value={receivedOn} onChange={(e) => setReceived(e.currentTarget.value)} />
      <Textarea label={t('violations.fields.appealNote')} autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
      <Select
        label={t('violations.fields.appealOutcome')}
        data={(['upheld', 'modified', 'withdrawn'] as const).map((o) => ({ value: o, label: t(`violations.appealOutcome.${o}`) }))}
        value={outcome}
        onChange={(x) => setOutcome(x as AppealOutcome | null)}
        clearable
        placeholder={t('violations.appealPending')}
      />
      <Textarea label={t('violations.fields.appealOutcomeNote')} autosize minRows={2} value={outcomeNote} onChange={(e) => setOutcomeNote(e.currentTarget.value)} />
      <ErrorAlert error={record.error} />
      <Group justify="flex-end">
        <Button variant="default" disabled={!note.trim()} loading={record.isPending} onClick={() => record.mutate({ receivedOn, note, outcome, outcomeNote }, { onSuccess: () => notify(t('violations.saved')) })}>
          {t('violations.recordAppeal')}
        </Button>
      </Group>
    </Stack>
  );
}

/** One violation case: facts and circumstances, investigators, findings and evidence, the decision and the appeal. */
export function ViolationPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const q = useViolation(id);
  if (q.error instanceof ApiError && q.error.status === 404) return <NotFoundPage />;
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  const v = q.data;
  const name = (p: { nameJa: string; nameEn: string } | null | undefined) => (p ? (lang === 'ja' ? p.nameJa : p.nameEn) : '—');
  const d = v.decision;
  return (
    <Stack gap="md">
      <PageHeader
        above={
          <Breadcrumbs>
            <Anchor component={Link} to="/violations" size="sm">
              {t('violations.title')}
            </Anchor>
            <Text size="sm">{v.ref}</Text>
          </Breadcrumbs>
        }
        title={`${v.ref} ${name(v.subject)}`}
        badge={<ViolationStatusBadge status={v.status} />}
        description={t('violations.restricted')}
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Section title={t('violations.sections.case')}>
              {v.canManage && v.status !== 'closed' ? (
                <CaseForm key={v.version} v={v} />
              ) : (
                <DetailList
                  items={[
                    { label: t('violations.fields.clauses'), value: v.clauseIds.join(', ') },
                    { label: t('violations.fields.severity'), value: t(`violations.severity.${v.severity}`) },
                    { label: t('violations.fields.facts'), value: <Text style={{ whiteSpace: 'pre-wrap' }}>{v.facts || '—'}</Text> },
                    { label: t('violations.fields.intent'), value: t(`violations.intent.${v.intent}`) },
                    { label: t('violations.fields.repeated'), value: v.repeated ? t('violations.yes') : t('violations.no') },
                    { label: t('violations.fields.harm'), value: t(`violations.harm.${v.harm}`) },
                    { label: t('violations.fields.cooperation'), value: t(`violations.cooperation.${v.cooperation}`) },
                    { label: t('violations.fields.circumstancesNote'), value: v.circumstancesNote || '—' },
                  ]}
                />
              )}
            </Section>
            <Section title={t('violations.sections.findings')}>
              <Findings v={v} />
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Section title={t('violations.sections.investigators')}>
              <Investigators key={v.version} v={v} />
            </Section>
            <Section title={t('violations.sections.decision')}>
              {d ? (
                <DetailList
                  items={[
                    { label: t('violations.fields.sanction'), value: name(d.sanction) },
                    { label: t('violations.fields.decidedOn'), value: d.decidedOn },
                    { label: t('violations.fields.rationale'), value: <Text style={{ whiteSpace: 'pre-wrap' }}>{d.rationale}</Text> },
                    { label: t('violations.fields.decidedBy'), value: name(d.decidedBy) },
                    { label: t('violations.fields.notice'), value: d.noticeSentAt ? t('violations.noticeSent', { at: formatTokyo(d.noticeSentAt) }) : '—' },
                    ...(d.accountSuspended ? [{ label: t('violations.fields.account'), value: t('violations.accountSuspended') }] : []),
                  ]}
                />
              ) : (
                !v.canManage && (
                  <Text size="sm" c="dimmed">
                    {t('violations.notDecided')}
                  </Text>
                )
              )}
              {v.canManage && ['open', 'under_investigation', 'appealed'].includes(v.status) && <DecisionForm v={v} />}
            </Section>
            {(v.appeal || (v.canManage && (v.status === 'decided' || v.status === 'appealed'))) && (
              <Section title={t('violations.sections.appeal')}>
                {v.canManage && (v.status === 'decided' || v.status === 'appealed') ? (
                  <AppealForm key={v.version} v={v} />
                ) : (
                  v.appeal && (
                    <DetailList
                      items={[
                        { label: t('violations.fields.appealReceivedOn'), value: v.appeal.receivedOn },
                        { label: t('violations.fields.appealNote'), value: v.appeal.note },
                        { label: t('violations.fields.appealOutcome'), value: v.appeal.outcome ? t(`violations.appealOutcome.${v.appeal.outcome}`) : t('violations.appealPending') },
                      ]}
                    />
                  )
                )}
              </Section>
            )}
            {v.incident && (
              <Section title={t('violations.sections.incident')}>
                <Anchor component={Link} to={`/incidents/${v.incident.id}`}>
                  {v.incident.ref} {v.incident.title}
                </Anchor>
              </Section>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
