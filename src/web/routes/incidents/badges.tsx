import { Badge } from '@mantine/core';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { IncidentSeverity, IncidentStatus } from '../../../shared/incidents.js';

const STATUS_COLOR: Record<IncidentStatus, string> = { reported: 'red', triaged: 'orange', contained: 'yellow', investigating: 'blue', resolved: 'teal', closed: 'gray', dismissed: 'gray' };
const SEVERITY_COLOR: Record<IncidentSeverity, string> = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' };

/** A light badge with dark text: the tint carries the colour, the text keeps its contrast (WCAG AA). */
const dark = (_color: string) => ({ '--badge-color': 'var(--mantine-color-dark-7)' }) as CSSProperties;

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={dark(STATUS_COLOR[status])}>
      {t(`incidents.status.${status}`)}
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: IncidentSeverity | null }) {
  const { t } = useTranslation();
  if (!severity)
    return (
      <Badge color="gray" variant="light" style={dark('gray')}>
        {t('incidents.notTriaged')}
      </Badge>
    );
  if (severity === 'critical')
    return (
      <Badge color="red.8" variant="filled">
        {t('incidents.severity.critical')}
      </Badge>
    );
  return (
    <Badge color={SEVERITY_COLOR[severity]} variant="light" style={dark(SEVERITY_COLOR[severity])}>
      {t(`incidents.severity.${severity}`)}
    </Badge>
  );
}
