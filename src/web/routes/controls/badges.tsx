import { Badge, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconClockExclamation, IconFileOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ControlFamily, ControlStatus, EvidenceState } from '../../../shared/controls.js';

export const STATUS_COLOR: Record<ControlStatus, string> = { implemented: 'ok', partial: 'yellow', planned: 'blue', not_started: 'gray', not_applicable: 'gray' };
export const EVIDENCE_COLOR: Record<EvidenceState, string> = { valid: 'ok', expiring: 'orange', expired: 'red', none: 'gray' };
// Light yellow or orange text on a light tint is too faint to read (WCAG AA): those are filled, with dark text.
const STATUS_VARIANT: Partial<Record<ControlStatus, string>> = { partial: 'filled', not_applicable: 'outline' };
const EVIDENCE_VARIANT: Partial<Record<EvidenceState, string>> = { expiring: 'filled', expired: 'filled' };
export const FAMILY_COLOR: Record<ControlFamily, string> = { physical: 'grape', human: 'cyan', technical: 'indigo', operational: 'teal' };

/** Implementation status in words, coloured (never colour alone). */
export function ControlStatusBadge({ status }: { status: ControlStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant={STATUS_VARIANT[status] ?? 'light'} autoContrast tt="none" c={status === 'not_applicable' ? 'gray.7' : undefined} style={{ flexShrink: 0 }}>
      {t(`controls.status.${status}`)}
    </Badge>
  );
}

export function FamilyBadge({ family, size }: { family: ControlFamily; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  return (
    <Badge color={FAMILY_COLOR[family]} variant="dot" size={size} tt="none" style={{ flexShrink: 0 }}>
      {t(`controls.family.${family}`)}
    </Badge>
  );
}

const EVIDENCE_ICON = { valid: IconCircleCheck, expiring: IconClockExclamation, expired: IconAlertTriangle, none: IconFileOff };

/** Evidence state; expired is red with a warning icon. `until` adds the end date in a tooltip. */
export function EvidenceBadge({ state, until }: { state: EvidenceState; until?: string | null }) {
  const { t } = useTranslation();
  const Icon = EVIDENCE_ICON[state];
  const badge = (
    <Badge color={EVIDENCE_COLOR[state]} variant={EVIDENCE_VARIANT[state] ?? 'light'} autoContrast tt="none" leftSection={<Icon size={12} aria-hidden />} style={{ flexShrink: 0 }}>
      {t(`controls.evidenceState.${state}`)}
    </Badge>
  );
  return until ? <Tooltip label={t('controls.validUntilDate', { date: until })}>{badge}</Tooltip> : badge;
}
