import { Anchor, Button, Grid, Group, MultiSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { RiskDto, RiskMatrixDto } from '../../../shared/risks.js';
import { useCan } from '../../api/session.js';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatTokyo } from '../../lib/format.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useControls } from '../controls/api.js';
import { LinkedControls } from '../controls/linked-controls.js';
import { useRisk, useRiskMatrix, useSetRiskControls } from './api.js';
import { LevelBadge } from './levels.js';
import { AcceptForm, AssessForm, EditRiskModal } from './risk-forms.js';
import { riskName } from './risk-list-page.js';
import { RiskStatusBadge } from './risk-status.js';

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Title order={2} fz="md" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** Linking controls: the controls module shows them; people who manage risks choose them here. */
function ControlsEditor({ risk }: { risk: RiskDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  const options = useControls({}, true).data?.items ?? [];
  const save = useSetRiskControls(risk.id);
  const [ids, setIds] = useState(risk.controls.map((c) => c.id));
  const changed = [...ids].sort().join() !== risk.controls.map((c) => c.id).sort().join();
  return (
    <Stack gap="xs" mt="sm">
      <MultiSelect
        label={t('risks.controlsPick')}
        searchable
        data={options.map((c) => ({ value: c.id, label: `${c.code} ${lang === 'ja' ? c.titleJa : c.titleEn}` }))}
        value={ids}
        onChange={setIds}
        nothingFoundMessage={t('common.nothingFound')}
      />
      <ErrorAlert error={save.error} />
      <Group justify="flex-end">
        <Button size="xs" disabled={!changed} loading={save.isPending} onClick={() => save.mutate(ids, { onSuccess: () => notify(t('risks.controlsSaved')) })}>
          {t('risks.controlsSave')}
        </Button>
      </Group>
    </Stack>
  );
}

function History({ risk, matrix }: { risk: RiskDto; matrix: RiskMatrixDto }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table aria-label={t('risks.history')} verticalSpacing="xs" fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('risks.historyAt')}</Table.Th>
          <Table.Th>{t('risks.historyKind')}</Table.Th>
          <Table.Th>{t('risks.inherent')}</Table.Th>
          <Table.Th>{t('risks.fields.treatment')}</Table.Th>
          <Table.Th>{t('risks.residual')}</Table.Th>
          <Table.Th>{t('risks.fields.status')}</Table.Th>
          <Table.Th>{t('risks.historyBy')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {risk.assessments.map((h) => (
          <Table.Tr key={h.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatTokyo(h.at)}</Table.Td>
            <Table.Td>
              {t(`risks.historyKinds.${h.kind}`)}
              {h.note && (
                <Text size="xs" c="dimmed">
                  {h.note}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <LevelBadge matrix={matrix} level={h.inherent.level} likelihood={h.inherent.likelihood} impact={h.inherent.impact} />
            </Table.Td>
            <Table.Td>{h.treatment ? t(`risks.treatment.${h.treatment}`) : ''}</Table.Td>
            <Table.Td>{h.residual ? <LevelBadge matrix={matrix} level={h.residual.level} likelihood={h.residual.likelihood} impact={h.residual.impact} /> : ''}</Table.Td>
            <Table.Td>
              <RiskStatusBadge status={h.status} />
            </Table.Td>
            <Table.Td>{h.by ? (lang === 'ja' ? h.by.nameJa : h.by.nameEn) : t('risks.system')}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One risk: what it is, its assessment and treatment, its controls, its acceptance and its history. */
export function RiskPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const q = useRisk(id);
  const matrix = useRiskMatrix().data;
  const [editing, setEditing] = useState(false);
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data || !matrix) return <Loading />;
  const r = q.data;
  const name = (x: { nameJa: string; nameEn: string } | null) => (x ? (lang === 'ja' ? x.nameJa : x.nameEn) : '');
  return (
    <>
      <PageHeader
        title={`${r.ref} ${riskName(r, lang)}`}
        above={
          <Anchor component={Link} to="/risks" size="sm">
            {t('risks.backToList')}
          </Anchor>
        }
        badge={<RiskStatusBadge status={r.status} />}
        actions={
          r.canManage && (
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Section title={t('risks.sections.what')}>
              <DetailList
                items={[
                  { label: t('risks.fields.threat'), value: `${r.threat.code} ${name(r.threat)}` },
                  {
                    label: t('risks.fields.assets'),
                    value: (
                      <Stack gap={2}>
                        {r.assets.map((a) => (
                          <Anchor key={a.id} component={Link} to={`/assets/${a.id}`} size="sm">
                            {a.ref} {a.name}
                          </Anchor>
                        ))}
                        {r.assetCount > r.assets.length && (
                          <Text size="xs" c="dimmed">
                            {t('risks.hiddenAssets', { count: r.assetCount - r.assets.length })}
                          </Text>
                        )}
                      </Stack>
                    ),
                  },
                  { label: t('risks.fields.vulnerabilities'), value: r.vulnerabilities.length ? r.vulnerabilities.map((v) => `${v.code} ${name(v)}`).join('、') : null },
                  { label: t('risks.fields.description'), value: r.description && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{r.description}</Text> },
                  { label: t('risks.fields.owner'), value: name(r.owner) },
                  { label: t('risks.fields.dueDate'), value: r.dueDate },
                  {
                    label: t('risks.fields.nextReviewDate'),
                    value: r.nextReviewDate && (
                      <Text size="sm" c={r.reviewOverdue ? 'red.7' : undefined} fw={r.reviewOverdue ? 600 : undefined}>
                        {r.nextReviewDate}
                        {r.reviewOverdue ? ` (${t('risks.overdue')})` : ''}
                      </Text>
                    ),
                  },
                  { label: t('risks.fields.source'), value: `${t(`risks.source.${r.source}`)} — ${formatTokyo(r.createdAt)} ${name(r.createdBy)}` },
                ]}
              />
            </Section>
            <Section title={t('risks.sections.assessment')} testId="risk-assessment">
              <Group gap="xl" mb="sm">
                <Stack gap={4}>
                  <Text size="xs" c="dimmed">
                    {t('risks.inherent')}
                  </Text>
                  <LevelBadge matrix={matrix} level={r.inherent.level} likelihood={r.inherent.likelihood} impact={r.inherent.impact} />
                </Stack>
                <Stack gap={4}>
                  <Text size="xs" c="dimmed">
                    {t('risks.fields.treatment')}
                  </Text>
                  <Text size="sm">{r.treatment ? t(`risks.treatment.${r.treatment}`) : t('risks.undecided')}</Text>
                </Stack>
                <Stack gap={4}>
                  <Text size="xs" c="dimmed">
                    {t('risks.residual')}
                  </Text>
                  {r.residual ? <LevelBadge matrix={matrix} level={r.residual.level} likelihood={r.residual.likelihood} impact={r.residual.impact} /> : <Text size="sm" c="dimmed">{t('risks.notAssessed')}</Text>}
                </Stack>
              </Group>
              {r.treatmentPlan && (
                <Text size="sm" mb="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {r.treatmentPlan}
                </Text>
              )}
              {r.canManage && (
                <Paper bg="gray.0" p="sm" radius="md">
                  <AssessForm risk={r} matrix={matrix} />
                </Paper>
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="lg">
            <Section title={t('risks.sections.controls')} testId="risk-controls">
              {can('control.read') ? (
                <>
                  <LinkedControls riskId={r.id} />
                  {r.canManage && <ControlsEditor risk={r} />}
                </>
              ) : (
                <Stack gap={4}>
                  {r.controls.length ? (
                    r.controls.map((c) => (
                      <Text key={c.id} size="sm">
                        {c.code} {lang === 'ja' ? c.titleJa : c.titleEn}
                      </Text>
                    ))
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('risks.noControls')}
                    </Text>
                  )}
                </Stack>
              )}
            </Section>
            <Section title={t('risks.sections.acceptance')} testId="risk-acceptance">
              {r.acceptance ? (
                <DetailList
                  items={[
                    { label: t('risks.acceptedBy'), value: `${name(r.acceptance.by)} — ${formatTokyo(r.acceptance.at)}` },
                    { label: t('risks.fields.rationale'), value: r.acceptance.rationale },
                    { label: t('risks.fields.expiresOn'), value: r.acceptance.expiresOn },
                  ]}
                />
              ) : (
                <Text size="sm" c="dimmed" mb={r.canAccept ? 'sm' : 0}>
                  {r.status === 'needs_review' ? t('risks.acceptanceExpired') : t('risks.notAccepted')}
                </Text>
              )}
              {r.canAccept && r.status !== 'closed' && (
                <Paper bg="gray.0" p="sm" radius="md" mt="sm">
                  <AcceptForm risk={r} />
                </Paper>
              )}
            </Section>
          </Stack>
        </Grid.Col>
        <Grid.Col span={12}>
          <Section title={t('risks.history')}>
            <History risk={r} matrix={matrix} />
          </Section>
        </Grid.Col>
      </Grid>
      {editing && <EditRiskModal risk={r} onClose={() => setEditing(false)} />}
    </>
  );
}
