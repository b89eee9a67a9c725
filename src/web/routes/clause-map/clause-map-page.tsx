import { Anchor, Badge, Box, Button, Group, List, Paper, RingProgress, SimpleGrid, Stack, Switch, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconExternalLink, IconListCheck, IconPrinter } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, matchRoutes, type RouteObject } from 'react-router';
import { FEATURES } from '../../../shared/clauses.js';
import { FEATURES as WEB_FEATURES } from '../../features.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { useLang } from '../../lib/use-lang.js';
import { useClauseMap } from '../controls/api.js';
import { ControlStatusBadge, EvidenceBadge, FamilyBadge } from '../controls/badges.js';
import { analyseClauses, featureAvailability, type ClauseAnalysis, type ClauseLevel, type Gap } from './clause-map.model.js';
import { CoverageChart } from './coverage-chart.js';

const LEVEL_COLOR: Record<ClauseLevel, string> = { met: 'ok', partial: 'yellow', gap: 'red' };
const LEVEL_ICON = { met: IconCircleCheck, partial: IconCircleDashed, gap: IconAlertTriangle };
/** Past this many controls a clause lists them by family (P32-5 holds the whole catalogue). */
const MANY = 12;

/** Whether the web app has a page at this path (a planned feature that has since been built). */
function usePageExists(): (path: string) => boolean {
  return useMemo(() => {
    const routes: RouteObject[] = [{ path: '/', children: WEB_FEATURES.flatMap((f) => f.routes ?? []) }, ...WEB_FEATURES.flatMap((f) => f.standalone ?? [])];
    return (path: string) => !!matchRoutes(routes, path)?.some((m) => m.route.path && m.route.path !== '/' && m.route.path !== '*');
  }, []);
}

function GapLine({ gap }: { gap: Gap }) {
  const { t } = useTranslation();
  const lang = useLang();
  switch (gap.kind) {
    case 'no_control':
      return <>{t('clauseMap.gap.no_control')}</>;
    case 'planned_feature':
      return <>{t('clauseMap.gap.planned_feature', { features: gap.features.map((k) => FEATURES[k][lang]).join(lang === 'ja' ? '、' : ', ') })}</>;
    default:
      return <>{t(`clauseMap.gap.${gap.kind}`, { count: gap.codes.length, codes: gap.codes.join(', ') })}</>;
  }
}

function ClauseCard({ a }: { a: ClauseAnalysis }) {
  const { t } = useTranslation();
  const lang = useLang();
  const Icon = LEVEL_ICON[a.level];
  const title = lang === 'ja' ? a.clause.titleJa : a.clause.titleEn;
  const byFamily = a.controls.length > MANY;
  return (
    <Paper
      id={a.clause.id}
      withBorder
      radius="md"
      p="md"
      ml={a.depth ? { base: 0, sm: 'xl' } : 0}
      style={{ borderLeft: `4px solid var(--mantine-color-${LEVEL_COLOR[a.level]}-6)`, scrollMarginTop: 80, breakInside: 'avoid' }}
      data-level={a.level}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm" mb="xs">
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <ThemeIcon color={LEVEL_COLOR[a.level]} variant="light" radius="xl" size="md" aria-hidden>
            <Icon size={16} />
          </ThemeIcon>
          <div>
            <Title order={3} fz="md">
              <Text span fw={700} mr={8}>
                {a.clause.id}
              </Text>
              {title}
            </Title>
            <Text size="xs" c="dimmed">
              {lang === 'ja' ? a.clause.titleEn : a.clause.titleJa}
            </Text>
          </div>
        </Group>
        <Group gap="xs" wrap="nowrap">
          {a.coverage !== null && (
            <Tooltip label={t('clauseMap.coverageHint')}>
              <RingProgress
                size={48}
                thickness={5}
                roundCaps
                sections={[{ value: a.coverage * 100, color: a.coverage === 1 ? 'ok' : 'yellow' }]}
                label={
                  <Text ta="center" fz={10} fw={600}>
                    {Math.round(a.coverage * 100)}%
                  </Text>
                }
                aria-label={`${t('clauseMap.coverage')} ${Math.round(a.coverage * 100)}%`}
              />
            </Tooltip>
          )}
          <Badge color={LEVEL_COLOR[a.level]} variant={a.level === 'met' ? 'light' : 'filled'} autoContrast tt="none">
            {t(`clauseMap.level.${a.level}`)}
          </Badge>
        </Group>
      </Group>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" mt="sm">
        <Box>
          <Text size="xs" fw={600} c="dimmed" mb={4}>
            {t('clauseMap.controls', { count: a.controls.length })}
          </Text>
          {a.controls.length === 0 && (
            <Text size="sm" c="red.7">
              {t('clauseMap.noControl')}
            </Text>
          )}
          {byFamily ? (
            <Stack gap={4}>
              {(['physical', 'human', 'technical', 'operational'] as const).map((f) => {
                const list = a.controls.filter((c) => c.family === f);
                if (!list.length) return null;
                const done = list.filter((c) => c.status === 'implemented').length;
                return (
                  <Group key={f} gap="xs">
                    <FamilyBadge family={f} />
                    <Anchor component={Link} to={`/controls?family=${f}`} size="sm">
                      {t('clauseMap.familyCount', { done, count: list.length })}
                    </Anchor>
                  </Group>
                );
              })}
            </Stack>
          ) : (
            <Stack gap={4}>
              {a.controls.map((c) => (
                <Group key={c.id} gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/controls/${c.id}`} size="sm" fw={600} w={64} style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
                    {c.code}
                  </Anchor>
                  <Text size="sm" style={{ flex: 1, minWidth: 0 }} truncate="end" title={lang === 'ja' ? c.titleJa : c.titleEn}>
                    {lang === 'ja' ? c.titleJa : c.titleEn}
                  </Text>
                  <ControlStatusBadge status={c.applicable ? c.status : 'not_applicable'} />
                  <EvidenceBadge state={c.evidenceState} />
                </Group>
              ))}
            </Stack>
          )}
        </Box>
        <Box>
          <Text size="xs" fw={600} c="dimmed" mb={4}>
            {t('clauseMap.features')}
          </Text>
          <Group gap={6}>
            {a.features.map((f) =>
              f.available ? (
                <Badge key={f.key} component={Link} to={f.path} variant="light" color="mamori" rightSection={<IconExternalLink size={11} aria-hidden />} style={{ cursor: 'pointer', textTransform: 'none' }}>
                  {FEATURES[f.key][lang]}
                </Badge>
              ) : (
                <Tooltip key={f.key} label={t('clauseMap.plannedHint')}>
                  <Badge variant="outline" color="gray" c="gray.7" style={{ borderStyle: 'dashed', textTransform: 'none' }}>
                    {FEATURES[f.key][lang]} · {t('clauseMap.planned')}
                  </Badge>
                </Tooltip>
              ),
            )}
          </Group>
        </Box>
      </SimpleGrid>

      {a.gaps.length > 0 && (
        <Box mt="sm" p="xs" bg={a.level === 'gap' ? 'red.0' : 'yellow.0'} style={{ borderRadius: 'var(--mantine-radius-sm)' }}>
          <Text size="xs" fw={600} mb={2}>
            {t('clauseMap.gapsTitle')}
          </Text>
          <List size="sm" spacing={2}>
            {a.gaps.map((g) => (
              <List.Item key={g.kind} c={g.kind === 'no_control' || g.kind === 'evidence_expired' ? 'red.8' : undefined}>
                <GapLine gap={g} />
              </List.Item>
            ))}
          </List>
        </Box>
      )}
    </Paper>
  );
}

function Stat({ label, value, color }: { label: string; value: string | number; color?: string }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz={24} fw={600} c={color}>
        {value}
      </Text>
    </Paper>
  );
}

/**
 * The clause map: for every clause of Policy No. 32, the controls that implement it (with status
 * and evidence), the product features that support it, and what is missing — the group's answer to
 * "how do we comply with the policy?".
 */
export function ClauseMapPage() {
  const { t } = useTranslation();
  const q = useClauseMap();
  const hasPage = usePageExists();
  const [gapsOnly, setGapsOnly] = useState(false);
  const rows = useMemo(() => (q.data ? analyseClauses(q.data, featureAvailability(hasPage)) : []), [q.data, hasPage]);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  const met = rows.filter((r) => r.level === 'met').length;
  const gaps = rows.filter((r) => r.level === 'gap').length;
  const withCoverage = rows.filter((r) => r.coverage !== null);
  const overall = withCoverage.length ? Math.round((withCoverage.reduce((s, r) => s + r.coverage!, 0) / withCoverage.length) * 100) : 0;
  const expired = new Set(rows.flatMap((r) => r.applicable.filter((c) => c.evidenceState === 'expired').map((c) => c.code))).size;
  const planned = new Set(rows.flatMap((r) => r.features.filter((f) => !f.available).map((f) => f.key))).size;
  const shown = gapsOnly ? rows.filter((r) => r.level !== 'met') : rows;
  const jump = (id: string) => document.getElementById(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' });

  return (
    <Stack gap="md">
      <PageHeader
        title={t('clauseMap.title')}
        description={t('clauseMap.description')}
        actions={
          <>
            <Button component={Link} to="/controls/soa" variant="default" leftSection={<IconListCheck size={16} aria-hidden />}>
              {t('controls.soaLink')}
            </Button>
            <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()}>
              {t('clauseMap.print')}
            </Button>
          </>
        }
      />
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm">
        <Stat label={t('clauseMap.stat.clauses')} value={rows.length} />
        <Stat label={t('clauseMap.stat.met')} value={met} color="ok.7" />
        <Stat label={t('clauseMap.stat.partial')} value={rows.length - met - gaps} />
        <Stat label={t('clauseMap.stat.gap')} value={gaps} color={gaps ? 'red.7' : undefined} />
        <Stat label={t('clauseMap.stat.coverage')} value={`${overall}%`} />
        <Stat label={t('clauseMap.stat.expired')} value={expired} color={expired ? 'red.7' : undefined} />
      </SimpleGrid>
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="xs">
          <Title order={2} fz="lg">
            {t('clauseMap.chartTitle')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('clauseMap.chartHint')}
          </Text>
        </Group>
        <CoverageChart rows={rows} onPick={jump} />
      </Paper>
      <Group justify="space-between">
        <Title order={2} fz="lg">
          {t('clauseMap.clausesTitle')}
        </Title>
        <Group gap="md">
          {planned > 0 && (
            <Text size="xs" c="dimmed">
              {t('clauseMap.plannedCount', { count: planned })}
            </Text>
          )}
          <Switch label={t('clauseMap.gapsOnly')} checked={gapsOnly} onChange={(e) => setGapsOnly(e.currentTarget.checked)} />
        </Group>
      </Group>
      <Stack gap="sm">
        {shown.map((a) => (
          <ClauseCard key={a.clause.id} a={a} />
        ))}
      </Stack>
      <Text size="xs" c="dimmed">
        {t('clauseMap.footnote')}
      </Text>
    </Stack>
  );
}
