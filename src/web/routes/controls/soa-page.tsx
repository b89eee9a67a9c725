import { Anchor, Badge, Breadcrumbs, Button, Group, Menu, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { IconChevronDown, IconDownload, IconFileSpreadsheet, IconFileTypePdf } from '@tabler/icons-react';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CONTROL_FAMILIES, type SoaRow } from '../../../shared/controls.js';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo, refName } from '../../lib/format.js';
import { useLang } from '../../lib/use-lang.js';
import { soaExportUrl, useSoa } from './api.js';
import { ControlStatusBadge, EvidenceBadge } from './badges.js';

/** PDF and XLSX, each in Japanese or English. */
function ExportMenu() {
  const { t } = useTranslation();
  const item = (format: 'pdf' | 'xlsx', lang: 'ja' | 'en') => (
    <Menu.Item component="a" href={soaExportUrl(format, lang)} download leftSection={format === 'pdf' ? <IconFileTypePdf size={16} aria-hidden /> : <IconFileSpreadsheet size={16} aria-hidden />}>
      {t(`controls.soa.export.${format}`)} — {t(`controls.soa.export.${lang}`)}
    </Menu.Item>
  );
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button leftSection={<IconDownload size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />}>
          {t('controls.soa.exportButton')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {item('pdf', 'ja')}
        {item('pdf', 'en')}
        <Menu.Divider />
        {item('xlsx', 'ja')}
        {item('xlsx', 'en')}
      </Menu.Dropdown>
    </Menu>
  );
}

/** Counts per family: how much applies and how much of that is in place. */
function Summary({ rows }: { rows: SoaRow[] }) {
  const { t } = useTranslation();
  const line = (label: string, rs: SoaRow[], strong = false) => {
    const applicable = rs.filter((r) => r.applicable);
    const done = applicable.filter((r) => r.status === 'implemented').length;
    const partial = applicable.filter((r) => r.status === 'partial').length;
    const expired = rs.filter((r) => r.evidenceState === 'expired').length;
    return (
      <Table.Tr key={label} fw={strong ? 600 : undefined}>
        <Table.Td>{label}</Table.Td>
        <Table.Td ta="right">{rs.length}</Table.Td>
        <Table.Td ta="right">{applicable.length}</Table.Td>
        <Table.Td ta="right">{done}</Table.Td>
        <Table.Td ta="right">{partial}</Table.Td>
        <Table.Td ta="right">{applicable.length ? `${Math.round(((done + partial / 2) / applicable.length) * 100)}%` : '—'}</Table.Td>
        <Table.Td ta="right" c={expired ? 'red.7' : undefined}>
          {expired}
        </Table.Td>
      </Table.Tr>
    );
  };
  return (
    <Paper withBorder radius="md" p="md" mb="md">
      <Title order={2} fz="lg" mb="sm">
        {t('controls.soa.summary')}
      </Title>
      <Table.ScrollContainer minWidth={600}>
        <Table aria-label={t('controls.soa.summary')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('controls.familyLabel')}</Table.Th>
              <Table.Th ta="right">{t('controls.soa.controls')}</Table.Th>
              <Table.Th ta="right">{t('controls.applicable')}</Table.Th>
              <Table.Th ta="right">{t('controls.status.implemented')}</Table.Th>
              <Table.Th ta="right">{t('controls.status.partial')}</Table.Th>
              <Table.Th ta="right">{t('controls.soa.progress')}</Table.Th>
              <Table.Th ta="right">{t('controls.evidenceExpiredCount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {CONTROL_FAMILIES.map((f) => line(t(`controls.family.${f}`), rows.filter((r) => r.family === f)))}
            {line(t('controls.soa.total'), rows, true)}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" mt="xs">
        {t('controls.soa.progressHint')}
      </Text>
    </Paper>
  );
}

/**
 * The statement of applicability: for every control, whether it applies and why, how far it is
 * implemented, its owner, evidence and linked risks; exported as PDF or XLSX in either language.
 */
export function SoaPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const q = useSoa();
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  const rows = q.data.rows;
  return (
    <Stack gap={0}>
      <PageHeader
        above={
          <Breadcrumbs>
            <Anchor component={Link} to="/controls" size="sm">
              {t('controls.title')}
            </Anchor>
            <Text size="sm">{t('controls.soa.title')}</Text>
          </Breadcrumbs>
        }
        title={t('controls.soa.title')}
        description={t('controls.soa.description')}
        actions={can('soa.export') ? <ExportMenu /> : undefined}
      />
      <Summary rows={rows} />
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <ScrollArea type="auto">
          <Table verticalSpacing="xs" miw={1100} aria-label={t('controls.soa.title')} stickyHeader>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th w={80}>{t('controls.code')}</Table.Th>
                <Table.Th miw={220}>{t('controls.titleLabel')}</Table.Th>
                <Table.Th w={110}>{t('controls.applicability')}</Table.Th>
                <Table.Th w="24%">{t('controls.justification')}</Table.Th>
                <Table.Th w={150}>{t('controls.statusLabel')}</Table.Th>
                <Table.Th w={130}>{t('controls.ownerUnit')}</Table.Th>
                <Table.Th w={120}>{t('controls.evidence')}</Table.Th>
                <Table.Th w={60} ta="right">
                  {t('controls.risks')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {CONTROL_FAMILIES.map((f) => {
                const list = rows.filter((r) => r.family === f);
                if (!list.length) return null;
                return (
                  <Fragment key={f}>
                    <Table.Tr bg="gray.1">
                      <Table.Td colSpan={8}>
                        <Text fw={600} size="sm">
                          {t(`controls.family.${f}`)}{' '}
                          <Text span size="xs" c="dimmed">
                            {t(`controls.familyTheme.${f}`)}
                          </Text>
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                    {list.map((r) => (
                      <Table.Tr key={r.id} bg={r.evidenceState === 'expired' ? 'red.0' : undefined}>
                        <Table.Td>
                          <Anchor component={Link} to={`/controls/${r.id}`} size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                            {r.code}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{lang === 'ja' ? r.titleJa : r.titleEn}</Text>
                          <Text size="xs" c="dimmed">
                            {r.isoRefs.length ? `ISO/IEC 27002: ${r.isoRefs.join(', ')}` : ''}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant={r.applicable ? 'light' : 'outline'} color={r.applicable ? 'mamori' : 'gray'} c={r.applicable ? undefined : 'gray.7'} tt="none">
                            {r.applicable ? t('controls.applicable') : t('controls.notApplicable')}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="xs">{(lang === 'ja' ? r.justificationJa || r.justificationEn : r.justificationEn || r.justificationJa) || '—'}</Text>
                        </Table.Td>
                        <Table.Td>
                          <ControlStatusBadge status={r.status} />
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{r.ownerUnit ? refName(r.ownerUnit, lang) : '—'}</Text>
                        </Table.Td>
                        <Table.Td>
                          <EvidenceBadge state={r.evidenceState} until={r.evidenceValidUntil} />
                          {r.evidenceValidUntil && r.evidenceState !== 'none' && (
                            <Text size="xs" c={r.evidenceState === 'expired' ? 'red.7' : 'dimmed'}>
                              {t('controls.validUntilDate', { date: r.evidenceValidUntil })}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td ta="right">{r.riskCount}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Fragment>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>
      <Group justify="space-between" mt="sm">
        <Text size="xs" c="dimmed">
          {t('controls.isoNote')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('controls.soa.generated', { at: formatTokyo(q.data.generatedAt) })}
        </Text>
      </Group>
    </Stack>
  );
}
