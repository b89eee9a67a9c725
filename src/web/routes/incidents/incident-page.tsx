import { Anchor, Grid, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { DetailList } from '../../components/detail-list.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { useLang } from '../../lib/use-lang.js';
import { BreachPanel } from '../breach/breach-panel.js';
import { CapaPanel } from '../capa/capa-panel.js';
import { useIncident } from './api.js';
import { IncidentStatusBadge, SeverityBadge } from './badges.js';
import { AttachmentsSection, InvestigatorsSection, LinksSection } from './incident-records.js';
import { Section, when } from './incident-section.js';
import { CloseBlockers, StatusActions, WorkForm } from './incident-status.js';
import { TimelineSection } from './incident-timeline.js';

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
