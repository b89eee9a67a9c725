import { Badge, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { IncidentSeverity } from '../../../shared/incidents.js';
import { UNASSESSED, type ClockOutcome, type ReportNames, type SteeringReportDto } from '../../../shared/steering.js';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { steeringPdfUrl, useSteeringReport, type ReportParams } from './api.js';

const SEVERITIES = [...IncidentSeverity.options, UNASSESSED];
const OUTCOMES: ClockOutcome[] = ['met', 'missed', 'overdue', 'pending', 'waived'];
const OUTCOME_COLOR: Record<ClockOutcome, string> = { met: 'green', missed: 'red', overdue: 'red', pending: 'orange', waived: 'gray' };
const day = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

function Section({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={2} fz="md" mb={note ? 4 : 'sm'}>
        {title}
      </Title>
      {note && (
        <Text size="xs" c="dimmed" mb="sm">
          {note}
        </Text>
      )}
      {children}
    </Paper>
  );
}

/** Incidents by kind as horizontal bars (the PDF draws the same chart). */
function KindBars({ r }: { r: SteeringReportDto }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...r.incidents.byKind.map((k) => k.total));
  return (
    <Stack gap={4} mt="sm" aria-hidden>
      {r.incidents.byKind.map((k) => (
        <Group key={k.kind} gap="xs" wrap="nowrap">
          <Text size="xs" w={200} ta="right">
            {t(`steering.kind.${k.kind}`)}
          </Text>
          <div style={{ background: 'var(--mantine-color-blue-6)', height: 12, width: `${(k.total / max) * 60}%`, minWidth: 2 }} />
          <Text size="xs">{k.total}</Text>
        </Group>
      ))}
    </Stack>
  );
}

/** The steering committee report on screen, with the period picker and the PDF downloads (P32-7, P32-3). */
export function SteeringPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const named = can('steering_report.named');
  const today = day(new Date());
  const [from, setFrom] = useState(day(new Date(Date.now() - 364 * 86_400_000)));
  const [to, setTo] = useState(today);
  const [names, setNames] = useState<ReportNames>('anonymized');
  const params: ReportParams = { from, to, names };
  const q = useSteeringReport(params);
  const r = q.data;
  return (
    <Stack gap="md">
      <PageHeader
        title={t('steering.title')}
        description={t('steering.description')}
        actions={
          <Group>
            <Button component="a" href={steeringPdfUrl(params, 'ja')} download leftSection={<IconFileTypePdf size={16} aria-hidden />}>
              {t('steering.pdfJa')}
            </Button>
            <Button component="a" variant="default" href={steeringPdfUrl(params, 'en')} download leftSection={<IconFileTypePdf size={16} aria-hidden />}>
              {t('steering.pdfEn')}
            </Button>
          </Group>
        }
      />
      <Paper withBorder radius="md" p="md">
        <Group align="flex-end">
          <TextInput type="date" label={t('steering.from')} value={from} max={to} onChange={(e) => e.currentTarget.value && setFrom(e.currentTarget.value)} />
          <TextInput type="date" label={t('steering.to')} value={to} min={from} onChange={(e) => e.currentTarget.value && setTo(e.currentTarget.value)} />
          {named && (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="steering-names">
                {t('steering.names')}
              </Text>
              <SegmentedControl
                aria-labelledby="steering-names"
                value={names}
                onChange={(v) => setNames(v as ReportNames)}
                data={[
                  { value: 'anonymized', label: t('steering.anonymized') },
                  { value: 'named', label: t('steering.named') },
                ]}
              />
            </Stack>
          )}
        </Group>
      </Paper>
      <ErrorAlert error={q.error} />
      {!r ? (
        <Loading />
      ) : (
        <>
          <Section title={t('steering.summary')} note={t('steering.generated', { at: formatTokyo(r.generatedAt) })}>
            <Text>{lang === 'ja' ? r.summaryJa : r.summaryEn}</Text>
          </Section>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {[
              [t('steering.incidents'), r.incidents.total],
              [t('steering.breaches'), r.breaches.total],
              [t('steering.actionsOverdue'), r.actions.overdue],
              [t('steering.sanctions'), r.sanctions.length],
            ].map(([label, n]) => (
              <Paper key={String(label)} withBorder radius="md" p="sm">
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
                <Text fz="xl" fw={700}>
                  {n}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <Section title={t('steering.byKind')} note={t('steering.byKindNote')}>
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label={t('steering.byKind')} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('steering.kindColumn')}</Table.Th>
                    {SEVERITIES.map((s) => (
                      <Table.Th key={s} ta="right">
                        {t(`steering.severity.${s}`)}
                      </Table.Th>
                    ))}
                    <Table.Th ta="right">{t('steering.total')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.incidents.byKind.map((k) => (
                    <Table.Tr key={k.kind}>
                      <Table.Td>{t(`steering.kind.${k.kind}`)}</Table.Td>
                      {SEVERITIES.map((s) => (
                        <Table.Td key={s} ta="right">
                          {k.bySeverity[s] ?? 0}
                        </Table.Td>
                      ))}
                      <Table.Td ta="right" fw={600}>
                        {k.total}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <KindBars r={r} />
          </Section>
          <Section title={t('steering.deadlines')} note={t('steering.deadlinesNote')}>
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label={t('steering.deadlines')} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('steering.clock')}</Table.Th>
                    {OUTCOMES.map((o) => (
                      <Table.Th key={o} ta="right">
                        {t(`steering.outcome.${o}`)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.breaches.byClock.map((c) => (
                    <Table.Tr key={c.kind}>
                      <Table.Td>{t(`steering.clockKind.${c.kind}`)}</Table.Td>
                      {OUTCOMES.map((o) => (
                        <Table.Td key={o} ta="right" c={c[o] && (o === 'missed' || o === 'overdue') ? 'red.8' : undefined}>
                          {c[o]}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {r.breaches.items.slice(0, 50).map((b) => (
              <Group key={b.incidentId} gap="xs" mt={6}>
                <Text size="sm" fw={600}>
                  {b.ref}
                </Text>
                <Text size="sm">{b.title ?? t(`steering.kind.${b.kind}`)}</Text>
                {b.clocks.map((c) => (
                  <Badge key={c.kind} color={OUTCOME_COLOR[c.outcome]} variant="light" size="sm">
                    {t(`steering.clockKind.${c.kind}`)}: {t(`steering.outcome.${c.outcome}`)}
                  </Badge>
                ))}
              </Group>
            ))}
          </Section>
          <Section title={t('steering.actions')} note={t('steering.actionsNote')}>
            <Text size="sm">{t('steering.actionsLine', { open: r.actions.open, overdue: r.actions.overdue, created: r.actions.createdInPeriod, closed: r.actions.closedInPeriod })}</Text>
          </Section>
          <Section title={t('steering.sanctionsTitle')}>
            {r.sanctions.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('steering.none')}
              </Text>
            ) : (
              <Table.ScrollContainer minWidth={640}>
                <Table aria-label={t('steering.sanctionsTitle')} fz="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('steering.case')}</Table.Th>
                      <Table.Th>{t('steering.subject')}</Table.Th>
                      <Table.Th>{t('steering.affiliation')}</Table.Th>
                      <Table.Th>{t('steering.clauses')}</Table.Th>
                      <Table.Th>{t('steering.sanction')}</Table.Th>
                      <Table.Th>{t('steering.decidedOn')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.sanctions.map((s) => (
                      <Table.Tr key={s.ref}>
                        <Table.Td>{s.ref}</Table.Td>
                        <Table.Td>{lang === 'ja' ? s.subjectJa : s.subjectEn}</Table.Td>
                        <Table.Td>{lang === 'ja' ? s.affiliationJa : s.affiliationEn}</Table.Td>
                        <Table.Td>{s.clauseIds.map((c) => c.replace(/^P32-/, '')).join(', ')}</Table.Td>
                        <Table.Td>{lang === 'ja' ? s.sanctionJa : s.sanctionEn}</Table.Td>
                        <Table.Td>{s.decidedOn}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Section>
        </>
      )}
    </Stack>
  );
}
