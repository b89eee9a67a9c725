import { Anchor, Badge, Box, Button, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconLayoutGrid, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { notify } from '../../lib/notify.js';
import { useLang } from '../../lib/use-lang.js';
import { useAcceptProposal, useRiskMatrix, useRiskProposals, useRisks } from './api.js';
import { LevelBadge } from './levels.js';
import { NewRiskModal } from './new-risk-modal.js';
import { riskName } from './risk-list-page.js';
import { RiskStatusBadge } from './risk-status.js';

/**
 * The risks of one asset and the usual risks proposed for it (by its kind, type and category),
 * each with "accept proposal" for people who manage risks. Shown on the asset's page.
 */
export function AssetRisksPanel({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const manage = can('risk.manage');
  const matrix = useRiskMatrix().data;
  const risks = useRisks({ assetId, pageSize: 200, sort: 'level', dir: 'desc', status: 'open,in_treatment,accepted,needs_review,closed' });
  const proposals = useRiskProposals(assetId);
  const accept = useAcceptProposal(assetId);
  const [creating, setCreating] = useState(false);
  const name = (x: { nameJa: string; nameEn: string }) => (lang === 'ja' ? x.nameJa : x.nameEn);

  return (
    <Stack gap="md" data-testid="asset-risks">
      <Box>
        <Group justify="space-between" mb="xs">
          <Title order={3} fz="sm">
            {t('risks.panel.title')}
          </Title>
          <Group gap="xs">
            <Button component={Link} to={`/risks/heatmap?assetId=${assetId}`} size="xs" variant="light" leftSection={<IconLayoutGrid size={14} aria-hidden />}>
              {t('risks.heatmap.title')}
            </Button>
            {manage && (
              <Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setCreating(true)}>
                {t('risks.new')}
              </Button>
            )}
          </Group>
        </Group>
        {risks.error ? (
          <ErrorAlert error={risks.error} />
        ) : !risks.data ? (
          <Loading />
        ) : risks.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('risks.panel.none')}
          </Text>
        ) : (
          <Table verticalSpacing="xs" aria-label={t('risks.panel.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('risks.fields.risk')}</Table.Th>
                <Table.Th>{t('risks.inherent')}</Table.Th>
                <Table.Th>{t('risks.residual')}</Table.Th>
                <Table.Th>{t('risks.fields.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {risks.data.items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td fz="sm">
                    <Anchor component={Link} to={`/risks/${r.id}`} size="sm">
                      {r.ref} {riskName(r, lang)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <LevelBadge matrix={matrix} level={r.inherent.level} likelihood={r.inherent.likelihood} impact={r.inherent.impact} />
                  </Table.Td>
                  <Table.Td>{r.residual ? <LevelBadge matrix={matrix} level={r.residual.level} likelihood={r.residual.likelihood} impact={r.residual.impact} /> : <Text span size="xs" c="dimmed">{t('risks.notAssessed')}</Text>}</Table.Td>
                  <Table.Td>
                    <RiskStatusBadge status={r.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Box>
      <Box data-testid="risk-proposals">
        <Title order={3} fz="sm" mb={4}>
          {t('risks.panel.proposals')}
        </Title>
        <Text size="xs" c="dimmed" mb="sm">
          {t('risks.panel.proposalsHint')}
        </Text>
        <ErrorAlert error={proposals.error ?? accept.error} />
        {!proposals.data ? (
          !proposals.error && <Loading />
        ) : proposals.data.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('risks.panel.noProposals')}
          </Text>
        ) : (
          <Stack gap={6}>
            {proposals.data.items.map((p) => (
              <Group key={p.threat.id} justify="space-between" wrap="nowrap" gap="sm" py={4} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs">
                    <Text size="sm" fw={500}>
                      {p.threat.code} {name(p.threat)}
                    </Text>
                    <LevelBadge matrix={matrix} level={p.level} likelihood={p.likelihood} impact={p.impact} />
                  </Group>
                  {p.vulnerabilities.length > 0 && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {t('risks.fields.vulnerabilities')}: {p.vulnerabilities.map((v) => name(v)).join('、')}
                    </Text>
                  )}
                </Stack>
                {manage ? (
                  <Button
                    size="xs"
                    variant="light"
                    loading={accept.isPending && accept.variables?.threatId === p.threat.id}
                    onClick={() => accept.mutate({ threatId: p.threat.id }, { onSuccess: (r) => notify(t('risks.panel.accepted', { ref: r.ref })) })}
                    aria-label={`${t('risks.panel.accept')}: ${name(p.threat)}`}
                  >
                    {t('risks.panel.accept')}
                  </Button>
                ) : (
                  <Tooltip label={t('risks.panel.onlyManagers')}>
                    <Badge variant="outline" color="gray">
                      {t('risks.panel.proposed')}
                    </Badge>
                  </Tooltip>
                )}
              </Group>
            ))}
          </Stack>
        )}
      </Box>
      {creating && <NewRiskModal assetId={assetId} onClose={() => setCreating(false)} />}
    </Stack>
  );
}
