import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RiskStatus } from '../../../shared/risks.js';

const COLOR: Record<RiskStatus, string> = { open: 'blue', in_treatment: 'indigo', accepted: 'ok', needs_review: 'orange', closed: 'gray' };

/** A risk's status in words. */
export function RiskStatusBadge({ status }: { status: RiskStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={COLOR[status]}>
      {t(`risks.status.${status}`)}
    </Badge>
  );
}
