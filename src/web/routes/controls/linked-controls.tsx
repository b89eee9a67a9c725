import { Anchor, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan } from '../../api/session.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { Loading } from '../../components/loading.js';
import { useLang } from '../../lib/use-lang.js';
import { useControls } from './api.js';
import { ControlStatusBadge, EvidenceBadge } from './badges.js';

/**
 * The controls that treat a risk (linked in the risk register), each with its implementation
 * status and evidence state. For the risk detail page; shows nothing to people who may not read
 * the control catalogue.
 */
export function LinkedControls({ riskId }: { riskId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const can = useCan();
  const allowed = can('control.read');
  const q = useControls({ riskId }, allowed);
  if (!allowed) return null;
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return <Loading />;
  if (!q.data.items.length) {
    return (
      <Text size="sm" c="dimmed">
        {t('controls.linked.none')}
      </Text>
    );
  }
  return (
    <Stack gap={6} data-testid="linked-controls">
      {q.data.items.map((c) => (
        <Group key={c.id} gap="xs" wrap="nowrap">
          <Anchor component={Link} to={`/controls/${c.id}`} size="sm" fw={600} style={{ flexShrink: 0 }}>
            {c.code}
          </Anchor>
          <Text size="sm" style={{ flex: 1 }} lineClamp={2}>
            {lang === 'ja' ? c.titleJa : c.titleEn}
          </Text>
          <ControlStatusBadge status={c.status} />
          <EvidenceBadge state={c.evidenceState} />
        </Group>
      ))}
    </Stack>
  );
}
