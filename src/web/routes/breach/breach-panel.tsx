import { Accordion, Alert, Badge, Button, Group, Menu, NumberInput, Paper, Radio, ScrollArea, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconFileText, IconFileTypePdf } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPORT_DETAIL_KEYS, type AssessmentAnswers, type AssessmentDto, type BreachResult, type ReportDetails } from '../../../shared/breach.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { formatTokyo } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { ppcReportUrl, useAssessment, useClocks, useSaveAssessment } from './api.js';
import { ClockActions, ClockStateBadge, DaysLeft, WaiverInfo } from './clock-parts.js';

const RESULT_COLOR: Record<BreachResult, string> = { reportable: 'red', not_reportable: 'ok', undetermined: 'yellow' };
type TriKey = 'specialCare' | 'financialRisk' | 'wrongfulPurpose' | 'encrypted' | 'keySafe' | 'moreThan1000';
// Not answered (null) is its own choice, never shown as "no".
const triValue = (v: boolean | null) => (v === true ? 'yes' : v === false ? 'no' : 'unanswered');
const fromTri = (s: string) => (s === 'yes' ? true : s === 'no' ? false : null);
const nameOf = (p: { nameJa: string; nameEn: string } | null, lang: string) => (p ? (lang === 'ja' ? p.nameJa : p.nameEn) : '');
const emptyReport = (): ReportDetails => ({ dataItems: '', cause: '', secondaryHarm: '', responseToSubjects: '', publicAnnouncement: '', recurrencePrevention: '', other: '' });

/** "From the report": the answer came from the reporter and is not confirmed by an assessment yet. */
function FromReport({ show }: { show: boolean }) {
  const { t } = useTranslation();
  if (!show) return null;
  return (
    <Badge size="sm" variant="light" color="blue" tt="none" ml={6} data-testid="from-report">
      {t('breach.q.fromReport')}
    </Badge>
  );
}

/** A yes / no question that may be unanswered (null), as a radio group with its own label. */
function TriQuestion({ name, label, hint, value, onChange, disabled, prefilled }: { name: string; label: string; hint?: string; value: string; onChange: (v: string) => void; disabled?: boolean; prefilled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      name={name}
      label={
        <>
          {label}
          <FromReport show={!!prefilled} />
        </>
      }
      description={hint}
      value={value}
      onChange={onChange}
    >
      <Group gap="lg" mt={6}>
        {['yes', 'no', 'unanswered'].map((v) => (
          <Radio key={v} value={v} label={t(`breach.a.${v}`)} disabled={disabled} />
        ))}
      </Group>
    </Radio.Group>
  );
}

/** The guided assessment: the APPI questions, notes and the report items, saved as a new version. */
function AssessmentForm({ incidentId, data }: { incidentId: string; data: AssessmentDto }) {
  const { t } = useTranslation();
  const save = useSaveAssessment(incidentId);
  const [answers, setAnswers] = useState<AssessmentAnswers>(data.draft);
  const [note, setNote] = useState(data.current?.note ?? '');
  const [report, setReport] = useState<ReportDetails>(data.current?.report ?? emptyReport());
  const version = data.current?.version ?? 0;
  useEffect(() => {
    setAnswers(data.draft);
    setNote(data.current?.note ?? '');
    setReport(data.current?.report ?? emptyReport());
    // a newer version (saved here or elsewhere) resets the form
  }, [version]);
  const set = <K extends keyof AssessmentAnswers>(k: K, v: AssessmentAnswers[K]) => setAnswers((a) => ({ ...a, [k]: v }));
  // Prefilled answers stay marked until saved, unless changed here.
  const fromReport = (k: keyof AssessmentAnswers) => data.prefilled.includes(k) && answers[k] === data.draft[k];
  const tri = (k: TriKey, hint?: string) => (
    <TriQuestion name={`breach-${k}`} label={t(`breach.q.${k}`)} hint={hint} value={triValue(answers[k])} onChange={(v) => set(k, fromTri(v))} prefilled={fromReport(k)} />
  );
  const noPersonal = answers.personalInfo === 'no';
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ answers, note, report, baseVersion: version }, { onSuccess: () => notify(t('breach.saved')) });
      }}
    >
      <Stack gap="md">
        {data.prefilled.length > 0 && (
          <Text size="sm" c="dimmed">
            {t('breach.q.prefilled')}
          </Text>
        )}
        <Radio.Group
          name="breach-personalInfo"
          label={
            <>
              {t('breach.q.personalInfo')}
              <FromReport show={fromReport('personalInfo')} />
            </>
          }
          value={answers.personalInfo} onChange={(v) => set('personalInfo', v as AssessmentAnswers['personalInfo'])}>
          <Group gap="lg" mt={6}>
            {(['yes', 'no', 'unknown'] as const).map((v) => (
              <Radio key={v} value={v} label={t(`breach.a.${v}`)} />
            ))}
          </Group>
        </Radio.Group>
        {!noPersonal && (
          <>
            <NumberInput
              label={
                <>
                  {t('breach.q.peopleAffected')}
                  <FromReport show={fromReport('peopleAffected')} />
                </>
              }
              description={t('breach.q.peopleAffectedHint')}
              min={0}
              max={100_000_000}
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator=","
              value={answers.peopleAffected ?? ''}
              onChange={(v) => set('peopleAffected', typeof v === 'number' ? v : null)}
              w={240}
            />
            {answers.peopleAffected === null && tri('moreThan1000')}
            {tri('specialCare', t('breach.q.specialCareHint'))}
            {tri('financialRisk')}
            {tri('wrongfulPurpose')}
            {tri('encrypted')}
            {answers.encrypted === true && tri('keySafe')}
          </>
        )}
        <Textarea label={t('breach.q.note')} description={t('breach.q.noteHint')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={4000} />
        <Accordion variant="contained">
          <Accordion.Item value="report">
            <Accordion.Control>{t('breach.report.title')}</Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                {REPORT_DETAIL_KEYS.map((k) => (
                  <Textarea key={k} label={t(`breach.report.${k}`)} value={report[k]} onChange={(e) => setReport((r) => ({ ...r, [k]: e.currentTarget.value }))} autosize minRows={2} maxLength={4000} />
                ))}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        <ErrorAlert error={save.error} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('breach.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The latest decision with its reasoning, and who made it when. */
function ResultBox({ data }: { data: AssessmentDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const c = data.current;
  if (!c) return <Text c="dimmed">{t('breach.panel.noAssessment')}</Text>;
  const d = c.decision;
  return (
    <Alert
      color={RESULT_COLOR[d.result]}
      variant="light"
      title={
        <Group gap="xs">
          <span>{t('breach.result.title')}</span>
          <Badge color={RESULT_COLOR[d.result]} variant="filled" autoContrast tt="none" data-testid="breach-result">
            {t(`breach.result.${d.result}`)}
          </Badge>
          {d.exempt && <Badge variant="outline" tt="none">{t('breach.result.exempt')}</Badge>}
        </Group>
      }
    >
      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
        {lang === 'ja' ? d.reasoningJa : d.reasoningEn}
      </Text>
      <Text size="xs" c="dimmed" mt={6}>
        {t('breach.result.by', { name: nameOf(c.assessedBy, lang) || '—', at: formatTokyo(c.assessedAt) })}
      </Text>
      {data.history.length > 1 && (
        <Accordion variant="default" mt="xs">
          <Accordion.Item value="history">
            <Accordion.Control>{t('breach.history', { count: data.history.length })}</Accordion.Control>
            <Accordion.Panel>
              <Stack gap={4}>
                {data.history.map((h) => (
                  <Text key={h.id} size="xs">
                    {t('breach.historyItem', { version: h.version, at: formatTokyo(h.assessedAt), name: nameOf(h.assessedBy, lang) || '—', result: t(`breach.result.${h.decision.result}`) })}
                  </Text>
                ))}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      )}
    </Alert>
  );
}

/** The draft report: preliminary or final, as PDF, DOCX or XLSX, in Japanese or English. */
function DownloadMenu({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const [stage, setStage] = useState<'preliminary' | 'final'>('preliminary');
  const icon = { pdf: IconFileTypePdf, docx: IconFileText, xlsx: IconFileSpreadsheet } as const;
  return (
    <Group gap="sm" wrap="wrap">
      <SegmentedControl
        aria-label={t('breach.download.stage')}
        value={stage}
        onChange={(v) => setStage(v as 'preliminary' | 'final')}
        data={[
          { value: 'preliminary', label: t('breach.download.preliminary') },
          { value: 'final', label: t('breach.download.final') },
        ]}
      />
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="light" leftSection={<IconDownload size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />}>
            {t('breach.download.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {(['pdf', 'docx', 'xlsx'] as const).flatMap((format) =>
            (['ja', 'en'] as const).map((lang) => {
              const Icon = icon[format];
              return (
                <Menu.Item key={`${format}-${lang}`} component="a" href={ppcReportUrl(incidentId, format, lang, stage)} download leftSection={<Icon size={16} aria-hidden />}>
                  {t('breach.download.item', { format: format.toUpperCase(), lang: t(`breach.download.${lang}`) })}
                </Menu.Item>
              );
            }),
          )}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

/** The breach assessment and reporting clocks of one incident, shown on the incident's page. */
export function BreachPanel({ incidentId, canManage }: { incidentId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const assessment = useAssessment(incidentId);
  const clocks = useClocks(incidentId);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="breach-panel-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={2} style={{ flex: 1, minWidth: 240 }}>
            <Title order={2} fz="lg" id="breach-panel-title">
              {t('breach.panel.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('breach.panel.intro')}
            </Text>
          </Stack>
          {canManage && <DownloadMenu incidentId={incidentId} />}
        </Group>
        {assessment.isPending ? (
          <Loading />
        ) : assessment.error ? (
          <ErrorAlert error={assessment.error} />
        ) : (
          <>
            <ResultBox data={assessment.data} />
            {canManage ? <AssessmentForm incidentId={incidentId} data={assessment.data} /> : <Text size="sm" c="dimmed">{t('breach.panel.readOnly')}</Text>}
          </>
        )}
        <Title order={3} fz="md">
          {t('breach.clocks.title')}
        </Title>
        {clocks.isPending ? (
          <Loading />
        ) : clocks.error ? (
          <ErrorAlert error={clocks.error} />
        ) : clocks.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('breach.clocks.none')}
          </Text>
        ) : (
          <ScrollArea type="auto">
            <Table striped verticalSpacing="xs" miw={880} aria-label={t('breach.clocks.title')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th miw={180}>{t('breach.clocks.kind')}</Table.Th>
                  <Table.Th>{t('breach.clocks.due')}</Table.Th>
                  <Table.Th>{t('breach.clocks.overdue')}</Table.Th>
                  <Table.Th>{t('breach.clocks.state')}</Table.Th>
                  <Table.Th>{t('breach.clocks.daysLeft')}</Table.Th>
                  <Table.Th>{t('breach.clocks.doneInfo')}</Table.Th>
                  {canManage && <Table.Th>{t('breach.clocks.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {clocks.data.items.map((c) => (
                  <Table.Tr key={c.id} data-testid={`clock-${c.kind}`}>
                    <Table.Td>{t(`breach.kind.${c.kind}`)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTokyo(c.dueAt).slice(0, 16)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTokyo(c.overdueAt).slice(0, 16)}</Table.Td>
                    <Table.Td>
                      <ClockStateBadge state={c.state} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <DaysLeft clock={c} />
                    </Table.Td>
                    <Table.Td>
                      {c.waived ? <WaiverInfo clock={c} /> : <Text size="xs">{[c.doneAt ? formatTokyo(c.doneAt).slice(0, 16) : '', c.note ?? ''].filter(Boolean).join(' ')}</Text>}
                    </Table.Td>
                    {canManage && (
                      <Table.Td>
                        <ClockActions incidentId={incidentId} clock={c} canWaive={clocks.data.canWaive} />
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Stack>
    </Paper>
  );
}
