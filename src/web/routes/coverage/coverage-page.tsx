import { Alert, Anchor, Button, Card, Group, Menu, Paper, Progress, SegmentedControl, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconFileTypeCsv, IconFileTypePdf, IconInfoCircle, IconReportAnalytics, IconUsers } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COVERAGE_DIMENSIONS, fiscalYearOf, type BreakdownRow, type CoverageDimension, type CoverageItem, type CoverageStatus } from '../../../shared/coverage.js';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { ListPagination } from '../../components/list-pagination.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { educationReportUrl, exportUrl, useBreakdown, useCoverage, useCoveragePeople } from './api.js';
import { CHART_MAX, CoverageChart } from './coverage-chart.js';

const titleOf = (x: { titleJa: string; titleEn: string }, lang: string) => (lang === 'ja' ? x.titleJa || x.titleEn : x.titleEn || x.titleJa);
const pctColor = (p: number) => (p >= 90 ? 'ok' : p >= 60 ? 'orange' : 'red');

function versionLabel(item: CoverageItem, t: (k: string, o?: Record<string, unknown>) => string) {
  if (item.kind === 'document') return t('coverage.version', { version: item.version });
  return item.version === 'once' ? t('coverage.once') : t('coverage.fiscalYear', { year: item.version.replace(/^FY/, '') });
}

/** One current item: its percentage and counts; selecting it shows its breakdown below. */
function ItemCard({ item, selected, onSelect }: { item: CoverageItem; selected: boolean; onSelect: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const c = item.counts;
  return (
    <UnstyledButton onClick={onSelect} aria-pressed={selected} data-testid="coverage-card" style={{ display: 'block', height: '100%' }}>
      <Card withBorder radius="md" padding="md" h="100%" style={{ borderColor: selected ? 'var(--mantine-color-blue-6)' : undefined, borderWidth: selected ? 2 : 1 }}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed">
              {item.kind === 'document' ? t('coverage.kind.document') : t('coverage.kind.course')} · {item.code} · {versionLabel(item, t)}
            </Text>
            <Text fw={600} lineClamp={2}>
              {titleOf(item, lang)}
            </Text>
          </Stack>
          <Text fz={26} fw={700} c={c.assigned ? `${pctColor(c.percentage)}.8` : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
            {c.assigned ? `${c.percentage}%` : '—'}
          </Text>
        </Group>
        <Progress value={c.percentage} color={pctColor(c.percentage)} mt="sm" aria-label={t('coverage.progressLabel', { title: titleOf(item, lang), pct: c.percentage })} />
        <Group gap="md" mt="xs" wrap="wrap">
          <Text size="sm">{t('coverage.counts.assigned', { count: c.assigned })}</Text>
          <Text size="sm">{t('coverage.counts.done', { count: c.done })}</Text>
          <Text size="sm">{t('coverage.counts.pending', { count: c.pending })}</Text>
          <Text size="sm" c={c.overdue ? 'red.8' : undefined} fw={c.overdue ? 600 : undefined}>
            {t('coverage.counts.overdue', { count: c.overdue })}
          </Text>
        </Group>
      </Card>
    </UnstyledButton>
  );
}

function ExportMenu({ item, by, people }: { item: string; by: CoverageDimension; people: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const icon = { csv: IconFileTypeCsv, xlsx: IconFileSpreadsheet, pdf: IconFileTypePdf } as const;
  const entry = (what: CoverageDimension | 'people', format: 'csv' | 'xlsx' | 'pdf') => {
    const Icon = icon[format];
    return (
      <Menu.Item key={`${what}-${format}`} component="a" href={exportUrl(item, what, format, lang)} download leftSection={<Icon size={16} aria-hidden />}>
        {t(`coverage.export.${format}`)}
      </Menu.Item>
    );
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />}>
          {t('coverage.export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t(`coverage.by.${by}`)}</Menu.Label>
        {(['csv', 'xlsx', 'pdf'] as const).map((f) => entry(by, f))}
        {people && (
          <>
            <Menu.Divider />
            <Menu.Label>{t('coverage.export.people')}</Menu.Label>
            {(['csv', 'xlsx', 'pdf'] as const).map((f) => entry('people', f))}
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** The yearly education report for the steering committee: this and the last two fiscal years, ja/en. */
function ReportMenu({ today }: { today: string }) {
  const { t } = useTranslation();
  const fy = fiscalYearOf(today);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button leftSection={<IconReportAnalytics size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />}>
          {t('coverage.report.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {[fy, fy - 1, fy - 2].map((y) => (
          <div key={y}>
            <Menu.Label>{t('coverage.fiscalYear', { year: y })}</Menu.Label>
            <Menu.Item component="a" href={educationReportUrl(y, 'ja')} download leftSection={<IconFileTypePdf size={16} aria-hidden />}>
              {t('coverage.report.pdf', { year: y, lang: '日本語' })}
            </Menu.Item>
            <Menu.Item component="a" href={educationReportUrl(y, 'en')} download leftSection={<IconFileTypePdf size={16} aria-hidden />}>
              {t('coverage.report.pdf', { year: y, lang: 'English' })}
            </Menu.Item>
          </div>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

interface Drill {
  group: string | null;
  groupName: string;
  status: CoverageStatus | 'all';
  page: number;
}

/** Names for one group (or everyone in scope) of the selected item. */
function People({ item, by, drill, onChange }: { item: string; by: CoverageDimension; drill: Drill; onChange: (d: Drill) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const q = useCoveragePeople({ item, by, group: drill.group, status: drill.status === 'all' ? undefined : drill.status, page: drill.page });
  const color = { done: 'ok.9', pending: 'dark.7', overdue: 'red.9' } as const;
  return (
    <Paper withBorder radius="md" p="md" mt="md" data-testid="coverage-people">
      <Group justify="space-between" wrap="wrap" mb="sm">
        <Title order={3} fz="md">
          {t('coverage.people.title', { group: drill.groupName })}
        </Title>
        <SegmentedControl
          size="xs"
          value={drill.status}
          onChange={(v) => onChange({ ...drill, status: v as Drill['status'], page: 1 })}
          data={(['all', 'done', 'pending', 'overdue'] as const).map((s) => ({ value: s, label: t(`coverage.status.${s}`) }))}
          aria-label={t('coverage.people.statusFilter')}
        />
      </Group>
      {q.isPending ? (
        <Loading minHeight={80} />
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label={t('coverage.people.title', { group: drill.groupName })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('coverage.people.name')}</Table.Th>
                  <Table.Th>{t('coverage.people.institutions')}</Table.Th>
                  <Table.Th>{t('coverage.people.status')}</Table.Th>
                  <Table.Th>{t('coverage.people.due')}</Table.Th>
                  <Table.Th>{t('coverage.people.doneAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={5}>
                      <Text c="dimmed">{t('coverage.people.empty')}</Text>
                    </Table.Td>
                  </Table.Tr>
                )}
                {q.data.items.map((p) => (
                  <Table.Tr key={p.personId}>
                    <Table.Td>
                      <Anchor href={`/people/${p.personId}`} size="sm">
                        {lang === 'ja' ? p.nameJa : p.nameEn}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {p.email}
                      </Text>
                    </Table.Td>
                    <Table.Td>{p.institutions.map((i) => (lang === 'ja' ? i.nameJa : i.nameEn)).join(lang === 'ja' ? '、' : ', ')}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={600} c={color[p.status]}>
                        {t(`coverage.status.${p.status}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td>{p.dueOn}</Table.Td>
                    <Table.Td>{p.doneAt ? formatTokyo(p.doneAt) : ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ListPagination page={drill.page} pageSize={q.data.pageSize} total={q.data.total} onChange={(page) => onChange({ ...drill, page })} />
        </>
      )}
    </Paper>
  );
}

/** The selected item by institution, research group, unit or role: chart, table, names. */
function Breakdown({ item, canPeople }: { item: CoverageItem; canPeople: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [by, setBy] = useState<CoverageDimension>('institution');
  const [drill, setDrill] = useState<Drill | null>(null);
  const q = useBreakdown(item.key, by);
  const name = useCallback(
    (r: BreakdownRow) => (r.id === null ? t('coverage.none') : by === 'role' ? t(`roles.${r.id}`, { defaultValue: lang === 'ja' ? r.nameJa : r.nameEn }) : lang === 'ja' ? r.nameJa : r.nameEn),
    [by, lang, t],
  );
  return (
    <Paper withBorder radius="md" p="md" mt="lg">
      <Group justify="space-between" wrap="wrap" gap="sm" mb="sm">
        <Title order={2} fz="lg">
          {t('coverage.breakdownTitle', { code: item.code, title: titleOf(item, lang) })}
        </Title>
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            value={by}
            onChange={(v) => {
              setBy(v as CoverageDimension);
              setDrill(null);
            }}
            data={COVERAGE_DIMENSIONS.map((d) => ({ value: d, label: t(`coverage.by.${d}`) }))}
            aria-label={t('coverage.byLabel')}
          />
          <ExportMenu item={item.key} by={by} people={canPeople} />
        </Group>
      </Group>
      <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />} mb="md" p="xs">
        <Text size="sm">{t('coverage.doubleCount')}</Text>
      </Alert>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : q.data.rows.length === 0 ? (
        <Text c="dimmed">{t('coverage.nobody')}</Text>
      ) : (
        <>
          <CoverageChart rows={q.data.rows} name={name} label={t('coverage.chart.label', { by: t(`coverage.by.${by}`) })} />
          {q.data.rows.length > CHART_MAX && (
            <Text size="xs" c="dimmed">
              {t('coverage.chart.lowest', { count: CHART_MAX })}
            </Text>
          )}
          <Table.ScrollContainer minWidth={640} mt="md">
            <Table highlightOnHover aria-label={t('coverage.tableLabel', { by: t(`coverage.by.${by}`) })}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t(`coverage.group_${by}`)}</Table.Th>
                  <Table.Th ta="right">{t('coverage.assigned')}</Table.Th>
                  <Table.Th ta="right">{t('coverage.done')}</Table.Th>
                  <Table.Th ta="right">{t('coverage.pending')}</Table.Th>
                  <Table.Th ta="right">{t('coverage.overdue')}</Table.Th>
                  <Table.Th ta="right">{t('coverage.percentage')}</Table.Th>
                  {canPeople && <Table.Th>{t('coverage.people.column')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.data.rows.map((r) => (
                  <Table.Tr key={r.id ?? 'none'} data-testid="coverage-row">
                    <Table.Td>{name(r)}</Table.Td>
                    <Table.Td ta="right">{r.counts.assigned}</Table.Td>
                    <Table.Td ta="right">{r.counts.done}</Table.Td>
                    <Table.Td ta="right">{r.counts.pending}</Table.Td>
                    <Table.Td ta="right" c={r.counts.overdue ? 'red.9' : undefined} fw={r.counts.overdue ? 600 : undefined}>
                      {r.counts.overdue}
                    </Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {r.counts.percentage}%
                    </Table.Td>
                    {canPeople && (
                      <Table.Td>
                        {r.id !== null && (
                          <Button size="compact-xs" variant="subtle" leftSection={<IconUsers size={14} aria-hidden />} onClick={() => setDrill({ group: r.id, groupName: name(r), status: 'all', page: 1 })} aria-label={t('coverage.people.show', { group: name(r) })}>
                            {t('coverage.people.button')}
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {canPeople && !drill && (
            <Button variant="subtle" mt="xs" leftSection={<IconUsers size={16} aria-hidden />} onClick={() => setDrill({ group: null, groupName: t('coverage.everyone'), status: 'pending', page: 1 })}>
              {t('coverage.people.everyone')}
            </Button>
          )}
          {canPeople && drill && <People item={item.key} by={by} drill={drill} onChange={setDrill} />}
        </>
      )}
    </Paper>
  );
}

/** /coverage: who has acknowledged and who has been trained (P32-6), per item and per group. */
export function CoveragePage() {
  const { t } = useTranslation();
  const can = useCan();
  const q = useCoverage();
  const [selected, setSelected] = useState<string | null>(null);
  const items = q.data?.items ?? [];
  const item = items.find((i) => i.key === selected) ?? items[0];
  return (
    <>
      <PageHeader title={t('coverage.title')} description={t('coverage.description')} actions={q.data && can('education_report.export') ? <ReportMenu today={q.data.today} /> : undefined} />
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : (
        <>
          {q.data.institutionIds && (
            <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} aria-hidden />} mb="md">
              {t('coverage.scoped')}
            </Alert>
          )}
          {items.length === 0 ? (
            <Paper withBorder radius="md" p="lg">
              <Text>{t('coverage.empty')}</Text>
            </Paper>
          ) : (
            <>
              <Title order={2} fz="lg" mb="sm">
                {t('coverage.summary', { date: q.data.today })}
              </Title>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
                {items.map((i) => (
                  <ItemCard key={i.key} item={i} selected={i.key === item?.key} onSelect={() => setSelected(i.key)} />
                ))}
              </SimpleGrid>
              {item && <Breakdown key={item.key} item={item} canPeople={can('coverage.people')} />}
            </>
          )}
        </>
      )}
    </>
  );
}
