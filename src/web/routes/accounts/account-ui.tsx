import { Badge, Checkbox, Stack } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { AccountStatus } from '../../../shared/account.js';
import { LostItem } from '../../../shared/accounts.js';
import { ApiError } from '../../api/client.js';

export const STATUS_COLOR: Record<AccountStatus, string> = { none: 'gray', invited: 'blue', active: 'ok', suspended: 'orange', offboarded: 'dark' };

/** An account's status in words (never colour alone), with the suspension reason when there is one. */
export function AccountStatusBadge({ status, reason }: { status: AccountStatus; reason?: string | null }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" style={{ overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }}>
      {t(`accounts.status.${status}`)}
      {status === 'suspended' && reason ? ` · ${t(`accounts.suspendedReason.${reason}`)}` : ''}
    </Badge>
  );
}

/** The translated text for a password the policy refused, with its reason; other errors give null. */
export function passwordProblem(error: unknown, t: TFunction): string | null {
  if (!(error instanceof ApiError) || error.code !== 'PASSWORD_TOO_WEAK') return null;
  const d = (error.details ?? {}) as { reason?: string; minLength?: number };
  const reason = d.reason && ['too_short', 'too_long', 'common', 'personal'].includes(d.reason) ? d.reason : 'other';
  return t(`accounts.passwordReason.${reason}`, { min: d.minLength ?? 12 });
}

/** Checkboxes for what was lost. */
export function LostChoice({ value, onChange, error }: { value: LostItem[]; onChange: (v: LostItem[]) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group label={t('accounts.lost.what')} value={value} onChange={(v) => onChange(v as LostItem[])} error={error} required>
      <Stack gap={6} mt={6}>
        {LostItem.options.map((item) => (
          <Checkbox key={item} value={item} label={t(`accounts.lost.item.${item}`)} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}
